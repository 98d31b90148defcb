"""A small, real MCP server for the tests, written with the SDK's server side (MCPServer).

Run: ``python weather.py [MODE]`` over stdio. Tools: ``get_weather(city)`` and
``add(a, b)``; with ``WEATHER_TOOLS=all`` also ``slow(seconds)`` (sleeps before
answering), ``fail(message)`` (returns an error result) and ``die()`` (kills the server in
the middle of the call).

Modes (first argument, or ``WEATHER_MODE``):
- ``normal``: behaves;
- ``hang-call``: every call to ``get_weather`` never answers;
- ``hang-init``: never answers ``initialize`` (reads stdin, says nothing);
- ``exit``: exits at once with a message on stderr;
- ``garbage``: writes text that is not MCP on stdout instead of speaking MCP;
- ``http``: serves Streamable HTTP on 127.0.0.1:``WEATHER_PORT`` (path ``/mcp``).

``WEATHER_RECORD``: a file each call appends ``tool<TAB>json arguments`` to.
``WEATHER_PIDFILE``: a file the server writes its process id to at start.
"""

from __future__ import annotations

import json
import os
import sys


def _record(tool: str, arguments: dict) -> None:
    path = os.environ.get("WEATHER_RECORD")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{tool}\t{json.dumps(arguments, sort_keys=True)}\n")


def main() -> None:
    mode = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("WEATHER_MODE", "normal")
    pidfile = os.environ.get("WEATHER_PIDFILE")
    if pidfile:
        with open(pidfile, "w", encoding="utf-8") as f:
            f.write(str(os.getpid()))
    if mode == "exit":
        print("weather: cannot start (no API key configured)", file=sys.stderr)
        sys.exit(3)
    if mode == "garbage":
        for _ in range(3):
            print("Welcome to the weather server! This is not JSON-RPC.", flush=True)
        sys.stdin.read()
        return
    if mode == "hang-init":
        sys.stdin.read()
        return
    serve(hang_call=mode == "hang-call", http=mode == "http")


def serve(hang_call: bool, http: bool = False) -> None:
    import anyio
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError

    server = MCPServer("weather")

    def run() -> None:
        if http:
            server.run("streamable-http", host="127.0.0.1",
                       port=int(os.environ["WEATHER_PORT"]))
        else:
            server.run("stdio")

    @server.tool()
    async def get_weather(city: str) -> str:
        """The current weather in a city."""
        _record("get_weather", {"city": city})
        if hang_call:
            await anyio.sleep(3600)
        return f"It is sunny and 21 degrees in {city}."

    @server.tool()
    def add(a: int, b: int) -> str:
        """Add two integers."""
        _record("add", {"a": a, "b": b})
        return str(a + b)

    if os.environ.get("WEATHER_TOOLS") != "all":
        run()
        return

    @server.tool()
    async def slow(seconds: float) -> str:
        """Wait a number of seconds, then answer."""
        _record("slow", {"seconds": seconds})
        await anyio.sleep(seconds)
        return "done"

    @server.tool()
    def fail(message: str) -> str:
        """Always fails with the message given."""
        _record("fail", {"message": message})
        raise ToolError(message)

    @server.tool()
    def die() -> str:
        """Ends the server's process in the middle of the call."""
        _record("die", {})
        sys.stdout.flush()
        os._exit(7)

    run()


if __name__ == "__main__":
    main()
