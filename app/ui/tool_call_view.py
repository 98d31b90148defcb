"""A tool call in the chat: which server and tool, its arguments, the user's answer, the
result.

While a reply waits for approval the card offers "Allow once", "Always allow in this
conversation" and "Deny" (the answer goes to the chat service through
:meth:`ToolCallProposed.decide <app.services.tools.ToolCallProposed.decide>`, which is
thread-safe); afterwards it says what happened and shows what went back to the model,
collapsed when long. A reopened conversation shows the same cards from the stored
assistant message (its calls) and the stored ``tool`` messages (their results).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.engines.base import ToolCallPart
from app.services.structured import pretty_json
from app.services.tools import ToolCallFinished, ToolCallProposed

#: results longer than this (characters or lines) show collapsed, with "Show all"
COLLAPSE_CHARS = 400
COLLAPSE_LINES = 8


def pretty_arguments(arguments: str) -> str:
    """The call's arguments indented as JSON (as written when they are not JSON)."""
    return pretty_json(arguments) or arguments


def collapsed(text: str) -> tuple[str, bool]:
    """The start of ``text`` for the collapsed card, and whether anything was left out."""
    lines = text.splitlines()
    short = "\n".join(lines[:COLLAPSE_LINES])
    if len(short) > COLLAPSE_CHARS:
        short = short[:COLLAPSE_CHARS]
    cut = short != text
    return (short.rstrip() + " …" if cut else text), cut


def split_name(name: str, server: str = "") -> tuple[str, str]:
    """(server, tool) of a call name; stored names may read "server/tool" or
    "server__tool" when the call's server is not given."""
    if server:
        return server, name
    for separator in ("/", "__"):
        if separator in name:
            left, right = name.split(separator, 1)
            return left, right
    return "", name


def _part_value(part: Any, key: str, default: Any = None) -> Any:
    if isinstance(part, dict):
        return part.get(key, default)
    return getattr(part, key, default)


def _parts_of(message: Any) -> list[Any]:
    parts = getattr(message, "parts", None)
    if isinstance(parts, str):
        try:
            parts = json.loads(parts)
        except ValueError:
            return []
    if not isinstance(parts, Iterable):
        return []
    return list(parts)


def stored_calls(message: Any) -> list[tuple[str, ToolCallPart]]:
    """(server, call) for each tool call a stored assistant message holds (its parts:
    ``{"type": "tool_call", "id", "name", "arguments", "server", "tool"}``); the call is
    named by the server's own tool name."""
    calls = []
    for part in _parts_of(message):
        if _part_value(part, "type") != "tool_call":
            continue
        name = _part_value(part, "tool") or _part_value(part, "name", "")
        call = ToolCallPart(str(_part_value(part, "id", "")), str(name),
                            str(_part_value(part, "arguments", "{}")))
        calls.append((str(_part_value(part, "server", "") or ""), call))
    return calls


def stored_result(message: Any) -> tuple[str, str, bool, str] | None:
    """(call id, content, ok, approval) of a stored ``tool`` message (its part:
    ``{"type": "tool_result", "call_id", "server", "tool", "ok", "approval"}``, its text
    the content), or None."""
    for part in _parts_of(message):
        if _part_value(part, "type") == "tool_result":
            content = _part_value(part, "content", None)
            if content is None:
                content = getattr(message, "content", "")
            return (str(_part_value(part, "call_id", "")), str(content),
                    bool(_part_value(part, "ok", True)),
                    str(_part_value(part, "approval", "") or ""))
    return None


