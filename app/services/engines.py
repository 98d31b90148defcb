"""Engines as the fronts see them: what is here and why, choosing and switching, installing
into an environment, pointing Hearth at an environment that exists, remote endpoints, and
the machine's facts for ``hearth doctor``.

The window's Engines page, ``hearth engines`` and ``hearth doctor`` call only this (and
value types of :mod:`app.engines.base`); everything reads the engine registry
(:mod:`app.engines.registry`).
"""

from __future__ import annotations

import importlib.util
import platform
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.engines import registry
from app.engines.base import EngineError, LoadReport, Progress
from app.engines.envs import EnvCheck
from app.engines.hardware import Hardware
from app.engines.registry import EngineEntry, EngineSpec
from app.engines.remotes import Remote
from app.engines.select import Choice
from app.engines.targets import AUTO, EngineTarget

if TYPE_CHECKING:
    from app.services.runtime import Runtime

__all__ = ["AUTO", "Choice", "EngineEntry", "EngineSpec", "EngineTarget", "EnvCheck",
           "Progress", "RemoteRow", "Survey", "add_remote", "choices", "choose_for",
           "clear_env", "detect_hardware", "doctor_report", "engine_label", "env_engines",
           "install", "installable", "list_engines", "worker_labels", "list_remotes", "remove_remote",
           "set_env", "survey", "switch", "targets_for", "use"]


# ---------------------------------------------------------------------------- what is here


@dataclass(frozen=True)
class Survey:
    """This machine and every engine's row, as the Engines page shows them."""

    hardware: Hardware
    entries: list[EngineEntry]


def detect_hardware() -> Hardware:
    """CPU, RAM and accelerators of this machine (probes tools and NVML: not for the GUI
    thread)."""
    from app.engines.hardware import detect

    return detect()


def list_engines(hardware: Hardware | None = None, probe_ollama: bool = True) -> list[EngineEntry]:
    """Every engine Hearth knows, found or not, its version, and why it can or cannot run."""
    from app.engines.inventory import inventory

    return inventory(hardware or detect_hardware(), probe_ollama=probe_ollama)


def survey() -> Survey:
    """The hardware and the inventory together (one probe of each)."""
    hardware = detect_hardware()
    return Survey(hardware, list_engines(hardware))


def targets_for(entry: EngineEntry) -> list[EngineTarget]:
    """What "Use" on a row can switch to (one per Ollama model; none when not found)."""
    from app.engines.inventory import targets_for as targets

    return targets(entry)


def choices() -> tuple[str, ...]:
    """What ``hearth engines use`` takes: 'auto' and every selectable engine."""
    from app.engines.targets import choices as all_choices

    return all_choices()


def engine_label(name: str) -> str:
    return registry.label(name)


def installable() -> tuple[str, ...]:
    """The engines ``hearth engines install`` can put in an environment of their own."""
    return tuple(spec.name for spec in registry.installable())


def env_engines() -> tuple[str, ...]:
    """The engines that live in a Python environment of their own (``engines env set``)."""
    return tuple(spec.name for spec in registry.with_env())


def declared() -> list[dict[str, Any]]:
    """Every engine's declaration as plain data."""
    return [registry.describe(spec) for spec in registry.engines()]


# ---------------------------------------------------------------------------- choosing


def use(engine: str, remote: str | None = None, model: str | None = None) -> EngineTarget:
    """Save ``engine`` (or 'auto') as what runs chats from the next start; EngineError when
    it is not one Hearth knows, or names a remote endpoint that does not exist."""
    from app.engines.remotes import load_config
    from app.engines.targets import save_target

    target = EngineTarget(engine, remote, model)
    if remote and remote not in load_config().remotes:
        raise EngineError(f"No remote endpoint named {remote!r} (hearth engines remotes).")
    save_target(target)
    return target


def switch(runtime: Runtime, target: EngineTarget) -> LoadReport:
    """Run the chat on ``target`` now (the window's "Use"): the old engine is released, the
    new one started with the same model; EngineSwitchError says why when it cannot."""
    return runtime.switch(target)


def choose_for(model: Path, pinned: str = "auto", fmt: str | None = None) -> Choice:
    """Which engine Hearth would use for ``model`` here, and why (``hearth engines choose``)."""
    from app.engines.inventory import devices, installed
    from app.engines.select import ModelInfo, Situation, choose

    hw = detect_hardware()
    entries = list_engines(hw, probe_ollama=fmt == "ollama")
    fmt = fmt or ("hf" if model.is_dir() else "gguf" if model.suffix == ".gguf" else "ollama")
    size = (sum(p.stat().st_size for p in model.rglob("*") if p.is_file()) if model.is_dir()
            else model.stat().st_size if model.exists() else 0)
    return choose(Situation(hw, ModelInfo(model.name, fmt, size), installed(entries), pinned,
                            devices=devices(entries)))


