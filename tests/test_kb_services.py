"""app.services.knowledge, the one door to the knowledge base: attaching collections to
conversations, and the one indexing pipeline every front goes through. Real SQLite, real
files."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner
from kb_pipeline import record_indexing_runs

from app.commands.kb import kb
from app.services import knowledge


def _conversation(db, title: str = "plans") -> int:
    now = time.time()
    conv = db.execute("INSERT INTO conversations (title, created_at, updated_at) "
                      "VALUES (?, ?, ?)", [title, now, now]).lastrowid
    db.conn.commit()
    return conv


def test_attach_and_attached_collections_round_trip(db):
    for name in ("trips", "recipes", "work"):
        knowledge.create_collection(db, name)
    conv, other = _conversation(db), _conversation(db, "other")
    assert knowledge.attached_collections(db, conv) == []

    knowledge.attach_collections(db, conv, ["trips", "recipes", "trips"])
    assert knowledge.attached_collections(db, conv) == ["recipes", "trips"]
    knowledge.attach_collections(db, conv, ["work"])  # replaces the set
    assert knowledge.attached_collections(db, conv) == ["work"]
    assert knowledge.attached_collections(db, other) == []
    knowledge.attach_collections(db, conv, [])
    assert knowledge.attached_collections(db, conv) == []

    with pytest.raises(knowledge.CollectionError, match="there are: recipes, trips, work"):
        knowledge.attach_collections(db, conv, ["trips", "nope"])
    assert knowledge.attached_collections(db, conv) == []  # nothing half-done
    with pytest.raises(knowledge.CollectionError, match="no conversation 999"):
        knowledge.attach_collections(db, 999, ["trips"])


def test_cli_use_attaches_through_the_same_service(db):
    knowledge.create_collection(db, "trips")
    conv = _conversation(db)
    used = CliRunner().invoke(kb, ["collections", "use", str(conv), "trips"])
    assert used.exit_code == 0 and f"Conversation {conv} uses: trips." in used.output
    assert knowledge.attached_collections(db, conv) == ["trips"]
    unknown = CliRunner().invoke(kb, ["collections", "use", "999", "trips"])
    assert unknown.exit_code == 1 and "There is no conversation 999." in unknown.output
    deleted = CliRunner().invoke(kb, ["collections", "delete", "trips"])
    assert deleted.exit_code == 0 and f"no longer search it: {conv}." in deleted.output
    assert knowledge.attached_collections(db, conv) == []
    assert knowledge.list_collections(db) == []


def test_cli_add_and_the_folder_watcher_index_through_the_one_pipeline(tmp_path, db,
                                                                       monkeypatch):
    pipeline_runs = record_indexing_runs(monkeypatch)
    (tmp_path / "a.md").write_text("Apples grow on trees.", encoding="utf-8")
    assert CliRunner().invoke(kb, ["add", str(tmp_path / "a.md")]).exit_code == 0
    assert len(pipeline_runs) == 1

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "b.md").write_text("Bananas are berries.", encoding="utf-8")
    knowledge.watch_folder(db, "notes", folder)
    reports: list[knowledge.WatchReport] = []
    watcher = knowledge.folder_watcher(reports.append).start()
    try:
        assert watcher.wait_idle(60)
    finally:
        watcher.stop()
    assert pipeline_runs[1:] == ["hearth-kb-watch"]
    assert [r.kind for r in reports if r.kind != "indexing"] == ["scanned"]
    assert [d.status for d in knowledge.documents(db, "notes")] == ["indexed"]
    assert [h.path for h in knowledge.search(db, "bananas")] == [str(folder / "b.md")]


def test_index_pending_names_only_the_files_that_failed_in_this_run(tmp_path, db):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "fine.txt").write_text("Fine words.", encoding="utf-8")
    knowledge.add_paths(db, "default", [tmp_path / "empty.txt"])
    first = knowledge.index_pending(db)
    assert [(f.path, f.reason) for f in first.failures] == [
        (str(tmp_path / "empty.txt"), "The file is empty (0 bytes).")]
    knowledge.add_paths(db, "default", [tmp_path / "fine.txt"])
    second = knowledge.index_pending(db)
    assert second.failures == () and second.indexed == 1
    assert [f.path for f in knowledge.failed_before(
        db, "default", [str(tmp_path / "empty.txt"), str(tmp_path / "fine.txt")])] == [
        str(tmp_path / "empty.txt")]
