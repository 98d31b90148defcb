"""Which model is loaded, in which engine: load on demand, record every cold start."""

from __future__ import annotations

import threading
from collections.abc import Mapping

from sqlite_utils import Database

from app.engines import hardware
from app.engines.base import Engine, LoadParams, LoadReport, ModelRef
from app.engines.llamacpp import LlamaCppEngine
from app.engines.select import LABELS, ModelInfo, Situation, choose
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

    Only the in-process engine is started for a model here, so when the selector would
    pick another engine the sentence says so and keeps the one that runs.
    """
    found = dict(installed) if installed is not None else {running: ""}
    choice = choose(Situation(machine_hw, model_info(ref), found, preference=preference))
    if choice.engine == running:
        return choice.reason
    label = LABELS.get(running, running)
    if choice.engine is None:
        return f"{label} in-process: {choice.reason}"
    wanted = LABELS.get(choice.engine, choice.engine)
    return (f"{label} in-process: Hearth would choose {wanted} ({choice.reason}), but starts "
            f"only {label} for {ref.name} from here")


class Runtime:
    """Holds one loaded chat model; thread-safe. ``ensure(name)`` loads only when needed."""

    def __init__(self, db: Database, settings: Settings | None = None,
                 engine: Engine | None = None) -> None:
        self.db = db
        self.settings = settings or Settings()
        self.library = Library(db)
        self.engine: Engine = engine or LlamaCppEngine()
        self.model: ModelRef | None = None
        self.last_load: LoadReport | None = None
        #: one sentence on why this engine runs the model (shown by the UI)
        self.reason = "llama.cpp in-process: the default engine for GGUF models on this machine"
        self._lock = threading.Lock()

    def ensure(self, name_or_path: str | None = None) -> LoadReport | None:
        """Load the model unless it is already loaded; returns the report of a new load."""
        ref = self.library.resolve(name_or_path or self.settings.default_model)
        with self._lock:
            if self.model is not None and self.model == ref:
                return None
            self.reason = explain_engine(ref, machine(), self.engine.name,
                                         self.settings.engine_preference)
            report = self.engine.load(ref, load_params_from(self.settings))
            self.model, self.last_load = ref, report
        record_load(self.db, report)
        record_measurement(self.db, report)
        self.library.touch(ref.name)
        return report

    def close(self) -> None:
        with self._lock:
            self.engine.close()
            self.model = None
