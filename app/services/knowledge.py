"""The knowledge base, as every front uses it: the window's Knowledge page and chat
header, ``hearth kb`` and (next) the local API call these functions and nothing below.

Collections hold documents; adding files registers them (quick, one transaction) and
one indexing pipeline (:func:`index_pending`) extracts, chunks, embeds and indexes
them with progress, whoever asked: ``kb add``, ``kb watch``, the page, or the folder
watcher. :func:`index_pending` (from :mod:`app.kb.pipeline`, where the folder watcher
calls it too) takes minutes: the window runs it on a connection of its own
(:func:`open_index_db`) off the GUI thread.

Functions take the caller's sqlite_utils connection, as the rest of services do; what
blocks for long (indexing, search with an embedding model) says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from app.kb import collections as colls
from app.kb.collections import DEFAULT_COLLECTION, Collection, CollectionError, WatchedFolder
from app.kb.extract import SUPPORTED_SUFFIXES
from app.kb.ingest import AddResult, IngestControl, IngestProgress
from app.kb.pipeline import Failure, IndexOutcome, index_pending
from app.kb.search import Hit
from app.kb.watch import FolderWatcher, WatchReport

__all__ = [
    "DEFAULT_COLLECTION", "SUPPORTED_SUFFIXES", "AddResult", "Collection", "CollectionError",
    "DocumentRow", "Failure", "FolderWatcher", "Hit", "IndexOutcome", "IngestControl",
    "IngestProgress", "KnowledgeView", "WatchReport", "WatchedFolder", "index_pending",
]


# connections ----------------------------------------------------------------------------


def open_db() -> sqlite_utils.Database:
    """The user's database, migrated (a command's connection)."""
    from app.store import open_db as open_store

    return open_store()


def open_index_db() -> sqlite_utils.Database:
    """A connection of its own for a long indexing run on a worker thread; close it after."""
    from app.paths import get_paths
    from app.store.db import connect

    return connect(get_paths().database)


# collections ----------------------------------------------------------------------------


def list_collections(db: sqlite_utils.Database) -> list[Collection]:
    """Every collection with its document and chunk counts and watched folders, by name."""
    return colls.list_collections(db)


def create_collection(db: sqlite_utils.Database, name: str) -> int:
    """The id of the collection called ``name``, created if new (CollectionError: no name)."""
    return colls.get_or_create(db, name)


def delete_collection(db: sqlite_utils.Database, name: str) -> list[int]:
    """Delete a collection and its index (not the files); returns the ids of the
    conversations that no longer search it."""
    return colls.delete_collection(db, name)


def attached_collections(db: sqlite_utils.Database, conversation_id: int) -> list[str]:
    """The names of the collections the conversation consults, by name (empty: none)."""
    rows = db.execute(
        "SELECT c.name FROM conversation_collections cc JOIN kb_collections c "
        "ON c.id = cc.collection_id WHERE cc.conversation_id = ? ORDER BY c.name",
        [conversation_id]).fetchall()
    return [name for (name,) in rows]


def attach_collections(db: sqlite_utils.Database, conversation_id: int,
                       names: list[str]) -> None:
    """Have the conversation consult exactly the collections called ``names`` (replacing
    its earlier choice; none: it uses no documents). CollectionError when the
    conversation or a collection does not exist (it names the collections there are)."""
    found = db.execute("SELECT 1 FROM conversations WHERE id = ?", [conversation_id])
    if found.fetchone() is None:
        raise CollectionError(f"There is no conversation {conversation_id}.")
    colls.set_conversation_collections(db, conversation_id, [colls.find(db, n) for n in names])


# documents ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRow:
    """One document of a collection, as the page and ``hearth kb ls`` list it."""

    id: int
    path: str
    status: str  # "pending", "indexed" or "failed"
    kind: str | None
    n_chunks: int
    pages: int | None
    error: str | None


def documents(db: sqlite_utils.Database, collection: str) -> list[DocumentRow]:
    """The documents of the collection called ``collection``, by path (CollectionError
    when there is none)."""
    return _documents(db, colls.find(db, collection))


def _documents(db: sqlite_utils.Database, collection_id: int) -> list[DocumentRow]:
    rows = db.execute(
        "SELECT id, path, status, kind, n_chunks, pages, error FROM kb_documents "
        "WHERE collection_id = ? ORDER BY path", [collection_id]).fetchall()
    return [DocumentRow(*row) for row in rows]


def add_paths(db: sqlite_utils.Database, collection: str,
              paths: Iterable[Path]) -> AddResult:
    """Register files and folders in ``collection`` (created if new) as pending; unchanged
    files are left alone. Quick; :func:`index_pending` does the work."""
    from app.kb.ingest import add_paths as register

    return register(db, colls.get_or_create(db, collection), paths)


def failed_before(db: sqlite_utils.Database, collection: str,
                  paths: Sequence[str]) -> list[Failure]:
    """Those of ``paths`` in ``collection`` that failed in an earlier run (and are
    unchanged since, so they were not tried again)."""
    rows = db.execute(
        "SELECT d.path, d.error FROM kb_documents d JOIN kb_collections c "
        "ON c.id = d.collection_id WHERE c.name = ? AND d.status = 'failed' "
        "AND d.path IN (SELECT value FROM json_each(?)) ORDER BY d.path",
        [collection, json.dumps(list(paths))]).fetchall()
    return [Failure(path, error or "") for path, error in rows]


def remove_documents(db: sqlite_utils.Database, document_ids: Iterable[int]) -> int:
    """Delete documents with their chunks and index entries (not the files), in one
    transaction; returns how many there were."""
    from app.kb.ingest import remove_documents as remove

    return remove(db, document_ids)


def remove_paths(db: sqlite_utils.Database, paths: Iterable[Path],
                 collection: str | None = None) -> int:
    """Remove the documents at these paths (a file, or all under a folder), in
    ``collection`` or in all; returns how many were removed."""
    ids = []
    for path in paths:
        target = str(Path(path).expanduser().resolve())
        rows = db.execute(
            "SELECT d.id FROM kb_documents d JOIN kb_collections c ON c.id = d.collection_id "
            "WHERE (d.path = ? OR substr(d.path, 1, ?) = ?) AND (? IS NULL OR c.name = ?)",
            [target, len(target) + 1, target.rstrip("/") + "/", collection, collection],
        ).fetchall()
        ids += [doc_id for (doc_id,) in rows]
    return remove_documents(db, ids)


# search, rebuild and the embedding model ------------------------------------------------


def search(db: sqlite_utils.Database, query: str, collections: Sequence[str] = (),
           limit: int = 5) -> list[Hit]:
    """The best chunks for ``query`` in ``collections`` (empty: all), full-text and by
    meaning when an embedding model is chosen (it is loaded for this search: blocks).
    CollectionError for an unknown collection; FileNotFoundError when the model is gone."""
    from app.kb.embed import opened_configured_embedder
    from app.kb.search import search as run_search

    ids = [colls.find(db, name) for name in collections] or None
    with opened_configured_embedder(db) as embedder:
        return run_search(db, query, ids, limit=limit, embedder=embedder)


def rebuild(db: sqlite_utils.Database) -> dict:
    """Rebuild the full-text and vector indexes from the stored chunks; returns the
    counts (``chunks``, ``vectors``)."""
    from app.kb.index import load_vec
    from app.kb.index import rebuild as run_rebuild

    load_vec(db)
    return run_rebuild(db)


def embedding_model(db: sqlite_utils.Database) -> str | None:
    """The path of the embedding model the knowledge base uses (None: full-text only).
    FileNotFoundError, with advice, when the chosen file has gone."""
    from app.kb.embed import configured_model_path

    return configured_model_path(db)


def choose_embedding_model(db: sqlite_utils.Database, path: Path) -> Path:
    """Use the GGUF embedding model at ``path`` from now on (chunks without its vectors
    get them at the next :func:`index_pending`); returns its absolute path.
    FileNotFoundError when there is no file there."""
    from app.kb.embed import MODEL_PATH_KEY
    from app.kb.index import set_state

    model = Path(path).expanduser().resolve()
    if not model.is_file():
        raise FileNotFoundError(f"No embedding model at {model}.")
    set_state(db, MODEL_PATH_KEY, str(model))
    db.conn.commit()
    return model


def use_full_text_only(db: sqlite_utils.Database) -> None:
    """Drop the embedding model and its vectors: search by words only."""
    from app.kb.embed import MODEL_PATH_KEY
    from app.kb.index import clear_vector_model, load_vec, set_state

    load_vec(db)
    clear_vector_model(db)
    set_state(db, MODEL_PATH_KEY, None)
    db.conn.commit()


# watched folders ------------------------------------------------------------------------


def watched_folders(db: sqlite_utils.Database, collection: str | None = None
                    ) -> list[WatchedFolder]:
    """The watched folders of ``collection`` (CollectionError when there is none) or of
    all collections."""
    return colls.watched_folders(db, colls.find(db, collection) if collection else None)


def watch_folder(db: sqlite_utils.Database, collection: str, path: Path) -> WatchedFolder:
    """Have ``collection`` (created if new) watch ``path``; CollectionError says why not
    (and creates nothing). A running :class:`FolderWatcher` picks it up on ``refresh()``."""
    colls.watchable_folder(path)
    return colls.watch_folder(db, colls.get_or_create(db, collection), path)


def unwatch_folder(db: sqlite_utils.Database, path: Path,
                   collection: str | None = None) -> list[WatchedFolder]:
    """Stop watching ``path`` (in ``collection``, or in all); its documents stay. Returns
    the folders let go; CollectionError names the watched ones when none matched."""
    collection_id = colls.find(db, collection) if collection else None
    return colls.unwatch_folder(db, path, collection_id)


def scan_watched(db: sqlite_utils.Database, path: Path | None = None
                 ) -> list[tuple[WatchedFolder, AddResult]]:
    """Register what changed in the watched folders (or just in ``path``) since they were
    last looked at: new and changed files become pending, vanished ones are removed.
    :func:`index_pending` indexes them."""
    from app.kb.ingest import add_paths as register

    folders = colls.watched_folders(db)
    if path is not None:
        folders = [f for f in folders if f.path == str(Path(path).expanduser().resolve())]
    return [(f, register(db, f.collection_id, [Path(f.path)])) for f in folders]


def folder_watcher(on_report: Callable[[WatchReport], None]) -> FolderWatcher:
    """A watcher of every watched folder (not started): ``start()`` it, ``refresh()`` it
    after watching or unwatching, ``stop()`` it before the process ends. It indexes
    through :func:`index_pending` on a thread and connection of its own and calls
    ``on_report`` on that thread."""
    from app.paths import get_paths

    return FolderWatcher(get_paths().database, on_report)


def in_watched_folder(path: str, watched: Iterable[WatchedFolder]) -> bool:
    """True when ``path`` lies under one of the ``watched`` folders."""
    return any(Path(path).is_relative_to(folder.path) for folder in watched)


# the Knowledge page ---------------------------------------------------------------------


@dataclass(frozen=True)
class KnowledgeView:
    """Every collection, and the chosen one's documents, watched folders and users."""

    collections: list[Collection]
    chosen: Collection | None
    documents: list[DocumentRow] = field(default_factory=list)
    watched: list[WatchedFolder] = field(default_factory=list)
    #: conversations that search the chosen collection
    conversations: list[int] = field(default_factory=list)


def knowledge_view(db: sqlite_utils.Database, name: str) -> KnowledgeView:
    """The page's contents with the collection called ``name`` chosen (if it exists)."""
    found = colls.list_collections(db)
    chosen = next((c for c in found if c.name == name), None)
    if chosen is None:
        return KnowledgeView(found, None)
    return KnowledgeView(found, chosen, _documents(db, chosen.id),
                         colls.watched_folders(db, chosen.id),
                         colls.conversations_using(db, chosen.id))
