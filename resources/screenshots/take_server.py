"""Screenshots of the Server page on the real window and the real local API:

- server.png: started on a free port with a key, after a model listing and one chat
  completion from the ``openai`` client (the requests table);
- server-models.png: the "Loaded models" tab (the model the API loaded, idle);
- server-snippets.png: the "Connect a program" tab (curl and Python for that address);
- server-refused.png: 0.0.0.0 without a key, refused with the reason;
- server-zh_CN.png, server-snippets-zh_CN.png: the same in Chinese (the window's language
  setting; set HEARTH_EXTRA_QM to a compiled .qm to add translations not yet in the
  shipped one).

    xvfb-run -a -s "-screen 0 1280x800x24" python3 resources/screenshots/take_server.py [scene]

Each scene runs on its own throw-away HEARTH_HOME, with an in-memory keyring (never the
machine's).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading

os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-shots-")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import shots  # noqa: E402

STARTER = "smollm2-135m-instruct"


def call_the_api(url: str, key: str | None) -> None:
    """What another program would do: list the models, ask one short question."""
    import httpx
    from openai import OpenAI

    headers = {"Authorization": f"Bearer {key}"} if key else {}
    httpx.get(f"{url}/models", headers=headers, timeout=60)
    client = OpenAI(base_url=url, api_key=key or "not-needed", max_retries=0, timeout=300)
    client.chat.completions.create(model=STARTER, max_tokens=12,
                                   messages=[{"role": "user", "content": "Say hello."}])


def started_with_requests(window, page) -> None:
    """The page on screen, a key made, the server listening and two requests answered."""
    window.show_page("server")
    shots.wait(page.key_shown)
    page.make_key()
    shots.wait(page.key_shown)
    page.switch.click()
    shots.wait(page.started)
    caller = threading.Thread(target=call_the_api, args=(page.url, page.key), daemon=True)
    caller.start()
    shots.wait(page.request_shown, until=lambda *_: page.requests.rowCount() >= 2)
    shots.wait(page.residents_shown)


def english(window, page) -> None:
    started_with_requests(window, page)
    shots.save(window, "server.png")
    page.tabs.setCurrentIndex(1)
    shots.save(window, "server-models.png")
    page.tabs.setCurrentIndex(2)
    shots.save(window, "server-snippets.png")


def refused(window, page) -> None:
    window.show_page("server")
    shots.wait(page.key_shown)
    page.host_edit.setText("0.0.0.0")
    page.switch.click()
    shots.save(window, "server-refused.png")


def chinese(window, page) -> None:
    started_with_requests(window, page)
    shots.save(window, "server-zh_CN.png")
    page.tabs.setCurrentIndex(2)
    shots.save(window, "server-snippets-zh_CN.png")


SCENES = {"en": english, "refused": refused, "zh_CN": chinese}


def main() -> int:
    from app.settings import Settings

    scenes = sys.argv[1:] or list(SCENES)
    if len(scenes) > 1:  # one process (and one HEARTH_HOME) per scene
        import subprocess

        for scene in scenes:
            subprocess.run([sys.executable, __file__, scene], check=True)
        return 0
    from tests.memory_keyring import installed_memory_keyring

    language = "zh_CN" if scenes[0] == "zh_CN" else "en"
    settings = Settings(theme="light", language=language, server={"port": 0})
    extra = os.environ.get("HEARTH_EXTRA_QM") if language != "en" else None
    with installed_memory_keyring():
        _app, services, window = shots.open_window(settings, extra_qm=extra)
        shots.wait(window.models_listed)
        SCENES[scenes[0]](window, window.pages["server"])
        window.close()
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
