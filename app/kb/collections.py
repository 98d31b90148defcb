"""Named collections of documents, and which collections a conversation uses."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from app.kb.index import load_vec, new_rowid, transaction

DEFAULT_COLLECTION = "default"


class CollectionError(Exception):
    """A collection operation the user asked for cannot be done; the message says why."""


@dataclass(frozen=True)
class Collection:
    """One named knowledge base."""

    id: int
    name: str
    documents: int = 0
    chunks: int = 0
    watched: tuple[str, ...] = ()


@dataclass(frozen=True)
class WatchedFolder:
    """A folder whose changes are re-indexed into a collection."""

    id: int
    collection_id: int
    collection: str
    path: str


def get_or_create(db: sqlite_utils.Database, name: str = DEFAULT_COLLECTION) -> int:
    """The id of the collection called ``name``, created if missing."""
    name = name.strip()
    if not name:
        raise CollectionError("A collection needs a name.")
    row = db.execute("SELECT id FROM kb_collections WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO kb_collections (name, created_at) VALUES (?, ?)", [name, time.time()]
        )
    return new_rowid(cursor)


def find(db: sqlite_utils.Database, name: str) -> int:
    """The id of an existing collection; raises CollectionError naming the ones there are."""
    row = db.execute("SELECT id FROM kb_collections WHERE name = ?", [name]).fetchone()
    if row is None:
        names = ", ".join(c.name for c in list_collections(db)) or "none yet"
        raise CollectionError(f"There is no collection called {name!r} (there are: {names}).")
    return row[0]


def list_collections(db: sqlite_utils.Database) -> list[Collection]:
    """Every collection with its document and chunk counts and its watched folders."""
    rows = db.execute(
        "SELECT c.id, c.name, "
        "(SELECT count(*) FROM kb_documents d WHERE d.collection_id = c.id), "
        "(SELECT count(*) FROM kb_chunks k WHERE k.collection_id = c.id) "
        "FROM kb_collections c ORDER BY c.name"
    ).fetchall()
    watched: dict[int, list[str]] = {}
    for folder in watched_folders(db):
        watched.setdefault(folder.collection_id, []).append(folder.path)
    return [Collection(cid, name, docs, chunks, watched=tuple(watched.get(cid, ())))
            for cid, name, docs, chunks in rows]


def conversations_using(db: sqlite_utils.Database, collection_id: int) -> list[int]:
    """Ids of the conversations that search this collection."""
    rows = db.execute(
        "SELECT conversation_id FROM conversation_collections WHERE collection_id = ? "
        "ORDER BY conversation_id", [collection_id]).fetchall()
    return [r[0] for r in rows]


def delete_collection(db: sqlite_utils.Database, name: str) -> list[int]:
    """Delete a collection with its documents, chunks, index entries and watched folders.

    Conversations that searched it are detached from it (they keep their other
    collections); returns their ids. The files themselves are not touched.
    """
    collection_id = find(db, name)
    load_vec(db)  # deleting chunks also deletes their vectors
    with transaction(db):
        detached = conversations_using(db, collection_id)
        db.execute("DELETE FROM conversation_collections WHERE collection_id = ?",
                   [collection_id])
        db.execute("DELETE FROM kb_collections WHERE id = ?", [collection_id])
    return detached


# watched folders ------------------------------------------------------------------------


def watched_folders(
    db: sqlite_utils.Database, collection_id: int | None = None
) -> list[WatchedFolder]:
    """Watched folders, of one collection or of all, by collection then path."""
    rows = db.execute(
        "SELECT w.id, w.collection_id, c.name, w.path FROM kb_watched_folders w "
        "JOIN kb_collections c ON c.id = w.collection_id "
        "WHERE ? IS NULL OR w.collection_id = ? ORDER BY c.name, w.path",
        [collection_id, collection_id],
    ).fetchall()
    return [WatchedFolder(*row) for row in rows]


def watchable_folder(path: str | Path) -> Path:
    """The absolute folder ``path`` names; CollectionError when it is not a folder."""
    folder = Path(path).expanduser().resolve()
    if not folder.exists():
        raise CollectionError(f"There is no folder at {folder}; check the path and try again.")
    if not folder.is_dir():
        raise CollectionError(f"{folder} is a file. Watch the folder that holds it, or add "
                              "the file itself with `hearth kb add`.")
    return folder


def watch_folder(db: sqlite_utils.Database, collection_id: int, path: str | Path) -> WatchedFolder:
    """Have a collection watch a folder (again: the same row). Raises CollectionError.

    Watched folders inside the new one are folded into it.
    """
    folder = watchable_folder(path)
    for other in watched_folders(db, collection_id):
        if folder != Path(other.path) and folder.is_relative_to(other.path):
            raise CollectionError(f"{folder} is inside {other.path}, which collection "
                                  f"{other.collection!r} already watches.")
    inner = [w.id for w in watched_folders(db, collection_id)
             if Path(w.path) != folder and Path(w.path).is_relative_to(folder)]
    with transaction(db):
        db.conn.executemany("DELETE FROM kb_watched_folders WHERE id = ?", [(i,) for i in inner])
        db.execute(
            "INSERT OR IGNORE INTO kb_watched_folders (collection_id, path, added_at) "
            "VALUES (?, ?, ?)", [collection_id, str(folder), time.time()])
    return next(w for w in watched_folders(db, collection_id) if w.path == str(folder))


def unwatch_folder(
    db: sqlite_utils.Database, path: str | Path, collection_id: int | None = None
) -> list[WatchedFolder]:
    """Stop watching a folder (in one collection, or in all); its documents stay indexed.

    Returns the rows removed; raises CollectionError naming the watched folders when
    nothing matched.
    """
    folder = str(Path(path).expanduser().resolve())
    matches = [w for w in watched_folders(db, collection_id) if w.path == folder]
    if not matches:
        known = ", ".join(w.path for w in watched_folders(db, collection_id)) or "none"
        raise CollectionError(f"{folder} is not a watched folder (watched: {known}).")
    with transaction(db):
        db.conn.executemany("DELETE FROM kb_watched_folders WHERE id = ?",
                            [(w.id,) for w in matches])
    return matches


def set_conversation_collections(
    db: sqlite_utils.Database, conversation_id: int, collection_ids: list[int]
) -> None:
    """Choose the collections a conversation searches (replacing its earlier choice)."""
    with transaction(db):
        db.execute(
            "DELETE FROM conversation_collections WHERE conversation_id = ?", [conversation_id]
        )
        db.conn.executemany(
            "INSERT INTO conversation_collections (conversation_id, collection_id) VALUES (?, ?)",
            [(conversation_id, c) for c in dict.fromkeys(collection_ids)],
        )


def conversation_collections(db: sqlite_utils.Database, conversation_id: int) -> list[int]:
    """The collection ids a conversation searches (empty: it uses no documents)."""
    rows = db.execute(
        "SELECT collection_id FROM conversation_collections WHERE conversation_id = ? "
        "ORDER BY collection_id",
        [conversation_id],
    ).fetchall()
    return [r[0] for r in rows]
