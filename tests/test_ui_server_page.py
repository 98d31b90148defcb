"""The window's Server page runs the real local API on the window's services: started from
the page on a free port, called with httpx and the ``openai`` client, each request in the
table; the key in an in-memory keyring (never the machine's); every wait is on a signal."""

from __future__ import annotations

import httpx
import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtCore import Qt

from app.services.settings import load_settings
from tests.memory_keyring import installed_memory_keyring
from tests.ui_helpers import close_window, open_window

STARTER = "smollm2-135m-instruct"


@pytest.fixture
def memory_keyring():
    with installed_memory_keyring() as backend:
        yield backend


def show_server(qtbot, window):
    """The Server page on screen, with the keyring read."""
    page = window.pages["server"]
    with qtbot.waitSignal(page.key_shown, timeout=30_000):
        window.show_page("server")
    return page


def start(qtbot, page) -> str:
    with qtbot.waitSignal(page.started, timeout=60_000) as started:
        qtbot.mouseClick(page.switch, Qt.MouseButton.LeftButton)
    return started.args[0]


def stop(qtbot, page) -> None:
    with qtbot.waitSignal(page.stopped, timeout=60_000):
        qtbot.mouseClick(page.switch, Qt.MouseButton.LeftButton)


def refused(url: str) -> bool:
    try:
        httpx.get(f"{url}/models", timeout=5)
    except httpx.ConnectError:
        return True
    return False


# without Qt ------------------------------------------------------------------------------


def test_snippets_name_the_address_the_key_and_the_model():
    from app.ui.server_page import anthropic_base, curl_snippet, parse_origins, python_snippet

    url = "http://127.0.0.1:7373/v1"
    curl = curl_snippet(url, "hearth-abc", STARTER)
    assert curl.startswith(f"curl {url}/chat/completions")
    assert '-H "Authorization: Bearer hearth-abc"' in curl and f'"model": "{STARTER}"' in curl
    assert "Authorization" not in curl_snippet(url, None, STARTER)
    python = python_snippet(url, None, STARTER)
    assert f'OpenAI(base_url="{url}", api_key="not-needed")' in python
    compile(python, "snippet", "exec")  # it is Python
    assert anthropic_base(url) == "http://127.0.0.1:7373"
    assert parse_origins(" https://a.example, http://localhost:5173 ,,") == [
        "https://a.example", "http://localhost:5173"]


# the page --------------------------------------------------------------------------------


def test_the_page_serves_the_windows_models_and_lists_each_request(qtbot, smollm2_path,
                                                                     memory_keyring):
    from openai import OpenAI

    window = open_window(qtbot, server={"port": 0})
    try:
        page = show_server(qtbot, window)
        assert page.switch.text() == "Start" and page.status_label.text() == "Stopped."
        url = start(qtbot, page)
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0/v1")
        assert page.address_label.text() == url and page.switch.text() == "Stop"
        assert page.switch.isChecked() and not page.port_edit.isEnabled()
        assert page.status_label.text().startswith("Listening.")
        assert f'base_url="{url}", api_key="not-needed"' in page.snippets["python"].toPlainText()
        assert f"curl {url}/chat/completions" in page.snippets["curl"].toPlainText()
        assert page.anthropic_label.text().endswith(f"without /v1: {url.removesuffix('/v1')}")
        assert page.requests_hint.isVisibleTo(page)

        with qtbot.waitSignal(page.request_shown, timeout=30_000):
            listed = httpx.get(f"{url}/models", timeout=30)
        assert listed.status_code == 200
        assert STARTER in [m["id"] for m in listed.json()["data"]]
        assert page.request_rows()[0][1:5] == ["GET", "/v1/models", "", "200"]
        assert not page.requests_hint.isVisibleTo(page)

        client = OpenAI(base_url=url, api_key="not-needed", max_retries=0, timeout=300)
        with qtbot.waitSignal(page.request_shown, timeout=300_000):
            reply = client.chat.completions.create(
                model=STARTER, messages=[{"role": "user", "content": "Hi"}], max_tokens=4)
        assert reply.choices[0].message.content is not None
        newest = page.request_rows()[0]
        assert newest[1:5] == ["POST", "/v1/chat/completions", STARTER, "200"]
        assert newest[6].endswith(" s")  # time to first token
        assert newest[7].endswith(f"→ {reply.usage.completion_tokens}")
        assert len(page.request_rows()) == 2  # newest first, the listing below

        # the model the API loaded is the window's: one resident, on the shared scheduler
        with qtbot.waitSignal(page.residents_shown, timeout=5_000):
            pass  # the page's 1 s timer
        assert page.residents.rowCount() == 1
        assert page.residents.item(0, 0).text() == STARTER
        assert page.residents.item(0, 2).text() == "idle"
        assert window.services.scheduler.residents()[0].model == STARTER

        stop(qtbot, page)
        assert page.switch.text() == "Start" and not page.switch.isChecked()
        assert page.status_label.text() == "Stopped." and page.port_edit.isEnabled()
        assert refused(url)
    finally:
        close_window(window)


