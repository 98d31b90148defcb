"""MCP in the window, with the real test server (tests/mcp_servers/weather.py, the ``mcp``
SDK's server side, over stdio): the MCP page adds it, starts it only when switched on,
lists its tools with their descriptions and input schemas, and says why a server that
cannot start failed; the chat's Tools menu chooses the servers of a conversation; a reply
of the real SmolLM2 that must call a tool shows the call with its arguments and waits
for the user: Allow once runs it and stores the result, Deny runs nothing, a hung server
ends with its sentence in the card and the chat goes on."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui_helpers import close_window, open_window, send_and_wait

WEATHER = Path(__file__).parent / "mcp_servers" / "weather.py"


def weather(mode: str = "normal", **env: str) -> dict:
    """The mcp.json entry of the test server in ``mode``."""
    config: dict = {"command": sys.executable, "args": [str(WEATHER), mode]}
    if env:
        config["env"] = env
    return config


def show_mcp(qtbot, window):
    page = window.pages["mcp"]
    with qtbot.waitSignal(page.servers_listed, timeout=30_000):
        window.show_page("mcp")
    return page


def row_of(page, name: str) -> int:
    return next(i for i in range(page.table.rowCount()) if page.table.item(i, 0).text() == name)


def switch_on(qtbot, page, name: str) -> None:
    """Tick the server's switch and wait until its start has ended (ready or failed)."""
    with qtbot.waitSignal(page.changed, timeout=60_000):
        page.table.item(row_of(page, name), 3).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: page.table.item(row_of(page, name), 2).text() != "Starting…",
                    timeout=30_000)


# without Qt ------------------------------------------------------------------------------


def test_the_add_form_makes_mcp_json_entries():
    from app.ui.mcp_page import command_config, snippet_configs, url_config

    assert command_config("npx", '-y "@scope/server files" ~/Documents') == {
        "command": "npx", "args": ["-y", "@scope/server files", "~/Documents"]}
    assert url_config(" http://127.0.0.1:8000/mcp ") == {"url": "http://127.0.0.1:8000/mcp"}
    snippet = {"mcpServers": {"a": {"command": "python3"}, "b": {"url": "http://x/mcp"}}}
    assert snippet_configs(json.dumps(snippet)) == [("a", {"command": "python3"}),
                                                    ("b", {"url": "http://x/mcp"})]
    assert snippet_configs('{"a": {"command": "uvx"}}') == [("a", {"command": "uvx"})]
    for bad, says in (('{"a": ', "not JSON"), ("[1]", "mcp.json format"),
                      ('{"a": "x"}', "mcp.json format")):
        try:
            snippet_configs(bad)
        except ValueError as exc:
            assert says in str(exc)
        else:
            raise AssertionError(bad)
    for call, args in ((command_config, ("", "")), (command_config, ("npx", '"open')),
                       (url_config, ("ftp://x",))):
        try:
            call(*args)
        except ValueError:
            continue
        raise AssertionError(args)


def test_a_card_shows_the_call_and_collapses_a_long_result(qtbot):
    import threading

    from app.engines.base import CancelToken, ToolCallPart
    from app.services.tools import ToolCallFinished, ToolCallProposed
    from app.ui.tool_call_view import ToolCallCard

    call = ToolCallPart("call_1", "get_weather", '{"city":"Paris"}')
    card = ToolCallCard("weather", call, "The current weather in a city.")
    qtbot.addWidget(card)
    assert card.title.text() == "Tool call: weather › get_weather"
    assert card.arguments.text() == '{\n  "city": "Paris"\n}'
    proposal = ToolCallProposed(1, 2, "weather", call)
    answers = []
    waiter = threading.Thread(target=lambda: answers.append(proposal.wait(CancelToken())))
    waiter.start()
    card.ask(proposal)
    assert card.waiting
    qtbot.mouseClick(card.allow_always, Qt.MouseButton.LeftButton)
    waiter.join(10)
    assert answers == ["always"] and not card.waiting and card.outcome.text() == "Running…"
    long = "\n".join(f"line {i}" for i in range(50))
    card.finish(ToolCallFinished(1, 3, call, "always", True, long, 0.25))
    assert card.outcome.text() == "Allowed always in this conversation. Ran in 0.25 s."
    assert card.result.text().startswith("line 0\nline 1") and card.result.text().endswith(" …")
    assert "line 49" not in card.result.text() and card.expand.isVisibleTo(card)
    qtbot.mouseClick(card.expand, Qt.MouseButton.LeftButton)
    assert card.result.text() == long and card.expand.text() == "Show less"


