"""`hearth kb watch / unwatch / ls / collections delete`: in-process and as a real process."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from click.testing import CliRunner

from app.commands.kb import kb

REPO = Path(__file__).resolve().parent.parent


def test_watch_no_follow_ls_unwatch_and_errors(tmp_path):
    folder = tmp_path / "recipes"
    folder.mkdir()
    (folder / "soup.md").write_text("Leek soup needs butter.", encoding="utf-8")
    runner = CliRunner()
    watched = runner.invoke(kb, ["watch", str(folder), "-c", "food", "--no-follow"])
    assert watched.exit_code == 0, watched.output
    assert f"Collection 'food' watches {folder}" in watched.output
    assert "1 to index" in watched.output and "Indexed 1 of 1" in watched.output
    listed = runner.invoke(kb, ["ls"])
    assert f"food: 1 documents, 1 chunks\n  watching {folder}" in listed.output
    assert json.loads(runner.invoke(kb, ["ls", "--json"]).output)[0]["watched"] == [str(folder)]
    assert f"watching {folder}" in runner.invoke(kb, ["ls", "-c", "food"]).output

    not_folder = runner.invoke(kb, ["watch", str(folder / "soup.md"), "-c", "other"])
    assert not_folder.exit_code != 0 and "is a file" in not_folder.output
    assert "other" not in runner.invoke(kb, ["ls"]).output  # nothing created on an error
    unknown = runner.invoke(kb, ["unwatch", str(tmp_path)])
    assert unknown.exit_code != 0 and f"watched: {folder}" in unknown.output

    stopped = runner.invoke(kb, ["unwatch", str(folder)])
    assert stopped.exit_code == 0 and "its documents stay" in stopped.output
    assert "watching" not in runner.invoke(kb, ["ls"]).output
    assert "1 documents" in runner.invoke(kb, ["ls"]).output
    idle = runner.invoke(kb, ["watch"])
    assert idle.exit_code != 0 and "No folder is watched yet" in idle.output


def test_collections_delete_names_the_detached_conversations(tmp_path):
    from app.kb import collections as colls
    from app.store import open_db

    db = open_db()
    cid = colls.get_or_create(db, "trips")
    now = time.time()
    conv = db.execute("INSERT INTO conversations (title, created_at, updated_at) "
                      "VALUES ('t', ?, ?)", [now, now]).lastrowid
    db.conn.commit()
    colls.set_conversation_collections(db, conv, [cid])
    db.close()
    deleted = CliRunner().invoke(kb, ["collections", "delete", "trips"])
    assert deleted.exit_code == 0
    assert f"1 conversation(s) no longer search it: {conv}." in deleted.output


def _lines(stream) -> queue.Queue:
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue, text: str, seen: list[str], timeout: float = 120.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            break
        seen.append(line)
        if text in line:
            return line
    raise AssertionError(f"no line with {text!r}; got {seen}")


def test_watch_follows_changes_in_a_real_process_until_interrupted(tmp_path, hearth_home):
    folder = tmp_path / "journal"
    folder.mkdir()
    (folder / "monday.md").write_text("Monday: repaired the fence.", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "HEARTH_HOME": str(hearth_home)}
    proc = subprocess.Popen([sys.executable, "-m", "app", "kb", "watch", str(folder),
                             "-c", "journal"], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen: list[str] = []
    try:
        lines = _lines(proc.stdout)
        _wait_for(lines, "Scanned", seen)
        assert f"Scanned {folder} (journal): 1 indexed, 0 removed." in seen
        (folder / "tuesday.md").write_text("Tuesday: painted the gate.", encoding="utf-8")
        assert "re-indexed tuesday.md" in _wait_for(lines, "re-indexed", seen)
        (folder / "monday.md").unlink()
        assert "removed monday.md" in _wait_for(lines, "removed monday", seen)
        proc.send_signal(signal.SIGINT)
        _wait_for(lines, "Stopped watching.", seen)
        assert proc.wait(60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    found = CliRunner().invoke(kb, ["search", "gate", "--json"])
    assert [Path(h["path"]).name for h in json.loads(found.output)] == ["tuesday.md"]
    assert json.loads(CliRunner().invoke(kb, ["search", "fence", "--json"]).output) == []


def test_watch_exits_with_an_error_when_the_watcher_dies(tmp_path, monkeypatch):
    """A watcher that stops on an error ends `hearth kb watch` with a message, not a hang."""
    from app.kb.watch import FolderWatcher

    folder = tmp_path / "notes"
    folder.mkdir()
    runner = CliRunner()
    assert runner.invoke(kb, ["watch", str(folder), "--no-follow"]).exit_code == 0

    def broken(self, db):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(FolderWatcher, "_loop", broken)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        result = runner.invoke(kb, ["watch"])
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert result.exit_code == 1
    assert "Watching stopped: the disk went away" in result.output
    assert "watcher stopped on an error" in result.output
