"""Indexing: register files, then extract, chunk, embed and index them with progress.

Adding a path only registers documents as ``pending`` (one quick transaction). The
work happens in :func:`ingest`, a generator of :class:`IngestProgress` events that can
be paused, resumed and cancelled from another thread through :class:`IngestControl`.
Each document is written in one transaction (old chunks out, new chunks, FTS rows and
vectors in, status ``indexed``), so after a crash or a kill a document is either fully
indexed or still pending, and the next :func:`ingest` finishes the job.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
import time
from collections.abc import Collection, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sqlite_utils

from app.control import PauseControl
from app.i18n import N_, _
from app.kb.embed import Embedder
from app.kb.extract import SUPPORTED_SUFFIXES, Extracted, ExtractionError, Extractor, Limits
from app.kb.index import insert_chunks, insert_embeddings, load_vec, new_rowid, transaction
from app.kb.index import use_vector_model as _use_vector_model

EMBED_BATCH = 32
SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv"}
# Files editors and office suites write next to a document while it is open or saved:
# Word's owner file (~$x.docx), Emacs locks and autosaves (.#x, #x#), Vim swap files,
# backups (x~) and half-finished downloads.
TEMPORARY_PREFIXES = ("~$", ".#", "#", ".~lock.")
TEMPORARY_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".temp", ".part", ".partial",
                      ".crdownload", ".download", ".bak", "~", "#")
# One indexing run at a time in this process (the window's, the folder watcher's):
# two runs would extract and embed the same pending files twice.
_INDEXING = threading.Lock()


@dataclass(frozen=True)
class IngestProgress:
    """Where indexing stands; ``eta_s`` is None until there is a rate to go by."""

    stage: str  # "waiting", "indexing", "embedding", "paused", "done", "cancelled"
    files_done: int
    files_total: int
    files_failed: int
    chunks_done: int
    chunks_per_s: float
    eta_s: float | None
    current: str = ""
    message: str = ""
    #: why ``current`` failed, on the event that follows its failure ("" otherwise)
    failure: str = ""


@dataclass
class AddResult:
    """What registering paths did."""

    pending: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: ids of the pending documents, for :func:`ingest`'s ``documents``
    pending_ids: list[int] = field(default_factory=list)


class IngestControl(PauseControl):
    """Pause, resume or cancel a running :func:`ingest` from any thread."""


def file_sha256(path: Path) -> str:
    """Content hash of a file, read in 1 MB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def is_temporary(name: str) -> bool:
    """True for an editor's or a download's temporary file, a lock file or a hidden file."""
    return (name.startswith(".") or name.startswith(TEMPORARY_PREFIXES)
            or name.lower().endswith(TEMPORARY_SUFFIXES))


def in_skipped_folder(path: Path, root: Path, *, itself: bool = False) -> bool:
    """True when a folder between ``root`` and ``path`` (or ``path`` itself) is hidden or
    skipped (.git, node_modules...)."""
    if not path.is_relative_to(root):
        return False
    parts = path.relative_to(root).parts
    folders = parts if itself else parts[:-1]
    return any(p.startswith(".") or p in SKIPPED_DIRS for p in folders)


