"""Kill -9 a process in the middle of writing messages, many times: nothing reported saved is lost."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

from app.paths import get_paths
from app.store import open_db

WRITER = """
import sys
from app.store import open_db
from app.store.conversations import ConversationStore
store = ConversationStore(open_db())
conv = store.create("crash test")
parent = None
for i in range(100000):
    msg = store.add_message(conv.id, "user" if i % 2 == 0 else "assistant",
                            "message %d " % i + "x" * 2000, parent_id=parent)
    parent = msg.id
    print(msg.id, flush=True)   # reported saved only after the commit returned
"""


def run_and_kill(delay_s: float) -> list[int]:
    child = subprocess.Popen([sys.executable, "-c", WRITER], stdout=subprocess.PIPE, text=True)
    time.sleep(delay_s)
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate()
    return [int(line) for line in out.split() if line.strip().isdigit()]


def test_kill_9_during_writes_loses_nothing_reported_saved():
    open_db().close()  # migrate first, so kills land in message writes
    rng = random.Random(7)
    reported: list[int] = []
    for _ in range(12):
        reported += run_and_kill(rng.uniform(0.3, 1.2))
    db = open_db()
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in db.execute("select id from messages")}
    assert reported, "the writer never got to write"
    assert set(reported) <= stored
    # every stored message's parent exists: no half-written tree
    orphans = db.execute("select count(*) from messages m where parent_id is not null and "
                         "not exists (select 1 from messages p where p.id = m.parent_id)").fetchone()[0]
    assert orphans == 0
    assert get_paths().database.exists()
