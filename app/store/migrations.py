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


@core(name="006_tool_messages", transactional=False)
def _tool_messages(db: Database) -> None:
    """Tool calls in the conversation tree: role 'tool' (a tool's result) and ``parts``, a
    JSON list — an assistant message's tool calls ({"type": "tool_call", "id", "name",
    "arguments", "server", "tool"}), a tool message's result ({"type": "tool_result",
    "call_id", "server", "tool", "ok"}).

    SQLite cannot change a CHECK constraint in place, so ``messages`` is rebuilt from its
    own definition (every column, id and index kept) with foreign keys off — dropping the
    old table with them on would cascade to the replies and clear reply_timings' links —
    in one transaction that commits only when ``PRAGMA foreign_key_check`` finds nothing.
    Not wrapped by the migration runner (the pragma cannot change inside a transaction);
    a rerun after a crash before it was recorded finds ``parts`` and does nothing.
    """
    if "parts" in {c.name for c in db["messages"].columns}:
        return
    old_check = "CHECK (role IN ('system', 'user', 'assistant'))"
    table_sql, = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'messages'").fetchone()
    if old_check not in table_sql:
        raise RuntimeError("The messages table is not the one this migration knows; "
                           "Hearth cannot add tool messages to it.")
    new_sql = (table_sql.replace(old_check, "CHECK (role IN ('system', 'user', 'assistant', "
                                            "'tool'))")
               .replace("CREATE TABLE messages", "CREATE TABLE messages_rebuilt", 1))
    extras = [row[0] for row in db.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'messages' AND type IN "
        "('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name").fetchall()]
    columns = ", ".join(c.name for c in db["messages"].columns)
    db.execute("PRAGMA foreign_keys=OFF")
    try:
        with db.atomic():
            db.execute(new_sql)
            db.execute(f"INSERT INTO messages_rebuilt ({columns}) SELECT {columns} FROM messages")
            db.execute("DROP TABLE messages")
            db.execute("ALTER TABLE messages_rebuilt RENAME TO messages")
            db.execute("ALTER TABLE messages ADD COLUMN parts TEXT")
            for sql in extras:
                db.execute(sql)
            broken = db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"Rebuilding the messages table broke {len(broken)} "
                                   "references; the database was left as it was.")
    finally:
        db.execute("PRAGMA foreign_keys=ON")



@core(name="007_message_images")
def _message_images(db: Database) -> None:
    """Images in messages, kept once by content hash.

    ``images`` has one row per kept file (``<data>/images/<aa>/<sha256>.<ext>``, see
    ``app.media.images``); ``message_images`` says which message shows which image, in
    order. Deleting a message (or its conversation) cascades to its references, and the
    trigger removes an image's row with its last reference in the same transaction; the
    file goes after the commit (``app.store.images``), and a file a crash left without a
    row is swept at the next start. The reply timings gain the images' share: scaling
    (``image_prep_s``), the projector's pass (``image_encode_s``) and their prompt tokens,
    and speculative decoding's drafted and accepted tokens.
    """
    db.execute(
        """
        CREATE TABLE images (
            sha256 TEXT PRIMARY KEY,
            media_type TEXT NOT NULL,
            width INTEGER NOT NULL DEFAULT 0,
            height INTEGER NOT NULL DEFAULT 0,
            bytes INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE message_images (
            message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sha256 TEXT NOT NULL REFERENCES images(sha256),
            PRIMARY KEY (message_id, position)
        )
        """
    )
    db.execute("CREATE INDEX message_images_sha256 ON message_images(sha256)")
    db.execute(
        """
        CREATE TRIGGER message_images_last_reference AFTER DELETE ON message_images
        WHEN NOT EXISTS (SELECT 1 FROM message_images WHERE sha256 = OLD.sha256)
        BEGIN
            DELETE FROM images WHERE sha256 = OLD.sha256;
        END
        """
    )
    db.execute("ALTER TABLE reply_timings ADD COLUMN image_prep_s REAL")
    db.execute("ALTER TABLE reply_timings ADD COLUMN image_encode_s REAL")
    db.execute("ALTER TABLE reply_timings ADD COLUMN image_tokens INTEGER")
    # speculative decoding's share (ReplyStats.draft_tokens / draft_accepted), which
    # replies report since prompt-lookup drafting and had no column yet
    db.execute("ALTER TABLE reply_timings ADD COLUMN draft_tokens INTEGER")
    db.execute("ALTER TABLE reply_timings ADD COLUMN draft_accepted INTEGER")


MIGRATION_SETS: list[Migrations] = [core]

from app.models.schema import models_schema  # noqa: E402  (needs core's models table)

MIGRATION_SETS.append(models_schema)
from app.kb.schema import kb as _kb_migrations  # noqa: E402  (after core: it references conversations)

MIGRATION_SETS.append(_kb_migrations)
