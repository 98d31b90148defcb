"""MCP host: the servers the user configured, started when enabled, their tools called on
the user's approval.

Configuration is ``mcp.json`` in Hearth's data folder, in the format LM Studio, Cursor and
Claude Desktop use, so a file from one of them can be copied in::

    {"mcpServers": {
        "weather": {"command": "python3", "args": ["weather.py"], "env": {"KEY": "..."},
                    "cwd": "/some/folder"},
        "remote":  {"url": "https://example.com/mcp", "headers": {"Authorization": "..."}}}}

A ``command`` server runs as a child process spoken to over stdio; a ``url`` server over
Streamable HTTP. Keys Hearth does not know are kept as they are when Hearth writes the file.

**Which servers are enabled is Hearth's own state**, kept beside it in
``mcp-enabled.json`` (``{"enabled": ["weather"]}``): a server pasted into ``mcp.json``, or
added with :meth:`McpService.add`, stays off until the user enables it, and nothing runs
unless it is configured *and* enabled. A server marked ``"disabled": true`` in ``mcp.json``
(the key Cline and others write) is off whatever the state says; enabling it from Hearth
removes that key.

**Tool names the model sees** are the tools' own names when they are unique among the
servers of a request; a name two servers share becomes ``<server>_<tool>`` for both (letters,
digits, ``_ . : -`` only, at most 128 characters). :meth:`McpService.exposed_tools` maps each
name back to its server and tool.

The SDK is asyncio: the service runs one event loop on a daemon thread of its own; every
public method is synchronous, safe from any thread, and may block (never call it on a GUI
thread). Each running server is one task on that loop that holds the connection open until
:meth:`McpService.stop`; :meth:`McpService.close` stops every server process.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import os
import re
import shutil
import threading
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from app.engines.base import CancelToken
from app.engines.structured import ConstraintError, ToolSpec, parse_tools
from app.services.language import _

Transport = Literal["stdio", "http"]
State = Literal["off", "starting", "ready", "failed"]

#: how long a server may take to start, answer ``initialize`` and list its tools
START_TIMEOUT_S = 30.0
#: how long a tool call may take
CALL_TIMEOUT_S = 30.0
#: the most text of one tool result handed back (the rest is cut, and says so)
MAX_RESULT_CHARS = 20_000

_SERVER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$")
_TOOL_NAME_BAD = re.compile(r"[^A-Za-z0-9_.:-]")


class McpConfigError(ValueError):
    """mcp.json cannot be read or a server's settings are wrong; the message names the
    file or the server and says what to fix."""


@dataclass(frozen=True)
class McpTool:
    """One tool a server offers: its own name, description and JSON schema of arguments."""

    name: str
    description: str = ""
    input_schema: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class McpServerInfo:
    """What the MCP page shows of one configured server.

    ``transport``: "stdio" (a command) or "http" (a URL); ``state``: "off", "starting",
    "ready" or "failed"; ``error``: why it failed (or why its settings are wrong), else "";
    ``target``: the command line or the URL; ``config``: its entry in mcp.json.
    """

    name: str
    transport: Transport
    enabled: bool
    state: State
    error: str = ""
    tools: list[McpTool] = field(default_factory=list)
    target: str = ""
    config: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class McpCallResult:
    """A tool call's outcome: ``content`` is the text of the result's content blocks, or
    the sentence saying why there is none (``ok`` False: the tool reported an error, the
    call timed out, the server failed)."""

    ok: bool
    content: str
    seconds: float = 0.0


@dataclass(frozen=True)
class ExposedTool:
    """A tool as the model sees it (``spec.name`` may be prefixed) and where it lives."""

    server: str
    tool: McpTool
    spec: ToolSpec


# configuration -----------------------------------------------------------------------------


def check_server_config(name: str, config: Any) -> Transport:
    """The transport of a valid server entry; raises :class:`McpConfigError` saying what
    is wrong with it."""
    if not isinstance(name, str) or not _SERVER_NAME.match(name):
        raise McpConfigError(
            _("The MCP server name {name} is not usable: use up to 64 letters, digits, "
              "spaces, _ . or -, starting with a letter or digit.").format(name=repr(name)))
    if not isinstance(config, dict):
        raise McpConfigError(_("The MCP server {name} must be an object with a \"command\" "
                               "or a \"url\".").format(name=name))
    kind = config.get("type")
    if kind is not None and kind not in ("stdio", "http", "streamable-http", "streamableHttp"):
        raise McpConfigError(_("The MCP server {name} has type {type}: Hearth speaks stdio "
                               "(a command) and Streamable HTTP (a url).").format(
                                   name=name, type=repr(kind)))
    has_command, has_url = "command" in config, "url" in config
    if has_command == has_url:
        if has_command:
            raise McpConfigError(_("The MCP server {name} needs either a \"command\" (a "
                                   "program to run) or a \"url\" (a Streamable HTTP "
                                   "endpoint), not both.").format(name=name))
        raise McpConfigError(_("The MCP server {name} needs either a \"command\" (a program "
                               "to run) or a \"url\" (a Streamable HTTP endpoint), not "
                               "neither.").format(name=name))
    if has_command:
        _check_stdio(name, config)
        return "stdio"
    _check_http(name, config)
    return "http"


def _check_stdio(name: str, config: dict[str, Any]) -> None:
    command = config["command"]
    if not isinstance(command, str) or not command.strip():
        raise McpConfigError(_("The command of MCP server {name} must be a program name or "
                               "path.").format(name=name))
    args = config.get("args", [])
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        raise McpConfigError(_("The args of MCP server {name} must be a list of strings.")
                             .format(name=name))
    _check_strings(name, config, "env")
    cwd = config.get("cwd")
    if cwd is not None and not isinstance(cwd, str):
        raise McpConfigError(_("The cwd of MCP server {name} must be a folder path.").format(
            name=name))


def _check_http(name: str, config: dict[str, Any]) -> None:
    url = config["url"]
    if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+", url):
        raise McpConfigError(_("The url of MCP server {name} must start with http:// or "
                               "https:// (got {url}).").format(name=name, url=repr(url)))
    _check_strings(name, config, "headers")


def _check_strings(name: str, config: dict[str, Any], key: str) -> None:
    value = config.get(key, {})
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise McpConfigError(_("The {key} of MCP server {name} must be an object of strings "
                               '(such as {{"NAME": "value"}}).').format(key=key, name=name))


def _target(config: dict[str, Any]) -> str:
    if "url" in config:
        return str(config.get("url"))
    parts = [str(config.get("command", ""))] + [str(a) for a in config.get("args", []) or []]
    return " ".join(parts)


def _write_json(path: Path, data: Any) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


# one running server ---------------------------------------------------------------------


class _ServerFailed(Exception):
    """Starting or talking to a server failed; the message is the user's sentence."""


