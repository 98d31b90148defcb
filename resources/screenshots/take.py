"""Take the README's screenshots of the real window on the real starter model.

    python3 resources/screenshots/take.py        # starts Xvfb itself when there is no display

Writes empty.png, chat-code.png, performance.png, zh_CN.png and dark.png next to this
file. Needs Xvfb and a CJK font (Debian: apt-get install xvfb fonts-noto-cjk).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SIZE = (1160, 760)


def main() -> int:
    if len(sys.argv) > 1:
        return shoot(sys.argv[1])
    xvfb = None
    if not os.environ.get("DISPLAY"):
        if not shutil.which("Xvfb"):
            sys.exit("No display and no Xvfb: apt-get install xvfb fonts-noto-cjk")
        xvfb = subprocess.Popen(["Xvfb", ":97", "-screen", "0", "1400x900x24", "-nolisten", "tcp"])
        os.environ["DISPLAY"] = ":97"
        time.sleep(1.0)  # Xvfb has no readiness signal
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(REPO),
           "HEARTH_HOME": tempfile.mkdtemp(prefix="hearth-shots-")}
    try:
        for phase in ("en", "zh_CN", "dark"):
            subprocess.run([sys.executable, __file__, phase], env=env, check=True)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()
    return 0


def shoot(phase: str) -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.services.desktop import DesktopServices
    from app.settings import Settings
    from app.ui.appearance import apply_theme, install_translators
    from app.ui.main_window import MainWindow

    app = QApplication([])
    settings = Settings(max_tokens=220, temperature=0.0,
                        language="zh_CN" if phase == "zh_CN" else "en",
                        theme="dark" if phase == "dark" else "light")
    keep = install_translators(app, settings.language)  # noqa: F841
    theme = apply_theme(app, settings.theme)
    services = DesktopServices.open(settings)
    window = MainWindow(services, theme)
    window.resize(*SIZE)
    window.show()

    def wait(signal, timeout_ms: int = 300_000) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()

    def settle(ms: int = 400) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def save(name: str) -> None:
        settle()
        window.grab().save(str(HERE / name))
        print("wrote", HERE / name)

    wait(window.models_listed)
    if phase == "en":
        window.close_conversation()
        save("empty.png")
        window.new_conversation()
        window.send("Write a Python function that checks whether a word is a palindrome. "
                    "Put the code in a code block and explain it briefly.")
        wait(window.reply_finished)
        window.chat_page.input.setPlainText("Now add type hints.")
        save("chat-code.png")
        for prompt in ("What is a palindrome?", "Give three examples."):
            window.chat_page.input.clear()
            window.send(prompt)
            wait(window.reply_finished)
        window.new_conversation()
        window.send("Name three rivers in Europe.")
        wait(window.reply_finished)
        window.show_page("performance")
        wait(window.tasks.idle)
        save("performance.png")
    else:
        wait(window.thread_shown)  # the last conversation comes back
        window.chat_page.input.setPlainText("用中文介绍一下你自己。" if phase == "zh_CN" else "")
        save(f"{phase}.png")
    window.close()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