def is_indexable(path: Path, root: Path | None = None) -> bool:
    """A supported document that is not temporary, hidden or in a skipped folder under root."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES or is_temporary(path.name):
        return False
    return root is None or not in_skipped_folder(path, root)


def iter_files(path: Path, skipped: list[str] | None = None) -> Iterator[Path]:
    """A file itself, or the indexable files under a folder, without following a link
    out of it; what is passed over for safety is added to ``skipped`` as "path: reason"."""
    skipped = skipped if skipped is not None else []
    if not path.is_dir():
        reason = unsafe_reason(path, path.parent)
        if reason:
            skipped.append(f"{path}: {reason}")
        else:
            yield path
        return
    found: list[Path] = []
    for folder, dirs, files in os.walk(path, followlinks=False):
        base = Path(folder)
        for name in sorted(dirs):
            if (base / name).is_symlink() and not in_skipped_folder(base / name, path, itself=True):
                skipped.append(f"{base / name}: {_(LINKED_FOLDER)}")
        dirs[:] = sorted(d for d in dirs if not in_skipped_folder(base / d, path, itself=True))
        for name in files:
            child = base / name
            if not is_indexable(child, path):
                continue
            reason = unsafe_reason(child, path)
            if reason:
                skipped.append(f"{child}: {reason}")
            elif not _indexed_as_itself(child, path):
                found.append(child)
    yield from sorted(found)


def _indexed_as_itself(link: Path, root: Path) -> bool:
    """A link to a file the walk of ``root`` reads anyway: read once, under its own name."""
    if not link.is_symlink():
        return False
    target = link.resolve()
    return target.is_relative_to(root) and is_indexable(target, root)


LINKED_FOLDER = N_("a link to a folder; Hearth does not follow folder links (add the folder "
                   "itself)")
#: what :func:`unsafe_reason` calls each kind of file that is not a regular one
_NOT_REGULAR = ((stat.S_ISFIFO, N_("a named pipe, not a regular file")),
                (stat.S_ISSOCK, N_("a socket, not a regular file")),
                (stat.S_ISCHR, N_("a device, not a regular file")),
                (stat.S_ISBLK, N_("a device, not a regular file")),
                (stat.S_ISDIR, N_("a folder, not a regular file")))


def unsafe_reason(path: Path, root: Path, max_bytes: int | None = None) -> str | None:
    """Why Hearth will not read ``path`` (found under the folder ``root``), from its
    metadata alone — nothing is opened: a link that leads outside ``root``, a pipe, socket
    or device, a file over the size limit. None when it may be read."""
    max_bytes = max_bytes if max_bytes is not None else Limits().max_file_mb * 2**20
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                return _("a broken link")
            if not target.is_relative_to(root.resolve()):
                return _("a link to {target}, outside the folder you added; Hearth does not "
                         "follow it").format(target=target)
            info = os.stat(target)
    except FileNotFoundError:
        return _("it was deleted or moved")
    except OSError as exc:
        return _("it cannot be read ({reason})").format(reason=exc.strerror or exc)
    for test, kind in _NOT_REGULAR:
        if test(info.st_mode):
            return _(kind)
    if info.st_size > max_bytes:
        return _("larger than {limit} MB").format(limit=max_bytes // 2**20)
    return None


def refused_root(given: Path) -> str | None:
    """Why a path the user named cannot be added: a link is refused with its target named
    (add the target itself), a pipe or device with its kind."""
    path = Path(given).expanduser().absolute()
    if path.is_symlink():
        try:
            target = str(path.resolve(strict=True))
        except (OSError, RuntimeError):
            target = os.readlink(path)
        return _("it is a link to {target}; Hearth does not follow links. Add {target} itself "
                 "if that is what you mean.").format(target=target)
    if not path.exists():
        return _("no such file or folder")
    if not path.is_dir():
        return unsafe_reason(path, path.parent)
    return None


def add_paths(db: sqlite_utils.Database, collection_id: int, paths: Iterable[Path]) -> AddResult:
    """Register files and folders in a collection; unchanged files are left alone.

    A changed file becomes pending (its old chunks stay searchable until replaced); a
    file that vanished from a folder that is added again is removed.
    """
    result = AddResult()
    load_vec(db)
    for given in paths:
        refusal = refused_root(Path(given))
        if refusal:
            result.skipped.append(f"{Path(given).expanduser().absolute()}: {refusal}")
            continue
        root = Path(given).expanduser().resolve()
        seen = {str(f) for f in iter_files(root, result.skipped)}
        with transaction(db):
            for name in sorted(seen):
                _register(db, collection_id, Path(name), result)
            if root.is_dir():
                _remove_vanished(db, collection_id, root, seen, result)
    return result


def _register(db: sqlite_utils.Database, collection_id: int, path: Path, result: AddResult) -> None:
    stat = path.stat()
    row = db.execute(
        "SELECT id, sha256, status, size_bytes, mtime FROM kb_documents "
        "WHERE collection_id = ? AND path = ?",
        [collection_id, str(path)],
    ).fetchone()
    if row and row[2] == "indexed" and (row[3], row[4]) == (stat.st_size, stat.st_mtime):
        result.unchanged.append(str(path))
        return
    if row is None:  # new: hashed when it is indexed
        doc_id = new_rowid(db.execute(
            "INSERT INTO kb_documents (collection_id, path, size_bytes, mtime, status, added_at)"
            " VALUES (?, ?, ?, ?, 'pending', ?)",
            [collection_id, str(path), stat.st_size, stat.st_mtime, time.time()],
        ))
    elif row[2] in ("indexed", "failed") and row[1] == file_sha256(path):
        db.execute("UPDATE kb_documents SET mtime = ? WHERE id = ?", [stat.st_mtime, row[0]])
        result.unchanged.append(str(path))
        return
    else:
        doc_id = row[0]
        db.execute(
            "UPDATE kb_documents SET status = 'pending', error = NULL, size_bytes = ?, "
            "mtime = ? WHERE id = ?",
            [stat.st_size, stat.st_mtime, doc_id],
        )
    result.pending.append(str(path))
    result.pending_ids.append(doc_id)


def _documents_under(db: sqlite_utils.Database, collection_id: int,
                     path: Path) -> list[tuple[int, str]]:
    """(id, path) of the collection's documents at ``path`` or inside it (any OS's separator)."""
    prefix = str(path).rstrip("/\\") + os.sep
    return db.execute(
        "SELECT id, path FROM kb_documents WHERE collection_id = ? "
        "AND (path = ? OR substr(path, 1, ?) = ?)",
        [collection_id, str(path), len(prefix), prefix],
    ).fetchall()


def _remove_vanished(
    db: sqlite_utils.Database, collection_id: int, root: Path, seen: set[str], result: AddResult
) -> None:
    for doc_id, path in _documents_under(db, collection_id, root):
        if path not in seen and not Path(path).exists():
            db.execute("DELETE FROM kb_documents WHERE id = ?", [doc_id])
            result.removed.append(path)


def sync_paths(
    db: sqlite_utils.Database, collection_id: int, root: Path, paths: Iterable[Path]
) -> AddResult:
    """Bring a collection in line with paths that changed under the watched folder ``root``.

    A changed file becomes pending (unchanged content: nothing, by its hash); a folder is
    registered whole; a path that is gone is removed with every document under it.
    Temporary, hidden and unsupported files are passed over. One transaction.
    """
    result = AddResult()
    load_vec(db)
    with transaction(db):
        for path in sorted(set(paths)):
            if path.is_dir() and not path.is_symlink():
                if in_skipped_folder(path, root, itself=True):
                    continue
                seen = {str(f) for f in iter_files(path, result.skipped)
                        if is_indexable(f, root)}
                for name in sorted(seen):
                    _register(db, collection_id, Path(name), result)
                _remove_vanished(db, collection_id, path, seen, result)
            elif path.is_file() or path.is_symlink():
                if not is_indexable(path, root):
                    continue
                reason = unsafe_reason(path, root)
                if reason:
                    result.skipped.append(f"{path}: {reason}")
                    _remove_gone(db, collection_id, path, result, force=True)
                else:
                    _register(db, collection_id, path, result)
            else:
                _remove_gone(db, collection_id, path, result)
    return result


def _remove_gone(db: sqlite_utils.Database, collection_id: int, path: Path,
                 result: AddResult, force: bool = False) -> None:
    for doc_id, name in _documents_under(db, collection_id, path):
        if force or not Path(name).exists():
            db.execute("DELETE FROM kb_documents WHERE id = ?", [doc_id])
            result.removed.append(name)


def remove_document(db: sqlite_utils.Database, document_id: int) -> None:
    """Delete a document with its chunks, vectors and FTS rows, in one transaction."""
    remove_documents(db, [document_id])


def remove_documents(db: sqlite_utils.Database, document_ids: Iterable[int]) -> int:
    """Delete documents with their chunks, embeddings, vectors and FTS rows, all in one
    transaction; returns how many there were. The files themselves are not touched."""
    load_vec(db)  # the vector index's delete trigger needs sqlite-vec
    removed = 0
    with transaction(db):
        for document_id in dict.fromkeys(document_ids):
            cursor = db.execute("DELETE FROM kb_documents WHERE id = ?", [document_id])
            removed += cursor.rowcount
    return removed


def pending_documents(
    db: sqlite_utils.Database, only: Collection[int] | None = None
) -> list[tuple[int, int, str]]:
    """(id, collection_id, path) of documents waiting to be indexed, oldest first.

    With ``only``, just those of these document ids that are still pending.
    """
    rows = db.execute(
        "SELECT id, collection_id, path FROM kb_documents WHERE status = 'pending' ORDER BY id"
    ).fetchall()
    if only is None:
        return rows
    wanted = set(only)
    return [row for row in rows if row[0] in wanted]


class _Meter:
    """Counts work and turns it into a rate and a time left (paused time excluded)."""

    def __init__(self, files_total: int) -> None:
        self.files_total, self.files_done, self.failed, self.chunks = files_total, 0, 0, 0
        self.started = time.monotonic()
        self.paused_s = 0.0

    def event(self, stage: str, current: str = "", message: str = "",
              failure: str = "") -> IngestProgress:
        elapsed = max(time.monotonic() - self.started - self.paused_s, 1e-6)
        rate = self.chunks / elapsed
        left = self.files_total - self.files_done
        eta = elapsed / self.files_done * left if self.files_done else None
        return IngestProgress(stage, self.files_done, self.files_total, self.failed,
                              self.chunks, rate, eta, current, message, failure)


def ingest(
    db: sqlite_utils.Database,
    embedder: Embedder | None = None,
    *,
    control: IngestControl | None = None,
    limits: Limits | None = None,
    documents: Collection[int] | None = None,
) -> Iterator[IngestProgress]:
    """Index every pending document (or the pending ones among ``documents``), then embed
    chunks that have no vector yet.

    Yields progress after each document and each embedding batch. Failed files are
    marked ``failed`` with the reason and the others go on. Runs one at a time in a
    process: a second run yields ``waiting`` until the first ends.
    """
    control = control or IngestControl()
    meter = _Meter(0)
    if not _INDEXING.acquire(blocking=False):
        yield meter.event("waiting")
        while not _INDEXING.acquire(timeout=0.2):
            if control.cancelled:
                yield meter.event("cancelled")
                return
    try:
        yield from _ingest_pending(db, embedder, control, limits, documents)
    finally:
        _INDEXING.release()


def _ingest_pending(db, embedder, control, limits, documents) -> Iterator[IngestProgress]:
    load_vec(db)
    if embedder is not None:
        _ensure_model(db, embedder)
    docs = pending_documents(db, documents)
    meter = _Meter(len(docs))
    if docs:
        with Extractor(limits) as extractor:
            yield from _index_documents(db, docs, extractor, embedder, control, meter)
    if embedder is not None and not control.cancelled:
        yield from embed_missing(db, embedder, control=control, meter=meter)
    yield meter.event("cancelled" if control.cancelled else "done")


def _ensure_model(db: sqlite_utils.Database, embedder: Embedder) -> None:
    dims = getattr(embedder, "dims", None) or len(embedder.embed(["dimension probe"])[0])
    _use_vector_model(db, embedder.name, int(dims))


def _index_documents(db, docs, extractor, embedder, control, meter) -> Iterator[IngestProgress]:
    submitted = _submit(extractor, docs, 0)
    for i, (doc_id, collection_id, path) in enumerate(docs):
        yield from _pause_point(control, meter, path)
        if control.cancelled:
            return
        outcome = _collect(extractor, submitted)
        submitted_sha = submitted if submitted and not submitted.startswith("error:") else None
        submitted = _submit(extractor, docs, i + 1)
        failure = ""
        if isinstance(outcome, str):
            _mark_failed(db, doc_id, outcome, submitted_sha)
            meter.failed += 1
            failure = outcome
        else:
            sha, extracted = outcome
            vectors = yield from _embed_chunks(embedder, extracted, control, meter, path)
            if vectors is None:  # cancelled: the document stays pending
                return
            _write_document(db, doc_id, collection_id, sha, extracted, embedder, vectors)
        meter.files_done += 1
        yield meter.event("indexing", path, failure=failure)


def _submit(extractor: Extractor, docs, index: int) -> str | None:
    """Hash the file and hand it to the extractor; returns the hash, or a failure reason."""
    if index >= len(docs):
        return None
    path = Path(docs[index][2])
    # checked again just before reading: the file may have been replaced by a link, a
    # pipe or a huge file since it was registered (nothing is opened until this passes)
    # (where the link may lead was checked against the added folder when it was registered)
    reason = unsafe_reason(path, Path(path.anchor), extractor.limits.max_file_mb * 2**20)
    if reason:
        return "error:" + _("Not read: {reason}.").format(reason=reason)
    try:
        sha = file_sha256(path)
    except FileNotFoundError:
        return "error:" + _("The file was deleted or moved before it could be read.")
    except OSError as exc:
        return "error:" + _("The file cannot be read: {reason}.").format(
            reason=exc.strerror or exc)
    extractor.submit(path)
    return sha


def _collect(extractor: Extractor, submitted: str | None) -> tuple[str, Extracted] | str:
    if submitted is None or submitted.startswith("error:"):
        return (submitted or "error:" + _("Nothing was submitted."))[len("error:"):]
    try:
        return submitted, extractor.result()
    except FileNotFoundError:
        return _("The file was deleted or moved before it could be read.")
    except ExtractionError as exc:
        return str(exc)


def _embed_chunks(
    embedder, extracted, control, meter, path
) -> Generator[IngestProgress, None, np.ndarray | None]:
    """Embed a document's chunks batch by batch; returns None when cancelled."""
    texts = [_embedding_text(c) for c in extracted.chunks]
    if embedder is None:
        meter.chunks += len(texts)
        return np.zeros((0, 0), np.float32)
    parts = []
    for start in range(0, len(texts), EMBED_BATCH):
        yield from _pause_point(control, meter, path)
        if control.cancelled:
            return None
        batch = texts[start : start + EMBED_BATCH]
        parts.append(np.asarray(embedder.embed(batch), dtype=np.float32))
        meter.chunks += len(batch)
        if start + EMBED_BATCH < len(texts):
            yield meter.event("indexing", path)
    return np.concatenate(parts) if parts else np.zeros((0, 0), np.float32)


