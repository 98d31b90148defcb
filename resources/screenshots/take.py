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
    sys.path.insert(0, str(HERE))
    import shots

    from app.settings import Settings

    settings = Settings(max_tokens=220, temperature=0.0,
                        language="zh_CN" if phase == "zh_CN" else "en",
                        theme="dark" if phase == "dark" else "light")
    _app, services, window = shots.open_window(settings)

    def save(name: str) -> None:
        shots.save(window, name)

    if phase == "en":
        shots.wait(window.models_listed)
        window.close_conversation()
        save("empty.png")
        window.new_conversation()
        window.send("Write a Python function that checks whether a word is a palindrome. "
                    "Put the code in a code block and explain it briefly.")
        shots.wait(window.reply_finished)
        window.chat_page.input.setPlainText("Now add type hints.")
        save("chat-code.png")
        for prompt in ("What is a palindrome?", "Give three examples."):
            window.chat_page.input.clear()
            window.send(prompt)
            shots.wait(window.reply_finished)
        window.new_conversation()
        window.send("Name three rivers in Europe.")
        shots.wait(window.reply_finished)
        window.show_page("performance")
        shots.wait(window.tasks.idle)
        save("performance.png")
    else:
        # the last conversation comes back; the two signals come in either order
        shots.wait_all(window.models_listed, window.thread_shown)
        window.chat_page.input.setPlainText("用中文介绍一下你自己。" if phase == "zh_CN" else "")
        save(f"{phase}.png")
    window.close()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
