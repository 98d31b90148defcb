"""``hearth mcp ...`` and ``hearth chat --mcp``, run as a user would (real processes, a
real MCP server, the real starter model)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.engines.base import ToolCallPart
from app.services.tools import ToolCallProposed

WEATHER = Path(__file__).parent / "mcp_servers" / "weather.py"


def hearth(*args: str, input: str | None = None, timeout: float = 600):
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          input=input, timeout=timeout, env={**os.environ})


def test_add_enable_list_tools_disable_remove(hearth_home):
    added = hearth("mcp", "add", "weather", "--command", sys.executable, "--arg", str(WEATHER),
                   "--env", "WEATHER_MODE=normal")
    assert added.returncode == 0, added.stderr
    assert "It is disabled: `hearth mcp enable weather`" in added.stdout
    config = json.loads((hearth_home / "data" / "mcp.json").read_text())
    assert config == {"mcpServers": {"weather": {
        "command": sys.executable, "args": [str(WEATHER)], "env": {"WEATHER_MODE": "normal"}}}}

    listed = hearth("mcp", "list")
    assert listed.stdout.startswith("weather  [disabled]  stdio: ")
    refused = hearth("mcp", "tools", "weather")
    assert refused.returncode != 0
    assert "weather is disabled; `hearth mcp enable weather` first." in refused.stderr

    enabled = hearth("mcp", "enable", "weather")
    assert enabled.returncode == 0, enabled.stderr
    assert enabled.stdout.strip() == "Enabled weather: 2 tools (get_weather, add)."
    tools = hearth("mcp", "tools", "weather", "--json")
    listed_tools = json.loads(tools.stdout)
    assert [t["name"] for t in listed_tools] == ["get_weather", "add"]
    assert listed_tools[0]["input_schema"]["required"] == ["city"]

    assert hearth("mcp", "disable", "weather").returncode == 0
    assert json.loads(hearth("mcp", "list", "--json").stdout)[0]["enabled"] is False
    assert hearth("mcp", "remove", "weather").returncode == 0
    assert "No MCP servers yet" in hearth("mcp", "list").stdout


def test_enable_reports_a_server_that_cannot_start(hearth_home):
    hearth("mcp", "add", "broken", "--command", sys.executable, "--arg", str(WEATHER),
           "--arg", "exit")
    done = hearth("mcp", "enable", "broken")
    assert done.returncode == 1
    assert ("broken is enabled but did not start: The MCP server broken exited before it was "
            "ready. Its last message: weather: cannot start (no API key configured)"
            ) in done.stderr
    assert "Traceback" not in done.stderr


def test_a_broken_mcp_json_is_named(hearth_home):
    path = hearth_home / "data" / "mcp.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    done = hearth("mcp", "list")
    assert done.returncode == 1 and f"{path} is not valid JSON" in done.stderr
    assert path.read_text() == "{not json"


def test_chat_without_a_terminal_denies_tool_calls(hearth_home, smollm2_path, tmp_path):
    record = tmp_path / "calls.txt"
    hearth("mcp", "add", "weather", "--command", sys.executable, "--arg", str(WEATHER),
           "--env", f"WEATHER_RECORD={record}")
    unknown = hearth("chat", "--mcp", "weather", "hi")
    assert unknown.returncode == 1
    assert "The MCP server weather is disabled; `hearth mcp enable weather` first." in unknown.stderr
    hearth("mcp", "enable", "weather")
    done = hearth("chat", "--mcp", "weather", "--tool-choice", "required", "--max-tokens",
                  "32", "--temperature", "0", "What is the weather in Paris?")
    assert done.returncode == 0, done.stderr
    assert "Tools from: weather." in done.stderr
    assert "[tool] weather wants to run get_weather with {\"city\": " in done.stderr
    assert "Denied: stdin is not a terminal" in done.stderr
    assert "[tool] get_weather: failed: The user denied this tool call." in done.stderr
    assert not record.exists()


def _proposed() -> ToolCallProposed:
    return ToolCallProposed(1, 2, "weather", ToolCallPart("call_1", "get_weather",
                                                          '{"city": "Oslo"}'),
                            "The current weather in a city.")


def test_the_terminal_question_takes_once_always_or_no(capsys):
    from app.commands.chat import ask_approval

    def reader(*lines):
        feed = iter(lines)

        def read() -> str:
            line = next(feed, None)
            if line is None:
                raise EOFError
            return line
        return read

    assert ask_approval(_proposed(), reader("maybe", "y"), interactive=True) == "once"
    assert ask_approval(_proposed(), reader("A"), interactive=True) == "always"
    assert ask_approval(_proposed(), reader("no"), interactive=True) == "deny"
    assert ask_approval(_proposed(), reader(), interactive=True) == "deny"
    err = capsys.readouterr().err
    assert '[tool] weather wants to run get_weather with {"city": "Oslo"}' in err
    assert err.count("Allow? [y]es once / [a]lways / [n]o: ") == 5
