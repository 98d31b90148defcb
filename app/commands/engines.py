"""``hearth engines ...``: list engines, install a GPU engine, choose, manage remote endpoints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from app.engines.base import EngineError


@click.group()
def engines() -> None:
    """Inference engines: what is installed, what Hearth would choose, remote endpoints."""


@engines.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--no-ollama", is_flag=True, help="Do not ask the Ollama daemon.")
def list_engines(as_json: bool, no_ollama: bool) -> None:
    """Every engine: found or not, version, and why it can or cannot run here."""
    from dataclasses import asdict

    from app.engines.hardware import detect
    from app.engines.inventory import inventory

    entries = inventory(detect(), probe_ollama=not no_ollama)
    if as_json:
        click.echo(json.dumps([asdict(e) for e in entries], indent=2))
        return
    for e in entries:
        mark = "usable" if e.usable else ("found" if e.found else "missing")
        name = f"{e.engine}:{e.name}" if e.name else e.engine
        click.echo(f"{name:<16} {mark:<8} {e.version or '-':<12} {e.why}")


@engines.command()
@click.argument("engine", type=click.Choice(["auto", "llama.cpp", "ollama", "vllm", "lmdeploy",
                                             "tensorrt-llm", "llama-cpp-server", "remote"]))
@click.option("--remote", "remote", default=None, help="The endpoint, for ENGINE remote.")
@click.option("--model", default=None, help="The model's name in Ollama or on the endpoint.")
def use(engine: str, remote: str | None, model: str | None) -> None:
    """Run chats on ENGINE from now on, or 'auto' to let Hearth choose for each model (the
    window's Engines page does the same)."""
    from app.engines.remotes import load_config
    from app.engines.targets import EngineTarget, save_target

    try:
        target = EngineTarget(engine, remote, model)
        if remote and remote not in load_config().remotes:
            raise EngineError(f"No remote endpoint named {remote!r} (hearth engines remotes).")
        save_target(target)
    except EngineError as exc:
        raise click.ClickException(str(exc)) from exc
    if target.is_auto:
        click.echo("Hearth chooses the engine for each model again: Ollama for models from "
                   "its store when the daemon runs, a GPU worker when one is installed and the "
                   "model fits, else llama.cpp in-process. 'hearth engines choose MODEL' says "
                   "which and why.")
        return
    click.echo(f"Chats now run on {target.label}; it starts with the next chat. If it "
               "cannot start, llama.cpp in-process runs the chat and says why.")


@engines.command()
@click.argument("engine", type=click.Choice(["vllm", "lmdeploy", "tensorrt-llm"]))
@click.option("--package", "packages", multiple=True,
              help="Install this instead (a pinned version or a wheel file).")
@click.option("--python", "python", default=None, metavar="PATH",
              help="Python 3.10-3.12 to build the environment with (default: the "
                   "engines_python setting, else one found on PATH).")
def install(engine: str, packages: tuple[str, ...], python: str | None) -> None:
    """Create a separate Python environment for ENGINE and install it there."""
    from app.engines.envs import env_dir, env_python, find_base_python
    from app.engines.envs import install as run_install
    from app.engines.remotes import set_engine_env
    from app.settings import SettingsError, load_settings

    try:
        setting = load_settings().engines_python
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        base = None if env_python(env_dir(engine)).exists() else find_base_python(python, setting)
        for event in run_install(engine, packages=packages or None, base=base):
            click.echo(f"[{event.stage}] {event.message}")
    except EngineError as exc:
        raise click.ClickException(str(exc)) from exc
    set_engine_env(engine, env_dir(engine))
    click.echo(f"{engine} is installed in {env_dir(engine)}")


@engines.command()
@click.argument("model", type=click.Path(path_type=Path))
@click.option("--engine", "pinned", default="auto", help="Pin an engine (default: auto).")
@click.option("--format", "fmt", type=click.Choice(["gguf", "hf", "trt-engine", "ollama"]),
              default=None, help="Model format (default: from the path).")
def choose(model: Path, pinned: str, fmt: str | None) -> None:
    """Say which engine Hearth would use for MODEL, and why."""
    from app.engines.hardware import detect
    from app.engines.inventory import installed, inventory
    from app.engines.select import ModelInfo, Situation
    from app.engines.select import choose as pick

    hw = detect()
    entries = inventory(hw, probe_ollama=fmt == "ollama")
    fmt = fmt or ("hf" if model.is_dir() else "gguf" if model.suffix == ".gguf" else "ollama")
    size = (sum(p.stat().st_size for p in model.rglob("*") if p.is_file()) if model.is_dir()
            else model.stat().st_size if model.exists() else 0)
    choice = pick(Situation(hw, ModelInfo(model.name, fmt, size), installed(entries), pinned))
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
    from app.engines.remotes import add_remote as add

    if api_key is None and not no_key:
        api_key = click.prompt("API key (empty for none)", default="", hide_input=True,
                               show_default=False) or None
    try:
        remote = add(name, url, api_key, model)
    except EngineError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Added {remote.name}: {remote.base_url}" + (" (key in keyring)" if api_key else ""))


@engines.command("remotes")
def list_remotes() -> None:
    """List remote endpoints (keys are never printed)."""
    from app.engines.remotes import api_key, load_config

    for remote in load_config().remotes.values():
        key = "key set" if api_key(remote.name) else "no key"
        click.echo(f"{remote.name:<16} {remote.base_url}  {remote.model or ''}  ({key})")


@engines.command("remove-remote")
@click.argument("name")
def remove_remote(name: str) -> None:
    """Forget endpoint NAME and its key."""
    from app.engines.remotes import remove_remote as remove

    if not remove(name):
        raise click.ClickException(f"No remote endpoint named {name!r}.")
    click.echo(f"Removed {name}")
