"""The window's chat journeys on the real SmolLM2 model and a real SQLite file: a reply
goes on while the user switches conversations, Esc stops a reply during a long prompt,
the chat header's Knowledge selector makes replies cite a document, and every reply is
labelled by what really ended it. Every wait is on a signal."""

from __future__ import annotations

import json

from tests.ui_helpers import close_window, open_window, send_and_wait

STORY = "Write a very long story about a lighthouse keeper and the sea, in many chapters."
FACT = ("# Zorblat festival\n\nThe Zorblat festival in the town of Quenmoor is held every "
        "year on the ninth of Brindle, when the villagers paint their boats teal.\n")


def _views(window):
    return window.chat_page.view.views


def _first_token_of(window, qtbot, conversation_id=None, timeout=120_000):
    """Wait for a Token of the reply in ``conversation_id`` (any when None)."""
    def is_token(conversation, event):
        return type(event).__name__ == "Token" and conversation_id in (None, conversation)

    return qtbot.waitSignal(window.reply_event, timeout=timeout, check_params_cb=is_token)


def test_a_reply_goes_on_while_the_user_switches_and_sends_elsewhere(qtbot, smollm2_path):
    window = open_window(qtbot, max_tokens=300, temperature=0.8)
    events: list[tuple[int, object]] = []
    window.reply_event.connect(lambda conversation, event: events.append((conversation, event)))
    with _first_token_of(window, qtbot):
        window.send(STORY)
    first = window.conversation.id
    assert first in window.replies

    window.new_conversation()  # never waits for the reply above
    assert window.chat_page.send_button.isVisibleTo(window)
    with qtbot.waitSignal(window.conversations_listed, timeout=30_000):
        window.send("Name three colours.")
    qtbot.waitUntil(lambda: window.conversation is not None, timeout=30_000)
    second = window.conversation.id
    assert second != first

    seen_live = []
    with qtbot.waitSignal(window.replies_idle, timeout=300_000):
        if first in window.replies:  # back to the first while it (probably) still streams
            with qtbot.waitSignal(window.thread_shown, timeout=30_000):
                window.open_conversation(first)
            live = window.replies.get(first)
            if live is not None:
                assert live.view is _views(window)[-1]
                assert _views(window)[-1].text() == live.text
                assert window.chat_page.stop_button.isVisibleTo(window)
                seen_live.append(len(live.text))
    print("came back to the first reply while it streamed, at character", seen_live)
    chat = window.services.chat
    for conversation in (first, second):
        user, reply = chat.thread(conversation)
        assert reply.status == "complete" and reply.end_reason in ("stop", "length")
        assert reply.content.strip()
        tokens = "".join(e.text for c, e in events
                         if c == conversation and type(e).__name__ == "Token")
        assert reply.content == tokens
    # the second reply waited for the first on the one model, and said so
    queued = [e for c, e in events if c == second and type(e).__name__ == "Queued"]
    assert queued and queued[0].ahead >= 1
    qtbot.waitUntil(lambda: bool(_views(window)) and _views(window)[-1].item is not None,
                    timeout=30_000)
    assert window.conversation.id == first
    assert _views(window)[-1].text() == chat.thread(first)[-1].content
    close_window(window)


def test_esc_during_a_long_prompt_stops_the_reply(qtbot, smollm2_path):
    """Esc while the model reads an ~800-token pasted text: the reply ends stopped by
    the user, before any word of it."""
    from PySide6.QtCore import QObject, Signal

    window = open_window(qtbot, max_tokens=200)
    with qtbot.waitSignal(window.model_loaded, timeout=120_000):
        window.preload()
    llm = window.services.scheduler.primary.engine._llm
    real_eval, batches = llm.eval, []

    class Bridge(QObject):
        second_batch = Signal()

    bridge = Bridge()
    bridge.second_batch.connect(window.escape)  # queued onto the GUI thread: a real Esc

    def counting_eval(tokens):
        batches.append(len(tokens))
        if len(batches) == 2:
            bridge.second_batch.emit()
        return real_eval(tokens)

    llm.eval = counting_eval
    try:
        pasted = "The quick brown fox jumps over the lazy dog. " * 80  # ~800 tokens
        send_and_wait(qtbot, window, "Summarise this text:\n" + pasted)
    finally:
        llm.eval = real_eval
    reply = _views(window)[-1]
    stored = window.services.chat.thread(window.conversation.id)[-1]
    assert stored.status == "cancelled" and stored.end_reason == "user"
    assert len(batches) >= 2 and (stored.completion_tokens or 0) == 0
    assert reply.status_label.text() == "Stopped by you."
    assert window.cancel is None and window.chat_page.send_button.isVisibleTo(window)
    close_window(window)


def _notes_collection(db, folder) -> None:
    from app.kb import collections as colls
    from app.kb.ingest import add_paths, ingest

    folder.mkdir()
    (folder / "zorblat.md").write_text(FACT, encoding="utf-8")
    cid = colls.get_or_create(db, "notes")
    add_paths(db, cid, [folder])
    for _ in ingest(db, None):  # the real full-text index (no embedding model needed)
        pass