# ---------------------------------------------------------------------------- environments


def install(engine: str, packages: tuple[str, ...] = (), python: str | None = None
            ) -> Iterator[Progress]:
    """Create ``engine``'s own environment and pip-install it there, yielding progress; the
    environment is then remembered. EngineError says what went wrong."""
    from app.engines.envs import env_dir, env_python, find_base_python
    from app.engines.envs import install as run_install
    from app.engines.remotes import set_engine_env
    from app.settings import SettingsError, load_settings

    try:
        setting = load_settings().engines_python
    except SettingsError as exc:
        raise EngineError(str(exc)) from exc
    base = None if env_python(env_dir(engine)).exists() else find_base_python(python, setting)
    yield from run_install(engine, packages=packages or None, base=base)
    set_engine_env(engine, env_dir(engine))
    yield Progress("done", 1.0, f"{engine} is installed in {env_dir(engine)}")


def set_env(engine: str, path: Path) -> EnvCheck:
    """Use the environment at ``path`` (its folder or its python) for ``engine``, after
    checking that its python runs and the engine imports there; EngineError says what to
    do when it is not an environment for that engine."""
    from app.engines.envs import check_env
    from app.engines.remotes import set_engine_env

    checked = check_env(engine, Path(path))
    set_engine_env(engine, checked.env_dir)
    return checked


def clear_env(engine: str) -> bool:
    """Forget the environment set for ``engine`` (Hearth's own place is used again);
    False when none was set."""
    from app.engines.remotes import load_config, save_config

    if registry.get(engine) is None:
        raise EngineError(f"Hearth has no engine called {engine!r}.")
    config = load_config()
    if config.envs.pop(engine, None) is None:
        return False
    save_config(config)
    return True


# ---------------------------------------------------------------------------- remotes


@dataclass(frozen=True)
class RemoteRow:
    name: str
    base_url: str
    model: str | None
    has_key: bool


def add_remote(name: str, url: str, api_key: str | None = None,
               model: str | None = None) -> Remote:
    """Save an OpenAI-compatible endpoint; its key goes to the OS keyring."""
    from app.engines.remotes import add_remote as add

    return add(name, url, api_key, model)


def remove_remote(name: str) -> bool:
    """Forget an endpoint and its key; False when there was none of that name."""
    from app.engines.remotes import remove_remote as remove

    return remove(name)


def list_remotes() -> list[RemoteRow]:
    """The endpoints (whether a key is kept, never the key)."""
    from app.engines.remotes import api_key, load_config

    return [RemoteRow(r.name, r.base_url, r.model, bool(api_key(r.name)))
            for r in load_config().remotes.values()]


# ---------------------------------------------------------------------------- doctor


def doctor_report() -> dict[str, Any]:
    """Everything ``hearth doctor`` prints: versions, paths, every engine (from the
    registry: found or not, where, version, why) and the hardware."""
    from app import __version__
    from app.paths import get_paths

    paths = get_paths()
    hw = detect_hardware()
    engines = {(f"{e.engine}:{e.name}" if e.name else e.engine):
               {"found": e.found, "version": e.version, "where": e.where, "usable": e.usable,
                "why": e.why}
               for e in list_engines(hw)}
    return {
        "hearth": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "paths": {k: str(getattr(paths, k)) for k in ("data", "models", "logs", "cache", "config")},
        "engines": engines,
        "clients": {name: importlib.util.find_spec(module) is not None
                    for name, module in (("ollama client", "ollama"), ("openai client", "openai"))},
        "hardware": hw.as_dict(),
        "window": _window_check(),
        "llama_cpp_system_info": _llama_system_info(),
    }


def _window_check() -> dict[str, Any]:
    """The system libraries the window needs (Linux): ok, or what to install."""
    from app.services.system import check_window_libraries

    libraries = check_window_libraries()
    return {"status": libraries.sentence(), **libraries.as_dict()}


def _llama_system_info() -> str | None:
    if importlib.util.find_spec("llama_cpp") is None:
        return None
    import llama_cpp

    return llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip()


def worker_labels() -> str:
    """'vLLM, LMDeploy, TensorRT-LLM or SGLang': the workers the automatic choice may start."""
    return registry.worker_labels()