def test_a_reachable_address_without_a_key_is_refused_with_the_reason(qtbot, memory_keyring):
    window = open_window(qtbot, server={"port": 0})
    try:
        page = show_server(qtbot, window)
        page.host_edit.setText("0.0.0.0")
        assert page.key_label.text().startswith("No key. Listening on 0.0.0.0 lets other "
                                                "computers connect, so it needs one")
        with qtbot.waitSignal(page.start_failed, timeout=30_000) as failed:
            qtbot.mouseClick(page.switch, Qt.MouseButton.LeftButton)
        message = failed.args[0]
        assert message.startswith("Hearth's API would listen on 0.0.0.0, where other computers "
                                  "can reach it, without a key.")
        assert page.status_label.text() == message
        assert page.status_label.property("kind") == "error"
        assert not page.running and page.switch.text() == "Start"
        assert not page.switch.isChecked()
    finally:
        close_window(window)


def test_a_port_in_use_is_refused_with_the_reason(qtbot, memory_keyring):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        window = open_window(qtbot, server={"port": port})
        try:
            page = show_server(qtbot, window)
            with qtbot.waitSignal(page.start_failed, timeout=60_000) as failed:
                qtbot.mouseClick(page.switch, Qt.MouseButton.LeftButton)
            assert f"could not listen on 127.0.0.1:{port}" in failed.args[0]
            assert not page.running and page.switch.isEnabled()
        finally:
            close_window(window)


def test_a_new_key_is_kept_in_the_keyring_and_required_at_once(qtbot, memory_keyring):
    from app.services.serving import KEYRING_SERVICE, KEYRING_USER

    window = open_window(qtbot, server={"port": 0})
    try:
        page = show_server(qtbot, window)
        assert page.key is None and not page.remove_key_button.isEnabled()
        assert page.key_label.text().startswith("No key")
        url = start(qtbot, page)
        assert httpx.get(f"{url}/models", timeout=30).status_code == 200

        with qtbot.waitSignal(page.key_shown, timeout=30_000):
            qtbot.mouseClick(page.new_key_button, Qt.MouseButton.LeftButton)
        key = memory_keyring.store[(KEYRING_SERVICE, KEYRING_USER)]
        assert key.startswith("hearth-") and page.key == key
        assert page.key_field.text() == key
        assert page.key_field.echoMode() == page.key_field.EchoMode.Password
        assert key not in page.snippets["python"].toPlainText()  # hidden until "Show"
        qtbot.mouseClick(page.show_key_button, Qt.MouseButton.LeftButton)
        assert page.key_field.echoMode() == page.key_field.EchoMode.Normal
        assert f'api_key="{key}"' in page.snippets["python"].toPlainText()
        assert f"Bearer {key}" in page.snippets["curl"].toPlainText()
        assert page.snippet("curl") == page.snippets["curl"].toPlainText()

        # the running server wants it from the next request on
        assert httpx.get(f"{url}/models", timeout=30).status_code == 401
        headers = {"Authorization": f"Bearer {key}"}
        assert httpx.get(f"{url}/models", headers=headers, timeout=30).status_code == 200

        with qtbot.waitSignal(page.key_shown, timeout=30_000):
            qtbot.mouseClick(page.remove_key_button, Qt.MouseButton.LeftButton)
        assert (KEYRING_SERVICE, KEYRING_USER) not in memory_keyring.store
        assert page.key is None and page.key_field.text() == ""
        assert not page.show_key_button.isChecked()  # the next key starts hidden
        assert 'api_key="not-needed"' in page.snippets["python"].toPlainText()
        assert httpx.get(f"{url}/models", timeout=30).status_code == 200
        stop(qtbot, page)
    finally:
        close_window(window)


