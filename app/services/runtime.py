"""Which model is loaded, in which engine: load on demand, choose or switch engines, record
every cold start.

The runtime holds one engine and the model loaded on it. Which engine is the user's
choice (:class:`~app.engines.targets.EngineTarget`), saved in engines.json:

- ``auto`` (the default): for each model Hearth asks the selector
  (:func:`app.engines.select.choose`) with the engines actually available here (GPU
  workers found in their engine environment or on PATH, Ollama when its daemon answers,
  llama.cpp in-process always) and starts what it picks; :attr:`Runtime.reason` is the
  selector's sentence. A model from Ollama's store goes to the daemon under its Ollama
  name; a Hugging Face folder with a fitting NVIDIA GPU goes to a vLLM/LMDeploy/
  TensorRT-LLM worker; a GGUF file otherwise runs in llama.cpp. When the chosen engine
  cannot start, a GGUF file falls back to llama.cpp in-process (the reason says why).
- an engine the user chose (llama.cpp, Ollama, a worker, a remote endpoint): always wins.

:meth:`Runtime.switch` releases the old engine (worker stopped, llama.cpp model freed,
Ollama asked to unload) and starts the new one with the same model; when the new one
fails, the previous engine is started again and the error says why. Conversations are
never touched.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlite_utils import Database

from app.engines import hardware, registry
from app.engines.base import Engine, EngineError, LoadParams, LoadReport, ModelRef
from app.engines.select import Situation, choose
from app.engines.targets import (
    AUTO,
    LLAMA_CPP,
    AutoChoice,
    EngineFactory,
    EngineTarget,
    as_format,
    build_devices,
    choose_target,
    found_builds,
    model_info,
    save_target,
    saved_target,
    served_ref,
)
from app.models.fit import record_measurement
from app.models.library import Library
from app.settings import Settings
from app.store.timings import record_load

__all__ = ["AUTO", "EngineSwitchError", "Runtime", "explain_target", "machine", "model_info"]


def load_params_from(settings: Settings) -> LoadParams:
    return LoadParams(n_ctx=settings.n_ctx, n_threads=settings.n_threads,
                      n_batch=settings.n_batch, prefix_cache_slots=settings.prefix_cache_conversations,
                      prefix_cache_mb=settings.prefix_cache_mb,
                      kv_cache_type=settings.kv_cache_type, speculative=settings.speculative,
                      validate_timeout_s=settings.validate_timeout_s)


_machine: hardware.Hardware | None = None
_machine_lock = threading.Lock()


def machine() -> hardware.Hardware:
    """This machine's hardware, detected once per process (probes run tools and NVML)."""
    global _machine
    with _machine_lock:
        if _machine is None:
            _machine = hardware.detect()
        return _machine


def explain_target(target: EngineTarget, ref: ModelRef, machine_hw: hardware.Hardware,
                   report: LoadReport | None = None) -> str:
    """One sentence on why ``target`` runs ``ref`` (the model as the engine names it): the
    user chose it, plus what Hearth's own rules say about that choice when they object."""
    device = report.device if report is not None else ""
    if target.engine == "ollama":
        from app.engines.ollama import ollama_host

        where = f"Ollama at {ollama_host()}"
    elif target.engine == "remote":
        where = f"remote endpoint {target.remote}{f' ({device})' if device else ''}"
    else:
        where = f"{target.label}{f' on {device}' if device else ''}"
    sentence = f"{where}: your choice, serving {ref.name}"
    if registry.get(target.engine) is None:
        return sentence  # an engine handed in by a test or tool
    remote = target.remote if target.engine == "remote" else None
    builds = build_devices(target.engine)
    spec = registry.get(target.engine)
    found = {"llama.cpp": ""}
    if builds or (spec is not None and not spec.is_worker):
        found[target.engine] = ""
    choice = choose(Situation(machine_hw, model_info(ref), found, preference=target.engine,
                              remote=remote, devices=builds))
    if choice.pin_problem:
        return f"{sentence} (Hearth's rules say it cannot run here: {choice.pin_problem})"
    return sentence


def _target_of(engine: Engine) -> EngineTarget:
    """The target an engine handed to the runtime stands for (tests and tools pass one)."""
    spec = registry.get(engine.name)
    if spec is not None and spec.selectable and spec.kind != registry.REMOTE:
        return EngineTarget(engine.name)
    return LLAMA_CPP