# the page --------------------------------------------------------------------------------


def test_the_page_adds_a_server_starts_it_when_switched_on_and_lists_its_tools(
        qtbot, hearth_home, tmp_path):
    pidfile = tmp_path / "weather.pid"
    window = open_window(qtbot)
    try:
        page = show_mcp(qtbot, window)
        assert page.table.rowCount() == 0 and "No MCP server yet" in page.detail_title.text()
        assert page.path_label.text().endswith(str(window.services.mcp.path))
        with qtbot.waitSignal(page.servers_listed, timeout=30_000):
            page.add_servers([("weather", weather(WEATHER_PIDFILE=str(pidfile)))])
        row = row_of(page, "weather")
        assert page.table.item(row, 1).text() == "stdio"
        assert page.table.item(row, 2).text() == "Off"
        assert page.table.item(row, 3).checkState() == Qt.CheckState.Unchecked
        assert "is off" in page.detail_title.text() and page.tool_names() == []
        assert not pidfile.exists()  # configured is not started
        assert "weather" in json.loads(window.services.mcp.path.read_text())["mcpServers"]

        switch_on(qtbot, page, "weather")
        row = row_of(page, "weather")
        assert page.table.item(row, 2).text() == "Ready"
        assert pidfile.exists()
        assert page.tool_names() == ["get_weather", "add"]
        assert page.tools.topLevelItem(0).text(1) == "The current weather in a city."
        assert page.schema.isHidden()
        page.schema_button.setChecked(True)
        schema = json.loads(page.schema.toPlainText())
        assert schema["properties"]["city"]["type"] == "string"
        assert schema["required"] == ["city"]
        page.tools.setCurrentItem(page.tools.topLevelItem(1))
        assert set(json.loads(page.schema.toPlainText())["properties"]) == {"a", "b"}

        # the chat's Tools menu offers it; choosing it is the conversation's setting
        with qtbot.waitSignal(window.tools_shown, timeout=30_000):
            window.new_conversation()
        tools = window.chat_page.tools
        assert list(tools.actions_by_name()) == ["weather"]
        with qtbot.waitSignal(window.tools_shown, timeout=30_000):
            tools.actions_by_name()["weather"].setChecked(True)
        assert tools.chosen == ["weather"] and tools.full_text == "Tools: weather"
        assert window._draft_settings["mcp_servers"] == ["weather"]  # noqa: SLF001

        with qtbot.waitSignal(page.changed, timeout=60_000):
            page.table.item(row_of(page, "weather"), 3).setCheckState(Qt.CheckState.Unchecked)
        qtbot.waitUntil(lambda: page.table.item(row_of(page, "weather"), 2).text() == "Off",
                        timeout=30_000)
        with qtbot.waitSignal(page.changed, timeout=60_000):
            page.remove_selected()
        qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=30_000)
        assert "weather" not in json.loads(window.services.mcp.path.read_text())["mcpServers"]
    finally:
        close_window(window)


def test_a_server_that_cannot_start_says_why_and_a_bad_entry_is_refused(qtbot, hearth_home):
    window = open_window(qtbot)
    try:
        page = show_mcp(qtbot, window)
        with qtbot.waitSignal(page.servers_listed, timeout=30_000):
            page.add_servers([("broken", weather("exit"))])
        switch_on(qtbot, page, "broken")
        state = page.table.item(row_of(page, "broken"), 2).text()
        assert state.startswith("Failed: ")
        assert "no API key configured" in state  # the server's own last words
        assert "could not start" in page.detail_title.text() and page.tool_names() == []

        with qtbot.waitSignal(window.error_shown, timeout=30_000) as shown:
            page.add_servers([("bad", {"command": ""})])
        assert "bad" in shown.args[0]
        assert [page.table.item(i, 0).text() for i in range(page.table.rowCount())] == ["broken"]
    finally:
        close_window(window)


# tool calls in a reply -------------------------------------------------------------------


