"""Conversations: the use cases of a chat, on top of the stateless completion service.

A reply is stored as it streams. Every path (send, regenerate, edit) writes the user's
message first, then an assistant message marked 'streaming' whose text is saved at
least every :data:`SAVE_EVERY_S` seconds while it streams, so a killed Hearth keeps what
was shown. The reply ends 'complete' or 'cancelled' (with the text so far) or 'error',
and ``end_reason`` says what really ended it: the model ('stop'), the length limit
('length'), the user ('user'), Hearth closing ('closed') or the engine ('error'). A
crash leaves 'streaming' rows, which :meth:`ConversationStore.recover_interrupted` marks
as ended by Hearth's closing at the next start.

Replies may stream at the same time (two conversations, the window and the API): each
streams on its caller's thread with a database connection of its own, and the
scheduler gives them their turns on the model.
"""

from __future__ import annotations

import builtins
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app.engines.base import (
    CancelToken,
    CompletionRequest,
    Done,
    Error,
    Event,
    Message,
    Sampling,
    Token,
)
from app.services.completion import Citations, CompletionService, Started
from app.services.knowledge import attach_collections, attached_collections
from app.services.mcp import McpService
from app.services.runtime import Runtime
from app.services.scheduler import Scheduler
from app.services.threads import ThreadItem, switch_branch, thread_items
from app.settings import Settings
from app.store.conversations import Conversation, ConversationStore, StoredMessage
from app.store.db import connect
from app.store.timings import record_reply

#: how often a streaming reply's text is written to the database
SAVE_EVERY_S = 0.5

Notify = Callable[[Any], None]


@dataclass(frozen=True)
class Saved:
    """Emitted after the stream: the assistant message as stored."""

    message: StoredMessage


@dataclass(frozen=True)
class ReplyStarted:
    """Emitted once the user's message and the reply's row are stored."""

    conversation_id: int
    user_message_id: int | None
    reply_id: int


ReplyEvent = Event | Saved | Citations | Started | ReplyStarted