def describe(exc: Exception) -> str:
    """An engine's own sentence, or the exception's type and text for anything else."""
    return str(exc) if isinstance(exc, EngineError) else f"{type(exc).__name__}: {exc}"


def _format_words(fmt: str) -> str:
    return {"hf": "a Hugging Face folder", "trt-engine": "a TensorRT engine",
            "ollama": "an Ollama model"}.get(fmt, f"a {fmt} model")


def _no_takeover(failed: EngineTarget, ref: ModelRef, exc: Exception) -> EngineError:
    """The error for an engine that could not start a model llama.cpp cannot run either."""
    return EngineError(
        f"{failed.label} could not start {ref.name}: {describe(exc)} llama.cpp cannot take "
        f"over: it runs GGUF files, and {ref.name} is {_format_words(as_format(ref).format)}. "
        "Choose another engine on the Engines page or 'hearth engines use'.")


@dataclass(frozen=True)
class _Previous:
    """What ran before a switch, to go back to."""

    target: EngineTarget
    running: EngineTarget | None
    model: ModelRef | None
    reason: str


class EngineSwitchError(EngineError):
    """A switch failed; ``str()`` says why and which engine runs now.

    ``report`` is the load of the engine Hearth went back to (None when nothing was
    loaded before the switch).
    """

    def __init__(self, message: str, report: LoadReport | None = None) -> None:
        super().__init__(message)
        self.report = report


def ollama_name(library: Library, ref: ModelRef) -> str | None:
    """Ollama's own name for a model Hearth registered from Ollama's store, else None."""
    model = library.get(ref.name)
    origin = (model.origin or "") if model is not None and model.source == "ollama" else ""
    return origin.removeprefix("ollama:") if origin.startswith("ollama:") else None


def in_process_engines() -> dict[str, str]:
    """llama.cpp in-process, with its version (Hearth's own dependency)."""
    import importlib.metadata

    try:
        return {"llama.cpp": importlib.metadata.version("llama-cpp-python")}
    except importlib.metadata.PackageNotFoundError:
        return {}


def runs_in_llama_cpp(ref: ModelRef) -> bool:
    """True when llama.cpp in-process can take the model over: a GGUF file."""
    return as_format(ref).format == "gguf" and ref.path is not None and ref.path.is_file()


def llama_cpp_reason(ref: ModelRef) -> str:
    """The selector's sentence for llama.cpp in-process running ``ref`` (a GGUF file)."""
    choice = choose(Situation(machine(), model_info(ref), in_process_engines()))
    return (choice.reason if choice.engine == "llama.cpp"
            else "using llama.cpp in-process instead")


