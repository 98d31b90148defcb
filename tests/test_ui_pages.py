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

    copy = tmp_path / "My-Copy.gguf"
    shutil.copyfile(smollm2_path, copy)
    with qtbot.waitSignal(page.import_finished, timeout=120_000) as imported, \
            qtbot.waitSignal(window.models_listed, timeout=120_000):
        page.import_model(copy)
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
    page = window.pages["models"]
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"not a model at all")
    with qtbot.waitSignal(page.import_finished, timeout=60_000) as imported:
        page.import_model(bad)
    assert isinstance(imported.args[0], Exception)
    close_window(window)
