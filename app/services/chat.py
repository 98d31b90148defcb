"""Chatting: turn a user action into engine events and saved messages.

Every path (send, regenerate, edit) writes the user's message first, then an assistant
message marked 'streaming' that is filled in as the reply ends: 'complete', 'cancelled'
(with the text so far) or 'error' (with the reason). A crash leaves 'streaming' rows,
which ``ConversationStore.recover_interrupted`` marks cancelled at the next start.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.engines.base import CancelToken, ChatParams, Done, Error, Event, Message, Progress
from app.services.retrieval import Retriever, citations_json, token_counter, with_context
from app.services.runtime import Runtime
from app.store.conversations import ConversationStore, StoredMessage
from app.store.timings import record_reply


@dataclass(frozen=True)
class Saved:
    """Emitted after the stream: the assistant message as stored."""

    message: StoredMessage


@dataclass(frozen=True)
class Citations:
    """Emitted before the reply streams when documents were retrieved for it.

    ``items`` are the citations as dicts (number, path, page, char_start, char_end, …),
    numbered as the excerpts in the prompt; the saved message carries the same list.
    """

    items: list[dict]


class ChatService:
    """Conversations + runtime: send, regenerate, edit."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.store = ConversationStore(runtime.db)
        self.retriever = Retriever(runtime.db)

    def params_for(self, conversation_id: int) -> ChatParams:
        """Sampling settings: the conversation's overrides over the user's defaults."""
        settings = self.runtime.settings
        overrides = self.store.get(conversation_id).settings
        return ChatParams(
            temperature=float(overrides.get("temperature", settings.temperature)),
            top_p=float(overrides.get("top_p", settings.top_p)),
            max_tokens=int(overrides.get("max_tokens", settings.max_tokens)),
            seed=overrides.get("seed"),
            session=f"conversation-{conversation_id}",
        )

    def send(self, conversation_id: int, text: str, cancel: CancelToken | None = None,
             params: ChatParams | None = None) -> Iterator[Event | Saved | Citations]:
        """Add a user message after the current leaf and stream the reply."""
        parent = self.store.get(conversation_id).current_leaf_id
        user = self.store.add_message(conversation_id, "user", text, parent_id=parent)
        self._title_if_new(conversation_id, text)
        yield from self._reply(conversation_id, user.id, cancel, params)

    def regenerate(self, assistant_message_id: int, cancel: CancelToken | None = None,
                   params: ChatParams | None = None) -> Iterator[Event | Saved | Citations]:
        """A new reply beside an old one (the old one stays, as a branch)."""
        old = self.store.message(assistant_message_id)
        if old.role != "assistant" or old.parent_id is None:
            raise ValueError("Only a reply can be regenerated.")
        yield from self._reply(old.conversation_id, old.parent_id, cancel, params)

    def edit(self, user_message_id: int, text: str, cancel: CancelToken | None = None,
             params: ChatParams | None = None) -> Iterator[Event | Saved | Citations]:
        """Branch: a new user message beside the edited one, then a reply to it."""
        old = self.store.message(user_message_id)
        if old.role != "user":
            raise ValueError("Only your own messages can be edited.")
        new = self.store.add_message(old.conversation_id, "user", text, parent_id=old.parent_id)
        yield from self._reply(old.conversation_id, new.id, cancel, params)

    def engine_messages(self, conversation_id: int, leaf_id: int) -> list[Message]:
        """The thread up to ``leaf_id`` as the engine sees it, system prompt first."""
        conv = self.store.get(conversation_id)
        messages = []
        system = conv.settings.get("system_prompt")
        if system:
            messages.append(Message("system", system))
        for m in self.store.thread(conversation_id, leaf_id):
            if m.status in ("complete", "cancelled") and m.content:
                messages.append(Message(m.role, m.content))  # type: ignore[arg-type]
        return messages

    def _reply(self, conversation_id: int, parent_id: int, cancel: CancelToken | None,
               params: ChatParams | None) -> Iterator[Event | Saved | Citations]:
        runtime = self.runtime
        conv = self.store.get(conversation_id)
        runtime.ensure(conv.model)
        params = params or self.params_for(conversation_id)
        messages = self.engine_messages(conversation_id, parent_id)
        context = self._kb_context(conversation_id, messages, params)
        if self.retriever.note:
            yield Progress("retrieval", None, self.retriever.note)
        if context.citations:
            messages = with_context(messages, context.text)
            yield Citations([c.as_dict() for c in context.citations])
        model, engine = runtime.served_model, runtime.engine.name
        reply = self.store.add_message(conversation_id, "assistant", "", parent_id=parent_id,
                                       status="streaming", model=model, engine=engine,
                                       citations=citations_json(context.citations))
        outcome: Done | Error | None = None
        try:
            for event in runtime.engine.chat(messages, params, cancel):
                if isinstance(event, Done | Error):
                    outcome = event
                yield event
        finally:
            saved = self._finish(reply.id, outcome, model, engine)
        yield Saved(saved)

    def _kb_context(self, conversation_id: int, messages: list[Message], params: ChatParams):
        """Excerpts from the conversation's collections for this reply (may be empty)."""
        runtime = self.runtime
        report = runtime.last_load
        n_ctx = (report.context_length if report and report.context_length
                 else runtime.settings.n_ctx)
        return self.retriever.context(conversation_id, messages, n_ctx, params.max_tokens,
                                      token_counter(runtime.engine))

    def _finish(self, message_id: int, outcome: Done | Error | None, model: str,
                engine: str) -> StoredMessage:
        if isinstance(outcome, Done):
            stats = outcome.stats
            status = "cancelled" if stats.finish_reason == "cancelled" else "complete"
            saved = self.store.update_message(
                message_id, content=outcome.text, status=status, ttft_s=stats.ttft_s,
                tok_s=stats.tok_s, prompt_tokens=stats.prompt_tokens,
                cached_tokens=stats.cached_tokens, completion_tokens=stats.completion_tokens)
            record_reply(self.runtime.db, model, engine, stats, message_id)
            return saved
        if isinstance(outcome, Error):
            return self.store.update_message(message_id, content=outcome.text, status="error",
                                             error=outcome.message)
        return self.store.update_message(message_id, status="cancelled",
                                         error="The reply was interrupted.")

    def _title_if_new(self, conversation_id: int, text: str) -> None:
        conv = self.store.get(conversation_id)
        if not conv.title:
            title = " ".join(text.split())[:60]
            self.store.rename(conversation_id, title or "New conversation")
