"""The Models, Knowledge base and Engines pages on real services; every wait is on a signal."""

from __future__ import annotations

import shutil

from tests.ui_helpers import close_window, open_window


def _names(tree) -> list[str]:
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def test_models_page_lists_the_starter_and_imports_a_gguf(qtbot, smollm2_path, tmp_path):
    from app.models.builtin import STARTER_NAME

    window = open_window(qtbot)
    page = window.pages["models"]
    assert window.welcome.catalog_button.isVisibleTo(window)
    with qtbot.waitSignal(page.listed, timeout=60_000), \
            qtbot.waitSignal(page.catalog_listed, timeout=60_000):
        window.show_page("models")
    assert STARTER_NAME in _names(page.installed)
    row = page.installed.topLevelItem(_names(page.installed).index(STARTER_NAME))
    assert row.text(1).endswith("MB") and row.text(2) == "GGUF"
    assert row.text(4) in ("fits", "tight", "too large")
    assert "Disk used:" in page.disk_label.text()
    assert page.catalog_view.topLevelItemCount() > 0
    tips = {page.catalog_view.topLevelItem(i).text(0): page.catalog_view.topLevelItem(i).toolTip(0)
            for i in range(page.catalog_view.topLevelItemCount())}
    assert tips["smollm2-135m-instruct"].startswith("Catalog entry: sha256 checked\nhttps://")
    assert "unverified" in tips["bge-m3"]

    copy = tmp_path / "My-Copy.gguf"
    shutil.copyfile(smollm2_path, copy)
    with qtbot.waitSignal(window.import_finished, timeout=120_000) as imported, \
            qtbot.waitSignal(window.models_listed, timeout=120_000):
        window.import_model(copy)  # the Import button's flow (tests/test_ui_models_import.py)
    assert imported.args[0].name == "my-copy"
    qtbot.waitUntil(lambda: "my-copy" in _names(page.installed), timeout=60_000)
    assert "my-copy" in window.models

    with qtbot.waitSignal(page.listed, timeout=60_000):
        page.delete_model("my-copy")
    assert "my-copy" not in _names(page.installed)
    assert copy.exists()  # an import in place is linked: its file is never deleted
    close_window(window)


def test_models_page_import_of_a_bad_file_says_why(qtbot, tmp_path):
    window = open_window(qtbot)
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"not a model at all")
    with qtbot.waitSignal(window.import_finished, timeout=60_000) as imported:
        window.import_model(bad)
    assert isinstance(imported.args[0], Exception)
    assert "broken.gguf" in window.notice.text()
    close_window(window)


def test_knowledge_page_indexes_a_dropped_markdown_file(qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    notes = tmp_path / "notes.md"
    notes.write_text("# Hearth notes\n\nThe kettle is in the second cupboard.\n", "utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    window = open_window(qtbot)
    page = window.pages["knowledge"]
    with qtbot.waitSignal(page.listed, timeout=30_000):
        window.show_page("knowledge")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes)), QUrl.fromLocalFile(str(broken)),
                  QUrl.fromLocalFile(str(tmp_path / "ignored.exe"))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(page.ingest_finished, timeout=120_000) as finished:
        page.dropEvent(drop)
    last = finished.args[0]
    assert last.stage == "done" and last.files_total == 2 and last.files_failed == 1
    qtbot.waitUntil(lambda: ("notes.md", "indexed", "") in page.document_rows(),
                    timeout=30_000)
    rows = dict((name, (status, problem)) for name, status, problem in page.document_rows())
    assert rows["broken.pdf"][0] == "failed" and rows["broken.pdf"][1]
    assert "2 of 2 files" in page.status_label.text()
    assert page.collections.currentItem().text().startswith("default (2 documents)")
    close_window(window)


def test_engines_page_lists_llama_cpp_as_usable(qtbot):
    window = open_window(qtbot)
    page = window.pages["engines"]
    with qtbot.waitSignal(page.listed, timeout=60_000):
        window.show_page("engines")
    rows = {page.table.topLevelItem(i).text(0): page.table.topLevelItem(i)
            for i in range(page.table.topLevelItemCount())}
    assert {"llama.cpp", "vllm", "lmdeploy", "tensorrt-llm", "remote"} <= set(rows)
    llama = rows["llama.cpp"]
    assert llama.text(1) == "yes" and llama.text(4) == "yes" and llama.text(2)
    assert rows["vllm"].text(5)  # found or not, the reason is shown
    close_window(window)
