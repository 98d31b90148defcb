"""Which engine runs the chat: the user's choice (a target) and the engine built for it.

A target names one of four kinds of engine, and where it needs one, which endpoint or
model:

- ``llama.cpp``: in-process, the default;
- ``ollama``: the daemon where ``OLLAMA_HOST`` says; ``model`` is Ollama's model name;
- a worker (``vllm``, ``lmdeploy``, ``tensorrt-llm``, ``llama-cpp-server``) found in the
  engine's own Python environment or on PATH, spoken to over its OpenAI-compatible API;
- ``remote``: an endpoint saved with ``hearth engines add-remote`` (key from the keyring).

:class:`EngineFactory` turns a target into an engine object; the runtime loads a model on
it. The chosen target is saved in engines.json (``active``), so it outlives a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from app.engines import envs
from app.engines.base import Engine, EngineError, ModelRef
from app.engines.hardware import Hardware
from app.engines.remotes import api_key, load_config, save_config
from app.engines.workers import LABELS as WORKER_LABELS
from app.engines.workers import WORKER_ENGINES, WorkerEngine, find_engine

KINDS = ("llama.cpp", "ollama", *WORKER_ENGINES, "remote")


@dataclass(frozen=True)
class EngineTarget:
    """An engine to run the chat on. ``remote`` names an endpoint; ``model`` overrides the
    engine-side model name (Ollama's or the endpoint's)."""

    engine: str = "llama.cpp"
    remote: str | None = None
    model: str | None = None

    def __post_init__(self) -> None:
        if self.engine not in KINDS:
            raise EngineError(f"Hearth has no engine called {self.engine!r}; choose one of "
                              f"{', '.join(KINDS)}.")
        if self.engine == "remote" and not self.remote:
            raise EngineError("Name the remote endpoint to use (hearth engines remotes).")

    @property
    def is_worker(self) -> bool:
        return self.engine in WORKER_ENGINES

    @property
    def label(self) -> str:
        """'llama.cpp in-process', 'vLLM worker', 'Ollama', 'remote endpoint gpu-box'."""
        if self.engine == "llama.cpp":
            return "llama.cpp in-process"
        if self.engine == "ollama":
            return f"Ollama ({self.model})" if self.model else "Ollama"
        if self.engine == "remote":
            return f"remote endpoint {self.remote}"
        return f"{WORKER_LABELS[self.engine]} worker"

    def as_dict(self) -> dict[str, str | None]:
        return {"engine": self.engine, "remote": self.remote, "model": self.model}

    @classmethod
    def from_dict(cls, data: dict[str, str | None]) -> EngineTarget:
        return cls(str(data.get("engine") or "llama.cpp"), data.get("remote"), data.get("model"))


DEFAULT = EngineTarget()


def saved_target() -> tuple[EngineTarget, str]:
    """The target saved in engines.json, or the default with the reason it was not used."""
    try:
        active = load_config().active
        return (EngineTarget.from_dict(active) if active else DEFAULT), ""
    except EngineError as exc:
        return DEFAULT, f"The saved engine choice was not used: {exc}"


def save_target(target: EngineTarget) -> None:
    """Remember ``target`` as the engine to start next time."""
    config = load_config()
    config.active = None if target == DEFAULT else target.as_dict()
    save_config(config)


def worker_device(engine: str, hw: Hardware) -> str:
    """Where a worker runs: 'cuda' with an NVIDIA GPU, 'ascend' for LMDeploy on an NPU,
    else 'cpu' (llama-cpp-python's server, vLLM's CPU build)."""
    if engine == "lmdeploy" and hw.ascend:
        return "ascend"
    return "cuda" if hw.best_gpu("nvidia") is not None else "cpu"


def engine_env(engine: str) -> Path | None:
    """The Python environment that holds ``engine`` (engines.json, else Hearth's default)."""
    configured = load_config().envs.get(engine)
    folder = Path(configured) if configured else envs.env_dir(engine)
    return folder if folder.exists() else None


@dataclass
class EngineFactory:
    """Builds the engine for a target. Timeouts bound how long a worker may take to start."""

    ready_timeout_s: float = 900.0
    stall_timeout_s: float = 180.0
    run_dir: Path | None = None

    def build(self, target: EngineTarget, hw: Hardware) -> Engine:
        """A new, unloaded engine for ``target``; raises EngineError when it cannot exist."""
        if target.engine == "llama.cpp":
            from app.engines.llamacpp import LlamaCppEngine

            return LlamaCppEngine()
        if target.engine == "ollama":
            from app.engines.ollama import OllamaEngine

            return OllamaEngine()
        if target.engine == "remote":
            return self._remote(target)
        return self._worker(target, hw)

    def _worker(self, target: EngineTarget, hw: Hardware) -> WorkerEngine:
        install = find_engine(target.engine, engine_env(target.engine))
        if install is None:
            raise EngineError(f"{target.label} is not installed here "
                              f"(hearth engines install {target.engine}).")
        return WorkerEngine(install, run_dir=self.run_dir, ready_timeout_s=self.ready_timeout_s,
                            stall_timeout_s=self.stall_timeout_s,
                            device=worker_device(target.engine, hw))

    def _remote(self, target: EngineTarget) -> Engine:
        from app.engines.openai_http import OpenAIEngine

        remote = load_config().remotes.get(target.remote or "")
        if remote is None:
            raise EngineError(f"There is no remote endpoint named {target.remote!r} any more; "
                              "add it again with 'hearth engines add-remote NAME URL'.")
        return OpenAIEngine(remote.base_url, api_key(remote.name), name="remote",
                            model=target.model or remote.model,
                            device=urlparse(remote.base_url).netloc or remote.name)


def served_ref(target: EngineTarget, ref: ModelRef) -> ModelRef:
    """What ``target``'s engine is asked to load for the Hearth model ``ref``.

    llama.cpp and workers load the file; Ollama loads a model by its own name; a remote
    endpoint is asked for the chosen name (with the file's path kept, so a server that
    offers one model only is taken as serving it).
    """
    if target.engine == "ollama":
        return ModelRef(target.model or ref.name, None, "ollama")
    if target.engine == "remote":
        remote = load_config().remotes.get(target.remote or "")
        name = target.model or (remote.model if remote else None) or ref.name
        return ModelRef(name, ref.path, ref.format)
    return ref
