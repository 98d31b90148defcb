"""``hearth chat`` and ``hearth chats`` journeys, run as a user would: real processes, the
real starter model, the real database file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from tests.test_cli import hearth

COUNTING = "Count from one to five hundred in words, one number per line."
#: at temperature 0 the starter model answers this at length (2,000 characters in 400 tokens),
#: so a Ctrl-C after the first 20 characters always lands mid-reply; sampled replies to
#: COUNTING sometimes end after one line ("Five hundred, in words.") before the signal arrives
LONG = "List one hundred animals, one per line."


def test_one_shot_chat_prints_its_conversation_and_chats_lists_it(smollm2_path):
    done = hearth("chat", "--max-tokens", "6", "Say hi.")
    assert done.returncode == 0, done.stderr
    assert "Conversation 1." in done.stderr
    listed = hearth("chats", "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split()[0] == "1" and "Say hi." in listed.stdout
    shown = json.loads(hearth("chats", "show", "1", "--json").stdout)
    assert [m["role"] for m in shown["messages"]] == ["user", "assistant"]


def test_a_chat_that_cannot_start_leaves_no_empty_conversation(tmp_path, smollm2_path):
    bad = tmp_path / "x.gguf"
    bad.write_text("<html></html>" + " " * 50)
    failed = hearth("chat", "--model", str(bad), "hi")
    assert failed.returncode != 0 and "Traceback" not in failed.stderr
    assert hearth("chats", "list", "--json").stdout.strip() == "[]"
    assert "No conversations." in hearth("chats", "list").stdout


def test_a_length_limited_reply_says_so(smollm2_path):
    done = hearth("chat", "--max-tokens", "3", "--temperature", "0", COUNTING)
    assert done.returncode == 0, done.stderr
    assert "length limit reached" in done.stderr
    reply = json.loads(hearth("chats", "show", "1", "--json").stdout)["messages"][-1]
    assert reply["end_reason"] == "length" and "\ufffd" not in reply["content"]
    assert "[length limit reached]" in hearth("chats", "show", "1").stdout


def test_ctrl_c_keeps_the_partial_reply_and_exits_130(smollm2_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "chat", "--max-tokens", "3000", "--temperature", "0", LONG],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ}, bufsize=0)
    try:
        # some of the reply has streamed (unbuffered: communicate() reads the pipe itself)
        shown = b""
        while len(shown) < 20:
            chunk = os.read(process.stdout.fileno(), 64)
            assert chunk, process.stderr.read().decode()
            shown += chunk
        process.send_signal(signal.SIGINT)
        rest, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err.decode()
    printed = (shown + rest).decode().strip()
    assert printed and "(stopped)" in err.decode()
    reply = json.loads(hearth("chats", "show", "1", "--json").stdout)["messages"][-1]
    assert reply["status"] == "cancelled" and reply["end_reason"] == "user"
    assert reply["content"].strip() == printed, (reply["content"], printed)


def test_chats_show_of_a_missing_conversation_says_what_to_do(hearth_home):
    done = hearth("chats", "show", "42")
    assert done.returncode != 0 and "hearth chats list" in done.stderr


def test_chat_consults_a_collection_and_the_next_chat_keeps_it(tmp_path, smollm2_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "zorblat.md").write_text(
        "# Zorblat festival\n\nThe Zorblat festival in Quenmoor is held every year on the "
        "ninth of Brindle, when the villagers paint their boats teal.\n", encoding="utf-8")
    added = hearth("kb", "add", str(docs), "-c", "notes")
    assert added.returncode == 0, added.stderr
    asked = hearth("chat", "--kb", "notes", "--max-tokens", "8",
                   "When is the Zorblat festival held?")
    assert asked.returncode == 0, asked.stderr
    assert "Consults: notes." in asked.stderr
    reply = json.loads(hearth("chats", "show", "1", "--json").stdout)
    assert reply["collections"] == ["notes"]
    assert reply["messages"][-1]["citations"][0]["path"].endswith("zorblat.md")
    # a new conversation starts with the last one's collections (Settings: new_chat_knowledge)
    again = hearth("chat", "--max-tokens", "4", "And where?")
    assert "Conversation 2. Consults: notes." in again.stderr
    unknown = hearth("chat", "--kb", "nope", "hi")
    assert unknown.returncode != 0 and "no collection called 'nope'" in unknown.stderr
    assert len(json.loads(hearth("chats", "list", "--json").stdout)) == 2


def test_a_greedy_reply_reports_its_accepted_drafts(smollm2_path):
    done = hearth("chat", "--temperature", "0", "--max-tokens", "40",
                  "Repeat exactly: the quick brown fox jumps over the lazy dog, the quick "
                  "brown fox jumps over the lazy dog.")
    assert done.returncode == 0, done.stderr
    assert "drafted tokens accepted" in done.stderr