class ToolCallCard(QFrame):
    """One call of a tool: shown, asked about, answered, finished."""

    #: the user answered (argument: "once", "always" or "deny")
    decided = Signal(str)

    def __init__(self, server: str, call: ToolCallPart, description: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="toolCall")
        self.server, self.tool = split_name(call.name, server)
        self.call = call
        self.proposal: ToolCallProposed | None = None
        self.answer = ""
        self.result_text = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._expanded = False
        self._build(description)

    def _build(self, description: str) -> None:
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        where = f"{self.server} › {self.tool}" if self.server else self.tool
        self.title = QLabel(self.tr("Tool call: %1").replace("%1", where),
                            objectName="toolCallTitle", textFormat=Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.title)
        self.description = QLabel(description, wordWrap=True, objectName="toolCallDescription",
                                  textFormat=Qt.TextFormat.PlainText)
        self.description.setVisible(bool(description))
        layout.addWidget(self.description)
        self.arguments = QLabel(pretty_arguments(self.call.arguments), objectName="toolArguments",
                                textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.arguments.setFont(mono)
        self.arguments.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.arguments.setAccessibleName(self.tr("Arguments"))
        layout.addWidget(self.arguments)
        self.buttons = QWidget(self)
        row = QHBoxLayout(self.buttons)
        row.setContentsMargins(0, 2, 0, 2)
        self.allow_once = QPushButton(self.tr("Allow once"), self.buttons)
        self.allow_always = QPushButton(self.tr("Always allow in this conversation"), self.buttons)
        self.deny = QPushButton(self.tr("Deny"), self.buttons)
        for button, answer in ((self.allow_once, "once"), (self.allow_always, "always"),
                               (self.deny, "deny")):
            button.clicked.connect(lambda _=False, a=answer: self.decide(a))
            row.addWidget(button)
        row.addStretch(1)
        self.buttons.hide()
        layout.addWidget(self.buttons)
        self.outcome = QLabel(self, wordWrap=True, objectName="toolOutcome",
                              textFormat=Qt.TextFormat.PlainText)
        self.outcome.hide()
        layout.addWidget(self.outcome)
        self.result = QLabel(self, wordWrap=True, objectName="toolResult",
                             textFormat=Qt.TextFormat.PlainText)
        self.result.setFont(mono)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setAccessibleName(self.tr("Result"))
        self.result.hide()
        layout.addWidget(self.result)
        self.expand = QToolButton(self, text=self.tr("Show all"), autoRaise=True)
        self.expand.clicked.connect(self._toggle_expanded)
        self.expand.hide()
        layout.addWidget(self.expand, 0, Qt.AlignmentFlag.AlignLeft)

    # the live call -------------------------------------------------------------------

    def ask(self, proposal: ToolCallProposed) -> None:
        """Wait for the user's answer to ``proposal`` (the reply is paused meanwhile)."""
        self.proposal = proposal
        if proposal.answered:
            self._show_waiting()
            return
        self.buttons.show()
        self._set_outcome(self.tr("The model wants to call this tool. Allow it?"))

    def decide(self, answer: str) -> None:
        """The user's answer, handed to the reply waiting for it."""
        self.answer = answer
        if self.proposal is not None:
            self.proposal.decide(answer)  # type: ignore[arg-type]
        self._show_waiting()
        self.decided.emit(answer)

    def _show_waiting(self) -> None:
        self.buttons.hide()
        self._set_outcome(self.tr("Denied: the model is told you refused.")
                          if self.answer == "deny" else self.tr("Running…"))

    def finish(self, event: ToolCallFinished) -> None:
        """The call ended: what happened, and what went back to the model."""
        self.answer = event.approval
        self.buttons.hide()
        self._set_outcome(self.outcome_text(event.approval, event.ok, event.seconds))
        self.show_result(event.content, event.ok)

    def outcome_text(self, approval: str, ok: bool, seconds: float = 0.0) -> str:
        if approval == "deny":
            return self.tr("Denied: the model was told you refused.")
        if not ok:
            return self.tr("The call failed; the model was told why:")
        text = (self.tr("Allowed always in this conversation.") if approval == "always"
                else self.tr("Allowed once."))
        if seconds:
            text += " " + self.tr("Ran in %1 s.").replace("%1", f"{seconds:.2f}")
        return text

    # the stored call -----------------------------------------------------------------

    def show_result(self, content: str, ok: bool = True) -> None:
        """Show what went back to the model (collapsed when long)."""
        self.result_text = content
        self._expanded = False
        self._fill_result()
        self.result.setStyleSheet("" if ok else "color: #c0392b;")
        self.result.setVisible(bool(content))

    def show_stored(self, content: str | None, ok: bool = True, approval: str = "") -> None:
        """A reopened conversation: the call's stored result, or that it has none."""
        self.buttons.hide()
        if content is None:
            self._set_outcome(self.tr("No result was stored for this call."))
            return
        self.answer = approval or self.answer
        self._set_outcome(self.outcome_text(approval, ok) if approval or not ok
                          else self.tr("Allowed."))
        self.show_result(content, ok)

    def _fill_result(self) -> None:
        short, cut = collapsed(self.result_text)
        self.result.setText(self.result_text if self._expanded else short)
        self.expand.setVisible(cut)
        self.expand.setText(self.tr("Show less") if self._expanded else self.tr("Show all"))

    def _toggle_expanded(self) -> None:
        self._expanded = not self._expanded
        self._fill_result()

    def _set_outcome(self, text: str) -> None:
        self.outcome.setText(text)
        self.outcome.show()

    @property
    def waiting(self) -> bool:
        """The approval buttons are offered."""
        return not self.buttons.isHidden()