def database_file(db: Database) -> Path:
    """The file behind a connection (replies open their own connection to it)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2])


def end_reason_of(outcome: Done | Error | None, cancel: CancelToken) -> str:
    """What ended the reply, for the store (see ``END_REASONS``)."""
    if isinstance(outcome, Error):
        return "error"
    if isinstance(outcome, Done):
        reason = outcome.stats.finish_reason
        if reason == "cancelled":
            return cancel.reason
        return "length" if reason == "length" else "stop"
    return cancel.reason if cancel.cancelled else "closed"


class ChatService:
    """Send, regenerate, edit, cancel; list, rename, delete, branch — one door for all."""

    def __init__(self, completion: CompletionService, db: Database, settings: Settings,
                 mcp: McpService | None = None) -> None:
        self.completion = completion
        #: where tool calls go (the conversation's ``mcp_servers``); None: no tools
        self.mcp = mcp
        self.settings = settings
        self.db = db
        self.store = ConversationStore(db)
        self._path = database_file(db)

    @classmethod
    def on_runtime(cls, runtime: Runtime) -> ChatService:
        """A chat service whose replies all run on ``runtime`` (one model at a time)."""
        scheduler = Scheduler(runtime.db, runtime.settings, fixed=runtime)
        return cls(CompletionService(scheduler, runtime.db), runtime.db, runtime.settings)

    @property
    def scheduler(self) -> Scheduler:
        return self.completion.scheduler

    # conversations (on the caller's connection) --------------------------------------

    def create(self, model: str | None = None, settings: dict[str, Any] | None = None,
               collections: builtins.list[str] | None = None, title: str = "") -> Conversation:
        """A new, empty conversation; ``collections`` None: the user's setting decides
        (the last conversation's collections, or none)."""
        if collections is None:
            collections = self.default_collections()
        conv = self.store.create(title=title, model=model, settings=settings)
        if collections:
            try:
                attach_collections(self.db, conv.id, collections)
            except Exception:
                self.store.delete(conv.id)  # an unknown collection: no conversation made
                raise
        return conv

    def default_collections(self) -> builtins.list[str]:
        """What a new conversation consults: the most recent conversation's collections
        when the setting says 'last' (documents stay in use from one chat to the next,
        and the header shows them), else none."""
        if self.settings.new_chat_knowledge != "last":
            return []
        recent = self.store.list(limit=1)
        return attached_collections(self.db, recent[0].id) if recent else []

    def list(self, limit: int = 500) -> builtins.list[Conversation]:
        return self.store.list(limit)

    def search(self, text: str, limit: int = 100) -> builtins.list[Conversation]:
        return self.store.search(text, limit)

    def get(self, conversation_id: int) -> Conversation:
        return self.store.get(conversation_id)

    def rename(self, conversation_id: int, title: str) -> None:
        self.store.rename(conversation_id, title)

    def delete(self, conversation_id: int) -> None:
        self.store.delete(conversation_id)

    def discard_if_empty(self, conversation_id: int) -> bool:
        """Delete a conversation that never got a message (a chat that failed to start)."""
        return self.store.delete_if_empty(conversation_id)

    def thread(self, conversation_id: int) -> builtins.list[StoredMessage]:
        return self.store.thread(conversation_id)

    def items(self, conversation_id: int) -> builtins.list[ThreadItem]:
        """The visible thread with each message's branch position."""
        return thread_items(self.store, conversation_id)

    def switch_branch(self, message_id: int, step: int) -> int:
        return switch_branch(self.store, message_id, step)

    def delete_message(self, message_id: int) -> None:
        self.store.delete_message(message_id)

    def set_model(self, conversation_id: int, model: str | None) -> None:
        self.store.set_model(conversation_id, model)

    def set_settings(self, conversation_id: int, settings: dict[str, Any]) -> None:
        self.store.set_settings(conversation_id, settings)

    def collections(self, conversation_id: int) -> builtins.list[str]:
        """The knowledge collections the conversation consults."""
        return attached_collections(self.db, conversation_id)

    def attach(self, conversation_id: int, names: builtins.list[str]) -> None:
        """Have the conversation consult exactly ``names``."""
        attach_collections(self.db, conversation_id, names)

    def recover_interrupted(self) -> int:
        return self.store.recover_interrupted()

    # the request a conversation makes -------------------------------------------------

    def sampling_for(self, conversation: Conversation) -> Sampling:
        """The conversation's overrides over the user's defaults."""
        o, s = conversation.settings, self.settings
        return Sampling(temperature=float(o.get("temperature", s.temperature)),
                        top_p=float(o.get("top_p", s.top_p)),
                        max_tokens=int(o.get("max_tokens", s.max_tokens)),
                        seed=o.get("seed"))

    def request_for(self, conversation_id: int, leaf_id: int,
                    store: ConversationStore | None = None) -> CompletionRequest:
        """What the conversation asks the model for its reply after ``leaf_id``."""
        store = store or self.store
        conv = store.get(conversation_id)
        return CompletionRequest(
            messages=self.engine_messages(conversation_id, leaf_id, store),
            model=conv.model, sampling=self.sampling_for(conv),
            conversation_id=conversation_id,
            collections=tuple(attached_collections(store.db, conversation_id)),
            context_length=int(conv.settings.get("context_length") or 0) or None,
            response_format=conv.settings.get("response_format") or None)

    def engine_messages(self, conversation_id: int, leaf_id: int,
                        store: ConversationStore | None = None) -> builtins.list[Message]:
        """The thread up to ``leaf_id`` as the engine sees it, system prompt first."""
        store = store or self.store
        conv = store.get(conversation_id)
        messages = []
        system = conv.settings.get("system_prompt")
        if system:
            messages.append(Message("system", system))
        for m in store.thread(conversation_id, leaf_id):
            if m.status in ("complete", "cancelled") and m.content:
                messages.append(Message(m.role, m.content))  # type: ignore[arg-type]
        return messages

    # replies (each on a connection of its own) ---------------------------------------

    def send(self, conversation_id: int, text: str, cancel: CancelToken | None = None,
             notify: Notify | None = None) -> Iterator[ReplyEvent]:
        """Add a user message after the current leaf and stream the reply."""
        def write(store: ConversationStore) -> tuple[int, int]:
            parent = store.get(conversation_id).current_leaf_id
            user = store.add_message(conversation_id, "user", text, parent_id=parent)
            _title_if_new(store, conversation_id, text)
            return conversation_id, user.id
        yield from self._reply(write, cancel, notify)

    def regenerate(self, assistant_message_id: int, cancel: CancelToken | None = None,
                   notify: Notify | None = None) -> Iterator[ReplyEvent]:
        """A new reply beside an old one (the old one stays, as a branch)."""
        def write(store: ConversationStore) -> tuple[int, int]:
            old = store.message(assistant_message_id)
            if old.role != "assistant" or old.parent_id is None:
                raise ValueError("Only a reply can be regenerated.")
            return old.conversation_id, old.parent_id
        yield from self._reply(write, cancel, notify, new_user_message=False)

    def edit(self, user_message_id: int, text: str, cancel: CancelToken | None = None,
             notify: Notify | None = None) -> Iterator[ReplyEvent]:
        """Branch: a new user message beside the edited one, then a reply to it."""
        def write(store: ConversationStore) -> tuple[int, int]:
            old = store.message(user_message_id)
            if old.role != "user":
                raise ValueError("Only your own messages can be edited.")
            new = store.add_message(old.conversation_id, "user", text, parent_id=old.parent_id)
            return old.conversation_id, new.id
        yield from self._reply(write, cancel, notify)

    def _reply(self, write: Callable[[ConversationStore], tuple[int, int]],
               cancel: CancelToken | None, notify: Notify | None,
               new_user_message: bool = True) -> Iterator[ReplyEvent]:
        cancel = cancel or CancelToken()
        db = connect(self._path)
        try:
            store = ConversationStore(db)
            conversation_id, parent_id = write(store)
            request = self.request_for(conversation_id, parent_id, store)
            reply = store.add_message(conversation_id, "assistant", "", parent_id=parent_id,
                                      status="streaming", model=request.model)
            yield ReplyStarted(conversation_id, parent_id if new_user_message else None,
                               reply.id)
            yield from _stream_into(store, reply.id,
                                    self.completion.stream(request, cancel, notify), cancel)
        finally:
            db.close()

    def close(self) -> None:
        self.completion.close()


def _title_if_new(store: ConversationStore, conversation_id: int, text: str) -> None:
    if not store.get(conversation_id).title:
        title = " ".join(text.split())[:60]
        store.rename(conversation_id, title or "New conversation")


def _stream_into(store: ConversationStore, reply_id: int, events: Iterator[Any],
                 cancel: CancelToken) -> Iterator[ReplyEvent]:
    """Pass ``events`` on while saving the reply's text as it grows; store the end."""
    outcome: Done | Error | None = None
    text, saved_at, saved_len = "", time.monotonic(), 0
    try:
        for event in events:
            if isinstance(event, Started):
                store.update_message(reply_id, model=event.model, engine=event.engine)
            elif isinstance(event, Citations):
                store.update_message(reply_id, citations=event.json)
            elif isinstance(event, Token):
                text += event.text
                if time.monotonic() - saved_at >= SAVE_EVERY_S and len(text) > saved_len:
                    store.update_message(reply_id, content=text)
                    saved_at, saved_len = time.monotonic(), len(text)
            elif isinstance(event, Done | Error):
                outcome = event
            yield event
    finally:
        saved = _finish(store, reply_id, outcome, text, cancel)
    yield Saved(saved)


def _finish(store: ConversationStore, message_id: int, outcome: Done | Error | None,
            streamed: str, cancel: CancelToken) -> StoredMessage:
    reason = end_reason_of(outcome, cancel)
    if isinstance(outcome, Done):
        stats = outcome.stats
        status = "cancelled" if stats.finish_reason == "cancelled" else "complete"
        saved = store.update_message(
            message_id, content=outcome.text, status=status, end_reason=reason,
            ttft_s=stats.ttft_s, tok_s=stats.tok_s, prompt_tokens=stats.prompt_tokens,
            cached_tokens=stats.cached_tokens, completion_tokens=stats.completion_tokens)
        if stats.completion_tokens or stats.prompt_tokens:
            record_reply(store.db, saved.model or "", saved.engine or "", stats, message_id)
        return saved
    if isinstance(outcome, Error):
        return store.update_message(message_id, content=outcome.text or streamed,
                                    status="error", error=outcome.message, end_reason=reason)
    # the stream was abandoned (Ctrl-C in the terminal, the app quitting): keep the text
    return store.update_message(message_id, content=streamed, status="cancelled",
                                end_reason=reason)