def test_the_knowledge_selector_makes_replies_cite_the_document(qtbot, smollm2_path, tmp_path):
    window = open_window(qtbot, max_tokens=24, new_chat_knowledge="last")
    _notes_collection(window.services.store_db, tmp_path / "docs")
    send_and_wait(qtbot, window, "Hello.")
    conversation = window.conversation.id
    button = window.chat_page.knowledge
    with qtbot.waitSignal(window.knowledge_shown, timeout=30_000):
        window.refresh_knowledge()
    assert button.full_text == "Knowledge: No documents" and button.isVisibleTo(window)
    assert "new chat starts with the last chat's" in button.toolTip()
    button.actions_by_name()["notes"].trigger()  # the checkable menu entry
    # (an earlier refresh may answer first: wait for the header to show the choice)
    qtbot.waitUntil(lambda: button.full_text == "Knowledge: notes", timeout=30_000)
    assert window.services.chat.collections(conversation) == ["notes"]

    send_and_wait(qtbot, window, "When is the Zorblat festival held?")
    reply = _views(window)[-1]
    assert [b.text() for b in reply.citation_buttons] == ["zorblat.md"]
    assert reply.sources_label is not None and reply.sources_label.text() == "Sources:"
    cited = json.loads(window.services.chat.thread(conversation)[-1].citations)
    assert cited[0]["path"].endswith("zorblat.md")

    # a new chat starts with the last conversation's collections, and says so
    with qtbot.waitSignal(window.knowledge_shown, timeout=30_000):
        window.new_conversation()
    assert button.full_text == "Knowledge: notes"
    send_and_wait(qtbot, window, "When is the Zorblat festival held?")
    assert window.services.chat.collections(window.conversation.id) == ["notes"]
    assert [b.text() for b in _views(window)[-1].citation_buttons] == ["zorblat.md"]
    close_window(window)


def test_a_new_chat_can_start_without_documents(qtbot, smollm2_path, tmp_path):
    window = open_window(qtbot, new_chat_knowledge="none")
    db = window.services.store_db
    _notes_collection(db, tmp_path / "docs")
    older = window.services.chat.create(collections=["notes"])
    window.services.store.add_message(older.id, "user", "hi")
    with qtbot.waitSignal(window.knowledge_shown, timeout=30_000):
        window.new_conversation()
    button = window.chat_page.knowledge
    assert button.full_text == "Knowledge: No documents"
    assert "new chat starts with none" in button.toolTip()
    button.actions_by_name()["notes"].trigger()  # chosen before the first message
    qtbot.waitUntil(lambda: button.full_text == "Knowledge: notes", timeout=30_000)
    send_and_wait(qtbot, window, "When is the Zorblat festival held?")
    assert window.services.chat.collections(window.conversation.id) == ["notes"]
    close_window(window)


def test_replies_are_labelled_by_what_ended_them(qtbot, smollm2_path):
    from app.services.conversations import StoredMessage
    from app.services.threads import ThreadItem
    from app.ui.message_view import MessageView

    labels = {
        ("complete", "stop", None): "",
        ("cancelled", "user", None): "Stopped by you.",
        ("complete", "length", None): "Length limit reached — raise the maximum reply length "
                                      "in the conversation's settings for longer replies.",
        ("cancelled", "closed", "Hearth closed before this reply finished."):
            "Hearth was closed before this reply finished.",
        ("error", "error", "The engine stopped."): "Engine error: The engine stopped.",
        ("cancelled", None, None): "Stopped before the end.",  # saved before end reasons
    }
    for (status, reason, error), label in labels.items():
        message = StoredMessage(1, 1, None, "assistant", "Some text", status=status,
                                error=error, end_reason=reason)
        view = MessageView("assistant", ThreadItem(message, 0, 1, (1,)))
        qtbot.addWidget(view)
        assert view.status_label.text() == label
        assert view.status_label.isVisibleTo(view) == bool(label)
        assert view.text() == "Some text"

    # and for real: a reply cut by the length limit says so
    window = open_window(qtbot, max_tokens=3)
    send_and_wait(qtbot, window, "Write a long story about a dragon.")
    reply = _views(window)[-1]
    assert reply.item.message.end_reason == "length"
    assert reply.status_label.text().startswith("Length limit reached")
    close_window(window)


def test_closing_the_window_stops_replies_and_keeps_what_streamed(qtbot, smollm2_path):
    window = open_window(qtbot, max_tokens=2000, temperature=0.8)
    tokens: dict[int, list[str]] = {}
    window.reply_event.connect(lambda conversation, event: tokens.setdefault(
        conversation, []).append(event.text) if type(event).__name__ == "Token" else None)
    with _first_token_of(window, qtbot):
        window.send(STORY)
    first = window.conversation.id
    window.new_conversation()
    with qtbot.waitSignal(window.conversations_listed, timeout=30_000):
        window.send("Write another very long story, about a baker.")
    qtbot.waitUntil(lambda: len(window.replies) == 2, timeout=30_000)
    chat = window.services.chat
    close_window(window)  # both replies are stopped, saved, and labelled

    from app.services.desktop import Services
    from app.services.settings import Settings

    services = Services.open(Settings())
    try:
        replies = {c.id: services.chat.thread(c.id)[-1] for c in services.chat.list()}
    finally:
        services.close()
    assert first in replies and len(replies) == 2
    for conversation, reply in replies.items():
        assert reply.status == "cancelled" and reply.end_reason == "closed", conversation
        assert reply.content.startswith("".join(tokens.get(conversation, [])))
    assert replies[first].content  # the second may still have been waiting for its turn
    assert chat.settings is not None
