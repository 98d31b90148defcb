"""The Knowledge base page: delete a collection, remove documents, watched folders.

Real window, real database, real files, watchdog's real observer; waits are on signals
or on what the page shows, with deadlines.
"""

from __future__ import annotations

import time
from pathlib import Path

from kb_pipeline import record_indexing_runs

from tests.ui_helpers import close_window, open_window

DEADLINE_MS = 90_000


def _index(files: dict[str, str], folder: Path, collection: str) -> None:
    """Index ``files`` (name -> text) into ``collection`` before the window opens."""
    from app.services import knowledge

    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = knowledge.open_db()
    knowledge.add_paths(db, collection, [folder])
    knowledge.index_pending(db)
    db.close()


def _answer(monkeypatch, button) -> list[str]:
    """Make the confirmation dialog answer ``button``; returns the questions asked."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _open_knowledge(qtbot, collection: str | None = None):
    window = open_window(qtbot)
    page = window.pages["knowledge"]
    with qtbot.waitSignal(page.listed, timeout=DEADLINE_MS):
        window.show_page("knowledge")
    if collection:
        page.collection = collection
        with qtbot.waitSignal(page.listed, timeout=DEADLINE_MS):
            page.refresh()
    return window, page


def _collection_names(page) -> list[str]:
    from PySide6.QtCore import Qt

    return [page.collections.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(page.collections.count())]


def test_delete_collection_asks_first_and_detaches_conversations(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.services import knowledge

    _index({"alps.md": "The Alps trip starts in June."}, tmp_path / "trips", "trips")
    db = knowledge.open_db()
    now = time.time()
    conv = db.execute("INSERT INTO conversations (title, created_at, updated_at) "
                      "VALUES ('plans', ?, ?)", [now, now]).lastrowid
    db.conn.commit()
    knowledge.attach_collections(db, conv, ["trips"])
    window, page = _open_knowledge(qtbot, "trips")
    assert page.delete_collection_button.isEnabled()

    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    page.ask_delete_collection()
    assert "trips" in asked[0] and "1 documents" in asked[0]
    assert "1 conversations search it" in asked[0]
    assert "trips" in _collection_names(page)

    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    page.ask_delete_collection()
    qtbot.waitUntil(lambda: "trips" not in _collection_names(page), timeout=DEADLINE_MS)
    assert page.collection == "default"
    assert knowledge.attached_collections(db, conv) == []
    assert db.execute("SELECT count(*) FROM kb_chunks").fetchone()[0] == 0
    assert (tmp_path / "trips" / "alps.md").exists()  # the file itself is not touched
    db.close()
    close_window(window)


def test_remove_selected_documents_after_confirming(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.services import knowledge

    _index({"oak.md": "Oak trees drop acorns.", "elm.md": "Elm trees lost to disease."},
           tmp_path / "trees", "default")
    window, page = _open_knowledge(qtbot)
    assert not page.remove_button.isEnabled()
    tree = page.documents
    oak = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
               if tree.topLevelItem(i).text(0) == "oak.md")
    oak.setSelected(True)
    assert page.remove_button.isEnabled()
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    page.ask_remove_documents()
    assert "Remove 1 document(s) from default (oak.md)" in asked[0]
    assert "watched folder" not in asked[0]
    qtbot.waitUntil(lambda: [r[0] for r in page.document_rows()] == ["elm.md"],
                    timeout=DEADLINE_MS)
    db = knowledge.open_db()
    assert [Path(h.path).name for h in knowledge.search(db, "trees")] == ["elm.md"]
    assert db.execute("SELECT count(*) FROM kb_fts").fetchone()[0] == 1
    db.close()
    close_window(window)


def test_add_a_watched_folder_and_the_window_follows_it(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "bread.md").write_text("Bread rises overnight.", encoding="utf-8")
    window, page = _open_knowledge(qtbot)
    page.watch_folder(folder)
    qtbot.waitUntil(lambda: page.watched_rows() == [f"{folder}  ·  watching"],
                    timeout=DEADLINE_MS)
    qtbot.waitUntil(lambda: ("bread.md", "indexed", "") in page.document_rows(),
                    timeout=DEADLINE_MS)

    (folder / "jam.md").write_text("Jam needs sugar and fruit.", encoding="utf-8")
    with qtbot.waitSignal(page.watch_reported, timeout=DEADLINE_MS,
                          check_params_cb=lambda r: r.kind == "reindexed"):
        pass
    qtbot.waitUntil(lambda: ("jam.md", "indexed", "") in page.document_rows(),
                    timeout=DEADLINE_MS)
    assert "re-indexed jam.md" in page.status_label.text()

    jam = next(page.documents.topLevelItem(i) for i in range(page.documents.topLevelItemCount())
               if page.documents.topLevelItem(i).text(0) == "jam.md")
    jam.setSelected(True)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    page.ask_remove_documents()
    assert "comes back when it changes" in asked[-1]
    qtbot.waitUntil(lambda: "jam.md" not in [r[0] for r in page.document_rows()],
                    timeout=DEADLINE_MS)
    page.watched.item(0).setSelected(True)
    page.ask_unwatch()
    assert str(folder) in asked[-1]
    qtbot.waitUntil(lambda: page.watched_rows() == [], timeout=DEADLINE_MS)
    assert page.watcher.wait_idle(60) and page.watcher.folders == []
    thread = page.watcher._thread
    close_window(window)
    assert not thread.is_alive()  # closing the window stops the watcher


def test_folders_watched_before_the_window_opens_are_scanned_at_start(qtbot, tmp_path):
    from app.services import knowledge

    folder = tmp_path / "inbox"
    folder.mkdir()
    db = knowledge.open_db()
    knowledge.watch_folder(db, "inbox", folder)
    (folder / "letter.md").write_text("A letter arrived while Hearth was closed.", "utf-8")
    window = open_window(qtbot)  # the Knowledge page is never shown
    page = window.pages["knowledge"]
    assert page.watcher.wait_idle(DEADLINE_MS / 1000)
    status = db.execute("SELECT status FROM kb_documents WHERE path = ?",
                        [str(folder / "letter.md")]).fetchone()
    assert status == ("indexed",)
    db.close()
    close_window(window)


def test_the_page_indexes_through_the_same_pipeline_as_the_cli(qtbot, tmp_path, monkeypatch):
    """Adding on the page and `hearth kb add` both run app.kb.pipeline.index_pending (the
    service's one indexing pipeline: the only place that calls ``ingest``)."""
    import threading

    from click.testing import CliRunner

    from app.commands.kb import kb

    runs = record_indexing_runs(monkeypatch)
    (tmp_path / "kiwi.md").write_text("Kiwis are birds and fruit.", encoding="utf-8")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    window, page = _open_knowledge(qtbot)
    with qtbot.waitSignal(page.ingest_finished, timeout=DEADLINE_MS) as finished:
        page.add_paths([tmp_path / "kiwi.md", tmp_path / "bad.pdf"])
    assert finished.args[0].files_total == 2 and finished.args[0].files_failed == 1
    assert len(runs) == 1 and runs[0] != threading.main_thread().name  # off the GUI thread
    qtbot.waitUntil(lambda: ("kiwi.md", "indexed", "") in page.document_rows(),
                    timeout=DEADLINE_MS)
    assert [row[1] for row in page.document_rows() if row[0] == "bad.pdf"] == ["failed"]
    close_window(window)

    (tmp_path / "worse.pdf").write_bytes(b"%PDF-1.4 not a pdf either")
    added = CliRunner().invoke(kb, ["add", str(tmp_path / "worse.pdf")])
    assert added.exit_code == 1 and added.stderr.count("failed: ") == 1
    assert f"failed: {tmp_path / 'worse.pdf'}: " in added.stderr  # bad.pdf is old news
    assert runs[1:] == [threading.main_thread().name]
