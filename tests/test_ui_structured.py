"""Structured output in the window: the dialog checks a schema or a grammar as it is typed
(through app.services.structured, on the POOL lane) and refuses what cannot constrain a
reply; the choice is the conversation's ``response_format`` setting; a conversation that
asks for a JSON schema gets a reply from the real SmolLM2 that parses, validates, shows
formatted, and "Copy JSON" copies it."""

from __future__ import annotations

import json

import jsonschema
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.services.conversation_settings import defaults_for
from tests.ui_helpers import close_window, open_window, send_and_wait

PERSON = {
    "type": "object",
    "properties": {"name": {"type": "string", "maxLength": 20},
                   "age": {"type": "integer", "minimum": 0, "maximum": 130}},
    "required": ["name", "age"],
    "additionalProperties": False,
}


# without Qt ------------------------------------------------------------------------------


def test_the_service_says_what_is_wrong_with_a_schema_or_a_grammar():
    from app.services.structured import (
        format_problem,
        grammar_problem,
        pretty_json,
        schema_problem,
        wants_json,
    )

    assert schema_problem(json.dumps(PERSON)) is None
    assert "not JSON" in schema_problem('{"type": "object",')
    assert "not valid" in schema_problem('{"type": "objekt"}')
    assert "object" in schema_problem("[1, 2]")
    assert grammar_problem('root ::= "yes" | "no"') is None
    assert "GBNF" in grammar_problem('root ::= "yes')
    assert grammar_problem("root ::= missing") is not None  # a rule that is not defined
    assert format_problem({"type": "json_schema", "json_schema": {"schema": PERSON}}) is None
    assert format_problem({"type": "xml"}) is not None
    assert wants_json({"type": "json_object"}) and not wants_json(None)
    assert not wants_json({"type": "grammar", "grammar": 'root ::= "a"'})
    assert pretty_json('{"a":[1,2]}') == '{\n  "a": [\n    1,\n    2\n  ]\n}'
    assert pretty_json("Hello") is None and pretty_json('{"cut": ') is None


# the dialog ------------------------------------------------------------------------------


def _dialog(qtbot, window, current=None):
    from app.ui.structured_dialog import StructuredOutputDialog

    dialog = StructuredOutputDialog(current, window.tasks, window)
    qtbot.addWidget(dialog)
    return dialog


def _type(qtbot, dialog, text: str) -> str:
    """Replace the editor's text and wait for its check; returns the sentence shown."""
    with qtbot.waitSignal(dialog.checked, timeout=30_000) as checked:
        dialog.editor.setPlainText(text)
    return checked.args[0]


def test_the_dialog_validates_as_you_type_and_refuses_until_valid(qtbot, hearth_home):
    window = open_window(qtbot)
    try:
        dialog = _dialog(qtbot, window)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert dialog.kind == "text" and ok.isEnabled() and dialog.result_format() is None
        assert dialog.editor.isHidden()
        dialog.radios["json_schema"].setChecked(True)
        assert dialog.editor.isVisibleTo(dialog)
        problem = _type(qtbot, dialog, '{"type": "object", "properties": {"age": '
                                       '{"type": "integer", "minimum": "zero"}}}')
        assert "not valid" in problem and "minimum" in problem
        assert dialog.problem.text() == problem and not ok.isEnabled()
        assert _type(qtbot, dialog, '{"type": "object"') .startswith("This is not JSON")
        assert not ok.isEnabled()
        assert _type(qtbot, dialog, json.dumps(PERSON)) == ""
        assert ok.isEnabled()
        assert dialog.result_format() == {
            "type": "json_schema",
            "json_schema": {"name": "reply", "schema": PERSON, "strict": True}}
        # an example is a valid start
        with qtbot.waitSignal(dialog.checked, timeout=30_000) as checked:
            dialog.examples.setCurrentIndex(2)
            dialog.examples.activated.emit(2)
        assert checked.args[0] == "" and "tasks" in json.loads(dialog.editor.toPlainText())["properties"]
        # a grammar the same way
        dialog.radios["grammar"].setChecked(True)
        assert _type(qtbot, dialog, 'root ::= "yes" | "no') != "" and not ok.isEnabled()
        assert _type(qtbot, dialog, 'root ::= "yes" | "no"') == "" and ok.isEnabled()
        assert dialog.result_format() == {"type": "grammar", "grammar": 'root ::= "yes" | "no"'}
        # the schema typed before is still there when coming back to it
        dialog.radios["json_schema"].setChecked(True)
        assert "tasks" in dialog.editor.toPlainText()
        dialog.radios["json"].setChecked(True)
        assert ok.isEnabled() and dialog.result_format() == {"type": "json_object"}
    finally:
        close_window(window)


