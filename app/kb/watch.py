"""Watched folders: what changes under them is re-indexed while Hearth runs.

watchdog's observer reports file changes from its own thread. :class:`FolderWatcher`
collects them per folder in a :class:`Debouncer` until the folder has been quiet for a
moment (an editor writes a file several times when it saves; a checkout changes many
files at once), then brings the index in line through :mod:`app.kb.ingest` on its own
thread and its own database connection: a changed file is re-indexed (one transaction
per document; a crash leaves it pending and the next run finishes it), an unchanged one
is left alone by its content hash, a deleted one is removed. Temporary, lock, hidden and
unsupported files are passed over.

When a folder starts being watched (at start-up, or when it is added) it is scanned
whole, so files changed while Hearth was closed are caught too.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

import sqlite_utils

if TYPE_CHECKING:
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.api import BaseObserver, ObservedWatch

from app.kb import pipeline
from app.kb.collections import WatchedFolder, watched_folders
from app.kb.ingest import (
    AddResult,
    IngestControl,
    IngestProgress,
    add_paths,
    in_skipped_folder,
    is_indexable,
    sync_paths,
)

log = logging.getLogger(__name__)

QUIET_S = 1.0
MAX_WAIT_S = 10.0
RETRY_S = 60.0


@dataclass(frozen=True)
class WatchReport:
    """What the watcher did, for the window's status line and the CLI.

    ``kind``: "scanned" (watching began with a full scan), "reindexed" (a batch of
    changes was applied), "indexing" (``progress`` of the run under way), "missing"
    (the folder is not there; its documents are kept), "unwatched", or "error".
    """

    kind: str
    folder: str
    collection: str
    pending: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    progress: IngestProgress | None = None
    message: str = ""


class Debouncer:
    """Changed paths grouped by key; a key is due once it has been quiet for ``quiet_s``,
    or ``max_wait_s`` after its first change if changes keep coming. Not thread-safe: the
    watcher holds its lock around every call."""

    def __init__(self, quiet_s: float = QUIET_S, max_wait_s: float = MAX_WAIT_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.quiet_s, self.max_wait_s, self.clock = quiet_s, max_wait_s, clock
        self._paths: dict[Hashable, set[Path]] = {}
        self._first: dict[Hashable, float] = {}
        self._last: dict[Hashable, float] = {}

    def __bool__(self) -> bool:
        return bool(self._paths)

    def add(self, key: Hashable, path: Path) -> None:
        """Note a change of ``path`` under ``key``."""
        now = self.clock()
        self._paths.setdefault(key, set()).add(path)
        self._first.setdefault(key, now)
        self._last[key] = now

    def _due_at(self, key: Hashable) -> float:
        return min(self._last[key] + self.quiet_s, self._first[key] + self.max_wait_s)

    def next_due(self) -> float | None:
        """When the next key is due (clock time), or None when nothing is waiting."""
        return min((self._due_at(k) for k in self._paths), default=None)

    def pop_due(self) -> list[tuple[Hashable, set[Path]]]:
        """The keys that are due, with their paths, removed from the debouncer."""
        now = self.clock()
        due = [k for k in self._paths if self._due_at(k) <= now]
        return [(k, self.discard(k)) for k in due]

    def discard(self, key: Hashable) -> set[Path]:
        """Forget a key's changes; returns them."""
        self._first.pop(key, None)
        self._last.pop(key, None)
        return self._paths.pop(key, set())


def watched_events() -> list[type]:
    """watchdog's events that can change what is indexed (not opens, reads, attributes).

    watchdog is imported here, on the watcher's thread, not when the window starts.
    """
    from watchdog import events

    return [events.FileCreatedEvent, events.FileModifiedEvent, events.FileClosedEvent,
            events.FileMovedEvent, events.FileDeletedEvent, events.DirCreatedEvent,
            events.DirMovedEvent, events.DirDeletedEvent]


class _FolderEvents:
    """watchdog event handler: passes on the changes under one watched folder that could
    matter (watchdog calls ``dispatch`` on its observer thread)."""

    def __init__(self, folder: WatchedFolder, note: Callable[[int, Path], None]) -> None:
        self.folder, self.root, self.note = folder, Path(folder.path), note

    def dispatch(self, event) -> None:
        for raw in (event.src_path, event.dest_path):
            if not raw:
                continue
            path = Path(os.fsdecode(raw))
            if self._relevant(path, event.is_directory):
                self.note(self.folder.id, path)

    def _relevant(self, path: Path, is_directory: bool) -> bool:
        if not path.is_relative_to(self.root):
            return False  # moved out: the source side is what matters
        if is_directory:
            return path == self.root or not in_skipped_folder(path, self.root, itself=True)
        return is_indexable(path, self.root)


def _as_handler(events: _FolderEvents) -> FileSystemEventHandler:
    """``events`` as the watchdog handler it stands for (it has the ``dispatch`` watchdog
    calls; watchdog itself is imported only on the watcher's thread)."""
    return cast("FileSystemEventHandler", events)


