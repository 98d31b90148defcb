"""Watching the one indexing pipeline in tests: which threads ran it, and how often."""

from __future__ import annotations

import threading


def record_indexing_runs(monkeypatch) -> list[str]:
    """The name of the thread of each run of :func:`app.kb.pipeline.index_pending`, the
    pipeline every front indexes through (the only caller of ``ingest`` outside
    app/kb/ingest.py); the real pipeline still does the work."""
    from app.kb import pipeline

    runs: list[str] = []
    real = pipeline.ingest

    def recorded(*args, **kwargs):
        runs.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "ingest", recorded)
    return runs
