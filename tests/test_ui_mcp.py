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

from tests.ui_helpers import close_window, open_window

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
        assert page.tool_names() == ["get_weather", "add", "slow", "fail", "die"]
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