def weather_chat(qtbot, window, mode: str = "normal", **env: str) -> int:
    """The test server configured and on, and a conversation whose replies must call its
    get_weather tool; the conversation is on screen. Returns its id."""
    mcp = window.services.mcp
    mcp.add("weather", weather(mode, **env))
    mcp.set_enabled("weather", True)
    conversation = window.services.chat.create(settings={
        "mcp_servers": ["weather"], "tool_choice": "get_weather"})
    with qtbot.waitSignals([window.thread_shown, window.tools_shown], timeout=30_000):
        window.open_conversation(conversation.id)
    assert window.chat_page.tools.chosen == ["weather"]
    return conversation.id


def ask(qtbot, window, text: str):
    """Send ``text`` and wait for the first tool call's card (a reply that ends without
    one fails the test with what it wrote)."""
    cards: list = []
    window.tool_call_shown.connect(cards.append)
    window.send(text)  # the conversation is on screen: its reply is registered now
    qtbot.waitUntil(lambda: bool(cards) or not window.replies, timeout=600_000)
    window.tool_call_shown.disconnect(cards.append)
    if not cards:
        thread = window.services.chat.thread(window.conversation.id)
        raise AssertionError(f"the reply called no tool: {[(m.role, m.content) for m in thread]}")
    return cards[0]


def stop_at_next_call(window, after_finished: bool = False,
                      message_id: int | None = None) -> None:
    """Stop the reply when the model asks for a further call (or, ``after_finished``, once
    a call has ended): a small model may call tools round after round, each a slow
    reply on a busy CPU."""
    from app.services.tools import ToolCallFinished

    first = [message_id] if message_id is not None else []

    def later(card) -> None:
        message_id = card.proposal.message_id
        if first and message_id == first[0]:
            card.decide("deny")  # a second call in the same message
        else:
            window.stop()

    window.tool_call_shown.connect(later)
    if after_finished:
        window.reply_event.connect(
            lambda _id, event: isinstance(event, ToolCallFinished) and window.stop())


def answer(qtbot, window, card, button, after_finished: bool = False) -> None:
    """Click ``button`` on ``card`` and wait for the reply to end (stopped at the next
    call)."""
    stop_at_next_call(window, after_finished, card.proposal.message_id)
    with qtbot.waitSignal(window.reply_finished, timeout=600_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.chat_page.view.views
                    and all(v.item is not None for v in window.chat_page.view.views),
                    timeout=30_000)


def stored_thread(window, conversation_id: int):
    return window.services.chat.thread(conversation_id)


def test_a_tool_call_waits_for_approval_then_runs_and_its_result_is_stored(
        qtbot, smollm2_path, tmp_path):
    import jsonschema

    record = tmp_path / "calls.tsv"
    window = open_window(qtbot, max_tokens=120)
    try:
        conversation_id = weather_chat(qtbot, window, WEATHER_RECORD=str(record))
        card = ask(qtbot, window, "What is the weather in Paris?")
        assert card.waiting and card.server == "weather" and card.tool == "get_weather"
        assert card.allow_once.isVisibleTo(card) and card.allow_always.isVisibleTo(card)
        assert card.description.text() == "The current weather in a city."
        arguments = json.loads(card.call.arguments)  # parses, and fits the tool's schema
        tool = next(t for t in window.services.mcp.info("weather").tools
                    if t.name == "get_weather")
        jsonschema.validate(arguments, tool.input_schema)
        assert json.loads(card.arguments.text()) == arguments  # shown, indented
        assert not record.exists()  # nothing runs before the user answers

        answer(qtbot, window, card, card.allow_once)
        calls = record.read_text().splitlines()
        assert calls[0] == f"get_weather\t{json.dumps({'city': arguments['city']})}"
        thread = stored_thread(window, conversation_id)
        call_message = next(m for m in thread if m.role == "assistant" and m.parts)
        result = next(m for m in thread if m.role == "tool")
        assert result.parent_id == call_message.id
        assert result.content == f"It is sunny and 21 degrees in {arguments['city']}."
        assert result.part_list()[0]["ok"] is True
        # the model wrote its next reply with the result in its context
        last_result = [m for m in thread if m.role == "tool"][-1]  # (a sibling call denied)
        after = next(m for m in thread if m.parent_id == last_result.id)
        assert after.role == "assistant"
        fed = window.services.chat.engine_messages(conversation_id, last_result.id)
        assert any(m.role == "tool" and m.content == result.content for m in fed)
        assert "weather/get_weather" not in window.services.chat.get(
            conversation_id).settings.get("tool_approvals", [])  # once is not always

        # reopened: the call, its arguments and its result, from the store
        window.new_conversation()
        with qtbot.waitSignal(window.thread_shown, timeout=30_000):
            window.open_conversation(conversation_id)
        shown = window.chat_page.view.tool_card(card.call.id)
        assert shown is not None and shown is not card
        assert shown.tool == "get_weather" and shown.server == "weather"
        assert json.loads(shown.arguments.text()) == arguments
        assert shown.result_text == result.content and not shown.waiting
        tool_views = [v for v in window.chat_page.view.views if v.role == "tool"]
        assert tool_views and all(v.isHidden() for v in tool_views)  # shown in the card
    finally:
        close_window(window)


