"""Watched folders with watchdog's real observer on real temp folders, and deletes.

Every wait is on a condition with a deadline (the index catching up, the watcher going
idle); no sleep stands in for an assertion.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from app.kb import collections as colls
from app.kb.collections import CollectionError
from app.kb.ingest import add_paths, ingest, remove_documents
from app.kb.search import search
from app.kb.watch import Debouncer, FolderWatcher, WatchReport
from app.paths import get_paths

DEADLINE_S = 90.0


def eventually(predicate, what: str, timeout: float = DEADLINE_S):
    """Poll ``predicate`` until it is true; fail saying ``what`` did not happen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"within {timeout:.0f} s: {what}")


class Watching:
    """A started FolderWatcher that keeps its reports."""

    def __init__(self, **kw) -> None:
        self.reports: list[WatchReport] = []
        self.lock = threading.Lock()
        self.watcher = FolderWatcher(get_paths().database, self._keep, **kw).start()

    def _keep(self, report: WatchReport) -> None:
        with self.lock:
            self.reports.append(report)

    def of_kind(self, kind: str) -> list[WatchReport]:
        with self.lock:
            return [r for r in self.reports if r.kind == kind]

    def settle(self) -> None:
        assert self.watcher.wait_idle(DEADLINE_S), "the watcher did not go idle"

    def stop(self) -> None:
        self.watcher.stop()


@pytest.fixture
def watching():
    started: list[Watching] = []

    def start(**kw) -> Watching:
        started.append(Watching(**kw))
        return started[-1]

    yield start
    for w in started:
        w.stop()


def _documents(db) -> dict[str, str]:
    rows = db.execute("SELECT path, status FROM kb_documents ORDER BY path").fetchall()
    return {Path(p).name: s for p, s in rows}


def _texts(db, word: str) -> list[str]:
    return [Path(h.path).name for h in search(db, word)]


def _watched_collection(db, folder: Path, name: str = "notes") -> int:
    cid = colls.get_or_create(db, name)
    colls.watch_folder(db, cid, folder)
    return cid


def test_the_index_follows_create_modify_rename_and_delete(db, tmp_path, watching):
    folder = tmp_path / "notes"
    folder.mkdir()
    _watched_collection(db, folder)
    w = watching(quiet_s=0.3)
    w.settle()
    assert [r.folder for r in w.of_kind("scanned")] == [str(folder)]

    (folder / "kettle.md").write_text("The kettle is in the cupboard.", encoding="utf-8")
    eventually(lambda: _texts(db, "kettle") == ["kettle.md"], "a new file is indexed")

    (folder / "kettle.md").write_text("The teapot replaced it.", encoding="utf-8")
    eventually(lambda: _texts(db, "teapot") == ["kettle.md"], "a changed file is re-indexed")
    assert _texts(db, "cupboard") == []

    (folder / "kettle.md").rename(folder / "teapot.md")
    eventually(lambda: _documents(db) == {"teapot.md": "indexed"}, "a rename follows")
    assert _texts(db, "teapot") == ["teapot.md"]

    sub = folder / "archive"
    sub.mkdir()
    (sub / "old.txt").write_text("Old receipts for the stove.", encoding="utf-8")
    eventually(lambda: _texts(db, "receipts") == ["old.txt"], "a file in a new subfolder")

    (folder / "teapot.md").unlink()
    eventually(lambda: "teapot.md" not in _documents(db), "a deleted file is removed")
    assert _texts(db, "teapot") == []
    assert db.execute("SELECT count(*) FROM kb_chunks").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM kb_fts").fetchone()[0] == 1


def test_ten_quick_writes_are_one_reindex(db, tmp_path, watching):
    folder = tmp_path / "notes"
    folder.mkdir()
    _watched_collection(db, folder)
    w = watching(quiet_s=1.0)
    w.settle()
    draft = folder / "draft.md"
    for version in range(10):  # an editor saving as it goes
        with draft.open("w", encoding="utf-8") as handle:
            handle.write(f"Draft about lanterns, version v{version}.")
            handle.flush()
        time.sleep(0.02)
    eventually(lambda: _texts(db, "v9") == ["draft.md"], "the last version is indexed")
    w.settle()
    indexed = [r for r in w.of_kind("reindexed") if str(draft) in r.pending]
    assert len(indexed) == 1, [r.pending for r in w.of_kind("reindexed")]
    assert _texts(db, "v3") == []


