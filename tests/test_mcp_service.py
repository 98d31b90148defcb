"""The MCP host against a real MCP server (tests/mcp_servers/weather.py, the SDK's server
side) run over stdio as a child process, and over Streamable HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.services.mcp import McpConfigError, McpService

WEATHER = Path(__file__).parent / "mcp_servers" / "weather.py"


def weather(*mode: str, **env: str) -> dict:
    """The mcp.json entry of the test server (in ``mode``)."""
    entry: dict = {"command": sys.executable, "args": [str(WEATHER), *mode]}
    if env:
        entry["env"] = env
    return entry


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


@pytest.fixture
def service(tmp_path):
    svc = McpService(tmp_path / "mcp.json", start_timeout_s=60)
    yield svc
    svc.close()


def test_a_server_lists_tools_answers_calls_and_leaves_no_process(service, tmp_path):
    pidfile, record = tmp_path / "pid", tmp_path / "calls.txt"
    service.add("weather", weather(WEATHER_PIDFILE=str(pidfile), WEATHER_RECORD=str(record)))
    info = service.set_enabled("weather", True)
    assert info.state == "ready" and info.error == ""
    tools = {t.name: t for t in info.tools}
    assert set(tools) == {"get_weather", "add"}
    assert tools["get_weather"].description == "The current weather in a city."
    assert tools["add"].input_schema["required"] == ["a", "b"]

    result = service.call("weather", "get_weather", {"city": "Oslo"})
    assert result.ok and result.content == "It is sunny and 21 degrees in Oslo."
    assert service.call("weather", "add", {"a": 2, "b": 40}).content == "42"
    bad = service.call("weather", "add", {"a": "two"})
    assert not bad.ok and bad.content  # the server's validation error, as text
    assert record.read_text().splitlines() == ['get_weather\t{"city": "Oslo"}',
                                               'add\t{"a": 2, "b": 40}']

    pid = int(pidfile.read_text())
    assert alive(pid)
    service.close()
    assert not alive(pid)


def test_nothing_starts_until_enabled_and_disabling_stops_it(service, tmp_path):
    pidfile = tmp_path / "pid"
    info = service.add("weather", weather(WEATHER_PIDFILE=str(pidfile)))
    assert (info.enabled, info.state) == (False, "off")
    assert service.tools_for(["weather"]) == []
    assert service.start("weather").state == "off"
    assert not pidfile.exists()
    saved = json.loads((tmp_path / "mcp.json").read_text())
    assert saved == {"mcpServers": {"weather": weather(WEATHER_PIDFILE=str(pidfile))}}

    service.set_enabled("weather", True)
    assert [(s, spec.name) for s, spec in service.tools_for(["weather"])] == [
        ("weather", "get_weather"), ("weather", "add")]
    pid = int(pidfile.read_text())
    service.set_enabled("weather", False)
    assert not alive(pid)
    assert service.info("weather").state == "off"
    assert json.loads((tmp_path / "mcp-enabled.json").read_text()) == {"enabled": []}


def test_a_hung_call_times_out_and_the_server_still_answers(service, tmp_path):
    service.add("slow", weather("hang-call"))
    service.set_enabled("slow", True)
    hung = service.call("slow", "get_weather", {"city": "Rome"}, timeout_s=2)
    assert not hung.ok
    assert hung.content == ("The tool get_weather of MCP server slow did not answer within 2 "
                            "seconds; the call was abandoned.")
    assert service.call("slow", "add", {"a": 1, "b": 2}).content == "3"


def test_a_server_that_dies_mid_call_is_reported_and_restarted(service, tmp_path):
    service.add("fragile", weather(WEATHER_TOOLS="all"))
    service.set_enabled("fragile", True)
    died = service.call("fragile", "die", {})
    assert not died.ok
    assert died.content.startswith("The MCP server fragile stopped during the call to die.")
    assert service.info("fragile").state == "failed"
    again = service.call("fragile", "add", {"a": 1, "b": 1})
    assert again.ok and again.content == "2"
    error = service.call("fragile", "fail", {"message": "no such city"})
    assert not error.ok and "no such city" in error.content


@pytest.mark.parametrize("config, expected", [
    ({"command": "hearth-no-such-program"},
     "The MCP server broken cannot start: the command 'hearth-no-such-program' was not "
     "found. Install it, or give its full path in mcp.json."),
    (weather("exit"), "The MCP server broken exited before it was ready. Its last message: "
                      "weather: cannot start (no API key configured)"),
    (weather("garbage"), "The MCP server broken wrote something that is not MCP on its "
                         "output: 'Welcome to the weather s...! This is not JSON-RPC.'. An MCP "
                         "server over stdio must write only MCP messages to stdout (logs go "
                         "to stderr)."),
])
def test_a_server_that_cannot_start_says_why(service, config, expected):
    service.add("broken", config)
    info = service.set_enabled("broken", True)
    assert (info.state, info.error) == ("failed", expected)
    assert service.tools_for(["broken"]) == []
    assert service.call("broken", "add", {}).content == expected


def test_a_server_that_hangs_on_initialize_hits_the_time_limit(service, tmp_path):
    pidfile = tmp_path / "pid"
    service.add("mute", weather("hang-init", WEATHER_PIDFILE=str(pidfile)))
    info = service.set_enabled("mute", True, timeout_s=3)
    assert info.state == "failed"
    assert info.error == "The MCP server mute did not answer within 3 seconds of starting."
    service.close()
    assert not alive(int(pidfile.read_text()))


def test_a_broken_mcp_json_is_named_and_never_overwritten(service, tmp_path):
    path = tmp_path / "mcp.json"
    path.write_text('{"mcpServers": {"a": {"command": "x",}}}')
    with pytest.raises(McpConfigError, match="is not valid JSON") as caught:
        service.servers()
    assert str(path) in str(caught.value)
    with pytest.raises(McpConfigError):
        service.add("b", weather())
    assert path.read_text() == '{"mcpServers": {"a": {"command": "x",}}}'
    path.write_text('{"mcpServers": []}')
    with pytest.raises(McpConfigError, match='"mcpServers" must be an object'):
        service.servers()


def test_server_entries_are_checked_and_foreign_keys_kept(service, tmp_path):
    with pytest.raises(McpConfigError, match="needs either a \"command\""):
        service.add("empty", {})
    with pytest.raises(McpConfigError, match="not both"):
        service.add("both", {"command": "x", "url": "http://127.0.0.1:1/mcp"})
    with pytest.raises(McpConfigError, match="name 'a/b' is not usable"):
        service.add("a/b", weather())
    with pytest.raises(McpConfigError, match="must start with http"):
        service.add("web", {"url": "ftp://example.com"})
    # a file from another client: its other keys survive Hearth's writes; a server it
    # marks "disabled" is off until enabled here
    path = tmp_path / "mcp.json"
    path.write_text(json.dumps({"mcpServers": {"old": {**weather(), "disabled": True,
                                                      "autoApprove": []}},
                                "theme": "dark"}))
    (tmp_path / "mcp-enabled.json").write_text('{"enabled": ["old"]}')
    assert service.servers()[0].enabled is False
    service.add("new", {"url": "http://127.0.0.1:9/mcp", "headers": {"X-Key": "k"}})
    saved = json.loads(path.read_text())
    assert saved["theme"] == "dark" and saved["mcpServers"]["old"]["autoApprove"] == []
    assert [(s.name, s.transport, s.enabled) for s in service.servers()] == [
        ("old", "stdio", False), ("new", "http", False)]
    service.remove("new")
    assert list(json.loads(path.read_text())["mcpServers"]) == ["old"]


def test_tool_names_are_unique_across_servers(service):
    service.add("one", weather())
    service.add("two", weather())
    service.set_enabled("one", True)
    service.set_enabled("two", True)
    exposed = service.exposed_tools(["one", "two"])
    assert [(t.server, t.tool.name, t.spec.name) for t in exposed] == [
        ("one", "get_weather", "one_get_weather"), ("one", "add", "one_add"),
        ("two", "get_weather", "two_get_weather"), ("two", "add", "two_add")]
    # the model is held to the declared arguments
    assert exposed[0].spec.parameters["additionalProperties"] is False
    assert [t.spec.name for t in service.exposed_tools(["two"])] == ["get_weather", "add"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_streamable_http_server(service, tmp_path):
    port = _free_port()
    process = subprocess.Popen([sys.executable, str(WEATHER), "http"],
                               env={**os.environ, "WEATHER_PORT": str(port)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        service.add("web", {"url": f"http://127.0.0.1:{port}/mcp"})
        info = service.set_enabled("web", True)
        assert info.state == "ready", info.error
        assert info.transport == "http" and [t.name for t in info.tools] == ["get_weather", "add"]
        assert service.call("web", "add", {"a": 20, "b": 22}).content == "42"
    finally:
        process.terminate()
        process.wait(10)


def test_an_http_server_that_is_not_there(service):
    port = _free_port()
    service.add("gone", {"url": f"http://127.0.0.1:{port}/mcp"})
    info = service.set_enabled("gone", True, timeout_s=10)
    assert info.state == "failed"
    assert info.error.startswith(f"The MCP server gone at http://127.0.0.1:{port}/mcp")
