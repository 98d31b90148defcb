"""Tool calls in conversations: the store keeps them (migration 006), the chat service
runs the tool loop with approval (real SmolLM2 in-process, a real MCP server over stdio)."""

from __future__ import annotations

import json

import pytest

from app.store import open_db
from app.store.conversations import ConversationStore
from app.store.db import connect
from app.store.migrations import MIGRATION_SETS, core


def _database_before_tool_messages(path):
    """A database as Hearth wrote it before migration 006, with a conversation in it."""
    db = connect(path)
    core.apply(db, stop_before="006_tool_messages")
    for migrations in MIGRATION_SETS[1:]:
        migrations.apply(db)
    def insert(**row):
        row.setdefault("created_at", 1.0)
        cursor = db.execute(f"INSERT INTO messages ({', '.join(row)}) "
                            f"VALUES ({', '.join('?' for _ in row)})", list(row.values()))
        return cursor.lastrowid

    conv_id = db.execute("INSERT INTO conversations (title, model, created_at, updated_at) "
                         "VALUES ('old chat', 'm', 1.0, 1.0)").lastrowid
    user = insert(conversation_id=conv_id, role="user", content="hello")
    reply = insert(conversation_id=conv_id, parent_id=user, role="assistant",
                   content="hi there", citations='[{"path": "a.txt"}]', end_reason="stop",
                   ttft_s=0.5, completion_tokens=3)
    other = insert(conversation_id=conv_id, parent_id=user, role="assistant",
                   content="another", status="cancelled", end_reason="user")
    db.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?", [reply, conv_id])
    db.execute("INSERT INTO reply_timings (model, engine, message_id, created_at) "
               "VALUES ('m', 'llama.cpp', ?, 1.0)", [reply])
    db.conn.commit()
    rows = db.execute("SELECT * FROM messages ORDER BY id").fetchall()
    db.close()
    return conv_id, (user, reply, other), rows


def test_migration_keeps_every_message_and_allows_tool_messages(hearth_home):
    path = hearth_home / "old.db"
    path.parent.mkdir(parents=True)
    conv_id, (user_id, reply_id, other_id), before = _database_before_tool_messages(path)

    db = open_db(path)
    after = db.execute(f"SELECT {', '.join(c.name for c in db['messages'].columns if c.name != 'parts')}"
                       " FROM messages ORDER BY id").fetchall()
    assert after == before  # ids, parents, text, citations, end_reason: all kept
    assert db.execute("SELECT message_id FROM reply_timings").fetchone()[0] == reply_id
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert {r[1] for r in db.execute("PRAGMA index_list(messages)").fetchall()} >= {
        "messages_conversation", "messages_parent"}

    store = ConversationStore(db)
    parts = json.dumps([{"type": "tool_result", "call_id": "call_1", "server": "w",
                         "tool": "add", "ok": True}])
    tool = store.add_message(conv_id, "tool", "5", parent_id=reply_id, parts=parts)
    assert store.message(tool.id).part_list()[0]["tool"] == "add"
    assert [m.id for m in store.thread(conv_id)] == [user_id, reply_id, tool.id]
    with pytest.raises(db.conn.IntegrityError, match="CHECK constraint"):
        db.execute("INSERT INTO messages (conversation_id, role, content, created_at) "
                   "VALUES (?, 'robot', '', 0)", [conv_id])
    # foreign keys still act: deleting the user's message takes its replies with it
    store.delete_message(user_id)
    assert store.count_messages(conv_id) == 0
    assert db.execute("SELECT message_id FROM reply_timings").fetchone()[0] is None
    assert other_id not in [m.id for m in store.thread(conv_id)]
    db.close()
