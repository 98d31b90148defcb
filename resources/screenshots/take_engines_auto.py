"""Screenshot of the Engines page in auto mode: the "Automatic" row in use, the engine it
chose for the chat's model (llama.cpp in-process here: no NVIDIA GPU) marked as running,
and the selector's sentence in the status bar.

    xvfb-run -a -s "-screen 0 1400x900x24" python3 resources/screenshots/take_engines_auto.py

Writes engines-auto.png next to this file; uses a temporary HEARTH_HOME.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
os.environ.setdefault("HEARTH_HOME", tempfile.mkdtemp(prefix="hearth-shots-"))
SIZE = (1160, 760)


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.services.desktop import DesktopServices
    from app.settings import Settings
    from app.ui.appearance import apply_theme
    from app.ui.main_window import MainWindow

    app = QApplication([])
    settings = Settings(theme="light", language="en", max_tokens=16)
    services = DesktopServices.open(settings)
    window = MainWindow(services, apply_theme(app, settings.theme))
    window.resize(*SIZE)
    window.show()

    def wait(signal, timeout_ms: int = 300_000) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()

    wait(window.models_listed)
    window.new_conversation()
    window.send("Hello!")
    wait(window.reply_finished)
    page = window.pages["engines"]
    window.show_page("engines")
    wait(page.listed)
    loop = QEventLoop()
    QTimer.singleShot(500, loop.quit)
    loop.exec()
    window.statusBar().showMessage(services.runtime.reason)
    window.grab().save(str(HERE / "engines-auto.png"))
    print("wrote", HERE / "engines-auto.png")
    window.close()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
