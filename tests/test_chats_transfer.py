"""Conversations leave Hearth and come back whole: every branch, settings, citations and
how each reply ended; damaged files are refused as a whole (#17)."""

from __future__ import annotations

import json

import pytest

from app.kb import collections as colls
from app.services.transfer import TransferError, export_file, import_file
from app.store import open_db
from app.store.conversations import ConversationStore
from tests.test_cli import hearth


def _tree(store: ConversationStore, conversation_id: int) -> list[tuple]:
    """The tree as (role, content, parent's content, status, end_reason, citations)."""
    rows = store.db.execute(
        "SELECT id, parent_id, role, content, status, end_reason, citations FROM messages "
        "WHERE conversation_id = ? ORDER BY id", [conversation_id]).fetchall()
    text = {r[0]: r[3] for r in rows}
    return [(r[2], r[3], text.get(r[1]), r[4], r[5], r[6]) for r in rows]


@pytest.fixture
def branched(db):
    """A conversation with a regenerated reply and an edited question (three branches)."""
    store = ConversationStore(db)
    colls.get_or_create(db, "notes")
    conv = store.create(title="Rivers", model="smollm2", settings={"temperature": 0.2})
    db.execute("INSERT INTO conversation_collections (conversation_id, collection_id) "
               "SELECT ?, id FROM kb_collections WHERE name = 'notes'", [conv.id])
    q = store.add_message(conv.id, "user", "What holds back floods?")
    store.add_message(conv.id, "assistant", "Levees.", parent_id=q.id, end_reason="stop",
                      citations=json.dumps([{"number": 1, "path": "notes.md"}]))
    store.add_message(conv.id, "assistant", "Dams and lev", parent_id=q.id, status="cancelled",
                      end_reason="user")
    edited = store.add_message(conv.id, "user", "What holds back rivers?")
    last = store.add_message(conv.id, "assistant", "Banks.", parent_id=edited.id,
                             end_reason="length")
    return store, conv.id, last.id


def test_a_branched_conversation_comes_back_whole(branched, tmp_path, monkeypatch):
    store, conversation_id, _ = branched
    exported = tmp_path / "chats.json"
    assert export_file(store.db, exported) == 1
    before = _tree(store, conversation_id)
    thread = [m.content for m in store.thread(conversation_id)]

    monkeypatch.setenv("HEARTH_HOME", str(tmp_path / "another-machine"))
    other = open_db()
    try:
        colls.get_or_create(other, "notes")
        result = import_file(other, exported)
        assert result.messages == 5 and not result.missing_collections
        new_store = ConversationStore(other)
        (new_id,) = result.conversation_ids
        assert _tree(new_store, new_id) == before
        assert [m.content for m in new_store.thread(new_id)] == thread
        conv = new_store.get(new_id)
        assert conv.title == "Rivers" and conv.settings == {"temperature": 0.2}
        assert other.execute("SELECT count(*) FROM conversation_collections WHERE "
                             "conversation_id = ?", [new_id]).fetchone()[0] == 1
    finally:
        other.close()


def test_importing_twice_adds_copies_and_keeps_what_is_there(branched, tmp_path):
    store, conversation_id, _ = branched
    exported = tmp_path / "chats.json"
    export_file(store.db, exported)
    first = import_file(store.db, exported)
    assert first.conversation_ids[0] != conversation_id
    assert len(store.list()) == 2
    assert _tree(store, first.conversation_ids[0]) == _tree(store, conversation_id)


def test_a_missing_collection_is_reported_not_created(branched, tmp_path, monkeypatch):
    store, _, _ = branched
    exported = tmp_path / "chats.json"
    export_file(store.db, exported)
    monkeypatch.setenv("HEARTH_HOME", str(tmp_path / "elsewhere"))
    other = open_db()
    try:
        result = import_file(other, exported)
        assert result.missing_collections == ["notes"]
        assert other.execute("SELECT count(*) FROM kb_collections").fetchone()[0] == 0
    finally:
        other.close()


@pytest.mark.parametrize("damage, reason", [
    (lambda d: {"format": "something-else"}, "not a Hearth conversations file"),
    (lambda d: {**d, "version": 99}, "newer Hearth"),
    (lambda d: _set(d, "parent", 12345), "not in the file"),
    (lambda d: _set(d, "role", "wizard"), "no valid role"),
    (lambda d: _loop(d), "loop"),
    (lambda d: _set(d, "sparkle", 1), "fields this Hearth does not know"),
])
def test_a_damaged_file_is_refused_whole(branched, tmp_path, damage, reason):
    store, _, _ = branched
    exported = tmp_path / "chats.json"
    export_file(store.db, exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["conversations"].append(json.loads(json.dumps(data["conversations"][0])))
    exported.write_text(json.dumps(damage(data)), encoding="utf-8")
    before = store.db.execute("SELECT count(*) FROM messages").fetchone()[0]
    with pytest.raises(TransferError, match=reason):
        import_file(store.db, exported)
    assert store.db.execute("SELECT count(*) FROM messages").fetchone()[0] == before
    assert len(store.list()) == 1


def _set(data: dict, key: str, value) -> dict:
    """The last conversation's last message damaged (the first stays good: all or none)."""
    data["conversations"][-1]["messages"][-1][key] = value
    return data


def _loop(data: dict) -> dict:
    messages = data["conversations"][-1]["messages"]
    messages[0]["parent"] = messages[1]["id"]  # the question now answers its own reply
    return data


def test_a_file_that_is_not_json_says_so(db, tmp_path):
    bad = tmp_path / "cut.json"
    bad.write_text('{"format": "hearth-conversations", "conv', encoding="utf-8")
    with pytest.raises(TransferError, match="not valid JSON"):
        import_file(db, bad)


def test_markdown_has_the_current_branch(branched, tmp_path):
    store, conversation_id, _ = branched
    out = tmp_path / "chat.md"
    export_file(store.db, out, [conversation_id], fmt="md")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Rivers") and "What holds back rivers?" in text
    assert "Banks." in text and "Levees." not in text


def test_cli_export_and_import(branched, tmp_path):
    out = tmp_path / "all.json"
    assert hearth("chats", "export", "-o", str(out)).returncode == 2  # which ones?
    done = hearth("chats", "export", "--all", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "Exported 1 conversation to" in done.stdout
    done = hearth("chats", "import", str(out))
    assert done.returncode == 0, done.stderr
    assert "Imported 1 conversation (5 messages): 2." in done.stdout
    listed = json.loads(hearth("chats", "list", "--json").stdout)
    assert len(listed) == 2
    broken = tmp_path / "broken.json"
    broken.write_text("[]", encoding="utf-8")
    done = hearth("chats", "import", str(broken))
    assert done.returncode == 1 and "Nothing was imported" in done.stderr
    assert hearth("chats", "export", "42", "-o", str(tmp_path / "x.json")).returncode == 1
