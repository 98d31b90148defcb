"""Screenshot of the Engines page and the status bar after switching the chat to the
llama-cpp-python server worker (a real subprocess) with the "Use" button.

    xvfb-run -a -s "-screen 0 1400x900x24" python3 resources/screenshots/take_engines_switch.py

Writes engines-switch.png next to this file; uses a temporary HEARTH_HOME.
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
    settings = Settings(theme="light", language="en")
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
    page = window.pages["engines"]
    window.show_page("engines")
    wait(page.listed)
    page.use_buttons["llama-cpp-server"][0].click()
    wait(page.switched)
    loop = QEventLoop()
    QTimer.singleShot(500, loop.quit)
    loop.exec()
    window.grab().save(str(HERE / "engines-switch.png"))
    print("wrote", HERE / "engines-switch.png")
    window.close()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
