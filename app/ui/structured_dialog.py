"""The "Structured output" dialog: what every reply of a conversation must look like.

Free text, any JSON object, JSON that follows a schema, or text that follows a GBNF
grammar. The schema and the grammar are checked as they are typed (a moment after the
last key, on the POOL lane, through :mod:`app.services.structured`): the sentence saying
what to fix shows under the editor and OK stays off until it is valid. The result is the
conversation's ``response_format`` setting (None for free text).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services.structured import (
    format_kind,
    grammar_format,
    grammar_problem,
    schema_format,
    schema_of,
    schema_problem,
)
from app.ui.tasks import POOL, TaskRunner

#: how long after the last key the schema or grammar is checked
CHECK_DELAY_MS = 250

#: schemas to start from: (title, schema)
EXAMPLE_SCHEMAS: list[tuple[str, dict[str, Any]]] = [
    (QT_TRANSLATE_NOOP("StructuredOutputDialog", "A person"), {
        "type": "object",
        "properties": {
            "name": {"type": "string", "maxLength": 60},
            "age": {"type": "integer", "minimum": 0, "maximum": 130},
            "email": {"type": "string", "maxLength": 80},
        },
        "required": ["name", "age"],
        "additionalProperties": False,
    }),
    (QT_TRANSLATE_NOOP("StructuredOutputDialog", "A to-do list"), {
        "type": "object",
        "properties": {
            "tasks": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "title": {"type": "string", "maxLength": 80},
                        "done": {"type": "boolean"},
                        "priority": {"enum": ["low", "medium", "high"]},
                    },
                    "required": ["title", "done"],
                    "additionalProperties": False,
                },
                "minItems": 1,
                "maxItems": 10,
            },
        },
        "required": ["tasks"],
        "additionalProperties": False,
    }),
    (QT_TRANSLATE_NOOP("StructuredOutputDialog", "A sentiment label"), {
        "type": "object",
        "properties": {
            "sentiment": {"enum": ["positive", "neutral", "negative"]},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        },
        "required": ["sentiment", "confidence"],
        "additionalProperties": False,
    }),
]

#: grammars to start from: (title, GBNF)
EXAMPLE_GRAMMARS: list[tuple[str, str]] = [
    (QT_TRANSLATE_NOOP("StructuredOutputDialog", "Yes or no"), 'root ::= "yes" | "no"\n'),
    (QT_TRANSLATE_NOOP("StructuredOutputDialog", "A small XML record"), (
        'root ::= "<person><name>" name "</name><age>" age "</age></person>"\n'
        "name ::= [A-Za-z ]+\n"
        "age ::= [0-9] | [1-9] [0-9]\n")),
]



class StructuredOutputDialog(QDialog):
    """Choose the conversation's structured output. ``current`` is its stored
    ``response_format``; :meth:`result_format` is the one chosen."""

    #: a check ended and its outcome is shown (argument: the problem, "" when valid)
    checked = Signal(str)

    def __init__(self, current: dict[str, Any] | None, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.setWindowTitle(self.tr("Structured output"))
        self.setMinimumSize(560, 480)
        self._generation = 0
        self._problem: str | None = None
        self._name = "reply"
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self._check_now)
        self._build()
        self._load(current)

    # building ------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Every reply of this conversation follows the format chosen "
                               "here: the model is held to it while it writes, so the "
                               "reply always parses."), wordWrap=True)
        layout.addWidget(intro)
        self.kinds = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for kind, text in (("text", self.tr("Free text")),
                           ("json", self.tr("JSON (any object)")),
                           ("json_schema", self.tr("JSON that follows a schema")),
                           ("grammar", self.tr("Text that follows a grammar (GBNF)"))):
            radio = QRadioButton(text, self)
            radio.setProperty("kind", kind)
            self.kinds.addButton(radio)
            self.radios[kind] = radio
            layout.addWidget(radio)
        self.kinds.buttonToggled.connect(lambda _b, on: on and self._kind_changed())
        examples_row = QHBoxLayout()
        self.examples_label = QLabel(self.tr("Start from an example:"))
        self.examples = QComboBox(self)
        self.examples.setAccessibleName(self.tr("Examples"))
        self.examples.activated.connect(self._use_example)
        examples_row.addWidget(self.examples_label)
        examples_row.addWidget(self.examples, 1)
        layout.addLayout(examples_row)
        self.editor = QPlainTextEdit(self)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setAccessibleName(self.tr("Schema or grammar"))
        self.editor.textChanged.connect(self._text_changed)
        layout.addWidget(self.editor, 1)
        self.problem = QLabel(self, wordWrap=True, objectName="formatProblem")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._texts = {"json_schema": "", "grammar": ""}
        self._shown_kind = "text"

    def _load(self, current: dict[str, Any] | None) -> None:
        kind = format_kind(current)
        schema = schema_of(current)
        if schema is not None:
            self._texts["json_schema"] = json.dumps(schema, indent=2)
            spec = (current or {}).get("json_schema") or {}
            self._name = str(spec.get("name") or "reply")
        if kind == "grammar":
            self._texts["grammar"] = str((current or {}).get("grammar") or "")
        self.radios[kind].setChecked(True)
        self._kind_changed()

    # what is chosen ------------------------------------------------------------------

    @property
    def kind(self) -> str:
        button = self.kinds.checkedButton()
        return str(button.property("kind")) if button is not None else "text"

    def result_format(self) -> dict[str, Any] | None:
        """The ``response_format`` chosen (None: free text)."""
        kind, text = self.kind, self.editor.toPlainText()
        if kind == "json":
            return {"type": "json_object"}
        if kind == "json_schema":
            return schema_format(text, self._name)
        if kind == "grammar":
            return grammar_format(text)
        return None

    @property
    def problem_text(self) -> str:
        """The sentence shown under the editor ("" when the input is valid)."""
        return self._problem or ""

    # reacting ------------------------------------------------------------------------

    def _kind_changed(self) -> None:
        if self._shown_kind in self._texts:
            self._texts[self._shown_kind] = self.editor.toPlainText()
        kind = self.kind
        self._shown_kind = kind
        edits = kind in ("json_schema", "grammar")
        for widget in (self.editor, self.examples, self.examples_label, self.problem):
            widget.setVisible(edits)
        self.examples.clear()
        self.examples.addItem(self.tr("Choose…"), None)
        titles = EXAMPLE_SCHEMAS if kind == "json_schema" else EXAMPLE_GRAMMARS
        for index, (title, _value) in enumerate(titles if edits else []):
            self.examples.addItem(QCoreApplication.translate("StructuredOutputDialog", title), index)
        if edits:
            self.editor.blockSignals(True)
            self.editor.setPlainText(self._texts[kind])
            self.editor.blockSignals(False)
            self.editor.setPlaceholderText(
                self.tr('{"type": "object", "properties": {...}}') if kind == "json_schema"
                else self.tr('root ::= "yes" | "no"'))
            self._text_changed()
        else:
            self._timer.stop()
            self._generation += 1
            self._show_problem(None)

    def _use_example(self, index: int) -> None:
        data = self.examples.itemData(index)
        if data is None:
            return
        if self.kind == "json_schema":
            self.editor.setPlainText(json.dumps(EXAMPLE_SCHEMAS[data][1], indent=2))
        else:
            self.editor.setPlainText(EXAMPLE_GRAMMARS[data][1])

    def _text_changed(self) -> None:
        """Wait for a pause in the typing, then check (OK is off meanwhile)."""
        self._generation += 1
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self._timer.start()

    def _check_now(self) -> None:
        self._generation += 1
        generation, kind, text = self._generation, self.kind, self.editor.toPlainText()
        check = schema_problem if kind == "json_schema" else grammar_problem

        def shown(problem: str | None) -> None:
            if generation == self._generation:  # not overtaken by newer typing
                self._show_problem(problem)

        self.tasks.run(lambda: check(text), shown, lambda exc: shown(str(exc)), lane=POOL)

    def _show_problem(self, problem: str | None) -> None:
        self._problem = problem
        edits = self.kind in ("json_schema", "grammar")
        if problem:
            self.problem.setText(problem)
            self.problem.setStyleSheet("color: #c0392b;")
        elif edits:
            self.problem.setText(self.tr("The schema is valid.") if self.kind == "json_schema"
                                 else self.tr("The grammar is valid."))
            self.problem.setStyleSheet("color: #2e7d32;")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
        self.checked.emit(problem or "")


def describe_format(response_format: dict[str, Any] | None) -> str:
    """How the chat header names a conversation's structured output."""
    kind = format_kind(response_format)
    if kind == "json":
        return QCoreApplication.translate("StructuredOutputDialog", "JSON")
    if kind == "json_schema":
        return QCoreApplication.translate("StructuredOutputDialog", "JSON schema")
    if kind == "grammar":
        return QCoreApplication.translate("StructuredOutputDialog", "Grammar")
    return QCoreApplication.translate("StructuredOutputDialog", "Free text")
