"""What the screenshot scripts share: the real window on a throw-away HEARTH_HOME, waiting
on its signals without blocking its event loop, and saving a grab next to this file.

Import it after HEARTH_HOME is set (the scripts set it before anything from ``app``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SIZE = (1160, 760)
_KEEP: list = []  # the translators must outlive open_window
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def open_window(settings=None, language: str | None = None, extra_qm: str | None = None):
    """(app, services, window): the real main window, shown at the README's size.
    ``extra_qm``: a compiled translation loaded over the shipped one (strings not yet
    merged into resources/translations)."""
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QApplication

    from app.services.desktop import DesktopServices
    from app.settings import Settings
    from app.ui.appearance import apply_theme, install_translators
    from app.ui.main_window import MainWindow

    settings = settings or Settings(theme="light", language="en")
    app = QApplication([])
    _KEEP.extend(install_translators(app, language or settings.language))
    from app.services.language import language_code, set_language

    set_language(language_code(language or settings.language))  # the core's sentences, as
    if extra_qm:                                                   # the app's main() does
        extra = QTranslator(app)
        if not extra.load(extra_qm):
            raise SystemExit(f"{extra_qm} is not a compiled translation")
        app.installTranslator(extra)
        _KEEP.append(extra)
    theme = apply_theme(app, settings.theme)
    services = DesktopServices.open(settings)
    window = MainWindow(services, theme)
    window.resize(*SIZE)
    window.show()
    return app, services, window


def wait(signal, timeout_ms: int = 300_000, until: Callable[..., bool] = lambda *a: True) -> None:
    """Run the event loop until ``signal`` fires (with arguments ``until`` accepts)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()

    def check(*args) -> None:
        if until(*args):
            loop.quit()

    signal.connect(check)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(check)


def wait_all(*signals, timeout_ms: int = 300_000) -> None:
    """Run the event loop until every one of ``signals`` has fired, in any order."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    pending = set(range(len(signals)))
    slots = []
    for index, signal in enumerate(signals):
        def fired(*_args, index=index) -> None:
            pending.discard(index)
            if not pending:
                loop.quit()
        signal.connect(fired)
        slots.append((signal, fired))
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    for signal, fired in slots:
        signal.disconnect(fired)


def settle(ms: int = 400) -> None:
    """Let the window repaint (and late signals land) before a grab."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(window, name: str) -> None:
    """Grab the window into ``name`` next to this file."""
    settle()
    window.grab().save(str(HERE / name))
    print("wrote", HERE / name)