@dataclass
class _Watched:
    folder: WatchedFolder
    handler: _FolderEvents
    watch: ObservedWatch | None = None  # once scheduled


class FolderWatcher:
    """Watches every folder in ``kb_watched_folders`` on a thread of its own.

    ``on_report`` is called on that thread with each :class:`WatchReport`. Call
    :meth:`refresh` after adding or removing watched folders in the database, and
    :meth:`stop` before the process ends (pending files are indexed at the next start).
    """

    def __init__(self, database: Path, on_report: Callable[[WatchReport], None] | None = None,
                 *, quiet_s: float = QUIET_S, max_wait_s: float = MAX_WAIT_S,
                 retry_s: float = RETRY_S) -> None:
        self.database = Path(database)
        self.on_report = on_report or (lambda report: None)
        self.retry_s = retry_s
        self._debouncer = Debouncer(quiet_s, max_wait_s)
        self._cond = threading.Condition()
        self._watched: dict[int, _Watched] = {}
        self._refresh_asked = True
        self._stopping = False
        self._busy = False
        self._control: IngestControl | None = None
        self._thread: threading.Thread | None = None
        self._observer: BaseObserver | None = None
        self._events: list[type] = []
        self._next_retry: float | None = None

    # control from any thread ---------------------------------------------------------

    def start(self) -> FolderWatcher:
        """Start watching (returns at once; the scans run on the watcher's thread)."""
        self._thread = threading.Thread(target=self._run, name="hearth-kb-watch", daemon=True)
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        """True while the watcher's thread runs (False once stopped, or after an error)."""
        return self._thread is not None and self._thread.is_alive()

    def refresh(self) -> None:
        """Re-read the watched folders: scan and watch new ones, drop removed ones."""
        with self._cond:
            self._refresh_asked = True
            self._cond.notify_all()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop watching; an indexing run under way stops after its current step."""
        with self._cond:
            self._stopping = True
            if self._control is not None:
                self._control.cancel()
            self._cond.notify_all()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no change is waiting and nothing is being indexed; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._busy or self._refresh_asked or self._debouncer:
                left = deadline - time.monotonic()
                if left <= 0 or self._stopping:
                    return False
                self._cond.wait(left)
        return True

    @property
    def folders(self) -> list[WatchedFolder]:
        """The folders being watched now (scheduled with the observer)."""
        with self._cond:
            return [w.folder for w in self._watched.values() if w.watch is not None]

    def _note(self, folder_id: int, path: Path) -> None:
        with self._cond:
            self._debouncer.add(folder_id, path)
            self._cond.notify_all()

    # the watcher's thread ------------------------------------------------------------

    def _run(self) -> None:
        from watchdog.observers import Observer

        from app.store.db import connect

        db = None
        try:
            self._events = watched_events()
            self._observer = observer = Observer()
            observer.start()
            db = connect(self.database)
            self._loop(db)
        except Exception as exc:  # reported, never raised into a thread nobody joins
            log.exception("folder watcher stopped")
            self._report(WatchReport("error", "", "", message=f"Watching stopped: {exc}"))
        finally:
            self._close(db)

    def _close(self, db: sqlite_utils.Database | None) -> None:
        if self._observer is not None and self._observer.is_alive():
            self._observer.stop()
            self._observer.join(5.0)
        if db is not None:
            db.close()
        with self._cond:
            self._busy = self._refresh_asked = False
            self._debouncer = Debouncer(self._debouncer.quiet_s, self._debouncer.max_wait_s)
            self._cond.notify_all()

    def _loop(self, db: sqlite_utils.Database) -> None:
        while True:
            with self._cond:
                self._busy = False
                self._cond.notify_all()
                while not self._work_ready():
                    self._cond.wait(self._wait_time())
                if self._stopping:
                    return
                self._busy = True
                refresh, self._refresh_asked = self._refresh_asked, False
                if self._next_retry is not None and time.monotonic() >= self._next_retry:
                    refresh, self._next_retry = True, None
                batches = self._debouncer.pop_due()
            if refresh:
                self._refresh(db)
            for folder_id, paths in batches:
                self._apply(db, cast(int, folder_id), paths)

    def _running_observer(self) -> BaseObserver:
        if self._observer is None:
            raise RuntimeError("The folder watcher is not running.")
        return self._observer

    def _work_ready(self) -> bool:
        now = time.monotonic()
        due = self._debouncer.next_due()
        return (self._stopping or self._refresh_asked or (due is not None and due <= now)
                or (self._next_retry is not None and self._next_retry <= now))

    def _wait_time(self) -> float | None:
        times = [t for t in (self._debouncer.next_due(), self._next_retry) if t is not None]
        return max(0.0, min(times) - time.monotonic()) if times else None

    def _refresh(self, db: sqlite_utils.Database) -> None:
        wanted = {f.id: f for f in watched_folders(db)}
        for folder_id in [i for i in self._watched if i not in wanted]:
            self._unwatch(folder_id)
        for folder in wanted.values():
            known = self._watched.get(folder.id)
            if known is None or known.watch is None:
                self._watch(db, folder)

    def _watch(self, db: sqlite_utils.Database, folder: WatchedFolder) -> None:
        entry = self._watched.get(folder.id) or _Watched(folder, _FolderEvents(folder, self._note))
        with self._cond:
            self._watched[folder.id] = entry
        if not Path(folder.path).is_dir():
            self._missing(folder)
            return
        try:
            watch = self._running_observer().schedule(
                _as_handler(entry.handler), folder.path, recursive=True,
                event_filter=self._events)
        except OSError as exc:
            self._schedule_failed(folder, exc)
            return
        with self._cond:
            entry.watch = watch
        self._scan(db, folder)

    def _unwatch(self, folder_id: int) -> None:
        with self._cond:
            entry = self._watched.pop(folder_id)
            self._debouncer.discard(folder_id)
        self._stop_observing(entry)
        self._report(WatchReport("unwatched", entry.folder.path, entry.folder.collection))

    def _stop_observing(self, entry: _Watched) -> None:
        with self._cond:
            watch, entry.watch = entry.watch, None
            shared = any(w.watch == watch for w in self._watched.values() if w is not entry)
        if watch is None:
            return
        try:
            if shared:  # another collection watches the same folder: keep its watch
                self._running_observer().remove_handler_for_watch(
                    _as_handler(entry.handler), watch)
            else:
                self._running_observer().unschedule(watch)
        except (KeyError, OSError):
            pass  # already gone with its folder

    def _missing(self, folder: WatchedFolder) -> None:
        self._retry_later()
        self._report(WatchReport(
            "missing", folder.path, folder.collection,
            message=f"The watched folder {folder.path} is not there (moved, deleted or on a "
                    "drive that is not connected). Its documents are kept; watching resumes "
                    "when it is back."))

    def _schedule_failed(self, folder: WatchedFolder, exc: OSError) -> None:
        if exc.errno == errno.ENOENT:
            self._missing(folder)
            return
        self._retry_later()
        advice = (" The system's limit on watched folders is reached: raise "
                  "fs.inotify.max_user_watches, or watch a smaller folder."
                  if exc.errno == errno.ENOSPC else "")
        self._report(WatchReport("error", folder.path, folder.collection,
                                 message=f"{folder.path} cannot be watched: {exc}.{advice}"))

    def _retry_later(self) -> None:
        with self._cond:
            self._next_retry = time.monotonic() + self.retry_s

    def _scan(self, db: sqlite_utils.Database, folder: WatchedFolder) -> None:
        """The whole folder against the index: new, changed and deleted files."""
        try:
            result = add_paths(db, folder.collection_id, [Path(folder.path)])
            self._index(db, folder, result, "scanned")
        except Exception as exc:
            self._failed(folder, exc)

    def _apply(self, db: sqlite_utils.Database, folder_id: int, paths: set[Path]) -> None:
        """A batch of changes under one folder (after the debounce)."""
        with self._cond:
            entry = self._watched.get(folder_id)
        if entry is None:
            return
        folder = entry.folder
        if not Path(folder.path).is_dir():  # the folder itself went away: keep its documents
            self._stop_observing(entry)
            self._missing(folder)
            return
        try:
            result = sync_paths(db, folder.collection_id, Path(folder.path), paths)
            if result.pending or result.removed:
                self._index(db, folder, result, "reindexed")
        except Exception as exc:
            self._failed(folder, exc)

    def _index(self, db: sqlite_utils.Database, folder: WatchedFolder, result: AddResult,
               kind: str) -> None:
        if result.skipped:
            self._missing(folder)
            return
        failed: tuple[str, ...] = ()
        if result.pending_ids:
            failed = self._ingest(db, folder, result.pending_ids)
        self._report(WatchReport(kind, folder.path, folder.collection,
                                 pending=tuple(result.pending), removed=tuple(result.removed),
                                 failed=failed))

    def _ingest(self, db: sqlite_utils.Database, folder: WatchedFolder,
                ids: list[int]) -> tuple[str, ...]:
        """Index the folder's pending documents (the one pipeline every front uses);
        returns the paths that failed."""
        with self._cond:
            if self._stopping:
                return ()
            control = self._control = IngestControl()

        def progress(event: IngestProgress) -> None:
            self._report(WatchReport("indexing", folder.path, folder.collection,
                                     progress=event))

        try:  # the model is loaded per run: changes are minutes apart
            outcome = pipeline.index_pending(db, documents=ids, control=control,
                                             on_progress=progress)
        finally:
            with self._cond:
                self._control = None
        return tuple(sorted(f.path for f in outcome.failures))

    def _failed(self, folder: WatchedFolder, exc: Exception) -> None:
        log.warning("re-indexing %s failed", folder.path, exc_info=exc)
        self._report(WatchReport("error", folder.path, folder.collection,
                                 message=f"{folder.path} could not be re-indexed: {exc}"))

    def _report(self, report: WatchReport) -> None:
        try:
            self.on_report(report)
        except Exception:  # a listener that went away must not stop the watching
            log.exception("watch report listener failed")

