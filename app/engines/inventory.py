"""Which engines this machine has, their versions, and whether each can run here and why.

This is what ``hearth engines list`` prints and the Engines page shows; its ``installed``
mapping feeds :func:`app.engines.select.choose`. Every row comes from the registry: a
worker is found as its declaration says (:func:`app.engines.workers.find_engine`), the
others by their declaration's ``probe``.
"""

from __future__ import annotations

from pathlib import Path

from app.engines import envs, registry
from app.engines.hardware import Hardware
from app.engines.registry import EngineEntry, EngineSpec
from app.engines.remotes import EngineConfig, load_config
from app.engines.targets import EngineTarget
from app.engines.workers import EngineInstall, find_engine

__all__ = ["EngineEntry", "installed", "inventory", "targets_for", "verdict"]


def verdict(spec: EngineSpec, install: EngineInstall, hw: Hardware) -> tuple[bool, str]:
    """Can the build found run on this machine, and why (or why not), in words."""
    if install.cpu_only and spec.devices != ("cpu",):
        return True, (f"the CPU build of {spec.label}: runs on the CPU here, slowly "
                      "(no GPU needed)")
    if spec.ascend and hw.ascend:
        return True, f"{hw.ascend[0].name} detected"
    if spec.min_capability is None:
        return True, spec.summary
    need = spec.min_capability
    gpu = hw.best_gpu("nvidia")
    if gpu is None:
        cpu_hint = (f"; {spec.label}'s CPU build can run on the CPU (hearth engines env set "
                    f"{spec.name} PATH)" if spec.detection and spec.detection.cpu_distributions
                    else "")
        return False, f"no NVIDIA GPU found, and this {spec.label} is built for one{cpu_hint}"
    if not gpu.capability_at_least(*need):
        return False, (f"{gpu.name} has compute capability {gpu.compute_capability}; "
                       f"{need[0]}.{need[1]} or newer is needed")
    return True, f"{gpu.name} with {gpu.memory_total_gb:g} GB"


def _env_folder(spec: EngineSpec, config: EngineConfig) -> Path | None:
    if not spec.has_env:
        return None
    folder = Path(config.envs[spec.name]) if spec.name in config.envs else envs.env_dir(spec.name)
    return folder if folder.exists() else None


def _worker(spec: EngineSpec, hw: Hardware, config: EngineConfig) -> EngineEntry:
    folder = _env_folder(spec, config)
    install = find_engine(spec.name, folder)
    env = str(folder) if folder else ""
    if install is None:
        if spec.detection is not None and spec.detection.in_hearth:
            return EngineEntry(spec.name, False, None, "", False,
                               f"{spec.detection.distribution} is not installed in Hearth's "
                               "environment")
        where = f" in {folder}" if folder else ""
        how = (f"hearth engines install {spec.name}, or " if spec.install else "")
        return EngineEntry(spec.name, False, None, "", False,
                           f"not installed{where} ({how}hearth engines env set {spec.name} "
                           "PATH for an environment you have)", env=env)
    usable, why = verdict(spec, install, hw)
    where = "worker process" if spec.detection and spec.detection.in_hearth else install.command[0]
    own = spec.has_env and install.env_dir is not None
    return EngineEntry(spec.name, True, install.version, where, usable, why,
                       devices=install.devices, env=str(install.env_dir) if own else "")


def rows_for(spec: EngineSpec, hw: Hardware, config: EngineConfig,
             probe_ollama: bool = True) -> list[EngineEntry]:
    """The inventory rows of one engine (a remote engine has one per endpoint)."""
    if spec.is_worker:
        return [_worker(spec, hw, config)]
    if spec.probe is None:
        return []
    return spec.probe(hw, config, probe_ollama)


def inventory(hw: Hardware, config: EngineConfig | None = None,
              probe_ollama: bool = True) -> list[EngineEntry]:
    """Every engine Hearth knows, found or not, with the reason it can or cannot run;
    one row per remote endpoint. ``probe_ollama`` False: no row for a daemon."""
    config = config or load_config()
    return [entry for spec in registry.engines()
            for entry in rows_for(spec, hw, config, probe_ollama)]


def installed(entries: list[EngineEntry]) -> dict[str, str]:
    """engine -> version (or "") for the engines that were found, for selection."""
    return {e.engine: e.version or "" for e in entries if e.found and not e.name}


def devices(entries: list[EngineEntry]) -> dict[str, tuple[str, ...]]:
    """engine -> the devices its build found runs on, for selection."""
    return {e.engine: e.devices for e in entries if e.found and e.devices}


def targets_for(entry: EngineEntry) -> list[EngineTarget]:
    """What "Use" on this row can switch to: one target, one per daemon model, or none
    (an engine that was not found, or one that is not offered)."""
    spec = registry.get(entry.engine)
    if not entry.found or spec is None or not spec.selectable:
        return []
    if spec.kind == registry.DAEMON:
        return [EngineTarget(entry.engine, model=model) for model in entry.models]
    if spec.kind == registry.REMOTE:
        return [EngineTarget(entry.engine, remote=entry.name)] if entry.name else []
    return [EngineTarget(entry.engine)]
