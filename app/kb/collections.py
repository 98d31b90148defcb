"""Named collections of documents, and which collections a conversation uses."""

from __future__ import annotations

import time
from dataclasses import dataclass

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
    """Every collection with its document and chunk counts."""
    rows = db.execute(
        "SELECT c.id, c.name, "
        "(SELECT count(*) FROM kb_documents d WHERE d.collection_id = c.id), "
        "(SELECT count(*) FROM kb_chunks k WHERE k.collection_id = c.id) "
        "FROM kb_collections c ORDER BY c.name"
    ).fetchall()
    return [Collection(*row) for row in rows]


def delete_collection(db: sqlite_utils.Database, name: str) -> None:
    """Delete a collection with its documents, chunks and index entries."""
    collection_id = find(db, name)
    load_vec(db)  # deleting chunks also deletes their vectors
    with transaction(db):
        db.execute("DELETE FROM kb_collections WHERE id = ?", [collection_id])


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