def test_the_choice_is_saved_in_the_conversation_and_shown_in_the_header(qtbot, smollm2_path):
    window = open_window(qtbot)
    try:
        send_and_wait(qtbot, window, "Hi")
        conversation_id = window.conversation.id
        assert window.chat_page.format_button.text() == "Output: Free text"

        def choose_schema() -> None:
            dialog = window.structured_dialog
            dialog.radios["json_schema"].setChecked(True)
            dialog.checked.connect(lambda problem: problem == "" and dialog.accept())
            dialog.editor.setPlainText(json.dumps(PERSON))

        with qtbot.waitSignal(window.chat_page.format_button.clicked, timeout=5_000):
            QTimer.singleShot(0, choose_schema)
            qtbot.mouseClick(window.chat_page.format_button, Qt.MouseButton.LeftButton)
        assert window.chat_page.format_button.text() == "Output: JSON schema"
        qtbot.waitUntil(lambda: window.services.chat.get(conversation_id).settings.get(
            "response_format", {}).get("json_schema", {}).get("schema") == PERSON,
            timeout=10_000)

        # the conversation settings dialog keeps it when it saves its own values
        QTimer.singleShot(0, lambda: QApplication.activeModalWidget().accept())
        defaults = defaults_for(window.services.settings, None)
        window._open_conversation_settings(window.conversation, defaults)  # noqa: SLF001
        with qtbot.waitSignal(window.thread_shown, timeout=30_000):
            window.open_conversation(conversation_id)  # after the save, on the same lane
        assert window.services.chat.get(conversation_id).settings["response_format"][
            "json_schema"]["schema"] == PERSON

        def cancel() -> None:
            window.structured_dialog.reject()

        QTimer.singleShot(0, cancel)
        window.edit_structured_output()  # opened with the stored schema
        assert window.chat_page.format_button.text() == "Output: JSON schema"

        def back_to_text() -> None:
            window.structured_dialog.radios["text"].setChecked(True)
            window.structured_dialog.accept()

        QTimer.singleShot(0, back_to_text)
        window.edit_structured_output()
        qtbot.waitUntil(lambda: "response_format" not in
                        window.services.chat.get(conversation_id).settings, timeout=10_000)
        assert window.chat_page.format_button.text() == "Output: Free text"
    finally:
        close_window(window)


def test_a_json_schema_reply_is_shown_formatted_and_copy_copies_it(qtbot, smollm2_path):
    window = open_window(qtbot, max_tokens=120)
    try:
        window.set_structured_output({"type": "json_schema",
                                      "json_schema": {"name": "person", "schema": PERSON}})
        assert window.chat_page.format_button.text() == "Output: JSON schema"
        send_and_wait(qtbot, window, "Describe a person called Ada, aged 36, as JSON.")
        stored = window.services.chat.get(window.conversation.id)
        assert stored.settings["response_format"]["json_schema"]["schema"] == PERSON
        qtbot.waitUntil(lambda: window.chat_page.view.views
                        and window.chat_page.view.views[-1].item is not None, timeout=10_000)
        reply = window.chat_page.view.views[-1]
        assert reply.role == "assistant"
        value = json.loads(reply.item.message.content)
        jsonschema.validate(value, PERSON)
        assert reply.json_text == json.dumps(value, indent=2, ensure_ascii=False)
        assert "\n  \"name\"" in reply.body.toPlainText()  # indented in the thread
        assert reply.copy_json_button.isVisibleTo(reply)
        QGuiApplication.clipboard().clear()
        qtbot.mouseClick(reply.copy_json_button, Qt.MouseButton.LeftButton)
        copied = QGuiApplication.clipboard().text()
        assert json.loads(copied) == value
        jsonschema.validate(json.loads(copied), PERSON)
    finally:
        close_window(window)