@dataclass
class _Run:
    """A server's connection while it starts, runs and stops (owned by the loop)."""

    name: str
    transport: Transport
    state: State = "starting"
    error: str = ""
    tools: list[McpTool] = field(default_factory=list)
    session: Any = None
    ready: concurrent.futures.Future = field(default_factory=concurrent.futures.Future)
    done: concurrent.futures.Future | None = None
    #: set (on the loop) to end the connection; ``interrupt`` also ends a hand-shake
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    interrupt: asyncio.Event = field(default_factory=asyncio.Event)
    stopping: bool = False
    stray: str = ""
    log: Path | None = None

    def fail(self, message: str) -> None:
        self.state, self.error, self.session = "failed", message, None
        if not self.ready.done():
            self.ready.set_result(None)


class McpService:
    """The MCP servers of ``mcp.json`` at ``path``: configure, start, stop, list tools,
    call them. See the module's docstring for the file and the rules."""

    def __init__(self, path: Path, log_dir: Path | None = None,
                 start_timeout_s: float = START_TIMEOUT_S) -> None:
        self.path = Path(path)
        self.state_path = self.path.with_name(self.path.stem + "-enabled.json")
        self.log_dir = log_dir or self.path.parent / "mcp-logs"
        self.start_timeout_s = start_timeout_s
        self._lock = threading.RLock()
        self._runs: dict[str, _Run] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    @classmethod
    def for_user(cls) -> McpService:
        """The user's servers: ``mcp.json`` in Hearth's data folder (under HEARTH_HOME
        when it is set), server logs in Hearth's log folder."""
        from app.paths import get_paths

        paths = get_paths()
        return cls(paths.mcp_file, log_dir=paths.logs / "mcp")

    # the configuration -----------------------------------------------------------------

    def _document(self) -> dict[str, Any]:
        """The whole of mcp.json ({} when there is none); raises McpConfigError naming
        the file when it cannot be used (the file is left untouched)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise McpConfigError(_("{path} cannot be read: {reason}.").format(
                path=self.path, reason=exc.strerror or exc)) from None
        if not text.strip():
            return {}
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise McpConfigError(
                _("{path} is not valid JSON ({reason}). Fix the file (Hearth leaves it as "
                  "it is) and try again.").format(path=self.path, reason=exc)) from None
        if not isinstance(data, dict):
            raise McpConfigError(_("{path} must hold an object such as "
                                   '{{"mcpServers": {{...}}}}.').format(path=self.path))
        servers = data.get("mcpServers", {})
        if not isinstance(servers, dict):
            raise McpConfigError(_('In {path}, "mcpServers" must be an object of servers '
                                   "by name.").format(path=self.path))
        return data

    def _configs(self) -> dict[str, Any]:
        return dict(self._document().get("mcpServers", {}))

    def _enabled_names(self) -> set[str]:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return set()
        names = data.get("enabled", []) if isinstance(data, dict) else []
        return {n for n in names if isinstance(n, str)}

    def _save_enabled(self, names: set[str]) -> None:
        _write_json(self.state_path, {"enabled": sorted(names)})

    def _is_enabled(self, name: str, config: Any, enabled: set[str]) -> bool:
        return name in enabled and not (isinstance(config, dict) and config.get("disabled"))

    def config_of(self, name: str) -> dict[str, Any]:
        """The mcp.json entry of server ``name``; McpConfigError when there is none."""
        configs = self._configs()
        if name not in configs:
            raise McpConfigError(_("There is no MCP server named {name} in {path}.").format(
                name=repr(name), path=self.path))
        return configs[name]

    def add(self, name: str, config: dict[str, Any]) -> McpServerInfo:
        """Add (or replace) server ``name`` in mcp.json; it starts disabled."""
        check_server_config(name, config)
        with self._lock:
            document = self._document()
            servers = dict(document.get("mcpServers", {}))
            replacing = name in servers
            servers[name] = config
            document["mcpServers"] = servers
            _write_json(self.path, document)
            if replacing:
                self._stop_quietly(name)
                self._save_enabled(self._enabled_names() - {name})
        return self.info(name)

    def remove(self, name: str) -> None:
        """Stop server ``name`` and take it out of mcp.json."""
        with self._lock:
            document = self._document()
            servers = dict(document.get("mcpServers", {}))
            if name not in servers:
                raise McpConfigError(_("There is no MCP server named {name} in {path}.")
                                     .format(name=repr(name), path=self.path))
            self._stop_quietly(name)
            del servers[name]
            document["mcpServers"] = servers
            _write_json(self.path, document)
            self._save_enabled(self._enabled_names() - {name})

    def set_enabled(self, name: str, enabled: bool,
                    timeout_s: float | None = None) -> McpServerInfo:
        """Enable (and start) or disable (and stop) server ``name``."""
        with self._lock:
            config = self.config_of(name)
            names = self._enabled_names()
            if enabled:
                check_server_config(name, config)
                if isinstance(config, dict) and config.get("disabled"):
                    document = self._document()
                    entry = dict(config)
                    entry.pop("disabled", None)
                    document["mcpServers"] = {**document["mcpServers"], name: entry}
                    _write_json(self.path, document)
                self._save_enabled(names | {name})
            else:
                self._save_enabled(names - {name})
                self._stop_quietly(name)
        if enabled:
            return self.start(name, timeout_s=timeout_s)
        return self.info(name)

    # what the page shows -------------------------------------------------------------

    def servers(self) -> list[McpServerInfo]:
        """Every configured server with its state and tools, in mcp.json's order."""
        configs = self._configs()
        enabled = self._enabled_names()
        return [self._info(name, config, enabled) for name, config in configs.items()]

    def info(self, name: str) -> McpServerInfo:
        """One configured server's state."""
        return self._info(name, self.config_of(name), self._enabled_names())

    def _info(self, name: str, config: Any, enabled: set[str]) -> McpServerInfo:
        is_on = self._is_enabled(name, config, enabled)
        try:
            transport = check_server_config(name, config)
        except McpConfigError as exc:
            transport = "http" if isinstance(config, dict) and "url" in config else "stdio"
            return McpServerInfo(name, transport, is_on, "failed", str(exc),
                                 config=config if isinstance(config, dict) else {})
        with self._lock:
            run = self._runs.get(name)
            state: State = run.state if run else "off"
            error = run.error if run else ""
            tools = list(run.tools) if run and run.state == "ready" else []
        return McpServerInfo(name, transport, is_on, state, error, tools, _target(config),
                             dict(config))

    # starting and stopping -------------------------------------------------------------

    def start(self, name: str, timeout_s: float | None = None) -> McpServerInfo:
        """Start server ``name`` (it must be enabled) and wait until it is ready or has
        failed: connect, initialize, list its tools. Returns its state; a failure is
        ``state == "failed"`` with the reason in ``error``."""
        timeout = self.start_timeout_s if timeout_s is None else timeout_s
        config = self.config_of(name)
        if not self._is_enabled(name, config, self._enabled_names()):
            info = self.info(name)
            return McpServerInfo(**{**info.__dict__, "error": _(
                "The MCP server {name} is disabled: enable it first.").format(name=name)})
        transport = check_server_config(name, config)
        with self._lock:
            if self._closed:
                raise RuntimeError(_("The MCP service is closed."))
            run = self._runs.get(name)
            if run is None or run.state == "failed":
                if run is not None:
                    self._stop_quietly(name)
                run = _Run(name, transport)
                self._runs[name] = run
                loop = self._ensure_loop()
                run.done = asyncio.run_coroutine_threadsafe(
                    self._serve(run, dict(config), timeout), loop)
        try:
            run.ready.result(timeout + 15)
        except concurrent.futures.TimeoutError:
            run.fail(_("The MCP server {name} did not start within {seconds} seconds.").format(
                name=name, seconds=f"{timeout:g}"))
            self._stop_quietly(name, forget=False)
        return self.info(name)

    def stop(self, name: str) -> None:
        """Stop server ``name`` (its process ends); nothing happens if it is not running."""
        self._stop_quietly(name)

    def _stop_quietly(self, name: str, forget: bool = True) -> None:
        with self._lock:
            run = self._runs.pop(name, None) if forget else self._runs.get(name)
        if run is None:
            return
        self._signal_stop(run)
        if run.done is not None:
            try:
                run.done.result(20)
            except (concurrent.futures.TimeoutError, concurrent.futures.CancelledError):
                run.done.cancel()
            except Exception:  # noqa: BLE001  (already recorded in run.error)
                pass

    def _signal_stop(self, run: _Run) -> None:
        """Ask ``run``'s connection to end (a hand-shake in progress is abandoned); the
        transport then closes and the server's process ends."""
        run.stopping = True
        loop = self._loop
        if loop is None or loop.is_closed():
            return

        def stop() -> None:
            run.stop_event.set()
            run.interrupt.set()

        try:
            loop.call_soon_threadsafe(stop)
        except RuntimeError:
            pass

    def close(self) -> None:
        """Stop every server (no process is left behind) and the service's loop."""
        with self._lock:
            self._closed = True
            runs = list(self._runs.values())
            self._runs.clear()
        for run in runs:
            self._signal_stop(run)
        for run in runs:
            if run.done is not None:
                try:
                    run.done.result(20)
                except Exception:  # noqa: BLE001  (stopping: nothing left to report)
                    run.done.cancel()
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            if not thread.is_alive():
                loop.close()
        self._loop = self._thread = None

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            loop = asyncio.new_event_loop()
            ready = threading.Event()

            def run() -> None:
                asyncio.set_event_loop(loop)
                loop.call_soon(ready.set)
                loop.run_forever()

            self._thread = threading.Thread(target=run, name="hearth-mcp", daemon=True)
            self._thread.start()
            ready.wait()
            self._loop = loop
        return self._loop

    # tools -----------------------------------------------------------------------------

    def exposed_tools(self, names: list[str] | tuple[str, ...],
                      timeout_s: float | None = None) -> list[ExposedTool]:
        """The tools of the enabled servers among ``names`` (started if they are not
        running), named uniquely for the model (see the module's docstring). A server
        that fails to start contributes nothing; :meth:`servers` says why."""
        configs = self._configs()
        enabled = self._enabled_names()
        found: list[tuple[str, McpTool]] = []
        for name in dict.fromkeys(names):
            if name not in configs or not self._is_enabled(name, configs[name], enabled):
                continue
            with self._lock:
                run = self._runs.get(name)
            if run is None or run.state in ("failed", "starting"):
                self.start(name, timeout_s)
                with self._lock:
                    run = self._runs.get(name)
            if run is not None and run.state == "ready":
                found.extend((name, tool) for tool in run.tools)
        return _exposed(found)

    def tools_for(self, names: list[str] | tuple[str, ...],
                  timeout_s: float | None = None) -> list[tuple[str, ToolSpec]]:
        """(server name, ToolSpec) of every tool the model may call from ``names``."""
        return [(t.server, t.spec) for t in self.exposed_tools(names, timeout_s)]

    def call(self, server: str, tool: str, arguments: dict[str, Any],
             timeout_s: float = CALL_TIMEOUT_S,
             cancel: CancelToken | None = None) -> McpCallResult:
        """Call ``tool`` (its own name) of ``server``; never raises for what the server
        does: a failure is ``ok`` False with a sentence in ``content``."""
        started = time.monotonic()

        def result(ok: bool, content: str) -> McpCallResult:
            return McpCallResult(ok, content, time.monotonic() - started)

        with self._lock:
            run = self._runs.get(server)
        if run is None or run.state != "ready":
            try:
                info = self.start(server)
            except McpConfigError as exc:
                return result(False, str(exc))
            if info.state != "ready":
                return result(False, info.error or _("The MCP server {name} is not running.")
                              .format(name=server))
            with self._lock:
                run = self._runs.get(server)
            if run is None:
                return result(False, _("The MCP server {name} is not running.").format(
                    name=server))
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(
            self._call(run, tool, arguments, timeout_s), self._loop)
        deadline = time.monotonic() + timeout_s + 10
        while True:
            try:
                ok, text = future.result(0.1)
                return result(ok, text)
            except concurrent.futures.TimeoutError:
                if cancel is not None and cancel.cancelled:
                    future.cancel()
                    return result(False, _("The tool call was stopped."))
                if time.monotonic() > deadline:
                    future.cancel()
                    return result(False, _timeout_sentence(server, tool, timeout_s))
            except concurrent.futures.CancelledError:
                return result(False, _("The tool call was stopped."))

    # on the loop -----------------------------------------------------------------------

    async def _serve(self, run: _Run, config: dict[str, Any], timeout_s: float) -> None:
        """Connect, hand-shake, list tools, then hold the connection until stopped."""
        try:
            async with AsyncExitStack() as stack:
                session = await self._connect(stack, run, config)
                tools = await self._handshake(session, run, timeout_s)
                run.tools, run.session, run.state, run.error = tools, session, "ready", ""
                if not run.ready.done():
                    run.ready.set_result(None)
                await run.stop_event.wait()
                run.session = None
        except asyncio.CancelledError:
            run.fail(run.error or _("The MCP server {name} was stopped while starting.").format(
                name=run.name))
            raise
        except Exception as exc:  # noqa: BLE001  (anything the SDK raises becomes a sentence)
            failed = _find(exc, _ServerFailed)
            run.fail(str(failed) if failed else self._failure_sentence(run, config, exc))
        else:
            if run.state == "ready":
                run.state = "off"

    async def _connect(self, stack: AsyncExitStack, run: _Run, config: dict[str, Any]) -> Any:
        from mcp import ClientSession

        if run.transport == "stdio":
            read, write = await stack.enter_async_context(self._stdio(run, config))
        else:
            from mcp.client.streamable_http import streamable_http_client
            from mcp.shared._httpx_utils import create_mcp_http_client

            client = await stack.enter_async_context(
                create_mcp_http_client(headers=dict(config.get("headers") or {})))
            read, write = await stack.enter_async_context(
                streamable_http_client(str(config["url"]), http_client=client))

        async def on_message(message: Any) -> None:
            if isinstance(message, Exception):
                self._note_stray(run, message)

        return await stack.enter_async_context(
            ClientSession(read, write, message_handler=on_message))

    def _stdio(self, run: _Run, config: dict[str, Any]) -> Any:
        from mcp import StdioServerParameters, stdio_client

        command = str(config["command"])
        if shutil.which(command) is None:
            raise _ServerFailed(
                _("The MCP server {name} cannot start: the command {command} was not found. "
                  "Install it, or give its full path in mcp.json.").format(
                      name=run.name, command=repr(command)))
        cwd = config.get("cwd")
        if cwd and not Path(cwd).is_dir():
            raise _ServerFailed(_("The MCP server {name} cannot start: its folder (cwd) "
                                  "{cwd} does not exist.").format(name=run.name, cwd=cwd))
        self.log_dir.mkdir(parents=True, exist_ok=True)
        run.log = self.log_dir / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', run.name)}.log"
        errlog = open(run.log, "w", encoding="utf-8")  # noqa: SIM115  (closed with the stack)
        params = StdioServerParameters(command=command, args=list(config.get("args") or []),
                                       env=dict(config.get("env") or {}) or None, cwd=cwd,
                                       encoding_error_handler="replace")
        return _closing_log(stdio_client(params, errlog=errlog), errlog)

    async def _handshake(self, session: Any, run: _Run, timeout_s: float) -> list[McpTool]:
        """initialize + tools/list within ``timeout_s``; a server that writes what is not
        MCP fails at once."""
        import anyio

        interrupt = run.interrupt
        tools: list[McpTool] | None = None
        async with anyio.create_task_group() as group:

            async def watch() -> None:
                await interrupt.wait()
                group.cancel_scope.cancel()

            group.start_soon(watch)
            try:
                with anyio.fail_after(timeout_s):
                    await session.initialize()
                    tools = await _list_tools(session)
            except TimeoutError:
                raise _ServerFailed(self._late_sentence(run, timeout_s)) from None
            group.cancel_scope.cancel()
        if tools is None:
            if run.stopping:
                raise _ServerFailed(_("The MCP server {name} was stopped while starting.")
                                    .format(name=run.name))
            raise _ServerFailed(self._stray_sentence(run))
        return tools

    async def _call(self, run: _Run, tool: str, arguments: dict[str, Any],
                    timeout_s: float) -> tuple[bool, str]:
        import anyio
        from mcp import MCPError

        session = run.session
        if session is None:
            return False, _("The MCP server {name} is not running.").format(name=run.name)
        log_from = _size(run.log)
        try:
            with anyio.fail_after(timeout_s):
                result = await session.call_tool(tool, arguments)
        except TimeoutError:
            return False, _timeout_sentence(run.name, tool, timeout_s)
        except MCPError as exc:
            if _connection_closed(exc):
                run.fail(self._died_sentence(run, tool, log_from))
                self._signal_stop(run)
                return False, run.error
            return False, _("The tool {tool} of MCP server {name} failed: {reason}").format(
                tool=tool, name=run.name, reason=exc.message)
        except Exception as exc:  # noqa: BLE001  (the SDK's own failures become a sentence)
            return False, _("The tool {tool} of MCP server {name} failed: {reason}").format(
                tool=tool, name=run.name, reason=exc)
        text = _result_text(result)
        if getattr(result, "is_error", False):
            return False, text or _("The tool {tool} of MCP server {name} reported an "
                                    "error.").format(tool=tool, name=run.name)
        return True, text

    # sentences -----------------------------------------------------------------------

    def _note_stray(self, run: _Run, exc: Exception) -> None:
        if not run.stray:
            run.stray = _stray_text(exc)
        if run.state == "starting":
            run.interrupt.set()

    def _stray_sentence(self, run: _Run) -> str:
        if run.stray:
            return _("The MCP server {name} wrote something that is not MCP on its output: "
                     "{text}. An MCP server over stdio must write only MCP messages to stdout "
                     "(logs go to stderr).").format(name=run.name, text=repr(run.stray))
        return _("The MCP server {name} wrote something that is not MCP on its output. An "
                 "MCP server over stdio must write only MCP messages to stdout (logs go to "
                 "stderr).").format(name=run.name)

    def _late_sentence(self, run: _Run, timeout_s: float) -> str:
        extra = (" " + _("It wrote: {text}.").format(text=repr(run.stray))
                 if run.stray else "")
        return (_("The MCP server {name} did not answer within {seconds} seconds of "
                  "starting.").format(name=run.name, seconds=f"{timeout_s:g}")
                + extra + self._stderr_hint(run))

    def _died_sentence(self, run: _Run, tool: str, log_from: int) -> str:
        return (_("The MCP server {name} stopped during the call to {tool}.").format(
                    name=run.name, tool=tool)
                + self._stderr_hint(run, log_from) + " "
                + _("It will be started again at the next call."))

    def _stderr_hint(self, run: _Run, log_from: int = 0) -> str:
        tail = _last_line(run.log, log_from)
        return " " + _("Its last message: {tail}").format(tail=tail) if tail else ""

    def _failure_sentence(self, run: _Run, config: dict[str, Any], exc: Exception) -> str:
        inner = _innermost(exc)
        if run.transport == "http":
            return _("The MCP server {name} at {url} could not be reached: {reason}. Check "
                     "the URL and that the server is running.").format(
                         name=run.name, url=config.get("url"), reason=inner)
        if isinstance(inner, OSError):
            return _("The MCP server {name} cannot start: {reason}.").format(
                name=run.name, reason=inner)
        tail = _last_line(run.log)
        if tail:
            return _("The MCP server {name} exited before it was ready. Its last message: "
                     "{tail}").format(name=run.name, tail=tail)
        return _("The MCP server {name} exited before it was ready ({reason}). Check its "
                 "command: {command}").format(name=run.name,
                                              reason=inner or type(inner).__name__,
                                              command=_target(config))


