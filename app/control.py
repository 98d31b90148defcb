"""Pause, resume and cancel long work (downloads, indexing) from any thread."""

from __future__ import annotations

import threading


class PauseControl:
    """Set from the window's thread; the worker checks ``cancelled`` and calls ``wait``."""

    def __init__(self) -> None:
        self._running = threading.Event()
        self._running.set()
        self._cancelled = threading.Event()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def cancel(self) -> None:
        self._cancelled.set()
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block while paused; True when running again."""
        return self._running.wait(timeout)

    def wait_while_paused(self) -> None:
        self._running.wait()
