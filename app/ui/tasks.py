"""THE task runner: every blocking call leaves the GUI thread through here.

Call sites read like Anki's taskman: ``tasks.run(fn, on_done, on_error, on_progress)``.
``fn`` runs on a worker thread; its result, its exception or its progress reports come
back as Qt signals, so the callbacks always run on the GUI thread.

Four lanes:

- ``STORE``: one serial worker for the database (reads and writes, in order);
- ``MODEL``: one serial worker for work that must not overlap (engine switches);
- ``REPLY``: a few threads for replies and model loads: several conversations may
  stream at once (the model scheduler gives each its turn on the engine), so switching
  conversations never waits for a reply;
- ``POOL``: a few threads for everything else (file checks, imports, settings files).
"""

from __future__ import annotations

import inspect
import logging
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

STORE, MODEL, REPLY, POOL = "store", "model", "reply", "pool"

#: replies that can stream (or wait for their turn) at the same time
REPLY_THREADS = 4
#: how much lower than the window the reply threads (and the engine threads they start)
#: run, so that the window repaints and reacts first when the cores are busy
REPLY_NICENESS = 5

Callback = Callable[[Any], None] | None


class _Job:
    """One submitted call and its callbacks (kept until the result is delivered)."""

    __slots__ = ("on_done", "on_error", "on_progress")

    def __init__(self, on_done: Callback, on_error: Callback, on_progress: Callback) -> None:
        self.on_done, self.on_error, self.on_progress = on_done, on_error, on_progress


class TaskRunner(QObject):
    """Runs callables off the GUI thread and delivers their outcome on it."""

    _finished = Signal(object, object)     # job, result
    _failed = Signal(object, object)       # job, exception
    _progressed = Signal(object, object)   # job, report
    #: emitted on the GUI thread when no task is left (tests and benches wait on it)
    idle = Signal()

    def __init__(self, parent: QObject | None = None, pool_size: int = 4) -> None:
        super().__init__(parent)
        self._lanes = {
            STORE: ThreadPoolExecutor(1, thread_name_prefix="hearth-store"),
            MODEL: ThreadPoolExecutor(1, thread_name_prefix="hearth-model"),
            REPLY: ThreadPoolExecutor(REPLY_THREADS, thread_name_prefix="hearth-reply",
                                      initializer=yield_to_the_window),
            POOL: ThreadPoolExecutor(pool_size, thread_name_prefix="hearth-pool"),
        }
        self._pending = 0
        self._closed = False
        self._lock = threading.Lock()
        self._finished.connect(self._deliver_done)
        self._failed.connect(self._deliver_error)
        self._progressed.connect(self._deliver_progress)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(self, fn: Callable[..., Any], on_done: Callback = None, on_error: Callback = None,
            on_progress: Callback = None, *, lane: str = POOL) -> Future:
        """Run ``fn`` on ``lane``; ``fn(progress=report)`` when ``on_progress`` is given.

        ``on_done(result)``, ``on_error(exception)`` and ``on_progress(report)`` run on the
        GUI thread. Without ``on_error`` a failure is logged, never raised into Qt.
        """
        if self._closed:  # the window is closing: results still arriving ask for no more
            future: Future = Future()
            future.cancel()
            return future
        job = _Job(on_done, on_error, on_progress)
        with self._lock:
            self._pending += 1
        return self._lanes[lane].submit(self._execute, fn, job)

    def _execute(self, fn: Callable[..., Any], job: _Job) -> None:
        try:
            if job.on_progress is not None and _accepts_progress(fn):
                result = fn(progress=lambda report: self._progressed.emit(job, report))
            else:
                result = fn()
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            self._failed.emit(job, exc)
        else:
            self._finished.emit(job, result)

    @Slot(object, object)
    def _deliver_done(self, job: _Job, result: Any) -> None:
        try:
            if job.on_done is not None:
                job.on_done(result)
        finally:
            self._one_less()

    @Slot(object, object)
    def _deliver_error(self, job: _Job, exc: BaseException) -> None:
        try:
            if job.on_error is not None:
                job.on_error(exc)
            else:
                log.error("background task failed", exc_info=exc)
        finally:
            self._one_less()

    @Slot(object, object)
    def _deliver_progress(self, job: _Job, report: Any) -> None:
        if job.on_progress is not None:
            job.on_progress(report)

    def _one_less(self) -> None:
        with self._lock:
            self._pending -= 1
            now_idle = self._pending == 0
        if now_idle:
            self.idle.emit()

    def shutdown(self, wait: bool = True) -> None:
        """Stop accepting work; with ``wait``, let running tasks finish."""
        self._closed = True
        for executor in self._lanes.values():
            executor.shutdown(wait=wait, cancel_futures=not wait)


def yield_to_the_window() -> None:
    """Lower the calling thread's scheduling priority (Linux: niceness is per thread and
    the threads it starts, such as llama.cpp's, inherit it). Elsewhere nothing changes."""
    if not sys.platform.startswith("linux"):
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid)
                       + REPLY_NICENESS)
    except OSError:  # not allowed here: run at the window's priority
        log.debug("could not lower the reply thread's priority", exc_info=True)


def _accepts_progress(fn: Callable[..., Any]) -> bool:
    try:
        return "progress" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
