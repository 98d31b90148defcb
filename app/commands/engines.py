"""``hearth engines ...``: list engines, install one or point at an environment that
exists, choose, manage remote endpoints. Every engine name comes from the registry,
through :mod:`app.services.engines`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from app.engines.base import EngineError
from app.services import engines as service


class RegistryChoice(click.Choice):
    """A choice of engine names read from the registry when asked (an engine registered
    after this module was imported is offered too)."""

    def __init__(self, read) -> None:
        self._read = read
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        return tuple(self._read())

    @choices.setter
    def choices(self, value) -> None:
        pass  # always read from the registry


@click.group()
def engines() -> None:
    """Inference engines: what is installed, what Hearth would choose, remote endpoints."""


@engines.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--no-ollama", is_flag=True, help="Do not ask the Ollama daemon.")
def list_engines(as_json: bool, no_ollama: bool) -> None:
    """Every engine: found or not, version, and why it can or cannot run here."""
    from dataclasses import asdict

    entries = service.list_engines(probe_ollama=not no_ollama)
    if as_json:
        click.echo(json.dumps([asdict(e) for e in entries], indent=2))
        return
    for e in entries:
        mark = "usable" if e.usable else ("found" if e.found else "missing")
        name = f"{e.engine}:{e.name}" if e.name else e.engine
        click.echo(f"{name:<16} {mark:<8} {e.version or '-':<12} {e.why}")


@engines.command()
@click.argument("engine", type=RegistryChoice(service.choices))
@click.option("--remote", "remote", default=None, help="The endpoint, for ENGINE remote.")
@click.option("--model", default=None, help="The model's name in Ollama or on the endpoint.")
def use(engine: str, remote: str | None, model: str | None) -> None:
    """Run chats on ENGINE from now on, or 'auto' to let Hearth choose for each model (the
    window's Engines page does the same)."""
    try:
        target = service.use(engine, remote, model)
    except EngineError as exc:
        raise click.ClickException(str(exc)) from exc
    if target.is_auto:
        click.echo("Hearth chooses the engine for each model again: Ollama for models from "
                   "its store when the daemon runs, a worker engine when one is installed and "
                   "can carry the model, else llama.cpp in-process. 'hearth engines choose "
                   "MODEL' says which and why.")
        return
    click.echo(f"Chats now run on {target.label}; it starts with the next chat. If it "
               "cannot start, llama.cpp in-process runs the chat and says why.")


@engines.command()
@click.argument("engine", type=RegistryChoice(service.installable))
@click.option("--package", "packages", multiple=True,
              help="Install this instead (a pinned version or a wheel file).")
@click.option("--python", "python", default=None, metavar="PATH",
              help="Python 3.10-3.12 to build the environment with (default: the "
                   "engines_python setting, else one found on PATH).")
def install(engine: str, packages: tuple[str, ...], python: str | None) -> None:
    """Create a separate Python environment for ENGINE and install it there."""
    try:
        for event in service.install(engine, packages, python):
            click.echo(f"[{event.stage}] {event.message}")
    except EngineError as exc:
        raise click.ClickException(str(exc)) from exc


@engines.group("env")
def env() -> None:
    """Point Hearth at a Python environment that already holds an engine."""


@env.command("set")
@click.argument("engine", type=RegistryChoice(service.env_engines))
@click.argument("path", type=click.Path(path_type=Path))
def env_set(engine: str, path: Path) -> None:
    """Use the environment at PATH (its folder, or its python) for ENGINE, after checking
    that its python runs and ENGINE imports there."""
    click.echo(f"Checking {path} for {service.engine_label(engine)}…")
    try:
        checked = service.set_env(engine, path)
    except EngineError as exc:
        raise click.ClickException(str(exc)) from exc
    build = " (CPU build: runs on the CPU)" if checked.cpu_build else ""
    click.echo(f"{service.engine_label(engine)} {checked.version or '(version unknown)'}{build} "
               f"in {checked.env_dir} (Python {checked.python_version}) will be used from now "
               "on. 'hearth engines list' shows whether it can run here.")


@env.command("clear")
@click.argument("engine", type=RegistryChoice(service.env_engines))
def env_clear(engine: str) -> None:
    """Forget the environment set for ENGINE (Hearth's own place is used again)."""
    if service.clear_env(engine):
        click.echo(f"Forgot the environment for {service.engine_label(engine)}.")
    else:
        click.echo(f"No environment was set for {service.engine_label(engine)}.")


@engines.command()
@click.argument("model", type=click.Path(path_type=Path))
@click.option("--engine", "pinned", default="auto", help="Pin an engine (default: auto).")
@click.option("--format", "fmt", type=click.Choice(["gguf", "hf", "trt-engine", "ollama"]),
              default=None, help="Model format (default: from the path).")
def choose(model: Path, pinned: str, fmt: str | None) -> None:
    """Say which engine Hearth would use for MODEL, and why."""
    choice = service.choose_for(model, pinned, fmt)
    click.echo(choice.reason)
    if choice.engine is None:
        sys.exit(1)


@engines.command("add-remote")
@click.argument("name")
@click.argument("url")
@click.option("--model", default=None, help="Model name on that server.")
@click.option("--api-key", default=None, help="API key (prompted, hidden, when omitted).")
@click.option("--no-key", is_flag=True, help="The server needs no key.")
def add_remote(name: str, url: str, model: str | None, api_key: str | None,
               no_key: bool) -> None:
    """Add an OpenAI-compatible endpoint NAME at URL; the key goes to the OS keyring."""
    if api_key is None and not no_key:
        api_key = click.prompt("API key (empty for none)", default="", hide_input=True,
                               show_default=False) or None
    try:
        remote = service.add_remote(name, url, api_key, model)
    except EngineError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Added {remote.name}: {remote.base_url}" + (" (key in keyring)" if api_key else ""))


@engines.command("remotes")
def list_remotes() -> None:
    """List remote endpoints (keys are never printed)."""
    for remote in service.list_remotes():
        key = "key set" if remote.has_key else "no key"
        click.echo(f"{remote.name:<16} {remote.base_url}  {remote.model or ''}  ({key})")


@engines.command("remove-remote")
@click.argument("name")
def remove_remote(name: str) -> None:
    """Forget endpoint NAME and its key."""
    if not service.remove_remote(name):
        raise click.ClickException(f"No remote endpoint named {name!r}.")
    click.echo(f"Removed {name}")
