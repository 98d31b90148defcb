"""The knowledge base's tables: collections, documents and chunks are the truth.

The FTS5 index (``kb_fts``) and the sqlite-vec index (``kb_vec``) are derived from the
chunks and the stored embeddings, and :func:`app.kb.index.rebuild` can recreate them.
The vector table is created when an embedding model is chosen (its width depends on the
model), so it is not part of these migrations.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

kb = Migrations("hearth.kb")


@kb(name="001_collections_documents_chunks")
def _tables(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE kb_collections (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            watch_path TEXT,
            created_at REAL NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE kb_documents (
            id INTEGER PRIMARY KEY,
            collection_id INTEGER NOT NULL REFERENCES kb_collections(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            sha256 TEXT,
            size_bytes INTEGER,
            mtime REAL,
            kind TEXT,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'indexed', 'failed')),
            error TEXT,
            pages INTEGER,
            n_chunks INTEGER NOT NULL DEFAULT 0,
            added_at REAL NOT NULL,
            indexed_at REAL,
            UNIQUE (collection_id, path)
        )
        """
    )
    db.execute("CREATE INDEX kb_documents_status ON kb_documents(status, id)")
    db.execute(
        """
        CREATE TABLE kb_chunks (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES kb_documents(id) ON DELETE CASCADE,
            collection_id INTEGER NOT NULL REFERENCES kb_collections(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            page INTEGER,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            heading TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            n_tokens INTEGER NOT NULL,
            UNIQUE (document_id, seq)
        )
        """
    )
    db.execute("CREATE INDEX kb_chunks_collection ON kb_chunks(collection_id)")
    # Embeddings are expensive to recompute, so they are stored (float32, little-endian)
    # per model; the sqlite-vec index is derived from them.
    db.execute(
        """
        CREATE TABLE kb_embeddings (
            chunk_id INTEGER PRIMARY KEY REFERENCES kb_chunks(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            vector BLOB NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX kb_embeddings_model ON kb_embeddings(model)")
    db.execute("CREATE TABLE kb_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    # Contentless FTS5: the text lives in kb_chunks; rowid = kb_chunks.id. CJK text is
    # indexed as overlapping bigrams (see app.kb.index), other text by unicode61; the
    # ``coll`` column holds one token naming the collection, so a search can be limited
    # to a conversation's collections inside FTS5 itself.
    db.execute(
        """
        CREATE VIRTUAL TABLE kb_fts USING fts5(
            body, coll, content='', contentless_delete=1,
            tokenize='unicode61 remove_diacritics 2'
        )
        """
    )
    db.execute(
        """
        CREATE TRIGGER kb_chunks_fts_delete AFTER DELETE ON kb_chunks BEGIN
            DELETE FROM kb_fts WHERE rowid = old.id;
        END
        """
    )


@kb(name="002_conversation_collections")
def _conversation_collections(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE conversation_collections (
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            collection_id INTEGER NOT NULL REFERENCES kb_collections(id) ON DELETE CASCADE,
            PRIMARY KEY (conversation_id, collection_id)
        )
        """
    )
    db.execute(
        "CREATE INDEX conversation_collections_collection "
        "ON conversation_collections(collection_id)"
    )


@kb(name="003_watched_folders")
def _watched_folders(db: Database) -> None:
    """Folders a collection follows: files that change there are re-indexed.

    Replaces the single ``kb_collections.watch_path`` column, which nothing wrote; any
    value found there is carried over.
    """
    db.execute(
        """
        CREATE TABLE kb_watched_folders (
            id INTEGER PRIMARY KEY,
            collection_id INTEGER NOT NULL REFERENCES kb_collections(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            added_at REAL NOT NULL,
            UNIQUE (collection_id, path)
        )
        """
    )
    db.execute(
        "INSERT INTO kb_watched_folders (collection_id, path, added_at) "
        "SELECT id, watch_path, created_at FROM kb_collections WHERE watch_path IS NOT NULL"
    )


@kb(name="004_vector_generation")
def _vector_generation(db: Database) -> None:
    # kb_state.vec_generation counts changes to the vector index, so the in-memory copy
    # of its bits (app.kb.hamming) knows when it is stale. Deleting a chunk bumps it in
    # the trigger that deletes the chunk's vector; app.kb.index bumps it on other changes.
    db.execute("INSERT OR IGNORE INTO kb_state (key, value) VALUES ('vec_generation', '0')")
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'kb_chunks_vec_delete'").fetchone():
        db.execute("DROP TRIGGER kb_chunks_vec_delete")
        db.execute(
            "CREATE TRIGGER kb_chunks_vec_delete AFTER DELETE ON kb_chunks BEGIN "
            "DELETE FROM kb_vec WHERE chunk_id = old.id; "
            "UPDATE kb_state SET value = CAST(value AS INTEGER) + 1 "
            "WHERE key = 'vec_generation'; END"
        )