def _embedding_text(chunk: dict) -> str:
    heading = chunk.get("heading") or ""
    text = chunk["text"]
    return f"{heading}\n{text}" if heading and not text.lstrip().startswith("#") else text


def _pause_point(control: IngestControl, meter: _Meter, path: str) -> Iterator[IngestProgress]:
    if control.paused and not control.cancelled:
        yield meter.event("paused", path)
        began = time.monotonic()
        while not control.wait(0.2):
            pass
        meter.paused_s += time.monotonic() - began


def _write_document(db, doc_id, collection_id, sha, extracted, embedder, vectors) -> None:
    """Replace a document's chunks in one transaction: all of it is indexed, or none."""
    with transaction(db):
        if not _still_there(db, doc_id):
            return  # removed (or its collection deleted) while it was being read
        db.execute("DELETE FROM kb_chunks WHERE document_id = ?", [doc_id])
        ids = insert_chunks(db, doc_id, collection_id, extracted.chunks)
        if embedder is not None and len(ids):
            insert_embeddings(db, embedder.name, ids, vectors)
        db.execute(
            "UPDATE kb_documents SET status = 'indexed', error = NULL, sha256 = ?, kind = ?, "
            "pages = ?, n_chunks = ?, indexed_at = ? WHERE id = ?",
            [sha, extracted.kind, extracted.pages, len(ids), time.time(), doc_id],
        )