def test_temporary_lock_and_hidden_files_are_ignored(db, tmp_path, watching):
    folder = tmp_path / "notes"
    (folder / ".git").mkdir(parents=True)
    _watched_collection(db, folder)
    w = watching(quiet_s=0.3)
    w.settle()
    for name in ("~$report.docx", ".#plan.md", "plan.md.swp", "paper.pdf.part", ".hidden.md",
                 "plan.md~", "#plan.md#", "draft.txt.tmp", ".git/HEAD.md"):
        (folder / name).write_bytes(b"scratch words written by an editor")
    (folder / "plan.md").write_text("The plan: plant beans in May.", encoding="utf-8")
    eventually(lambda: _documents(db) == {"plan.md": "indexed"}, "the real file is indexed")
    w.settle()
    w.stop()
    mentioned = {Path(p).name for r in w.reports for p in r.pending + r.removed}
    assert mentioned == {"plan.md"}
    again = watching(quiet_s=0.3)  # the full scan passes over them too
    again.settle()
    assert _documents(db) == {"plan.md": "indexed"}
    assert again.of_kind("scanned")[0].pending == ()


def test_a_restart_catches_what_changed_while_hearth_was_closed(
        db, tmp_path, watching, embedding_model_path):
    from app.kb.embed import MODEL_PATH_KEY
    from app.kb.index import set_state

    set_state(db, MODEL_PATH_KEY, str(embedding_model_path))
    db.conn.commit()
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in (("same.md", "Swallows nest under the eaves."),
                       ("changed.md", "Herons fish at dawn."),
                       ("deleted.md", "Owls hunt at night.")):
        (folder / name).write_text(text, encoding="utf-8")
    _watched_collection(db, folder)
    first = watching(quiet_s=0.3)
    first.settle()
    assert sorted(Path(p).name for p in first.of_kind("scanned")[0].pending) == \
        ["changed.md", "deleted.md", "same.md"]
    first.stop()
    same_chunks = db.execute("SELECT c.id FROM kb_chunks c JOIN kb_documents d "
                             "ON d.id = c.document_id WHERE d.path LIKE '%same.md'").fetchall()

    (folder / "changed.md").write_text("Herons now fish at dusk.", encoding="utf-8")
    (folder / "deleted.md").unlink()
    (folder / "added.md").write_text("Wrens sing loudly.", encoding="utf-8")

    second = watching(quiet_s=0.3)
    second.settle()
    scan = second.of_kind("scanned")[0]
    assert sorted(Path(p).name for p in scan.pending) == ["added.md", "changed.md"]
    assert [Path(p).name for p in scan.removed] == ["deleted.md"]
    assert set(_documents(db)) == {"same.md", "changed.md", "added.md"}
    assert db.execute("SELECT c.id FROM kb_chunks c JOIN kb_documents d ON d.id = "
                      "c.document_id WHERE d.path LIKE '%same.md'").fetchall() == same_chunks
    assert _texts(db, "dusk") == ["changed.md"] and _texts(db, "dawn") == []
    chunks = db.execute("SELECT count(*) FROM kb_chunks").fetchone()[0]
    from app.kb.index import load_vec

    load_vec(db)
    assert db.execute("SELECT count(*) FROM kb_vec").fetchone()[0] == chunks == 3


def test_a_missing_folder_keeps_its_documents(db, tmp_path, watching):
    folder = tmp_path / "usb-stick"
    folder.mkdir()
    (folder / "map.md").write_text("The map shows the harbour.", encoding="utf-8")
    cid = _watched_collection(db, folder)
    add_paths(db, cid, [folder])
    list(ingest(db))
    (folder / "map.md").rename(tmp_path / "map.md")
    folder.rmdir()  # the drive is not connected
    w = watching(quiet_s=0.3)
    w.settle()
    missing = w.of_kind("missing")
    assert missing and "kept" in missing[0].message
    assert _documents(db) == {"map.md": "indexed"}


def test_debouncer_waits_for_quiet_but_not_forever():
    now = [0.0]
    bounce = Debouncer(quiet_s=1.0, max_wait_s=5.0, clock=lambda: now[0])
    for step in range(4):
        now[0] = step * 0.5
        bounce.add("notes", Path(f"/n/{step % 2}.md"))
    assert bounce.pop_due() == [] and bounce.next_due() == 2.5
    now[0] = 2.5
    assert bounce.pop_due() == [("notes", {Path("/n/0.md"), Path("/n/1.md")})]
    assert not bounce
    for step in range(20):  # changes every 0.5 s never go quiet: due at the cap
        now[0] = 10 + step * 0.5
        bounce.add("busy", Path("/b.md"))
        if bounce.pop_due():
            break
    assert now[0] == 15.0


