"""The conversation store on a real SQLite file."""

import pytest
import sqlite_utils
from sqlite_utils.migrations import Migrations

from app.paths import get_paths
from app.store import DatabaseTooNewError, open_db
from app.store.conversations import ConversationStore
from app.store.db import connect


def test_database_is_wal_with_foreign_keys(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"conversations", "messages", "load_timings", "reply_timings", "models"} <= set(
        db.table_names())


def test_extensions_can_be_loaded(db):
    sqlite_vec = pytest.importorskip("sqlite_vec")
    sqlite_vec.load(db.conn)
    assert db.execute("select vec_version()").fetchone()[0].startswith("v")


def test_migrations_run_once(db):
    count = db.execute("select count(*) from _sqlite_migrations").fetchone()[0]
    db.close()
    again = open_db()
    assert again.execute("select count(*) from _sqlite_migrations").fetchone()[0] == count


def test_newer_database_is_refused_and_left_untouched(db):
    newer = Migrations("hearth.core")

    @newer(name="999_from_the_future")
    def _future(database):
        database.execute("create table future (x)")

    newer.apply(db)
    db.close()
    before = get_paths().database.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer version of Hearth"):
        open_db()
    assert get_paths().database.read_bytes() == before


def test_tree_edit_makes_a_branch_and_history_survives_restart(db):
    store = ConversationStore(db)
    conv = store.create("Trip")
    q1 = store.add_message(conv.id, "user", "Where to?")
    a1 = store.add_message(conv.id, "assistant", "Lisbon.", parent_id=q1.id)
    q2 = store.add_message(conv.id, "user", "Why?", parent_id=a1.id)
    edited = store.add_message(conv.id, "user", "Why Lisbon?", parent_id=a1.id)
    assert [m.content for m in store.thread(conv.id)] == ["Where to?", "Lisbon.", "Why Lisbon?"]
    assert [m.id for m in store.siblings(edited.id)] == [q2.id, edited.id]
    store.set_current_leaf(conv.id, q2.id)
    db.close()

    reopened = ConversationStore(open_db())
    assert [m.content for m in reopened.thread(conv.id)] == ["Where to?", "Lisbon.", "Why?"]
    assert reopened.count_messages(conv.id) == 4


def test_search_rename_delete(db):
    store = ConversationStore(db)
    a = store.create("Recipes")
    store.add_message(a.id, "user", "How do I make dumplings?")
    b = store.create("Other")
    assert [c.id for c in store.search("dumpling")] == [a.id]
    store.rename(b.id, "Holidays")
    assert store.get(b.id).title == "Holidays"
    store.delete(a.id)
    assert [c.id for c in store.list()] == [b.id]
    assert db.execute("select count(*) from messages").fetchone()[0] == 0


def test_interrupted_replies_are_marked_cancelled(db):
    store = ConversationStore(db)
    conv = store.create()
    q = store.add_message(conv.id, "user", "hi")
    store.add_message(conv.id, "assistant", "partial", parent_id=q.id, status="streaming")
    assert store.recover_interrupted() == 1
    assert store.thread(conv.id)[-1].status == "cancelled"


def test_a_second_connection_sees_committed_writes(db):
    store = ConversationStore(db)
    conv = store.create("x")
    other = connect(get_paths().database)
    assert isinstance(other, sqlite_utils.Database)
    assert other.execute("select title from conversations where id = ?", [conv.id]).fetchone()[0] == "x"
