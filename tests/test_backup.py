"""A backup of the whole data folder restores the same conversations and collections; a
bad backup changes nothing; a schema upgrade copies the database first (#17)."""

from __future__ import annotations

import json
import zipfile

import pytest

from app.kb import collections as colls
from app.paths import get_paths
from app.services.backup import BackupError, backup_to, restore_from
from app.store import open_db
from app.store.conversations import ConversationStore
from tests.test_cli import hearth


def _state(db) -> tuple:
    store = ConversationStore(db)
    conversations = [(c.title, c.settings, [(m.role, m.content) for m in store.thread(c.id)])
                     for c in store.list()]
    names = [r[0] for r in db.execute("SELECT name FROM kb_collections ORDER BY name")]
    return conversations, names


@pytest.fixture
def filled(db):
    store = ConversationStore(db)
    conv = store.create(title="Rivers", settings={"temperature": 0.3})
    q = store.add_message(conv.id, "user", "What holds back floods?")
    store.add_message(conv.id, "assistant", "Levees.", parent_id=q.id)
    colls.get_or_create(db, "notes")
    paths = get_paths().ensure()
    paths.settings_file.write_text(json.dumps({"language": "zh_CN"}), encoding="utf-8")
    (paths.data / "mcp.json").write_text('{"mcpServers": {}}', encoding="utf-8")
    return db


def test_backup_then_restore_elsewhere_gives_the_same_conversations(filled, tmp_path,
                                                                    monkeypatch):
    before = _state(filled)
    archive = tmp_path / "hearth.zip"
    info = backup_to(archive)  # while the database is open, as with Hearth running
    assert info.conversations == 1 and archive.exists()

    monkeypatch.setenv("HEARTH_HOME", str(tmp_path / "new-machine"))
    fresh = open_db()  # a new install already has a (empty) database: it is kept aside
    fresh.close()
    restore_from(archive)
    paths = get_paths()
    restored = open_db()
    try:
        assert _state(restored) == before
    finally:
        restored.close()
    assert json.loads(paths.settings_file.read_text())["language"] == "zh_CN"
    assert (paths.data / "mcp.json").exists()
    aside = list(paths.data.parent.glob("data.before-restore-*"))
    assert len(aside) == 1 and (aside[0] / "hearth.db").exists()


@pytest.mark.parametrize("damage, reason", [
    ("not-zip", "not a zip file"),
    ("no-manifest", "is not a Hearth backup"),
    ("escape", "outside Hearth's folders"),
    ("newer", "newer Hearth"),
    ("bad-db", "cannot be read"),
])
def test_a_bad_backup_changes_nothing(filled, tmp_path, damage, reason):
    good = tmp_path / "good.zip"
    backup_to(good)
    bad = tmp_path / "bad.zip"
    if damage == "not-zip":
        bad.write_text("hello")
    else:
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as out:
            for item in src.infolist():
                data = src.read(item)
                if damage == "no-manifest" and item.filename == "hearth-backup.json":
                    continue
                if damage == "newer" and item.filename == "hearth-backup.json":
                    data = json.dumps({"format": "hearth-backup", "version": 99}).encode()
                if damage == "bad-db" and item.filename == "data/hearth.db":
                    data = b"this is no database" * 100
                out.writestr(item, data)
            if damage == "escape":
                out.writestr("../../evil.txt", "x")
    before = _state(filled)
    with pytest.raises(BackupError, match=reason):
        restore_from(bad)
    assert _state(filled) == before
    assert not list(get_paths().data.parent.glob("*.before-restore-*"))
    assert not (tmp_path / "evil.txt").exists()


def test_a_schema_upgrade_copies_the_database_first(filled, monkeypatch):
    from sqlite_utils.migrations import Migrations

    from app.store import db as store_db

    later = Migrations("hearth.later")

    @later(name="001_something_new")
    def _new(database) -> None:
        database.execute("CREATE TABLE something_new (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr(store_db, "MIGRATION_SETS", [*store_db.MIGRATION_SETS, later])
    upgraded = store_db.open_db()
    upgraded.close()
    copies = list((get_paths().data / "backups").glob("hearth-before-upgrade-*.db"))
    assert len(copies) == 1
    old = store_db.connect(copies[0])
    try:
        assert not old["something_new"].exists()
        assert old.execute("SELECT title FROM conversations").fetchone()[0] == "Rivers"
    finally:
        old.close()
    again = store_db.open_db()  # nothing pending: no new copy
    again.close()
    assert len(list((get_paths().data / "backups").glob("*.db"))) == 1


def test_cli_backup_and_restore(filled, tmp_path):
    archive = tmp_path / "b.zip"
    done = hearth("backup", "-o", str(archive))
    assert done.returncode == 0 and "Backed up 1 conversation to" in done.stdout, done.stderr
    done = hearth("backup", "restore", str(archive))
    assert done.returncode == 0 and "Restored 1 conversation" in done.stdout, done.stderr
    broken = tmp_path / "x.zip"
    broken.write_text("nope")
    done = hearth("backup", "restore", str(broken))
    assert done.returncode == 1 and "Nothing was changed" in done.stderr
