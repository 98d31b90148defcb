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

Tools: a conversation whose settings name MCP servers (``mcp_servers``) offers the model
their tools. A reply that calls tools is stored with its calls (``parts``); each call is
proposed to the front (:class:`~app.services.tools.ToolCallProposed`) and runs only when
the user allows it (or allowed that tool "always" in this conversation:
``tool_approvals``); its result (or the reason it has none) is stored as a ``tool``
message, child of the call's message, and the model writes its next reply, a child of
the last result, with the results in context — at most :data:`MAX_TOOL_ROUNDS` times per
reply. The conversation's ``tool_choice`` applies to the first request of a reply; the
replies after tool results use "auto" (else "required" would call tools forever).
"""

from __future__ import annotations

import builtins
import json
import time
from collections.abc import Callable, Generator, Iterator, Sequence
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
    ImagePart,
    Message,
    Part,
    Sampling,
    TextPart,
    Token,
    ToolCallPart,
    ToolResultPart,
)
from app.services.completion import Citations, CompletionService, Started
from app.services.images import kept
from app.services.knowledge import attach_collections, attached_collections
from app.services.mcp import CALL_TIMEOUT_S, ExposedTool, McpConfigError, McpService
from app.services.runtime import Runtime
from app.services.scheduler import Scheduler
from app.services.threads import ThreadItem, switch_branch, thread_items
from app.services.tools import Approval, ToolCallFinished, ToolCallProposed
from app.settings import Settings
from app.store.conversations import Conversation, ConversationStore, StoredMessage
from app.store.db import connect
from app.store.timings import record_reply

#: how often a streaming reply's text is written to the database
SAVE_EVERY_S = 0.5

Notify = Callable[[Any], None]

#: how many rounds of tool calls one reply may make before Hearth stops it
MAX_TOOL_ROUNDS = 8
#: what the model is told when the user refuses a call
DENIED = "The user denied this tool call."
#: what a call that never ran says when the reply was stopped before it
NOT_RUN = "The reply was stopped before this tool call ran."


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


@dataclass(frozen=True)
class ToolServerProblem:
    """An MCP server the conversation uses cannot give its tools (it failed to start, is
    disabled or gone, or mcp.json is broken: ``server`` is then ""); the reply goes on
    without them."""

    conversation_id: int
    server: str
    message: str


ReplyEvent = (Event | Saved | Citations | Started | ReplyStarted | ToolCallProposed
              | ToolCallFinished | ToolServerProblem)


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
        #: how long one tool call may take before the model is told it timed out
        self.tool_timeout_s = CALL_TIMEOUT_S
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
        """At start-up: replies a crash left streaming are marked ended by Hearth's
        closing (how many is returned), and image files no message uses are swept."""
        recovered = self.store.recover_interrupted()
        self.store.sweep_images()
        return recovered

    # the request a conversation makes -------------------------------------------------

    def sampling_for(self, conversation: Conversation) -> Sampling:
        """The conversation's overrides over the user's defaults."""
        o, s = conversation.settings, self.settings
        return Sampling(temperature=float(o.get("temperature", s.temperature)),
                        top_p=float(o.get("top_p", s.top_p)),
                        max_tokens=int(o.get("max_tokens", s.max_tokens)),
                        seed=o.get("seed"))

    def request_for(self, conversation_id: int, leaf_id: int,
                    store: ConversationStore | None = None,
                    tools: builtins.list[ExposedTool] | None = None,
                    tool_choice: Any = None) -> CompletionRequest:
        """What the conversation asks the model for its reply after ``leaf_id``: with
        ``tools`` (see :meth:`tools_of`) and the conversation's ``tool_choice`` (or the
        one given), and its ``response_format``."""
        store = store or self.store
        conv = store.get(conversation_id)
        offered = [t.spec.openai() for t in tools or ()]
        if tool_choice is None:
            tool_choice = conv.settings.get("tool_choice") or "auto"
        return CompletionRequest(
            messages=self.engine_messages(conversation_id, leaf_id, store),
            model=conv.model, sampling=self.sampling_for(conv),
            conversation_id=conversation_id,
            collections=tuple(attached_collections(store.db, conversation_id)),
            context_length=int(conv.settings.get("context_length") or 0) or None,
            response_format=conv.settings.get("response_format") or None,
            tools=offered, tool_choice=tool_choice if offered else "auto")

    def tools_of(self, conversation: Conversation,
                 problems: builtins.list[ToolServerProblem] | None = None,
                 ) -> builtins.list[ExposedTool]:
        """The tools of the conversation's MCP servers (``mcp_servers``), started if they
        are not running; a server that cannot give them is added to ``problems``."""
        names = [n for n in conversation.settings.get("mcp_servers") or [] if isinstance(n, str)]
        if not names:
            return []
        if self.mcp is None:
            return []
        try:
            tools = self.mcp.exposed_tools(names)
            configured = {s.name: s for s in self.mcp.servers()}
        except McpConfigError as exc:
            if problems is not None:
                problems.append(ToolServerProblem(conversation.id, "", str(exc)))
            return []
        for name in names:
            info = configured.get(name)
            message = ""
            if info is None:
                message = f"The MCP server {name} is not configured any more."
            elif not info.enabled:
                message = f"The MCP server {name} is disabled: enable it to use its tools."
            elif info.state != "ready":
                message = info.error or f"The MCP server {name} is not running."
            if message and problems is not None:
                problems.append(ToolServerProblem(conversation.id, name, message))
        return tools

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
            message = _engine_message(m)
            if message is not None:
                messages.append(message)
        return messages

    # replies (each on a connection of its own) ---------------------------------------

    def send(self, conversation_id: int, text: str, cancel: CancelToken | None = None,
             notify: Notify | None = None,
             images: Sequence[ImagePart] = ()) -> Iterator[ReplyEvent]:
        """Add a user message after the current leaf and stream the reply. ``images``
        (from ``app.services.images``) are stored with the message, in one transaction."""
        parts = [kept(p) for p in images]

        def write(store: ConversationStore) -> tuple[int, int]:
            parent = store.get(conversation_id).current_leaf_id
            user = store.add_message(conversation_id, "user", text, parent_id=parent,
                                     images=parts)
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
             notify: Notify | None = None,
             images: Sequence[ImagePart] | None = None) -> Iterator[ReplyEvent]:
        """Branch: a new user message beside the edited one, then a reply to it. ``images``
        None keeps the edited message's images; a sequence replaces them (() drops them)."""
        parts = None if images is None else [kept(p) for p in images]

        def write(store: ConversationStore) -> tuple[int, int]:
            old = store.message(user_message_id)
            if old.role != "user":
                raise ValueError("Only your own messages can be edited.")
            new = store.add_message(old.conversation_id, "user", text, parent_id=old.parent_id,
                                    images=old.images if parts is None else parts)
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
            problems: builtins.list[ToolServerProblem] = []
            tools = self.tools_of(store.get(conversation_id), problems)
            yield from problems
            user_id = parent_id if new_user_message else None
            # the conversation's tool_choice is for a reply's first request, not for one
            # that answers tool results (a regenerated reply after them included)
            after_results = store.message(parent_id).role == "tool"
            tool_choice = "auto" if after_results else None
            for round_ in range(MAX_TOOL_ROUNDS + 1):
                request = self.request_for(conversation_id, parent_id, store, tools,
                                           tool_choice)
                reply = store.add_message(conversation_id, "assistant", "",
                                          parent_id=parent_id, status="streaming",
                                          model=request.model)
                yield ReplyStarted(conversation_id, user_id, reply.id)
                outcome: Done | Error | None = None
                for event in _stream_into(store, reply.id,
                                          self.completion.stream(request, cancel, notify),
                                          cancel, tools):
                    if isinstance(event, Done | Error):
                        outcome = event
                    yield event
                if not isinstance(outcome, Done) or not outcome.tool_calls:
                    return
                if round_ == MAX_TOOL_ROUNDS and not cancel.cancelled:
                    yield Saved(_too_many_rounds(store, reply.id))
                    return
                parent_id = yield from self._run_calls(store, conversation_id, reply.id,
                                                       outcome.tool_calls, tools, cancel)
                if cancel.cancelled:
                    return
                user_id, tool_choice = None, "auto"
        finally:
            db.close()

    def _run_calls(self, store: ConversationStore, conversation_id: int, message_id: int,
                   calls: tuple[ToolCallPart, ...], tools: builtins.list[ExposedTool],
                   cancel: CancelToken) -> Generator[ReplyEvent, None, int]:
        """Ask about, run and store each call of message ``message_id``; every call gets
        a ``tool`` message (a chain under the call's message), even when the reply is
        stopped or abandoned half-way. Returns the last one's id."""
        by_name = {t.spec.name: t for t in tools}
        leaf = message_id
        pending = list(calls)
        try:
            while pending:
                call, tool = pending[0], by_name.get(pending[0].name)
                approval: Approval = "deny"
                seconds = 0.0
                if tool is None:
                    ok, content = False, f"There is no tool named {call.name}."
                elif cancel.cancelled:
                    ok, content = False, NOT_RUN
                else:
                    approval = yield from self._approval(store, conversation_id, message_id,
                                                         tool, call, cancel)
                    if cancel.cancelled:
                        ok, content = False, NOT_RUN
                    elif approval == "deny":
                        ok, content = False, DENIED
                    else:
                        ok, content, seconds = self._call(tool, call, cancel)
                leaf = _store_result(store, conversation_id, leaf, call, tool, ok, content,
                                     approval)
                pending.pop(0)
                yield ToolCallFinished(conversation_id, leaf, call, approval, ok, content,
                                       seconds)
        except GeneratorExit:
            # the front went away (window closed, Ctrl-C): the calls still get results
            for call in pending:
                leaf = _store_result(store, conversation_id, leaf, call, by_name.get(call.name),
                                     False, NOT_RUN, "deny")
            raise
        return leaf

    def _approval(self, store: ConversationStore, conversation_id: int, message_id: int,
                  tool: ExposedTool, call: ToolCallPart,
                  cancel: CancelToken) -> Generator[ReplyEvent, None, Approval]:
        """"always" when the conversation allows the tool always; else the front's answer
        (an "always" is saved in the conversation's ``tool_approvals``)."""
        key = f"{tool.server}/{tool.tool.name}"
        if key in (store.get(conversation_id).settings.get("tool_approvals") or []):
            return "always"
        proposed = ToolCallProposed(conversation_id, message_id, tool.server, call,
                                    tool.tool.description)
        yield proposed
        answer = proposed.wait(cancel)
        if answer == "always":
            settings = dict(store.get(conversation_id).settings)
            allowed = list(settings.get("tool_approvals") or [])
            if key not in allowed:
                settings["tool_approvals"] = [*allowed, key]
                store.set_settings(conversation_id, settings)
        return answer

    def _call(self, tool: ExposedTool, call: ToolCallPart,
              cancel: CancelToken) -> tuple[bool, str, float]:
        try:
            arguments = json.loads(call.arguments or "{}")
        except ValueError:
            arguments = None
        if not isinstance(arguments, dict):
            return False, f"The arguments of {call.name} are not a JSON object.", 0.0
        if self.mcp is None:
            return False, "MCP servers are not available here.", 0.0
        result = self.mcp.call(tool.server, tool.tool.name, arguments,
                               timeout_s=self.tool_timeout_s, cancel=cancel)
        return result.ok, result.content, result.seconds

    def close(self) -> None:
        self.completion.close()