def test_a_denied_call_never_runs_and_the_model_is_told(qtbot, smollm2_path, tmp_path):
    record = tmp_path / "calls.tsv"
    window = open_window(qtbot, max_tokens=120)
    try:
        conversation_id = weather_chat(qtbot, window, WEATHER_RECORD=str(record))
        card = ask(qtbot, window, "What is the weather in Rome?")
        answer(qtbot, window, card, card.deny, after_finished=True)
        assert not record.exists()
        denied = [m for m in stored_thread(window, conversation_id) if m.role == "tool"]
        assert denied[0].content == "The user denied this tool call."
        assert denied[0].part_list()[0]["ok"] is False
        assert "Denied" in card.outcome.text()
        assert card.result_text == "The user denied this tool call."
    finally:
        close_window(window)


def test_always_allow_is_remembered_in_the_conversation(qtbot, smollm2_path, tmp_path):
    record = tmp_path / "calls.tsv"
    window = open_window(qtbot, max_tokens=120)
    try:
        conversation_id = weather_chat(qtbot, window, WEATHER_RECORD=str(record))
        card = ask(qtbot, window, "What is the weather in Oslo?")
        answer(qtbot, window, card, card.allow_always, after_finished=True)
        assert window.services.chat.get(conversation_id).settings["tool_approvals"] == [
            "weather/get_weather"]
        runs = len(record.read_text().splitlines())
        # the next reply's call runs without asking
        asked = []
        window.tool_call_shown.connect(asked.append)
        with qtbot.waitSignal(window.reply_finished, timeout=600_000):
            window.send("And in Lima?")
        assert asked == [] and len(record.read_text().splitlines()) > runs
    finally:
        close_window(window)


def test_a_hung_server_ends_the_call_with_its_sentence_and_the_chat_goes_on(
        qtbot, smollm2_path, monkeypatch):
    window = open_window(qtbot, max_tokens=120)
    try:
        # the call's time limit, shortened (the real one is 30 s)
        window.services.chat.tool_timeout_s = 2
        conversation_id = weather_chat(qtbot, window, "hang-call")
        card = ask(qtbot, window, "What is the weather in Paris?")
        answer(qtbot, window, card, card.allow_once, after_finished=True)
        assert "did not answer within 2 seconds" in card.result_text
        assert "failed" in card.outcome.text()
        stored = [m for m in stored_thread(window, conversation_id) if m.role == "tool"]
        assert "did not answer" in stored[0].content
        # the chat goes on: the same conversation, without the server
        with qtbot.waitSignal(window.tools_shown, timeout=30_000):
            window.chat_page.tools.actions_by_name()["weather"].setChecked(False)
        send_and_wait(qtbot, window, "Say hello.")
        last = stored_thread(window, conversation_id)[-1]
        assert last.role == "assistant" and last.status == "complete" and last.content
    finally:
        close_window(window)


def test_a_server_that_never_starts_is_named_and_the_reply_goes_on(qtbot, smollm2_path):
    window = open_window(qtbot, max_tokens=16)
    try:
        window.services.mcp.start_timeout_s = 2  # the real limit is 30 s
        conversation_id = weather_chat(qtbot, window, "hang-init")
        with qtbot.waitSignal(window.error_shown, timeout=300_000) as shown:
            window.send("What is the weather in Paris?")
        assert "weather" in shown.args[0] and "2 seconds" in shown.args[0]
        qtbot.waitUntil(lambda: not window.replies, timeout=300_000)
        last = stored_thread(window, conversation_id)[-1]
        assert last.role == "assistant" and last.status == "complete"
    finally:
        close_window(window)
