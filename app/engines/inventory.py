"""Which engines this machine has, their versions, and whether each can run here and why.

This is what ``hearth engines list`` prints and the engines settings page shows; its
``installed`` mapping feeds :func:`app.engines.select.choose`.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from app.engines import envs
from app.engines.hardware import Hardware
from app.engines.ollama import detect as detect_ollama
from app.engines.remotes import EngineConfig, load_config
from app.engines.targets import EngineTarget
from app.engines.workers import find_engine


@dataclass(frozen=True)
class EngineEntry:
    engine: str
    found: bool
    version: str | None
    where: str
    usable: bool
    why: str
    #: a remote endpoint's name ("" for the other engines)
    name: str = ""
    #: the models it offers, where the engine says (Ollama's list)
    models: tuple[str, ...] = ()


def _gpu_verdict(engine: str, hw: Hardware) -> tuple[bool, str]:
    gpu = hw.best_gpu("nvidia")
    if engine == "lmdeploy" and hw.ascend:
        return True, f"{hw.ascend[0].name} detected"
    need = (8, 0) if engine == "tensorrt-llm" else (7, 0)
    if gpu is None:
        return False, "no NVIDIA GPU found"
    if not gpu.capability_at_least(*need):
        return False, (f"{gpu.name} has compute capability {gpu.compute_capability}; "
                       f"{need[0]}.{need[1]} or newer is needed")
    return True, f"{gpu.name} with {gpu.memory_total_gb:g} GB"


def _llama_cpp() -> EngineEntry:
    if importlib.util.find_spec("llama_cpp") is None:
        return EngineEntry("llama.cpp", False, None, "", False,
                           "llama-cpp-python is not installed in Hearth's environment")
    version = importlib.metadata.version("llama-cpp-python")
    return EngineEntry("llama.cpp", True, version, "in-process", True, "runs GGUF models here")


def _worker(engine: str, hw: Hardware, config: EngineConfig) -> EngineEntry:
    folder = Path(config.envs[engine]) if engine in config.envs else envs.env_dir(engine)
    install = find_engine(engine, folder if folder.exists() else None)
    if install is None:
        return EngineEntry(engine, False, None, "", False,
                           f"not installed (hearth engines install {engine})")
    usable, why = _gpu_verdict(engine, hw)
    return EngineEntry(engine, True, install.version, install.command[0], usable, why)


def _llama_cpp_server() -> EngineEntry:
    install = find_engine("llama-cpp-server")
    if install is None:
        return EngineEntry("llama-cpp-server", False, None, "", False,
                           "llama-cpp-python is not installed in Hearth's environment")
    return EngineEntry("llama-cpp-server", True, install.version, "worker process", True,
                       "runs GGUF models in a separate process (OpenAI-compatible server)")


def _remotes(config: EngineConfig) -> list[EngineEntry]:
    if not config.remotes:
        return [EngineEntry("remote", False, None, "", False,
                            "none set up (hearth engines add-remote NAME URL)")]
    return [EngineEntry("remote", True, None, remote.base_url, True,
                        f"model {remote.model}" if remote.model else "the server's model",
                        name=remote.name)
            for remote in config.remotes.values()]


def inventory(hw: Hardware, config: EngineConfig | None = None,
              probe_ollama: bool = True) -> list[EngineEntry]:
    """Every engine Hearth knows, found or not, with the reason it can or cannot run;
    one row per remote endpoint."""
    config = config or load_config()
    entries = [_llama_cpp()]
    if probe_ollama:
        status = detect_ollama()
        entries.append(EngineEntry("ollama", status.running, status.version, status.host,
                                   status.running,
                                   f"{len(status.models)} models" if status.running
                                   else (status.error or "not running"),
                                   models=status.models))
    entries += [_worker(engine, hw, config) for engine in ("vllm", "lmdeploy", "tensorrt-llm")]
    entries.append(_llama_cpp_server())
    return entries + _remotes(config)


def installed(entries: list[EngineEntry]) -> dict[str, str]:
    """engine -> version (or "") for the engines that were found, for selection."""
    return {e.engine: e.version or "" for e in entries if e.found}


def targets_for(entry: EngineEntry) -> list[EngineTarget]:
    """What "Use" on this row can switch to: one target, one per Ollama model, or none
    (an engine that was not found)."""
    if not entry.found:
        return []
    if entry.engine == "ollama":
        return [EngineTarget("ollama", model=model) for model in entry.models]
    if entry.engine == "remote":
        return [EngineTarget("remote", remote=entry.name)] if entry.name else []
    return [EngineTarget(entry.engine)]
