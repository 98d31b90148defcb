"""What the Knowledge base page shows and changes, in plain Python (no Qt).

Each function runs on the window's STORE lane with the store connection; the page only
turns the results into widgets. The CLI (``hearth kb``) calls the same functions in
:mod:`app.kb.collections` and :mod:`app.kb.ingest`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from app.kb import collections as colls
from app.kb.collections import Collection, WatchedFolder


@dataclass(frozen=True)
class DocumentRow:
    """One document as the page lists it."""

    id: int
    path: str
    status: str
    n_chunks: int
    pages: int | None
    error: str | None


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
    rows = db.execute(
        "SELECT id, path, status, n_chunks, pages, error FROM kb_documents "
        "WHERE collection_id = ? ORDER BY path", [chosen.id]).fetchall()
    return KnowledgeView(found, chosen, [DocumentRow(*r) for r in rows],
                         colls.watched_folders(db, chosen.id),
                         colls.conversations_using(db, chosen.id))


def watch_folder(db: sqlite_utils.Database, collection: str, path: Path) -> WatchedFolder:
    """Have ``collection`` (created if new) watch ``path``; CollectionError says why not."""
    colls.watchable_folder(path)
    return colls.watch_folder(db, colls.get_or_create(db, collection), path)


def in_watched_folder(path: str, watched: Iterable[WatchedFolder]) -> bool:
    """True when ``path`` lies under one of the ``watched`` folders."""
    return any(Path(path).is_relative_to(folder.path) for folder in watched)


def attach_collections(db: sqlite_utils.Database, conversation_id: int,
                       names: list[str]) -> None:
    """Have the conversation consult exactly the collections called ``names`` (each must
    exist; CollectionError names the ones there are)."""
    colls.set_conversation_collections(db, conversation_id, [colls.find(db, n) for n in names])
