"""The Engines page's "Use" buttons switch the chat's engine without a restart, "Automatic"
goes back to Hearth's own choice, and the status bar follows; every wait is on a signal."""

from __future__ import annotations

import socket
import sys

import pytest
from PySide6.QtCore import Qt

from app.engines.remotes import add_remote, load_config
from app.engines.targets import AUTO, DEFAULT, LLAMA_CPP, EngineTarget
from tests.memory_keyring import installed_memory_keyring
from tests.ui_helpers import close_window, open_window, send_and_wait

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX worker scripts")


@pytest.fixture
def memory_keyring():
    with installed_memory_keyring() as backend:
        yield backend


def show_engines(qtbot, window):
    page = window.pages["engines"]
    with qtbot.waitSignal(page.listed, timeout=60_000):
        window.show_page("engines")
    return page


def test_use_switches_to_a_worker_and_back(qtbot):
    window = open_window(qtbot)
    try:
        assert window.engine_label.text() == "No model loaded · automatic engine choice"
        page = show_engines(qtbot, window)
        worker_button, targets = page.use_buttons["llama-cpp-server"]
        assert targets == [EngineTarget("llama-cpp-server")] and worker_button.isEnabled()
        assert page.use_buttons["automatic"][0].text() == "In use"
        assert page.use_buttons["llama.cpp"][0].text() == "Use"
        with qtbot.waitSignal(page.switched, timeout=180_000) as switched:
            qtbot.mouseClick(worker_button, Qt.MouseButton.LeftButton)
        report = switched.args[0]
        assert report.engine == "llama-cpp-server"
        assert window.engine_label.text().startswith(
            "smollm2-135m-instruct · llama-cpp-server (cpu) · ready in")
        assert "Process start" in window.engine_label.toolTip()
        assert "llama-cpp-python server worker on cpu: your choice" in window.engine_label.toolTip()
        assert page.active_label.text().startswith("In use: llama-cpp-python server worker")
        assert worker_button.text() == "In use" and not worker_button.isEnabled()
        assert page.use_buttons["llama.cpp"][0].isEnabled()
        assert page.use_buttons["automatic"][0].text() == "Use"

        window.new_conversation()
        send_and_wait(qtbot, window, "Hi")
        reply = window.services.store.thread(window.conversation.id)[-1]
        assert reply.engine == "llama-cpp-server" and reply.status == "complete"

        with qtbot.waitSignal(page.switched, timeout=120_000):
            qtbot.mouseClick(page.use_buttons["automatic"][0], Qt.MouseButton.LeftButton)
        assert window.engine_label.text().startswith("smollm2-135m-instruct · llama.cpp (")
        assert window.services.runtime.target == DEFAULT and load_config().active is None
    finally:
        close_window(window)


def test_a_refused_switch_is_reported_and_the_engine_kept(qtbot, memory_keyring):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    add_remote("office", f"http://127.0.0.1:{port}/v1")
    window = open_window(qtbot)
    try:
        page = show_engines(qtbot, window)
        button, targets = page.use_buttons["remote: office"]
        assert targets == [EngineTarget("remote", remote="office")]
        with qtbot.waitSignals([page.switch_failed, window.error_shown], timeout=60_000):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        message = page.active_label.text()
        assert message.startswith("Could not switch to remote endpoint office: Lost the "
                                  f"connection to http://127.0.0.1:{port}/v1")
        assert message.endswith("Hearth keeps choosing the engine automatically.")
        assert window.notice.label.text() == message
        assert window.engine_label.text() == "No model loaded · automatic engine choice"
        assert button.isEnabled() and page.use_buttons["automatic"][0].text() == "In use"
    finally:
        close_window(window)


def test_automatic_marks_the_engine_it_runs_and_takes_the_chat_back(qtbot):
    window = open_window(qtbot)
    try:
        window.new_conversation()
        send_and_wait(qtbot, window, "Hi")  # auto: a GGUF without an NVIDIA GPU
        assert window.services.runtime.target == AUTO and window.services.runtime.running == LLAMA_CPP
        assert "llama.cpp in-process on the CPU (no NVIDIA GPU here)" in window.engine_label.toolTip()
        page = show_engines(qtbot, window)
        automatic, targets = page.use_buttons["automatic"]
        llama, _ = page.use_buttons["llama.cpp"]
        assert targets == [AUTO] and automatic.text() == "In use" and not automatic.isEnabled()
        assert llama.text() == "Running now · Always use" and llama.font().bold() and llama.isEnabled()
        assert page.active_label.text() == ("In use: llama.cpp in-process on the CPU (no NVIDIA GPU here) "
                                            "(chosen automatically)")

        with qtbot.waitSignal(page.switched, timeout=120_000):
            qtbot.mouseClick(llama, Qt.MouseButton.LeftButton)  # keep llama.cpp for every model
        assert window.services.runtime.target == LLAMA_CPP and load_config().active["engine"] == "llama.cpp"
        assert llama.text() == "In use" and automatic.text() == "Use" and automatic.isEnabled()
        assert "llama.cpp in-process on CPU: your choice" in window.engine_label.toolTip()

        with qtbot.waitSignal(page.switched, timeout=120_000) as switched:
            qtbot.mouseClick(automatic, Qt.MouseButton.LeftButton)
        assert switched.args[0].engine == "llama.cpp"
        assert window.services.runtime.target == AUTO and load_config().active is None
        assert automatic.text() == "In use" and llama.text() == "Running now · Always use"
        assert window.engine_label.toolTip().endswith("llama.cpp in-process on the CPU (no NVIDIA GPU here)")
        send_and_wait(qtbot, window, "Still there?")
        assert window.services.store.thread(window.conversation.id)[-1].status == "complete"
    finally:
        close_window(window)


