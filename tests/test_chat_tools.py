"""Tool calls in conversations: the store keeps them (migration 006), the chat service
runs the tool loop with approval (real SmolLM2 in-process, a real MCP server over stdio)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from app.engines.base import CancelToken, Message, ToolCallPart, ToolResultPart
from app.services.chat import (
    DENIED,
    NOT_RUN,
    ReplyStarted,
    Saved,
    ToolServerProblem,
)
from app.services.desktop import Services
from app.services.tools import ToolCallFinished, ToolCallProposed
from app.settings import Settings
from app.store import open_db
from app.store.conversations import ConversationStore
from app.store.db import connect
from app.store.migrations import MIGRATION_SETS, core


def _database_before_tool_messages(path):
    """A database as Hearth wrote it before migration 006, with a conversation in it."""
    db = connect(path)
    core.apply(db, stop_before="006_tool_messages")
    for migrations in MIGRATION_SETS[1:]:
        migrations.apply(db)
    def insert(**row):
        row.setdefault("created_at", 1.0)
        cursor = db.execute(f"INSERT INTO messages ({', '.join(row)}) "
                            f"VALUES ({', '.join('?' for _ in row)})", list(row.values()))
        return cursor.lastrowid

    conv_id = db.execute("INSERT INTO conversations (title, model, created_at, updated_at) "
                         "VALUES ('old chat', 'm', 1.0, 1.0)").lastrowid
    user = insert(conversation_id=conv_id, role="user", content="hello")
    reply = insert(conversation_id=conv_id, parent_id=user, role="assistant",
                   content="hi there", citations='[{"path": "a.txt"}]', end_reason="stop",
                   ttft_s=0.5, completion_tokens=3)
    other = insert(conversation_id=conv_id, parent_id=user, role="assistant",
                   content="another", status="cancelled", end_reason="user")
    db.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?", [reply, conv_id])
    db.execute("INSERT INTO reply_timings (model, engine, message_id, created_at) "
               "VALUES ('m', 'llama.cpp', ?, 1.0)", [reply])
    db.conn.commit()
    rows = db.execute("SELECT * FROM messages ORDER BY id").fetchall()
    db.close()
    return conv_id, (user, reply, other), rows


def test_migration_keeps_every_message_and_allows_tool_messages(hearth_home):
    path = hearth_home / "old.db"
    path.parent.mkdir(parents=True)
    conv_id, (user_id, reply_id, other_id), before = _database_before_tool_messages(path)

    db = open_db(path)
    after = db.execute(f"SELECT {', '.join(c.name for c in db['messages'].columns if c.name != 'parts')}"
                       " FROM messages ORDER BY id").fetchall()
    assert after == before  # ids, parents, text, citations, end_reason: all kept
    assert db.execute("SELECT message_id FROM reply_timings").fetchone()[0] == reply_id
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert {r[1] for r in db.execute("PRAGMA index_list(messages)").fetchall()} >= {
        "messages_conversation", "messages_parent"}

    store = ConversationStore(db)
    parts = json.dumps([{"type": "tool_result", "call_id": "call_1", "server": "w",
                         "tool": "add", "ok": True}])
    tool = store.add_message(conv_id, "tool", "5", parent_id=reply_id, parts=parts)
    assert store.message(tool.id).part_list()[0]["tool"] == "add"
    assert [m.id for m in store.thread(conv_id)] == [user_id, reply_id, tool.id]
    with pytest.raises(db.conn.IntegrityError, match="CHECK constraint"):
        db.execute("INSERT INTO messages (conversation_id, role, content, created_at) "
                   "VALUES (?, 'robot', '', 0)", [conv_id])
    # foreign keys still act: deleting the user's message takes its replies with it
    store.delete_message(user_id)
    assert store.count_messages(conv_id) == 0
    assert db.execute("SELECT message_id FROM reply_timings").fetchone()[0] is None
    assert other_id not in [m.id for m in store.thread(conv_id)]
    db.close()


# the tool loop, with the real starter model -------------------------------------------------

WEATHER = Path(__file__).parent / "mcp_servers" / "weather.py"
ASK = "What is the weather in Paris?"


def weather(*mode: str, **env: str) -> dict:
    return {"command": sys.executable, "args": [str(WEATHER), *mode], "env": env}


@pytest.fixture(scope="module")
def hearth(tmp_path_factory, smollm2_path):
    """Services on SmolLM2 with two enabled MCP servers: ``weather`` (records its calls)
    and ``stuck`` (never answers get_weather); one model load for the module."""
    home = tmp_path_factory.mktemp("tools-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HEARTH_HOME", str(home))
        services = Services.open(Settings(max_tokens=32, n_ctx=2048))
    record = home / "calls.txt"
    services.mcp.add("weather", weather(WEATHER_RECORD=str(record)))
    services.mcp.add("stuck", weather("hang-call"))
    services.mcp.add("broken", weather("exit"))
    for name in ("weather", "stuck", "broken"):
        services.mcp.set_enabled(name, True, timeout_s=120)
    services.chat.tool_timeout_s = 3
    yield services, record
    services.close()


def conversation(services, *servers, **settings):
    return services.chat.create(settings={
        "mcp_servers": list(servers), "tool_choice": "required", "temperature": 0,
        "max_tokens": 32, **settings})


def run(events, *answers, cancel=None):
    """Drain a reply, answering each proposed call in turn (then "deny")."""
    answers_left = list(answers)
    seen = []
    for event in events:
        seen.append(event)
        if isinstance(event, ToolCallProposed):
            if cancel is not None:
                cancel.cancel()
                continue
            event.decide(answers_left.pop(0) if answers_left else "deny")
    return seen


def of(kind, events):
    return [e for e in events if isinstance(e, kind)]


def calls_made(record: Path) -> list[str]:
    return record.read_text().splitlines() if record.exists() else []


def test_an_approved_call_runs_and_the_reply_continues_with_its_result(hearth):
    services, record = hearth
    before = len(calls_made(record))
    conv = conversation(services, "weather")
    events = run(services.chat.send(conv.id, ASK), "once")

    proposed = of(ToolCallProposed, events)[0]
    assert (proposed.server, proposed.call.name) == ("weather", "get_weather")
    city = json.loads(proposed.call.arguments)["city"]
    assert calls_made(record)[before:][:1] == [f'get_weather\t{json.dumps({"city": city})}']

    thread = services.chat.thread(conv.id)
    user, asked, result, answer = thread[:4]
    assert [m.role for m in thread[:4]] == ["user", "assistant", "tool", "assistant"]
    assert asked.part_list()[0] | {"id": None} == {
        "type": "tool_call", "id": None, "name": "get_weather",
        "arguments": proposed.call.arguments, "server": "weather", "tool": "get_weather"}
    assert result.parent_id == asked.id and result.content == f"It is sunny and 21 degrees in {city}."
    assert result.part_list() == [{"type": "tool_result", "call_id": proposed.call.id,
                                   "server": "weather", "tool": "get_weather", "ok": True,
                                   "approval": "once"}]
    assert answer.parent_id == result.id and answer.status == "complete"
    finished = of(ToolCallFinished, events)[0]
    assert (finished.message_id, finished.ok, finished.approval) == (result.id, True, "once")
    assert [e.reply_id for e in of(ReplyStarted, events)][:2] == [asked.id, answer.id]
    assert services.chat.get(conv.id).current_leaf_id == thread[-1].id

    # the next request carries the call and its result as tool parts
    messages = services.chat.engine_messages(conv.id, answer.parent_id)
    assert messages[-2].role == "assistant"
    assert messages[-2].parts == (ToolCallPart(proposed.call.id, "get_weather",
                                               proposed.call.arguments),)
    assert messages[-1] == Message("tool", result.content, parts=(
        ToolResultPart(proposed.call.id, result.content),))


def test_a_denied_call_does_not_run_and_the_model_is_told(hearth):
    services, record = hearth
    before = calls_made(record)
    conv = conversation(services, "weather")
    events = run(services.chat.send(conv.id, ASK), "deny")
    assert of(ToolCallProposed, events)
    assert calls_made(record) == before
    thread = services.chat.thread(conv.id)
    assert [m.role for m in thread[:4]] == ["user", "assistant", "tool", "assistant"]
    assert thread[2].content == DENIED and thread[2].part_list()[0]["ok"] is False
    assert thread[3].parent_id == thread[2].id and thread[3].status == "complete"
    assert of(ToolCallFinished, events)[0].approval == "deny"


def test_always_runs_later_calls_of_that_tool_without_asking(hearth):
    services, record = hearth
    conv = conversation(services, "weather")
    run(services.chat.send(conv.id, ASK), "always")
    assert services.chat.get(conv.id).settings["tool_approvals"] == ["weather/get_weather"]
    before = len(calls_made(record))
    events = run(services.chat.send(conv.id, "And the weather in Rome?"))
    assert not [e for e in of(ToolCallProposed, events) if e.call.name == "get_weather"]
    finished = [e for e in of(ToolCallFinished, events) if e.call.name == "get_weather"]
    assert finished and finished[0].approval == "always" and finished[0].ok
    assert calls_made(record)[before].startswith("get_weather\t")


def test_a_hung_server_gives_a_clear_result_and_the_reply_goes_on(hearth):
    services, _ = hearth
    conv = conversation(services, "stuck")
    events = run(services.chat.send(conv.id, ASK), "once")
    thread = services.chat.thread(conv.id)
    assert [m.role for m in thread[:4]] == ["user", "assistant", "tool", "assistant"]
    assert thread[2].content == ("The tool get_weather of MCP server stuck did not answer "
                                 "within 3 seconds; the call was abandoned.")
    assert thread[2].part_list()[0]["ok"] is False
    assert thread[3].parent_id == thread[2].id and thread[3].status == "complete"
    assert of(ToolCallFinished, events)[0].ok is False


@pytest.mark.parametrize("how", ["stop", "abandon"])
def test_stopping_while_a_call_waits_for_approval_leaves_a_consistent_tree(hearth, how):
    """Stop pressed (the cancel token) or the front gone (the event stream closed) while
    a call waits for the user: the call never runs and still gets its result."""
    services, record = hearth
    before = calls_made(record)
    conv = conversation(services, "weather")
    cancel = CancelToken()
    stream = services.chat.send(conv.id, ASK, cancel)
    events = []
    for event in stream:
        events.append(event)
        if isinstance(event, ToolCallProposed):
            if how == "stop":
                cancel.cancel()
            else:
                stream.close()
                break
    assert of(ToolCallProposed, events) and calls_made(record) == before
    thread = services.chat.thread(conv.id)
    assert [m.role for m in thread] == ["user", "assistant", "tool"]
    assert thread[2].content == NOT_RUN and thread[2].parent_id == thread[1].id
    assert services.chat.get(conv.id).current_leaf_id == thread[2].id
    assert len(of(ReplyStarted, events)) == 1


def test_a_server_that_cannot_start_is_reported_and_the_chat_goes_on(hearth):
    services, _ = hearth
    conv = conversation(services, "broken", "missing", max_tokens=4)
    events = run(services.chat.send(conv.id, "Hi"))
    problems = {e.server: e.message for e in of(ToolServerProblem, events)}
    assert problems == {
        "broken": "The MCP server broken exited before it was ready. Its last message: "
                  "weather: cannot start (no API key configured)",
        "missing": "The MCP server missing is not configured any more."}
    assert not of(ToolCallProposed, events)
    assert of(Saved, events)[-1].message.status == "complete"
