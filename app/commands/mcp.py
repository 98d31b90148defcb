"""``hearth mcp list|add|remove|enable|disable|tools``: the MCP servers Hearth may use.

Servers live in ``mcp.json`` in Hearth's data folder (the format LM Studio, Cursor and
Claude Desktop use); a server added here stays off until ``hearth mcp enable NAME``.
"""

from __future__ import annotations

import json

import click

from app.services.mcp import McpConfigError, McpServerInfo, McpService


def _pairs(values: tuple[str, ...], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{value!r} is not {what}=VALUE.")
        out[key] = rest
    return out


def _describe(info: McpServerInfo) -> str:
    state = info.state if info.enabled else "disabled"
    tools = f", {len(info.tools)} tools" if info.state == "ready" else ""
    line = f"{info.name}  [{state}{tools}]  {info.transport}: {info.target}"
    return line + (f"\n    {info.error}" if info.error else "")


def _service() -> McpService:
    return McpService.for_user()


@click.group()
def mcp() -> None:
    """MCP servers whose tools a conversation may call (each call asks you first)."""


@mcp.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_servers(as_json) -> None:
    """The configured servers: name, enabled or not, how Hearth reaches them."""
    service = _service()
    try:
        servers = service.servers()
    except McpConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        service.close()
    if as_json:
        click.echo(json.dumps([{"name": s.name, "transport": s.transport, "enabled": s.enabled,
                                "target": s.target, "error": s.error} for s in servers],
                              indent=2))
        return
    if not servers:
        click.echo(f"No MCP servers yet. Add one with `hearth mcp add NAME --command ...` "
                   f"or edit {service.path}.")
    for info in servers:
        click.echo(_describe(info))


@mcp.command("add")
@click.argument("name")
@click.option("--command", "command", default=None, help="The program that runs the server "
              "(spoken to over stdio).")
@click.option("--arg", "args", multiple=True, help="An argument of the command (repeat).")
@click.option("--env", "env", multiple=True, help="NAME=VALUE in the server's environment "
              "(repeat).")
@click.option("--cwd", default=None, help="The folder the command runs in.")
@click.option("--url", default=None, help="A Streamable HTTP endpoint instead of a command.")
@click.option("--header", "headers", multiple=True, help="NAME=VALUE sent to a --url server "
              "(repeat).")
def add(name, command, args, env, cwd, url, headers) -> None:
    """Add server NAME to mcp.json (disabled until `hearth mcp enable NAME`)."""
    config: dict = {}
    if command is not None:
        config["command"] = command
        if args:
            config["args"] = list(args)
        if env:
            config["env"] = _pairs(env, "--env NAME")
        if cwd:
            config["cwd"] = cwd
    if url is not None:
        config["url"] = url
        if headers:
            config["headers"] = _pairs(headers, "--header NAME")
    service = _service()
    try:
        info = service.add(name, config)
    except McpConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        service.close()
    click.echo(f"Added {info.name} ({info.transport}: {info.target}). It is disabled: "
               f"`hearth mcp enable {info.name}` lets conversations use it.")


@mcp.command("remove")
@click.argument("name")
def remove(name) -> None:
    """Take server NAME out of mcp.json."""
    service = _service()
    try:
        service.remove(name)
    except McpConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        service.close()
    click.echo(f"Removed {name}.")


@mcp.command("enable")
@click.argument("name")
@click.option("--timeout", type=click.FloatRange(1, 600), default=30.0, show_default=True,
              help="Seconds the server may take to start.")
def enable(name, timeout) -> None:
    """Enable server NAME and start it once to check that it works."""
    service = _service()
    try:
        info = service.set_enabled(name, True, timeout_s=timeout)
    except McpConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        service.close()
    if info.state != "ready":
        raise click.ClickException(f"{name} is enabled but did not start: {info.error}")
    click.echo(f"Enabled {name}: {len(info.tools)} tools "
               f"({', '.join(t.name for t in info.tools)}).")


@mcp.command("disable")
@click.argument("name")
def disable(name) -> None:
    """Disable server NAME: no conversation starts it."""
    service = _service()
    try:
        service.set_enabled(name, False)
    except McpConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        service.close()
    click.echo(f"Disabled {name}.")


@mcp.command("tools")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (with input schemas).")
@click.option("--timeout", type=click.FloatRange(1, 600), default=30.0, show_default=True,
              help="Seconds the server may take to start.")
def tools(name, as_json, timeout) -> None:
    """Start server NAME (it must be enabled) and list its tools."""
    service = _service()
    try:
        info = service.info(name)
        if not info.enabled:
            raise click.ClickException(f"{name} is disabled; `hearth mcp enable {name}` first.")
        info = service.start(name, timeout_s=timeout)
    except McpConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        service.close()
    if info.state != "ready":
        raise click.ClickException(info.error or f"{name} did not start.")
    if as_json:
        click.echo(json.dumps([{"name": t.name, "description": t.description,
                                "input_schema": t.input_schema} for t in info.tools], indent=2))
        return
    for tool in info.tools:
        click.echo(f"{tool.name}: {tool.description}" if tool.description else tool.name)