def _closing_log(context: Any, log: Any) -> Any:
    """``context`` that also closes the server's stderr log when it ends."""
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def wrapped() -> Any:
        try:
            async with context as streams:
                yield streams
        finally:
            log.close()

    return wrapped()


async def _list_tools(session: Any) -> list[McpTool]:
    tools: list[McpTool] = []
    cursor = None
    for _page in range(100):
        if cursor is None:
            listed = await session.list_tools()
        else:
            from mcp.types import PaginatedRequestParams

            listed = await session.list_tools(params=PaginatedRequestParams(cursor=cursor))
        for tool in listed.tools:
            schema = tool.input_schema if isinstance(tool.input_schema, dict) else {}
            tools.append(McpTool(tool.name, tool.description or "", dict(schema)))
        cursor = listed.next_cursor
        if not cursor:
            break
    return tools


def _exposed(found: list[tuple[str, McpTool]]) -> list[ExposedTool]:
    """Unique, valid names for the model (see the module's docstring)."""
    counts: dict[str, int] = {}
    for _server, tool in found:
        counts[tool.name] = counts.get(tool.name, 0) + 1
    out: list[ExposedTool] = []
    taken: set[str] = set()
    for server, tool in found:
        name = tool.name if counts[tool.name] == 1 else f"{server}_{tool.name}"
        name = _TOOL_NAME_BAD.sub("_", name)[:128] or "tool"
        base, n = name, 2
        while name in taken:
            suffix = f"_{n}"
            name, n = base[:128 - len(suffix)] + suffix, n + 1
        spec = ToolSpec(name, tool.description, _closed_schema(tool.input_schema))
        try:
            parse_tools([spec.openai()])
        except ConstraintError:
            continue  # a schema the constraint compiler cannot follow: not offered
        taken.add(name)
        out.append(ExposedTool(server, tool, spec))
    return out


