"""An exclusive, non-blocking lock on a file, released by the OS when its holder dies.

A download holds ``<model>.lock`` so two downloads of the same file (two windows, or the
window and the CLI) never write the same partial file. The lock is ``flock`` on POSIX and
``msvcrt.locking`` on Windows: a killed process leaves no stale lock behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


class LockBusyError(Exception):
    """Another process (or thread) holds the lock."""


class FileLock:
    """``with FileLock(path):`` holds the lock for the block; raises LockBusyError if taken."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise LockBusyError(f"{self.path} is held by another process") from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)
        # Leave the lock file: unlinking it could race a process that just opened it.

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows CI only
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
