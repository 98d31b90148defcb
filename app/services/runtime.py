"""Which model is loaded, in which engine: load on demand, record every cold start."""

from __future__ import annotations

import threading

from sqlite_utils import Database

from app.engines.base import Engine, LoadParams, LoadReport, ModelRef
from app.engines.llamacpp import LlamaCppEngine
from app.models.library import Library
from app.settings import Settings
from app.store.timings import record_load


def load_params_from(settings: Settings) -> LoadParams:
    return LoadParams(n_ctx=settings.n_ctx, n_threads=settings.n_threads,
                      n_batch=settings.n_batch, prefix_cache_slots=settings.prefix_cache_conversations,
                      prefix_cache_mb=settings.prefix_cache_mb,
                      validate_timeout_s=settings.validate_timeout_s)


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
            report = self.engine.load(ref, load_params_from(self.settings))
            self.model, self.last_load = ref, report
        record_load(self.db, report)
        self.library.touch(ref.name)
        return report

    def close(self) -> None:
        with self._lock:
            self.engine.close()
            self.model = None
