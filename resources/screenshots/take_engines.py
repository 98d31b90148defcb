"""Screenshots of the Engines page and the status bar, on the real window:

- engines-auto.png: automatic choice in use; after one reply, the engine it chose for the
  chat's model (llama.cpp in-process here: no NVIDIA GPU) is marked as running and the
  selector's sentence is in the status bar;
- engines-switch.png: after the "Use" button moved the chat to llama-cpp-python's server
  worker (a real subprocess).

    xvfb-run -a -s "-screen 0 1400x900x24" python3 resources/screenshots/take_engines.py [auto|switch]

Each scene runs on its own throw-away HEARTH_HOME.
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-shots-")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import shots  # noqa: E402


def auto(window, services, page) -> None:
    window.new_conversation()
    window.send("Hello!")
    shots.wait(window.reply_finished)
    window.show_page("engines")
    shots.wait(page.listed)
    shots.settle(500)
    window.statusBar().showMessage(services.runtime.reason)
    shots.save(window, "engines-auto.png")


def switch(window, services, page) -> None:
    window.show_page("engines")
    shots.wait(page.listed)
    page.use_buttons["llama-cpp-server"][0].click()
    shots.wait(page.switched)
    shots.save(window, "engines-switch.png")


SCENES = {"auto": auto, "switch": switch}


def main() -> int:
    from app.settings import Settings

    scenes = sys.argv[1:] or list(SCENES)
    if len(scenes) > 1:  # one process (and one HEARTH_HOME) per scene
        import subprocess

        for scene in scenes:
            subprocess.run([sys.executable, __file__, scene], check=True)
        return 0
    _app, services, window = shots.open_window(Settings(theme="light", language="en",
                                                         max_tokens=16))
    shots.wait(window.models_listed)
    SCENES[scenes[0]](window, services, window.pages["engines"])
    window.close()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