class Runtime:
    """Holds one engine and the chat model loaded on it; thread-safe.

    ``target`` is the user's choice (``auto`` or an engine); ``running`` the engine that
    was started for it. ``ensure(name)`` loads only when needed; ``switch(target)``
    changes the choice.
    """

    def __init__(self, db: Database, settings: Settings | None = None,
                 engine: Engine | None = None, *, target: EngineTarget | None = None,
                 factory: EngineFactory | None = None) -> None:
        self.db = db
        self.settings = settings or Settings()
        self.library = Library(db)
        self.factory = factory or EngineFactory()
        note = ""
        if target is None:
            target, note = saved_target() if engine is None else (_target_of(engine), "")
        self.target = target
        self._engine: Engine | None = engine
        #: the engine target actually started (never ``auto``); None before the first
        self.running: EngineTarget | None = _target_of(engine) if engine is not None else None
        if self._engine is None and target == LLAMA_CPP:
            self._engine, self.running = self.factory.build(LLAMA_CPP, machine()), LLAMA_CPP
        self.model: ModelRef | None = None
        self.last_load: LoadReport | None = None
        #: one sentence on why this engine runs the model (shown by the UI)
        self.reason = note or ("Hearth chooses the engine when the model loads"
                               if target.is_auto else f"{target.label}: your choice")
        self._lock = threading.RLock()

    @property
    def engine_name(self) -> str:
        """The engine's name, without building it ("llama.cpp", "vllm", "remote"...;
        "auto" before the automatic choice has started one)."""
        if self._engine is not None:
            return self._engine.name
        return (self.running or self.target).engine

    @property
    def engine(self) -> Engine:
        """The current engine, built on first use (a worker or remote is not contacted yet;
        before the automatic choice has run, llama.cpp in-process)."""
        if self._engine is None:
            target = self.running or (LLAMA_CPP if self.target.is_auto else self.target)
            self._engine, self.running = self.factory.build(target, machine()), target
        return self._engine

    def engine_for(self, name_or_path: str | None = None) -> str:
        """The engine that will run the model: the user's choice, or what the automatic
        choice would start ("auto" when it cannot tell)."""
        if not self.target.is_auto:
            return self.target.engine
        try:
            ref = self.library.resolve(name_or_path or self.settings.default_model)
            return self.plan(ref).target.engine
        except (EngineError, LookupError):
            return "auto"

    def plan(self, ref: ModelRef) -> AutoChoice:
        """What the automatic choice runs ``ref`` on, and why; asks which engines are here
        (worker installs, the Ollama daemon only for a model from its store). Raises
        EngineError when no engine here can run the model."""
        builds = found_builds()
        installed = {**in_process_engines(),
                     **{engine: build.version or "" for engine, build in builds.items()}}
        name, note = ollama_name(self.library, ref), ""
        if name is not None:
            name, note = self._ollama_serves(name, installed)
        return choose_target(ref, machine(), installed, ollama_name=name, ollama_note=note,
                             preference=self.settings.engine_preference,
                             devices={engine: build.devices for engine, build in builds.items()})

    @staticmethod
    def _ollama_serves(name: str, installed: dict[str, str]) -> tuple[str | None, str]:
        """(name, "") when the daemon answers and has the model (``installed`` gains
        Ollama), else (None, why not)."""
        from app.engines.ollama import daemon_status

        status = daemon_status()
        if not status.running:
            return None, f"Ollama is not running at {status.host}"
        if name not in status.models:
            return None, f"Ollama at {status.host} does not list {name}"
        installed["ollama"] = status.version or ""
        return name, ""

    def ensure(self, name_or_path: str | None = None) -> LoadReport | None:
        """Load the model unless it is already loaded; returns the report of a new load.

        In auto mode the selector picks the engine for the model (another model may
        change it). When the engine cannot start, llama.cpp in-process runs a GGUF model
        instead and :attr:`reason` says why (a user's saved choice is kept for the next
        start); a model llama.cpp cannot run raises EngineError.
        """
        ref = self.library.resolve(name_or_path or self.settings.default_model)
        with self._lock:
            if self.model is not None and self.model == ref:
                return None
            report = self._start_auto(ref) if self.target.is_auto else self._start_chosen(ref)
            self._record(report)
        return report

    def _start_chosen(self, ref: ModelRef) -> LoadReport:
        """Start the user's engine; llama.cpp in-process when it cannot start."""
        try:
            return self._start(self.target, ref)
        except Exception as exc:  # noqa: BLE001 - any failure: llama.cpp, or a clear error
            if self.target == LLAMA_CPP:
                raise
            failed = self.target
            self._release()
            if not runs_in_llama_cpp(ref):
                raise _no_takeover(failed, ref, exc) from exc
            self.target = LLAMA_CPP
            return self._start(LLAMA_CPP, ref, f"{failed.label} could not start "
                                               f"({describe(exc)}); using llama.cpp "
                                               "in-process instead")

    def _start_auto(self, ref: ModelRef) -> LoadReport:
        """Start what the selector picks for ``ref``; llama.cpp in-process for a GGUF file
        when that engine fails (caller holds the lock)."""
        chosen = self.plan(ref)
        try:
            return self._start(chosen.target, ref, chosen.reason)
        except Exception as exc:  # noqa: BLE001 - any failure: llama.cpp, or a clear error
            self._release()
            if chosen.target == LLAMA_CPP:
                raise
            if not runs_in_llama_cpp(ref):
                raise _no_takeover(chosen.target, ref, exc) from exc
            return self._start(LLAMA_CPP, ref, f"{chosen.target.label} could not start "
                                               f"({describe(exc)}); {llama_cpp_reason(ref)}")

    def switch(self, target: EngineTarget, name_or_path: str | None = None,
               persist: bool = True) -> LoadReport:
        """Run the chat on ``target`` (an engine, or ``auto``) from now on, with the
        current (or given) model.

        An engine already running the model that ``target`` would start is kept (no
        reload). Otherwise the old engine is released first, so a GPU is free for the new
        one. When the new
        engine fails, the previous one is started again and :class:`EngineSwitchError`
        says why. With ``persist`` the choice is saved for the next start.
        """
        with self._lock:
            ref = (self.library.resolve(name_or_path) if name_or_path else
                   self.model or self.library.resolve(self.settings.default_model))
            if target == self.target and ref == self.model and self.last_load is not None:
                return self.last_load
            kept = self._kept_reason(target, ref)
            if kept is not None and self.last_load is not None:
                self.target, self.reason, report = target, kept, self.last_load
            else:
                report = self._switch_to(target, ref)
        if persist:
            save_target(target)
        return report

    def _switch_to(self, target: EngineTarget, ref: ModelRef) -> LoadReport:
        """Release the engine and start ``target`` with ``ref``; on failure, back to the
        previous engine (caller holds the lock)."""
        previous = _Previous(self.target, self.running, self.model, self.reason)
        self._release()
        try:
            report = self._start_auto(ref) if target.is_auto else self._start(target, ref)
        except Exception as exc:  # noqa: BLE001 - any failure: back to the previous engine
            self._release()
            raise self._fall_back(target, exc, previous) from exc
        self.target = target
        self._record(report)
        return report

    def _kept_reason(self, target: EngineTarget, ref: ModelRef) -> str | None:
        """When the engine running ``ref`` now is what ``target`` would start for it (the
        user keeps the engine auto chose, or goes back to auto and it would choose the
        same), the sentence for it: no reload. Else None (caller holds the lock)."""
        if self.model != ref or self.last_load is None or self.running is None:
            return None
        if not target.is_auto:
            return (explain_target(target, served_ref(target, as_format(ref)), machine(),
                                   self.last_load) if target == self.running else None)
        try:
            chosen = self.plan(ref)
        except EngineError:
            return None
        return chosen.reason if chosen.target == self.running else None

    def _fall_back(self, failed: EngineTarget, exc: Exception,
                   previous: _Previous) -> EngineSwitchError:
        """Start the previous engine again (with its model, if one was loaded); the error
        to raise."""
        self.target, self.reason = previous.target, previous.reason
        message = f"Could not switch to {failed.label}: {describe(exc)}"
        if previous.model is None or previous.running is None:
            keeps = ("choosing the engine automatically" if previous.target.is_auto
                     else previous.target.label)
            return EngineSwitchError(f"{message} Hearth keeps {keeps}.")
        try:
            report = self._start(previous.running, previous.model, previous.reason)
        except Exception as again:  # noqa: BLE001 - reported in the switch's error
            self._release()
            return EngineSwitchError(f"{message} Going back to {previous.running.label} "
                                     f"failed too: {describe(again)}")
        self._record(report)
        return EngineSwitchError(f"{message} Back on {previous.running.label}.", report)

    def _start(self, target: EngineTarget, ref: ModelRef, reason: str | None = None) -> LoadReport:
        """Build ``target``'s engine if needed and load ``ref`` on it (caller holds the
        lock); :attr:`reason` becomes ``reason``, or the sentence for a user's choice."""
        if target != self.running or self._engine is None:
            self._release()
            self._engine = self.factory.build(target, machine())
            self.running = target
        served = served_ref(target, as_format(ref))
        report = self._engine.load(served, load_params_from(self.settings))
        self.model, self.last_load = ref, report
        self.reason = reason or explain_target(target, served, machine(), report)
        return report

    def _release(self) -> None:
        """Free the engine: stop a worker, free llama.cpp's model, ask Ollama to unload."""
        engine, self._engine = self._engine, None
        self.model = self.last_load = None
        if engine is None:
            self.running = None
            return
        unload = getattr(engine, "unload", None)
        if unload is not None:
            try:
                unload()
            except Exception:  # noqa: BLE001 - the daemon may be gone; releasing goes on
                pass
        engine.close()
        if engine.capabilities.in_process:
            self._engine = engine  # llama.cpp's engine object loads again after close
        else:
            self.running = None

    def _record(self, report: LoadReport) -> None:
        """Keep the cold start (and llama.cpp's measurement) and mark the model used
        (caller holds the lock, so the engine and model are the ones just started)."""
        record_load(self.db, report)
        if self._engine is not None and self._engine.capabilities.in_process:
            record_measurement(self.db, report)
        if self.model is not None:
            self.library.touch(self.model.name)

    @property
    def served_model(self) -> str:
        """The name the engine serves the model under (Ollama's or an endpoint's name)."""
        if self.last_load is not None:
            return self.last_load.model
        return self.model.name if self.model else ""

    def close(self) -> None:
        """Free the engine (the choice of engine stays)."""
        with self._lock:
            self._release()
