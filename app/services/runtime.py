"""Which model is loaded, in which engine: load on demand, switch engines, record every
cold start.

The runtime holds one engine and the model loaded on it. The engine is the user's choice
(:class:`~app.engines.targets.EngineTarget`: llama.cpp in-process, Ollama, a worker, a
remote endpoint), saved in engines.json. :meth:`Runtime.switch` releases the old engine
(worker stopped, llama.cpp model freed, Ollama asked to unload) and starts the new one
with the same model; when the new one fails, the previous engine is started again and
the error says why. Conversations are never touched.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from sqlite_utils import Database

from app.engines import hardware
from app.engines.base import Engine, EngineError, LoadParams, LoadReport, ModelRef
from app.engines.select import ENGINES, LABELS, ModelInfo, Situation, choose
from app.engines.targets import (
    DEFAULT,
    KINDS,
    EngineFactory,
    EngineTarget,
    save_target,
    saved_target,
    served_ref,
)
from app.models.fit import record_measurement
from app.models.library import Library
from app.settings import Settings
from app.store.timings import record_load


def load_params_from(settings: Settings) -> LoadParams:
    return LoadParams(n_ctx=settings.n_ctx, n_threads=settings.n_threads,
                      n_batch=settings.n_batch, prefix_cache_slots=settings.prefix_cache_conversations,
                      prefix_cache_mb=settings.prefix_cache_mb,
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


def model_info(ref: ModelRef) -> ModelInfo:
    """What the engine selector needs to know about a model: format and size."""
    size = 0
    if ref.path is not None:
        try:
            size = ref.path.stat().st_size if ref.path.is_file() else 0
        except OSError:
            size = 0
    return ModelInfo(ref.name, ref.format, size)


def explain_engine(ref: ModelRef, machine_hw: hardware.Hardware, running: str,
                   preference: str = "auto", installed: Mapping[str, str] | None = None) -> str:
    """One sentence on why ``running`` runs ``ref``: the selector's, or why it was overruled.

    Hearth starts other engines only when the user chooses one (Engines page, ``hearth
    engines use``), so when the selector would pick another engine the sentence says so
    and how to switch.
    """
    found = dict(installed) if installed is not None else {running: ""}
    choice = choose(Situation(machine_hw, model_info(ref), found, preference=preference))
    if choice.engine == running:
        return choice.reason
    label = LABELS.get(running, running)
    if choice.engine is None:
        return f"{label} in-process: {choice.reason}"
    wanted = LABELS.get(choice.engine, choice.engine)
    return (f"{label} in-process: Hearth would choose {wanted} ({choice.reason}); use it "
            f"from the Engines page or 'hearth engines use {choice.engine}'")


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
    if target.engine not in ENGINES:
        return sentence
    remote = target.remote if target.engine == "remote" else None
    found = {target.engine: "", "llama.cpp": ""}
    choice = choose(Situation(machine_hw, model_info(ref), found, preference=target.engine,
                              remote=remote))
    if choice.pin_problem:
        return f"{sentence} (Hearth's rules say it cannot run here: {choice.pin_problem})"
    return sentence


def _target_of(engine: Engine) -> EngineTarget:
    """The target an engine handed to the runtime stands for (tests and tools pass one)."""
    if engine.name in KINDS and engine.name != "remote":
        return EngineTarget(engine.name)
    return DEFAULT


def describe(exc: Exception) -> str:
    """An engine's own sentence, or the exception's type and text for anything else."""
    return str(exc) if isinstance(exc, EngineError) else f"{type(exc).__name__}: {exc}"


class EngineSwitchError(EngineError):
    """A switch failed; ``str()`` says why and which engine runs now.

    ``report`` is the load of the engine Hearth went back to (None when nothing was
    loaded before the switch).
    """

    def __init__(self, message: str, report: LoadReport | None = None) -> None:
        super().__init__(message)
        self.report = report


class Runtime:
    """Holds one engine and the chat model loaded on it; thread-safe.

    ``ensure(name)`` loads only when needed; ``switch(target)`` changes the engine.
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
        if self._engine is None and target == DEFAULT:
            self._engine = self.factory.build(DEFAULT, machine())
        self.model: ModelRef | None = None
        self.last_load: LoadReport | None = None
        #: one sentence on why this engine runs the model (shown by the UI)
        self.reason = note or "llama.cpp in-process: the default engine for GGUF models on this machine"
        self._lock = threading.RLock()

    @property
    def engine_name(self) -> str:
        """The engine's name, without building it ("llama.cpp", "vllm", "remote"...)."""
        return self._engine.name if self._engine is not None else self.target.engine

    @property
    def engine(self) -> Engine:
        """The current engine, built on first use (a worker or remote is not contacted yet)."""
        if self._engine is None:
            self._engine = self.factory.build(self.target, machine())
        return self._engine

    def ensure(self, name_or_path: str | None = None) -> LoadReport | None:
        """Load the model unless it is already loaded; returns the report of a new load.

        When the chosen engine cannot start, llama.cpp in-process runs the model instead
        and :attr:`reason` says why (the saved choice is kept for the next start).
        """
        ref = self.library.resolve(name_or_path or self.settings.default_model)
        with self._lock:
            if self.model is not None and self.model == ref:
                return None
            try:
                report = self._start(self.target, ref)
            except EngineError as exc:
                if self.target == DEFAULT:
                    raise
                failed = self.target
                self._release()
                report = self._start(DEFAULT, ref)
                self.reason = (f"{failed.label} could not start ({exc}); "
                               f"using llama.cpp in-process instead")
        self._record(report)
        return report

    def switch(self, target: EngineTarget, name_or_path: str | None = None,
               persist: bool = True) -> LoadReport:
        """Run the chat on ``target`` from now on, with the current (or given) model.

        The old engine is released first, so a GPU is free for the new one. When the new
        engine fails, the previous one is started again and :class:`EngineSwitchError`
        says why. With ``persist`` the choice is saved for the next start.
        """
        with self._lock:
            ref = (self.library.resolve(name_or_path) if name_or_path else
                   self.model or self.library.resolve(self.settings.default_model))
            if target == self.target and ref == self.model and self.last_load is not None:
                return self.last_load
            previous, previous_model, previous_reason = self.target, self.model, self.reason
            self._release()
            try:
                report = self._start(target, ref)
            except Exception as exc:  # noqa: BLE001 - any failure: back to the previous engine
                self._release()
                raise self._fall_back(target, exc, previous, previous_model,
                                      previous_reason) from exc
        if persist:
            save_target(target)
        self._record(report)
        return report

    def _fall_back(self, failed: EngineTarget, exc: Exception, previous: EngineTarget,
                   previous_model: ModelRef | None, previous_reason: str) -> EngineSwitchError:
        """Start ``previous`` again (with its model, if one was loaded); the error to raise."""
        self.target, self.reason = previous, previous_reason
        message = f"Could not switch to {failed.label}: {describe(exc)}"
        if previous_model is None:
            return EngineSwitchError(f"{message} Hearth keeps {previous.label}.")
        try:
            report = self._start(previous, previous_model)
        except Exception as again:  # noqa: BLE001 - reported in the switch's error
            self._release()
            return EngineSwitchError(f"{message} Going back to {previous.label} failed too: "
                                     f"{describe(again)}")
        self.reason = previous_reason
        self._record(report)
        return EngineSwitchError(f"{message} Back on {previous.label}.", report)

    def _start(self, target: EngineTarget, ref: ModelRef) -> LoadReport:
        """Build ``target``'s engine if needed and load ``ref`` on it (caller holds the lock)."""
        if target != self.target or self._engine is None:
            self._release()
            self._engine = self.factory.build(target, machine())
            self.target = target
        report = self._engine.load(served_ref(target, ref), load_params_from(self.settings))
        self.model, self.last_load = ref, report
        if target == DEFAULT:
            self.reason = explain_engine(ref, machine(), self._engine.name,
                                         self.settings.engine_preference)
        else:
            self.reason = explain_target(target, served_ref(target, ref), machine(), report)
        return report

    def _release(self) -> None:
        """Free the engine: stop a worker, free llama.cpp's model, ask Ollama to unload."""
        engine, self._engine = self._engine, None
        self.model = self.last_load = None
        if engine is None:
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

    def _record(self, report: LoadReport) -> None:
        record_load(self.db, report)
        if self.engine.capabilities.in_process:
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