def test_watch_folder_checks_the_path(db, tmp_path):
    folder = tmp_path / "a"
    (folder / "inner").mkdir(parents=True)
    (folder / "f.md").write_text("x", encoding="utf-8")
    cid = colls.get_or_create(db, "c")
    with pytest.raises(CollectionError, match="no folder"):
        colls.watch_folder(db, cid, tmp_path / "nope")
    with pytest.raises(CollectionError, match="is a file"):
        colls.watch_folder(db, cid, folder / "f.md")
    colls.watch_folder(db, cid, folder / "inner")
    colls.watch_folder(db, cid, folder)  # folds the inner one into it
    assert [w.path for w in colls.watched_folders(db)] == [str(folder)]
    with pytest.raises(CollectionError, match="inside"):
        colls.watch_folder(db, cid, folder / "inner")
    assert colls.watch_folder(db, cid, folder).path == str(folder)  # again: same row
    other = colls.get_or_create(db, "other")
    colls.watch_folder(db, other, folder)  # another collection may watch it too
    assert colls.list_collections(db)[0].watched == (str(folder),)
    assert [w.collection for w in colls.unwatch_folder(db, folder, cid)] == ["c"]
    with pytest.raises(CollectionError, match="not a watched folder"):
        colls.unwatch_folder(db, folder, cid)


def test_two_collections_watching_one_folder_both_follow(db, tmp_path, watching):
    folder = tmp_path / "shared"
    folder.mkdir()
    a = _watched_collection(db, folder, "a")
    _watched_collection(db, folder, "b")
    w = watching(quiet_s=0.3)
    w.settle()
    colls.unwatch_folder(db, folder, a)
    w.watcher.refresh()
    w.settle()
    (folder / "n.md").write_text("Lichen grows on the north side.", encoding="utf-8")
    eventually(lambda: [h.collection for h in search(db, "lichen")] == ["b"],
               "the collection still watching the folder indexes the file")


def test_remove_documents_takes_chunks_fts_and_vectors_in_one_go(
        db, tmp_path, embedding_model_path):
    from app.kb.embed import LlamaCppEmbedder
    from app.kb.index import load_vec

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "bees.md").write_text("# Bees\n\nBees make honey in the hive.", encoding="utf-8")
    (folder / "ants.md").write_text("# Ants\n\nAnts farm aphids for honeydew.", encoding="utf-8")
    cid = colls.get_or_create(db, "insects")
    add_paths(db, cid, [folder])
    embedder = LlamaCppEmbedder(embedding_model_path)
    try:
        list(ingest(db, embedder))
        bees = db.execute("SELECT id FROM kb_documents WHERE path LIKE '%bees.md'").fetchone()[0]
        assert remove_documents(db, [bees, bees, 999]) == 1
        load_vec(db)
        left = db.execute("SELECT id FROM kb_chunks").fetchall()
        assert left and all(db.execute("SELECT document_id FROM kb_chunks WHERE id = ?",
                                       [c]).fetchone()[0] != bees for (c,) in left)
        for table, key in (("kb_vec", "chunk_id"), ("kb_embeddings", "chunk_id")):
            ids = {r[0] for r in db.execute(f"SELECT {key} FROM {table}").fetchall()}
            assert ids == {c for (c,) in left}, table
        assert db.execute("SELECT count(*) FROM kb_fts").fetchone()[0] == len(left)
        assert [h.path for h in search(db, "honey", embedder=embedder)] == \
            [str(folder / "ants.md")]
    finally:
        embedder.close()


def test_deleting_a_collection_detaches_its_conversations(db, tmp_path):
    keep, gone = colls.get_or_create(db, "keep"), colls.get_or_create(db, "gone")
    colls.watch_folder(db, gone, tmp_path)
    now = time.time()
    conv = db.execute("INSERT INTO conversations (title, created_at, updated_at) "
                      "VALUES ('t', ?, ?)", [now, now]).lastrowid
    db.conn.commit()
    colls.set_conversation_collections(db, conv, [keep, gone])
    assert colls.delete_collection(db, "gone") == [conv]
    assert colls.conversation_collections(db, conv) == [keep]
    assert colls.watched_folders(db) == []
    assert db.execute("SELECT count(*) FROM conversations").fetchone()[0] == 1
