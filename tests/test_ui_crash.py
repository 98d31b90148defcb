"""Kill -9 the real window in the middle of a reply: what had streamed is kept, and the
reply is labelled as ended by Hearth's closing (not by the user)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.ui_helpers import close_window, open_window

REPO = Path(__file__).resolve().parent.parent

#: the real window, offscreen, sending one prompt that asks for a long reply
DRIVER = """
from PySide6.QtWidgets import QApplication
from app.services.desktop import Services
from app.services.settings import Settings
from app.ui.main_window import MainWindow

app = QApplication([])
services = Services.open(Settings(max_tokens=4000, temperature=0.8))
window = MainWindow(services)
sent = []

def send_once():
    if not sent:
        sent.append(True)
        window.send("Write a very long story about a lighthouse keeper, in many chapters.")

window.models_listed.connect(send_once)
window.show()
app.exec()
"""


def _streamed_text(database: Path) -> str:
    """The text saved so far of the reply that is streaming ('' before there is one)."""
    if not database.exists():
        return ""
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as db:
            row = db.execute("SELECT content FROM messages WHERE role = 'assistant' "
                             "AND status = 'streaming' ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.OperationalError:  # not migrated yet
        return ""
    return row[0] if row and row[0] else ""


def test_kill_9_mid_reply_keeps_the_text_labelled_hearth_was_closed(qtbot, smollm2_path,
                                                                  hearth_home):
    from app.paths import get_paths
    from app.services.desktop import Services
    from app.services.settings import Settings

    env = {**os.environ, "HEARTH_HOME": str(hearth_home), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", DRIVER], cwd=REPO, env=env)
    database = get_paths().database
    try:
        deadline = time.monotonic() + 240
        saved = ""
        while time.monotonic() < deadline and child.poll() is None:
            saved = _streamed_text(database)
            if len(saved) >= 20:
                break
            time.sleep(0.2)  # polling another process's file: there is no signal to wait on
        assert child.poll() is None, "the window exited before its reply streamed"
        assert len(saved) >= 20, "no streamed text was saved in time"
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)

    services = Services.open(Settings())
    try:
        assert services.chat.recover_interrupted() == 1
        conversation = services.chat.list()[0]
        reply = services.chat.thread(conversation.id)[-1]
    finally:
        services.close()
    assert reply.role == "assistant" and reply.content.startswith(saved)
    assert reply.status == "cancelled" and reply.end_reason == "closed"

    window = open_window(qtbot)  # the window shows it with what really happened
    with qtbot.waitSignal(window.thread_shown, timeout=30_000):
        window.open_conversation(conversation.id)
    shown = window.chat_page.view.views[-1]
    assert shown.text() == reply.content
    assert shown.status_label.text() == "Hearth was closed before this reply finished."
    close_window(window)