def _still_there(db: sqlite_utils.Database, doc_id: int) -> bool:
    return db.execute("SELECT 1 FROM kb_documents WHERE id = ?", [doc_id]).fetchone() is not None


def _mark_failed(
    db: sqlite_utils.Database, doc_id: int, reason: str, sha: str | None = None
) -> None:
    """Record why a file failed; its hash too, so re-adding it unchanged does nothing."""
    with transaction(db):
        db.execute(
            "UPDATE kb_documents SET status = 'failed', error = ?, sha256 = ? WHERE id = ?",
            [reason, sha, doc_id],
        )


def embed_missing(
    db: sqlite_utils.Database,
    embedder: Embedder,
    *,
    control: IngestControl | None = None,
    meter: _Meter | None = None,
) -> Iterator[IngestProgress]:
    """Embed chunks that have no vector from ``embedder`` (after a change of model)."""
    control = control or IngestControl()
    load_vec(db)
    _ensure_model(db, embedder)
    missing_sql = (
        "SELECT c.id, c.heading, c.text FROM kb_chunks c LEFT JOIN kb_embeddings e "
        "ON e.chunk_id = c.id AND e.model = ? WHERE e.chunk_id IS NULL ORDER BY c.id LIMIT ?"
    )
    meter = meter or _Meter(0)
    while not control.cancelled:
        rows = db.execute(missing_sql, [embedder.name, EMBED_BATCH * 4]).fetchall()
        if not rows:
            return
        yield from _pause_point(control, meter, "")
        texts = [_embedding_text({"heading": h, "text": t}) for _, h, t in rows]
        vectors = np.asarray(embedder.embed(texts), dtype=np.float32)
        with transaction(db):
            insert_embeddings(db, embedder.name, [r[0] for r in rows], vectors)
        meter.chunks += len(rows)
        yield meter.event("embedding", message=_("{count} chunks embedded").format(count=len(rows)))
