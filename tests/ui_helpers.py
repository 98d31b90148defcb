"""Shared pieces of the window tests: an offscreen Qt, and a window on real services."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("PySide6", reason="the window tests need PySide6 (pip install -e '.[test]')")


def open_window(qtbot, **settings):
    """A MainWindow on a fresh database in HEARTH_HOME, with its models listed."""
    from app.services.desktop import DesktopServices
    from app.settings import Settings
    from app.ui.main_window import MainWindow

    services = DesktopServices.open(Settings(**{"max_tokens": 24, "temperature": 0.0,
                                                **settings}))
    window = MainWindow(services)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.models_listed, timeout=60_000):
        window.show()
    return window


def close_window(window) -> None:
    window.close()
    window.services.close()


def send_and_wait(qtbot, window, text: str, timeout: int = 120_000) -> None:
    with qtbot.waitSignal(window.reply_finished, timeout=timeout):
        window.send(text)