def _closed_schema(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The arguments' schema as the model is held to it: no properties beyond those the
    tool declares (a constrained small model otherwise invents some), unless the schema
    says otherwise."""
    if not schema:
        return None
    if schema.get("type") == "object" and "additionalProperties" not in schema \
            and isinstance(schema.get("properties"), dict):
        return {**schema, "additionalProperties": False}
    return schema


def _result_text(result: Any) -> str:
    """The text of a CallToolResult's content blocks (other kinds named, not dropped)."""
    pieces: list[str] = []
    for block in getattr(result, "content", None) or []:
        kind = getattr(block, "type", "")
        if kind == "text":
            pieces.append(block.text)
        elif kind == "resource" and hasattr(getattr(block, "resource", None), "text"):
            pieces.append(block.resource.text)
        elif kind in ("image", "audio"):
            pieces.append(f"[{kind}: {getattr(block, 'mime_type', '') or 'binary'}]")
        elif kind == "resource_link":
            pieces.append(f"[resource: {getattr(block, 'uri', '')}]")
        else:
            pieces.append(f"[{kind or 'content'}]")
    text = "\n".join(pieces)
    if not text and getattr(result, "structured_content", None) is not None:
        text = json.dumps(result.structured_content, ensure_ascii=False)
    if len(text) > MAX_RESULT_CHARS:
        text = text[:MAX_RESULT_CHARS] + f"\n[… cut at {MAX_RESULT_CHARS:,} characters]"
    return text


def _timeout_sentence(server: str, tool: str, timeout_s: float) -> str:
    return _("The tool {tool} of MCP server {name} did not answer within {seconds} seconds; "
             "the call was abandoned.").format(tool=tool, name=server, seconds=f"{timeout_s:g}")


def _connection_closed(exc: Any) -> bool:
    from mcp_types import CONNECTION_CLOSED

    return getattr(exc, "code", None) == CONNECTION_CLOSED


def _stray_text(exc: Exception) -> str:
    match = re.search(r"input_value='((?:[^'\\]|\\.)*)'", str(exc))
    text = match.group(1) if match else str(exc).splitlines()[0] if str(exc) else ""
    return text[:120]


def _innermost(exc: BaseException) -> BaseException:
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _find(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """The first ``kind`` in ``exc`` or the exception groups around it."""
    if isinstance(exc, kind):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = _find(inner, kind)
            if found is not None:
                return found
    return None


def _size(path: Path | None) -> int:
    try:
        return path.stat().st_size if path is not None else 0
    except OSError:
        return 0


def _last_line(path: Path | None, start: int = 0) -> str:
    """The last line the server wrote to stderr (after byte ``start``)."""
    if path is None:
        return ""
    try:
        with open(path, "rb") as f:
            f.seek(start)
            text = f.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1][:300] if lines else ""


class _QuietParseErrors(logging.Filter):
    """The SDK logs a traceback for every line a server writes that is not MCP; Hearth
    reports it once, in a sentence (McpServerInfo.error)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to parse JSONRPC message")


logging.getLogger("mcp.client.stdio").addFilter(_QuietParseErrors())
