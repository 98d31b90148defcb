"""Conversations as trees: every message has a parent, so edit and regenerate branch.

A conversation remembers which leaf is current; the visible thread is the path from the
root to that leaf. Nothing here deletes history except deleting a message's subtree or a
whole conversation, which the user asks for explicitly.
"""

from __future__ import annotations

import builtins
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from app.engines.base import ImagePart
from app.store import images as image_refs

MESSAGE_COLUMNS = (
    "id, conversation_id, parent_id, role, content, status, error, model, engine, "
    "ttft_s, tok_s, prompt_tokens, cached_tokens, completion_tokens, created_at, "
    "citations, end_reason, parts"
)

#: what ended a reply (``StoredMessage.end_reason``)
END_REASONS = ("stop", "length", "user", "closed", "error")


@dataclass
class StoredMessage:
    """One row of ``messages``."""

    id: int
    conversation_id: int
    parent_id: int | None
    role: str
    content: str
    status: str = "complete"
    error: str | None = None
    model: str | None = None
    engine: str | None = None
    ttft_s: float | None = None
    tok_s: float | None = None
    prompt_tokens: int | None = None
    cached_tokens: int | None = None
    completion_tokens: int | None = None
    created_at: float = 0.0
    #: JSON list of the knowledge-base citations the reply was given (see app.kb.search)
    citations: str | None = None
    #: why a reply ended: one of END_REASONS, or None (a user message; an old reply)
    end_reason: str | None = None
    #: JSON list of tool parts: an assistant message's calls, a tool message's result
    #: (see :meth:`part_list`)
    parts: str | None = None
    #: the images the message shows, in order (kept files; see ``app.store.images``)
    images: tuple[ImagePart, ...] = ()

    def citation_list(self) -> list[dict]:
        """The citations as dicts (path, page, char_start, char_end, number, …); [] if none."""
        if not self.citations:
            return []
        try:
            value = json.loads(self.citations)
        except ValueError:
            return []
        return [c for c in value if isinstance(c, dict)] if isinstance(value, list) else []

    def part_list(self) -> list[dict]:
        """The tool parts as dicts: ``{"type": "tool_call", "id", "name", "arguments",
        "server", "tool"}`` on an assistant message, ``{"type": "tool_result", "call_id",
        "server", "tool", "ok"}`` on a tool message (its text is ``content``); [] if none."""
        if not self.parts:
            return []
        try:
            value = json.loads(self.parts)
        except ValueError:
            return []
        return [p for p in value if isinstance(p, dict)] if isinstance(value, list) else []


@dataclass
class Conversation:
    """One row of ``conversations``; ``settings`` holds per-conversation overrides."""

    id: int
    title: str
    model: str | None
    current_leaf_id: int | None
    created_at: float
    updated_at: float
    settings: dict[str, Any] = field(default_factory=dict)


def _conversation(row: tuple) -> Conversation:
    return Conversation(id=row[0], title=row[1], model=row[2], current_leaf_id=row[3],
                        created_at=row[4], updated_at=row[5], settings=json.loads(row[6] or "{}"))


class NotFoundError(LookupError):
    """A conversation or message id that does not exist."""


