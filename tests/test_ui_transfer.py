"""File ▸ Export all chats / Import chats / Back up Hearth, on real services and a real
SQLite file (the file dialogs are skipped: the actions after them are called)."""

from __future__ import annotations

import json
import zipfile

from tests.ui_helpers import close_window, open_window


def test_export_then_import_brings_the_chats_back(qtbot, hearth_home, tmp_path):
    window = open_window(qtbot)
    try:
        chat = window.services.chat
        for title in ("Lighthouses", "Bread"):
            conversation = chat.create()
            chat.store.add_message(conversation.id, "user", f"Tell me about {title}.")
            chat.rename(conversation.id, title)
        target = tmp_path / "chats.json"
        with qtbot.waitSignal(window.notice.changed, timeout=30_000,
                              check_params_cb=lambda *_: "exported" in window.notice.text()):
            window.export_chats(target, "json")
        data = json.loads(target.read_text(encoding="utf-8"))
        assert {c["title"] for c in data["conversations"]} == {"Lighthouses", "Bread"}
        with qtbot.waitSignal(window.conversations_listed, timeout=30_000):
            window.import_chats(target)
        assert "2 chats imported" in window.notice.text()
        titles = [c.title for c in chat.list()]
        assert titles.count("Lighthouses") == 2 and titles.count("Bread") == 2
    finally:
        close_window(window)


def test_a_file_that_is_not_an_export_is_refused_and_adds_nothing(qtbot, hearth_home,
                                                                 tmp_path):
    window = open_window(qtbot)
    try:
        bad = tmp_path / "notes.json"
        bad.write_text('{"hello": "world"}', encoding="utf-8")
        with qtbot.waitSignal(window.notice.changed, timeout=30_000):
            window.import_chats(bad)
        assert window.notice.text()  # the refusal's sentence is shown
        assert window.services.chat.list() == []
    finally:
        close_window(window)


def test_back_up_writes_an_archive_with_the_database(qtbot, hearth_home, tmp_path):
    window = open_window(qtbot)
    try:
        window.services.chat.create()
        target = tmp_path / "hearth-backup.zip"
        with qtbot.waitSignal(window.notice.changed, timeout=60_000,
                              check_params_cb=lambda *_: "Backed up" in window.notice.text()):
            window.back_up(target)
        assert "hearth backup restore" in window.notice.text()
        with zipfile.ZipFile(target) as archive:
            assert any(name.endswith("hearth.db") for name in archive.namelist())
    finally:
        close_window(window)
