"""One GGUF import in the window: a file dropped on the window and the Models page's
Import button go through the same flow and ``app.services.models.import_gguf``, so a bad
file gets the same words and a good one is registered the same way. Real files, a real
database, real child-process checks; every wait is on a signal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.services import models as service
from tests.test_ui_models_download import installed_names, models_page
from tests.ui_helpers import close_window


def _drop(qtbot, window, path: Path, signal):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(signal, timeout=120_000) as caught:
        window.dropEvent(event)
    return caught.args[0]


def _pick_with_button(qtbot, monkeypatch, page, path: Path, signal):
    """Press the Models page's Import button; the file dialog answers ``path``."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (str(path), "")))
    with qtbot.waitSignal(signal, timeout=120_000) as caught:
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    return caught.args[0]


@pytest.fixture
def window_on_models(qtbot):
    window, page = models_page(qtbot)
    yield window, page
    close_window(window)


def test_a_bad_gguf_gets_the_same_words_dropped_or_picked(qtbot, monkeypatch, smollm2_path,
                                                         tmp_path, window_on_models):
    window, page = window_on_models
    bad = tmp_path / "broken.gguf"
    with smollm2_path.open("rb") as src:  # a right header, tensors past the end of the file
        bad.write_bytes(src.read(64 * 1024))
    with pytest.raises(service.InvalidModelError) as refused:
        service.import_gguf(bad)
    expected = str(refused.value)
    assert "broken.gguf" in expected

    dropped = _drop(qtbot, window, bad, window.error_shown)
    assert window.notice.property("kind") == "error"
    picked = _pick_with_button(qtbot, monkeypatch, page, bad, window.error_shown)
    assert window.notice.property("kind") == "error"
    assert dropped == picked == expected
    assert "broken" not in window.models and "broken" not in installed_names(page)


def test_a_good_gguf_registers_the_same_way_dropped_or_picked(qtbot, monkeypatch, smollm2_path,
                                                             tmp_path, window_on_models):
    window, page = window_on_models
    dropped_file = tmp_path / "drop" / "Dropped-Model.gguf"
    picked_file = tmp_path / "pick" / "Picked-Model.gguf"
    for path in (dropped_file, picked_file):
        path.parent.mkdir()
        shutil.copyfile(smollm2_path, path)

    notices = []
    dropped = _drop(qtbot, window, dropped_file, window.import_finished)
    notices.append((window.notice.text(), window.notice.action.text()))
    picked = _pick_with_button(qtbot, monkeypatch, page, picked_file, window.import_finished)
    notices.append((window.notice.text(), window.notice.action.text()))

    assert (dropped.name, picked.name) == ("dropped-model", "picked-model")
    assert notices == [("dropped-model is ready to use.", "Chat with it"),
                       ("picked-model is ready to use.", "Chat with it")]
    same = ("source", "format", "linked", "architecture", "quantization", "size_bytes", "sha256")
    assert {k: getattr(dropped, k) for k in same} == {k: getattr(picked, k) for k in same}
    assert dropped.source == "import" and dropped.linked and dropped.sha256 is None
    assert (dropped.path, picked.path) == (str(dropped_file.resolve()),
                                           str(picked_file.resolve()))
    # both reach the chat's model picker and the Models page's list
    qtbot.waitUntil(lambda: {"dropped-model", "picked-model"} <= set(window.models),
                    timeout=30_000)
    qtbot.waitUntil(lambda: {"dropped-model", "picked-model"} <= set(installed_names(page)),
                    timeout=30_000)

    # "Chat with it" opens a new conversation with the imported model chosen
    window.notice.action.click()
    assert window.chat_page.model_picker.currentData() == "picked-model"