def test_a_saved_key_is_used_by_the_next_start(qtbot, memory_keyring):
    from app.services.serving import KEYRING_SERVICE, KEYRING_USER

    memory_keyring.store[(KEYRING_SERVICE, KEYRING_USER)] = "hearth-saved"
    window = open_window(qtbot, server={"port": 0})
    try:
        page = show_server(qtbot, window)
        assert page.key == "hearth-saved" and page.remove_key_button.isEnabled()
        url = start(qtbot, page)
        assert httpx.get(f"{url}/models", timeout=30).status_code == 401
        assert httpx.get(f"{url}/models", headers={"x-api-key": "hearth-saved"},
                         timeout=30).status_code == 200
        with qtbot.waitSignal(page.request_shown, timeout=30_000,
                              check_params_cb=lambda r: r.status == 404):
            answer = httpx.post(f"{url}/chat/completions", timeout=30,
                                headers={"Authorization": "Bearer hearth-saved"},
                                json={"model": "nope", "messages": [{"role": "user",
                                                                     "content": "Hi"}]})
        assert answer.status_code == 404
        row = page.request_rows()[0]
        assert row[1:5] == ["POST", "/v1/chat/completions", "", "404"]  # no model resolved
        assert row[8].startswith("There is no model called 'nope'.")
        assert page.requests.item(0, 8).toolTip() == row[8]
        stop(qtbot, page)
    finally:
        close_window(window)


def test_without_a_keyring_a_new_key_lasts_this_session(qtbot):
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    window = open_window(qtbot, server={"port": 0})
    try:
        page = window.pages["server"]
        with qtbot.waitSignal(page.key_shown, timeout=30_000):
            window.show_page("server")
        assert "The OS keyring could not be read" in page.key_label.text()
        with qtbot.waitSignal(page.key_shown, timeout=30_000):
            qtbot.mouseClick(page.new_key_button, Qt.MouseButton.LeftButton)
        assert page.key is not None and page.key.startswith("hearth-")
        text = page.key_label.text()
        assert text.startswith("This key lasts until Hearth closes: it could not be kept.")
        assert "No OS keyring is available to keep the API key safely" in text
        url = start(qtbot, page)  # with the session's key
        assert httpx.get(f"{url}/models", timeout=30).status_code == 401
        stop(qtbot, page)
    finally:
        close_window(window)
        keyring.set_keyring(previous)


def test_address_settings_are_checked_and_saved(qtbot, memory_keyring):
    window = open_window(qtbot, server={"port": 0})
    try:
        page = show_server(qtbot, window)
        assert page.port_edit.text() == "any free port"
        page.origins_edit.setText("https://ok.example, not an origin")
        assert page.save_address() is None
        assert page.settings_error.isVisibleTo(page)
        assert "is not a web origin" in page.settings_error.text()
        assert window.services.settings.server.allowed_origins == []
        page.start()  # a wrong form starts nothing (and says why, above)
        assert not page.running and not page.busy and page.switch.text() == "Start"

        page.origins_edit.setText("https://ok.example, http://localhost:5173")
        page.port_edit.setValue(8765)
        with qtbot.waitSignal(window.tasks.idle, timeout=30_000):
            assert page.save_address() is not None
        assert not page.settings_error.isVisibleTo(page)
        saved = load_settings().server
        assert saved.allowed_origins == ["https://ok.example", "http://localhost:5173"]
        assert saved.port == 8765 and window.services.settings.server.port == 8765
        assert page.address_label.text() == "http://127.0.0.1:8765/v1"
        assert "http://127.0.0.1:8765/v1" in page.snippets["curl"].toPlainText()

        with qtbot.waitSignal(window.tasks.idle, timeout=30_000):
            page.start_with_window.setChecked(True)
        assert load_settings().server.start_with_window
    finally:
        close_window(window)


def test_start_with_the_window_and_stop_when_it_closes(qtbot, memory_keyring):
    window = open_window(qtbot, server={"port": 0, "start_with_window": True})
    page = window.pages["server"]
    try:
        qtbot.waitUntil(lambda: page.running and not page.busy, timeout=60_000)
        url = page.url
        assert httpx.get(f"{url}/models", timeout=30).status_code == 200
        api = page.serving.api
    finally:
        close_window(window)
    assert refused(url)
    assert not page.serving.running and page.serving.api is None
    with pytest.raises(Exception, match="closed"):
        api.db.execute("select 1")  # ApiService.close() ran before the services closed


def test_closing_the_window_while_it_starts_leaves_nothing_listening(qtbot, memory_keyring):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    window = open_window(qtbot, server={"port": port})
    page = show_server(qtbot, window)
    page.start()  # on POOL; the window closes before its answer is delivered
    assert page.busy
    close_window(window)  # waits for the window's tasks: the start, then the stop
    assert page.serving.api is None and not page.serving.running
    assert refused(f"http://127.0.0.1:{port}/v1")
