"""One stateless completion: a :class:`CompletionRequest` in, typed events out.

Every front (the window, ``hearth chat``, the local API) builds a request and runs it
here; nothing is stored (the conversation service stores what it streams). Steps:

1. the scheduler gives this reply its turn on the model (loading it if needed);
2. the engine's capability flags are checked against the request's parts, so an engine
   that cannot honour an image, a ``response_format`` or tools says so before generating;
3. excerpts from the request's knowledge collections go into the system message, and a
   :class:`Citations` event names them;
4. images are scaled down to the longest side the engine's model reads
   (``engine.image_max_side``; None: sent as stored), and the seconds it took are added
   to the reply's ``image_prep_s``;
5. the engine streams ``Token`` / ``Progress`` and ends with ``Done`` or ``Error``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app.engines.base import (
    CancelToken,
    CompletionRequest,
    Done,
    EngineError,
    Error,
    Event,
    Message,
    Progress,
    ReplyStats,
)
from app.engines.structured import (
    ConstraintError,
    OutputFormat,
    parse_tool_choice,
    parse_tools,
)
from app.engines.wire import prepare
from app.services.retrieval import (
    Retriever,
    citations_json,
    token_counter,
    with_context,
)
from app.services.runtime import Runtime
from app.services.scheduler import QueueFullError, Scheduler, WaitCancelled


@dataclass(frozen=True)
class Citations:
    """Emitted before the reply streams when documents were retrieved for it.

    ``items`` are the citations as dicts (number, path, page, char_start, char_end, …),
    numbered as the excerpts in the prompt; ``json`` is what the store keeps.
    """

    items: list[dict]
    json: str | None = None


@dataclass(frozen=True)
class Started:
    """The reply has its turn: which model on which engine answers it."""

    model: str
    engine: str


def invalid_constraints(request: CompletionRequest) -> str | None:
    """Why the request's response format, tools or tool choice cannot be used (a
    sentence saying what to fix), or None when they can."""
    try:
        fmt = OutputFormat.parse(request.response_format)
        tools = parse_tools(request.tools)
        choice = parse_tool_choice(request.tool_choice, tools)
    except ConstraintError as exc:
        return str(exc)
    if fmt.kind == "grammar" and tools and choice != "none":
        return ("A grammar and tools cannot be used in the same request. Send the tools "
                "without the grammar, or the grammar without tools.")
    return None


def unsupported_parts(request: CompletionRequest, runtime: Runtime) -> str | None:
    """Why the engine cannot honour ``request`` (a sentence), or None when it can."""
    caps = runtime.engine.capabilities
    name = runtime.engine_name
    if any(m.has_images for m in request.messages) and not caps.vision:
        return (f"{name} cannot read images with this model. Remove the image, or choose a "
                "vision model.")
    kind = (request.response_format or {}).get("type", "text")
    if kind != "text" and not caps.structured_output:
        return (f"{name} cannot constrain replies to a format. Ask without a response "
                "format, or choose another engine.")
    if kind == "grammar" and not caps.grammar:
        return (f"{name} cannot follow a grammar. Ask for JSON or a JSON schema instead, or "
                "choose the llama.cpp engine.")
    if request.prompt is not None and not caps.text_completion:
        return (f"{name} only answers chat messages. Send the text as a chat message "
                "(/v1/chat/completions), or choose the llama.cpp engine.")
    if (request.tools or any(m.has_tool_parts for m in request.messages)) and not caps.tools:
        return f"{name} cannot call tools yet. Ask without tools, or choose another engine."
    return None


def scaled_for_model(messages: Sequence[Message],
                     max_side: int | None) -> tuple[list[Message], float]:
    """``messages`` with each image replaced by its bytes scaled to ``max_side`` (in
    memory: the kept file is never changed; ``sha256`` still names the kept image; a copy
    scaled for an earlier turn is reused), and the seconds the scaling took. The one
    scaling step of every engine (``app.engines.wire``)."""
    prepared = prepare(messages, max_side)
    return list(prepared.messages), prepared.seconds


def cancelled_before_start(started: float) -> Done:
    """The Done of a reply stopped before its first token (while it waited its turn)."""
    return Done("", ReplyStats(ttft_s=None, tok_s=None, prompt_tokens=0, cached_tokens=0,
                               completion_tokens=0, total_s=time.perf_counter() - started,
                               finish_reason="cancelled"))


class CompletionService:
    """Runs completion requests on the scheduler's models; keeps nothing between them."""

    def __init__(self, scheduler: Scheduler, db: Database) -> None:
        self.scheduler = scheduler
        # replies retrieve on their own threads (the window's, the API's): a connection
        # of the retriever's own, not the front's
        self._own_db = _own_connection(db)
        self.retriever = Retriever(self._own_db or db)

    def stream(self, request: CompletionRequest, cancel: CancelToken | None = None,
               notify: Callable[[Any], None] | None = None) -> Iterator[Event | Citations | Started]:
        """Events of one reply; always ends with Done or Error (never raises for the
        engine's or the model's failures: they become Error)."""
        cancel = cancel or CancelToken()
        started = time.perf_counter()
        invalid = invalid_constraints(request)  # before any model loads for it
        if invalid is not None:
            yield Error(invalid, code="invalid")
            return
        try:
            with self.scheduler.lease(request.model, request.context_length, cancel,
                                      notify) as runtime:
                queued = time.perf_counter() - started
                refusal = unsupported_parts(request, runtime)
                if refusal is not None:
                    yield Error(refusal, code="unsupported")
                    return
                yield Started(runtime.served_model, runtime.engine_name)
                yield from self._run(request, runtime, cancel, queued)
        except WaitCancelled:
            yield cancelled_before_start(started)
        except QueueFullError as exc:
            yield Error(str(exc), code="busy")
        except LookupError as exc:
            yield Error(str(exc), code="not_found")
        except EngineError as exc:
            yield Error(str(exc))

    def _run(self, request: CompletionRequest, runtime: Runtime, cancel: CancelToken,
             queued: float) -> Iterator[Event | Citations]:
        messages = list(request.messages)
        if request.collections:
            context = self._kb_context(request, runtime)
            if self.retriever.note:
                yield Progress("retrieval", None, self.retriever.note)
            if context.citations:
                messages = with_context(messages, context.text)
                yield Citations([c.as_dict() for c in context.citations],
                                citations_json(context.citations))
        prep_s = 0.0
        if any(m.has_images for m in messages):
            messages, prep_s = scaled_for_model(
                messages, getattr(runtime.engine, "image_max_side", None))
        for event in runtime.engine.chat(messages, request.chat_params(), cancel):
            if isinstance(event, Done):
                stats = replace(event.stats, queued_s=queued)
                if prep_s:
                    stats = replace(stats, image_prep_s=stats.image_prep_s + prep_s)
                event = replace(event, stats=stats)
            yield event

    def _kb_context(self, request: CompletionRequest, runtime: Runtime):
        report = runtime.last_load
        n_ctx = (report.context_length if report and report.context_length
                 else runtime.settings.n_ctx)
        ids = self.retriever.collection_ids(request.collections)
        return self.retriever.context(ids, request.messages, n_ctx,
                                      request.sampling.max_tokens,
                                      token_counter(runtime.engine))

    def close(self) -> None:
        self.retriever.close()
        if self._own_db is not None:
            self._own_db.close()


def _own_connection(db: Database) -> Database | None:
    """A new connection to ``db``'s file (None for an in-memory database)."""
    from app.store.db import connect

    row = db.execute("PRAGMA database_list").fetchone()
    return connect(Path(row[2])) if row and row[2] else None
