"""Named, append-only migrations, each in its own transaction, run once at start-up.

Each part of Hearth that owns tables has its own migration set; add a new function at
the end of the right set, never edit one that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

core = Migrations("hearth.core")


@core(name="001_conversations")
def _conversations(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            model TEXT,
            settings TEXT NOT NULL DEFAULT '{}',
            current_leaf_id INTEGER,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
            content TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'complete'
                CHECK (status IN ('complete', 'streaming', 'cancelled', 'error')),
            error TEXT,
            model TEXT,
            engine TEXT,
            ttft_s REAL,
            tok_s REAL,
            prompt_tokens INTEGER,
            cached_tokens INTEGER,
            completion_tokens INTEGER,
            created_at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX messages_conversation ON messages(conversation_id, id)")
    db.execute("CREATE INDEX messages_parent ON messages(parent_id)")
    db.execute("CREATE INDEX conversations_updated ON conversations(updated_at)")


@core(name="002_timings")
def _timings(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE load_timings (
            id INTEGER PRIMARY KEY,
            model TEXT NOT NULL,
            engine TEXT NOT NULL,
            device TEXT NOT NULL,
            file_check_s REAL,
            spawn_s REAL,
            load_s REAL,
            warmup_s REAL,
            ready_s REAL NOT NULL,
            memory_mb REAL,
            created_at REAL NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE reply_timings (
            id INTEGER PRIMARY KEY,
            model TEXT NOT NULL,
            engine TEXT NOT NULL,
            message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
            ttft_s REAL,
            tok_s REAL,
            prompt_tokens INTEGER,
            cached_tokens INTEGER,
            completion_tokens INTEGER,
            total_s REAL,
            created_at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX load_timings_model ON load_timings(model, engine, created_at)")
    db.execute("CREATE INDEX reply_timings_model ON reply_timings(model, engine, created_at)")


@core(name="003_models")
def _models(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE models (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            source TEXT NOT NULL,
            format TEXT NOT NULL DEFAULT 'gguf',
            size_bytes INTEGER,
            sha256 TEXT,
            architecture TEXT,
            parameters INTEGER,
            quantization TEXT,
            context_length INTEGER,
            chat_template TEXT,
            linked INTEGER NOT NULL DEFAULT 1,
            added_at REAL NOT NULL,
            last_used_at REAL
        )
        """
    )


@core(name="004_message_citations")
def _message_citations(db: Database) -> None:
    """Where a reply's knowledge-base excerpts came from: a JSON list of citations."""
    db.execute("ALTER TABLE messages ADD COLUMN citations TEXT")


@core(name="005_reply_end_reason_and_queue")
def _reply_end_reason_and_queue(db: Database) -> None:
    """Why a reply ended: 'stop' (the model finished), 'length' (the length limit),
    'user' (stopped by the user), 'closed' (Hearth was closed), 'error' (engine error).
    Replies saved before this column existed keep NULL and are labelled by status."""
    db.execute("ALTER TABLE messages ADD COLUMN end_reason TEXT")
    # how long a reply waited for its turn on a busy model (the scheduler's queue)
    db.execute("ALTER TABLE reply_timings ADD COLUMN queued_s REAL")
    db.execute("UPDATE messages SET end_reason = 'closed' WHERE status = 'cancelled' "
               "AND error = 'Hearth closed before this reply finished.'")


MIGRATION_SETS: list[Migrations] = [core]

from app.models.schema import models_schema  # noqa: E402  (needs core's models table)

MIGRATION_SETS.append(models_schema)
from app.kb.schema import kb as _kb_migrations  # noqa: E402  (after core: it references conversations)

MIGRATION_SETS.append(_kb_migrations)