def _title_if_new(store: ConversationStore, conversation_id: int, text: str) -> None:
    if not store.get(conversation_id).title:
        title = " ".join(text.split())[:60]
        store.rename(conversation_id, title or "New conversation")


def _stream_into(store: ConversationStore, reply_id: int, events: Iterator[Any],
                 cancel: CancelToken,
                 tools: builtins.list[ExposedTool] | None = None) -> Iterator[ReplyEvent]:
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
        saved = _finish(store, reply_id, outcome, text, cancel, tools or [])
    yield Saved(saved)


def _finish(store: ConversationStore, message_id: int, outcome: Done | Error | None,
            streamed: str, cancel: CancelToken,
            tools: builtins.list[ExposedTool]) -> StoredMessage:
    reason = end_reason_of(outcome, cancel)
    if isinstance(outcome, Done):
        stats = outcome.stats
        status = "cancelled" if stats.finish_reason == "cancelled" else "complete"
        saved = store.update_message(
            message_id, content=outcome.text, status=status, end_reason=reason,
            parts=_calls_json(outcome.tool_calls, tools),
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


def _calls_json(calls: tuple[ToolCallPart, ...], tools: builtins.list[ExposedTool]) -> str | None:
    """An assistant message's ``parts``: its calls, with the server and tool each names."""
    if not calls:
        return None
    by_name = {t.spec.name: t for t in tools}
    parts = []
    for call in calls:
        tool = by_name.get(call.name)
        parts.append({"type": "tool_call", "id": call.id, "name": call.name,
                      "arguments": call.arguments, "server": tool.server if tool else "",
                      "tool": tool.tool.name if tool else call.name})
    return json.dumps(parts, ensure_ascii=False)


def _store_result(store: ConversationStore, conversation_id: int, parent_id: int,
                  call: ToolCallPart, tool: ExposedTool | None, ok: bool, content: str,
                  approval: Approval) -> int:
    """Store a call's result as a ``tool`` message under ``parent_id``; its id."""
    saved = store.add_message(
        conversation_id, "tool", content, parent_id=parent_id,
        parts=json.dumps([{"type": "tool_result", "call_id": call.id,
                           "server": tool.server if tool else "",
                           "tool": tool.tool.name if tool else call.name,
                           "ok": ok, "approval": approval}]))
    return saved.id


def _too_many_rounds(store: ConversationStore, message_id: int) -> StoredMessage:
    return store.update_message(
        message_id, status="error", end_reason="error",
        error=f"Stopped after {MAX_TOOL_ROUNDS} rounds of tool calls in one reply: the "
              "model kept calling tools. Ask again, or turn some of its tools off.")


def _engine_message(m: StoredMessage) -> Message | None:
    """A stored message as the engine reads it (None: not part of the context)."""
    if m.status not in ("complete", "cancelled"):
        return None
    stored = m.part_list()
    if m.role == "tool":
        result = next((p for p in stored if p.get("type") == "tool_result"), {})
        return Message("tool", m.content, parts=(
            ToolResultPart(str(result.get("call_id", "")), m.content),))
    calls = [ToolCallPart(str(p.get("id", "")), str(p.get("name", "")),
                          str(p.get("arguments") or "{}"))
             for p in stored if p.get("type") == "tool_call"]
    if m.role == "assistant" and calls:
        parts: tuple[Part, ...] = ((TextPart(m.content),) if m.content else ()) + tuple(calls)
        return Message("assistant", m.content, parts=parts)
    if m.images and m.role == "user":
        parts = ((TextPart(m.content),) if m.content else ()) + m.images
        return Message("user", m.content, parts=parts)
    if not m.content:
        return None
    return Message(m.role, m.content)  # type: ignore[arg-type]
