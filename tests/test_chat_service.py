"""Chat service: send, stop, regenerate, edit — with the real starter model and a real database."""

from __future__ import annotations

import pytest

from app.engines.base import CancelToken, Done, Token
from app.services.chat import Saved
from app.store import open_db
from app.store.conversations import ConversationStore


@pytest.fixture
def service(services):
    return services.chat


def drain(events):
    tokens, done, saved = [], None, None
    for event in events:
        if isinstance(event, Token):
            tokens.append(event.text)
        elif isinstance(event, Done):
            done = event
        elif isinstance(event, Saved):
            saved = event.message
    return "".join(tokens), done, saved


def test_send_saves_both_messages_with_timings(service, db):
    conv = service.store.create()
    text, done, saved = drain(service.send(conv.id, "Hello there"))
    assert saved.status == "complete" and saved.content == text == done.text
    assert saved.engine == "llama.cpp" and saved.model == "smollm2-135m-instruct"
    assert saved.ttft_s is not None and saved.prompt_tokens > 0
    assert [m.role for m in service.store.thread(conv.id)] == ["user", "assistant"]
    assert service.store.get(conv.id).title == "Hello there"
    assert db.execute("select count(*) from reply_timings").fetchone()[0] == 1
    assert db.execute("select count(*) from load_timings").fetchone()[0] == 1


def test_stopped_reply_is_saved_as_cancelled(service):
    # a reply far longer than the time the stop takes to arrive, even on a busy machine
    conv = service.store.create(settings={"max_tokens": 400})
    cancel = CancelToken()
    saved = None
    for event in service.send(conv.id, "Write a very long story about a lighthouse keeper "
                              "and the sea, in many chapters.", cancel):
        if isinstance(event, Token):
            cancel.cancel()
        if isinstance(event, Saved):
            saved = event.message
    assert saved.status == "cancelled" and saved.content and saved.end_reason == "user"


def test_regenerate_and_edit_branch_without_losing_history(service, hearth_home):
    conv = service.store.create()
    _, _, first = drain(service.send(conv.id, "Pick a fruit."))
    _, _, second = drain(service.regenerate(first.id))
    assert second.parent_id == first.parent_id and second.id != first.id
    assert [m.id for m in service.store.siblings(second.id)] == [first.id, second.id]

    question = service.store.message(first.parent_id)
    _, _, answer = drain(service.edit(question.id, "Pick a vegetable."))
    thread = service.store.thread(conv.id)
    assert [m.content for m in thread][0] == "Pick a vegetable." and thread[-1].id == answer.id

    # a restart finds every branch where it was
    store = ConversationStore(open_db())
    assert store.count_messages(conv.id) == 5
    store.set_current_leaf(conv.id, first.id)
    assert [m.id for m in store.thread(conv.id)] == [question.id, first.id]


def test_conversation_settings_reach_the_engine(service):
    conv = service.store.create(settings={"system_prompt": "Answer in French.", "max_tokens": 3})
    _, done, _ = drain(service.send(conv.id, "Hello"))
    assert done.stats.completion_tokens <= 3
    assert "Answer in French." in service.scheduler.primary.engine.last_prompt