class ConversationStore:
    """Reads and writes conversations and their message trees."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # conversations -------------------------------------------------------------------

    def create(self, title: str = "", model: str | None = None,
               settings: dict[str, Any] | None = None) -> Conversation:
        """Start an empty conversation."""
        now = time.time()
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO conversations (title, model, settings, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [title, model, json.dumps(settings or {}), now, now],
            )
        return self.get(int(cursor.lastrowid or 0))

    def get(self, conversation_id: int) -> Conversation:
        row = self.db.execute(
            "SELECT id, title, model, current_leaf_id, created_at, updated_at, settings "
            "FROM conversations WHERE id = ?",
            [conversation_id],
        ).fetchone()
        if row is None:
            raise NotFoundError(f"There is no conversation {conversation_id}.")
        return _conversation(row)

    def list(self, limit: int = 500) -> builtins.list[Conversation]:
        """Most recently updated first."""
        rows = self.db.execute(
            "SELECT id, title, model, current_leaf_id, created_at, updated_at, settings "
            "FROM conversations ORDER BY updated_at DESC, id DESC LIMIT ?",
            [limit],
        ).fetchall()
        return [_conversation(r) for r in rows]

    def search(self, text: str, limit: int = 100) -> builtins.list[Conversation]:
        """Conversations whose title or any message contains ``text`` (case-insensitive)."""
        pattern = f"%{text}%"
        rows = self.db.execute(
            "SELECT id, title, model, current_leaf_id, created_at, updated_at, settings "
            "FROM conversations c WHERE c.title LIKE ? OR EXISTS ("
            "  SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.content LIKE ?)"
            " ORDER BY updated_at DESC LIMIT ?",
            [pattern, pattern, limit],
        ).fetchall()
        return [_conversation(r) for r in rows]

    def rename(self, conversation_id: int, title: str) -> None:
        self._update(conversation_id, title=title)

    def set_model(self, conversation_id: int, model: str | None) -> None:
        self._update(conversation_id, model=model)

    def set_settings(self, conversation_id: int, settings: dict[str, Any]) -> None:
        self._update(conversation_id, settings=json.dumps(settings))

    def delete(self, conversation_id: int) -> None:
        """Delete a conversation and all its messages (and the images only it showed)."""
        with self.db.atomic():
            shown = image_refs.hashes_of_conversation(self.db, conversation_id)
            self.db.execute("UPDATE conversations SET current_leaf_id = NULL WHERE id = ?",
                            [conversation_id])
            self.db.execute("DELETE FROM messages WHERE conversation_id = ?", [conversation_id])
            self.db.execute("DELETE FROM conversations WHERE id = ?", [conversation_id])
        image_refs.remove_unused_files(self.db, shown)

    def _update(self, conversation_id: int, **values: Any) -> None:
        self.get(conversation_id)
        values["updated_at"] = time.time()
        columns = ", ".join(f"{name} = ?" for name in values)
        with self.db.atomic():
            self.db.execute(
                f"UPDATE conversations SET {columns} WHERE id = ?",
                [*values.values(), conversation_id],
            )

    # messages ------------------------------------------------------------------------

    def add_message(self, conversation_id: int, role: str, content: str, *,
                    parent_id: int | None = None, status: str = "complete",
                    images: Sequence[ImagePart] = (), **extra: Any) -> StoredMessage:
        """Append a message under ``parent_id`` and make it the conversation's current leaf.

        ``images`` (kept files, see ``app.media.images.store_image``) are referenced in
        the same transaction. The write is committed before this returns: a message
        reported saved survives a crash of the app.
        """
        now = time.time()
        columns = ["conversation_id", "parent_id", "role", "content", "status", "created_at"]
        values: list[Any] = [conversation_id, parent_id, role, content, status, now]
        for name, value in extra.items():
            columns.append(name)
            values.append(value)
        with self.db.atomic():
            cursor = self.db.execute(
                f"INSERT INTO messages ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})",
                values,
            )
            message_id = int(cursor.lastrowid or 0)
            image_refs.add_references(self.db, message_id, images)
            self.db.execute(
                "UPDATE conversations SET current_leaf_id = ?, updated_at = ? WHERE id = ?",
                [message_id, now, conversation_id],
            )
        return self.message(message_id)

    def update_message(self, message_id: int, **values: Any) -> StoredMessage:
        """Change a message in place (streaming progress, final status and timings)."""
        if values:
            columns = ", ".join(f"{name} = ?" for name in values)
            with self.db.atomic():
                self.db.execute(f"UPDATE messages SET {columns} WHERE id = ?",
                                [*values.values(), message_id])
        return self.message(message_id)

    def message(self, message_id: int) -> StoredMessage:
        row = self.db.execute(f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?",
                              [message_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no message {message_id}.")
        return self._with_images([StoredMessage(*row)])[0]

    def thread(self, conversation_id: int, leaf_id: int | None = None) -> builtins.list[StoredMessage]:
        """Messages from the root to ``leaf_id`` (default: the current leaf), oldest first."""
        if leaf_id is None:
            leaf_id = self.get(conversation_id).current_leaf_id
        if leaf_id is None:
            return []
        rows = self.db.execute(
            f"""
            WITH RECURSIVE path(id, depth) AS (
                SELECT id, 0 FROM messages WHERE id = ? AND conversation_id = ?
                UNION ALL
                SELECT m.parent_id, path.depth + 1 FROM messages m JOIN path ON m.id = path.id
                WHERE m.parent_id IS NOT NULL
            )
            SELECT {MESSAGE_COLUMNS} FROM messages JOIN path USING (id) ORDER BY depth DESC
            """,
            [leaf_id, conversation_id],
        ).fetchall()
        return self._with_images([StoredMessage(*row) for row in rows])

    def children(self, conversation_id: int, parent_id: int | None) -> builtins.list[StoredMessage]:
        """The alternatives at one point of the tree (siblings for branch arrows)."""
        op = "IS" if parent_id is None else "="
        rows = self.db.execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? "
            f"AND parent_id {op} ? ORDER BY id",
            [conversation_id, parent_id],
        ).fetchall()
        return self._with_images([StoredMessage(*row) for row in rows])

    def _with_images(self, messages: builtins.list[StoredMessage]) -> builtins.list[StoredMessage]:
        """``messages`` with their images filled in (one query for all)."""
        shown = image_refs.images_of(self.db, (m.id for m in messages))
        for message in messages:
            message.images = shown.get(message.id, ())
        return messages

    def siblings(self, message_id: int) -> builtins.list[StoredMessage]:
        msg = self.message(message_id)
        return self.children(msg.conversation_id, msg.parent_id)

    def latest_leaf(self, message_id: int) -> int:
        """Follow the newest child from ``message_id`` down to a leaf."""
        current = message_id
        while True:
            row = self.db.execute(
                "SELECT id FROM messages WHERE parent_id = ? ORDER BY id DESC LIMIT 1", [current]
            ).fetchone()
            if row is None:
                return current
            current = row[0]

    def set_current_leaf(self, conversation_id: int, message_id: int) -> None:
        """Show the branch through ``message_id`` (following its newest descendants)."""
        leaf = self.latest_leaf(message_id)
        self._update(conversation_id, current_leaf_id=leaf)

    def delete_message(self, message_id: int) -> None:
        """Delete a message and its replies; the current leaf moves to its parent."""
        msg = self.message(message_id)
        conv = self.get(msg.conversation_id)
        with self.db.atomic():
            in_thread = conv.current_leaf_id is not None and any(
                m.id == message_id for m in self.thread(conv.id)
            )
            if in_thread:
                self.db.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?",
                                [msg.parent_id, conv.id])
            shown = image_refs.hashes_of_subtree(self.db, message_id)
            self.db.execute("DELETE FROM messages WHERE id = ?", [message_id])
        image_refs.remove_unused_files(self.db, shown)

    def count_messages(self, conversation_id: int) -> int:
        return self.db.execute("SELECT count(*) FROM messages WHERE conversation_id = ?",
                               [conversation_id]).fetchone()[0]

    def sweep_images(self) -> int:
        """Remove image files no message uses any more (left by a crash); how many."""
        return image_refs.sweep(self.db)

    def recover_interrupted(self) -> int:
        """Mark replies left 'streaming' by a crash or a kill as ended by Hearth's closing,
        keeping the text they had streamed (saved as they streamed); returns how many."""
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE messages SET status = 'cancelled', end_reason = 'closed', "
                "error = 'Hearth closed before this reply finished.' WHERE status = 'streaming'"
            )
        return cursor.rowcount

    def delete_if_empty(self, conversation_id: int) -> bool:
        """Delete the conversation when it has no message (a chat that failed to start)."""
        with self.db.atomic():
            cursor = self.db.execute(
                "DELETE FROM conversations WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM messages WHERE conversation_id = ?)",
                [conversation_id, conversation_id])
        return cursor.rowcount > 0