# ---------------------------------------------------------------------------- the registry's rows

from tests.test_engines_registry import extra_engine_fixture, make_venv  # noqa: E402,F401


@pytest.fixture
def engines_page(qtbot):
    from app.ui.engines_page import EnginesPage
    from app.ui.tasks import TaskRunner

    tasks = TaskRunner()
    page = EnginesPage(tasks)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.listed, timeout=60_000):
        page.refresh()
    yield page
    tasks.shutdown()


def env_action(page, engine: str, text: str):
    menu = page.env_buttons[engine].menu()
    return next(action for action in menu.actions() if action.text() == text)


def test_the_page_lists_every_registered_engine_with_an_environment_button(engines_page):
    rows = [engines_page.table.topLevelItem(i).text(0)
            for i in range(engines_page.table.topLevelItemCount())]
    assert rows[:1] == ["Automatic"] and "sglang" in rows and "vllm" in rows
    assert set(engines_page.env_buttons) == {"vllm", "lmdeploy", "tensorrt-llm", "sglang"}
    automatic = engines_page.table.topLevelItem(0).text(5)
    assert "a vLLM, LMDeploy, TensorRT-LLM or SGLang worker" in automatic
    assert engines_page.use_buttons["sglang"][1] == []  # not installed: nothing to use


def test_a_test_only_engine_module_gets_its_own_row(extra_engine, qtbot):
    from app.ui.engines_page import EnginesPage
    from app.ui.tasks import TaskRunner

    tasks = TaskRunner()
    page = EnginesPage(tasks)
    qtbot.addWidget(page)
    try:
        with qtbot.waitSignal(page.listed, timeout=60_000):
            page.refresh()
        names = [page.table.topLevelItem(i).text(0) for i in range(page.table.topLevelItemCount())]
        assert "testengine" in names and "testengine" in page.env_buttons
    finally:
        tasks.shutdown()


def test_use_an_existing_environment_refuses_one_without_the_engine(engines_page, qtbot,
                                                                    tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    venv = make_venv(tmp_path / "plain")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(venv))
    shown = []
    engines_page.error_shown.connect(shown.append)
    with qtbot.waitSignal(engines_page.environment_failed, timeout=60_000) as failed:
        env_action(engines_page, "vllm", "Choose its folder…").trigger()
    message = failed.args[0]
    assert shown == [message]
    assert f"has no vllm package, so {venv} is not a vLLM environment" in message
    assert engines_page.env_label.text() == message
    assert all(button.isEnabled() for button in engines_page.env_buttons.values())
    assert load_config().envs == {}


def test_use_an_existing_environment_saves_it_and_the_row_shows_it(extra_engine, qtbot,
                                                                   tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from app.ui.engines_page import EnginesPage
    from app.ui.tasks import TaskRunner

    venv = make_venv(tmp_path / "with-pip", pip=True)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(venv / "bin" / "python"), ""))
    tasks = TaskRunner()
    page = EnginesPage(tasks)
    qtbot.addWidget(page)
    try:
        with qtbot.waitSignal(page.listed, timeout=60_000):
            page.refresh()
        with qtbot.waitSignals([page.environment_set, page.listed], timeout=120_000):
            env_action(page, "testengine", "Choose its Python executable…").trigger()
        assert load_config().envs == {"testengine": str(venv)}
        assert page.env_label.text().startswith("Test Engine ")
        assert page.env_label.text().endswith(f" in {venv} is used from now on.")
        row = next(page.table.topLevelItem(i) for i in range(page.table.topLevelItemCount())
                   if page.table.topLevelItem(i).text(0) == "testengine")
        assert row.text(1) == "yes" and row.text(7) == str(venv)
        with qtbot.waitSignals([page.environment_cleared, page.listed], timeout=60_000):
            env_action(page, "testengine", "Forget this environment").trigger()
        assert load_config().envs == {}
    finally:
        tasks.shutdown()


def test_every_reason_is_shown_whole(qtbot):
    """The Why column wraps: each row is as tall as its reason needs (none cut off)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics

    from app.ui.engines_page import WHY_COLUMN

    window = open_window(qtbot)
    try:
        page = show_engines(qtbot, window)
        table = page.table
        metrics = QFontMetrics(table.font())
        width = table.columnWidth(WHY_COLUMN) - 8
        tall = 0
        for index in range(table.topLevelItemCount()):
            item = table.topLevelItem(index)
            needed = metrics.boundingRect(QRect(0, 0, width, 10_000),
                                          int(Qt.TextFlag.TextWordWrap),
                                          item.text(WHY_COLUMN)).height()
            assert table.visualItemRect(item).height() >= needed, item.text(WHY_COLUMN)
            tall += needed > metrics.height()
        assert tall, "no reason needed two lines: the test shows nothing at this width"
    finally:
        close_window(window)
