"""Knowledge-base context for one reply: retrieve, fit the token budget, cite.

A conversation that uses collections gets, for each reply, the best excerpts for the
user's last message put into the system message of that reply only (they are never saved
as a message). The excerpts are fenced as data by :mod:`app.kb.search`; the citations
that stand for them are saved with the assistant message.

The budget is what the context window leaves after the thread and the reply, and at most
:data:`MAX_SHARE` of the window, so a long document never pushes the conversation out.
Tokens are counted with the loaded model's tokenizer when the engine has one.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from typing import cast

from sqlite_utils import Database

from app.engines.base import Engine, Message
from app.kb.chunk import estimate_tokens
from app.kb.collections import find
from app.kb.embed import MODEL_PATH_KEY, Embedder, LlamaCppEmbedder, configured_embedder
from app.kb.index import get_state, load_vec
from app.kb.search import Citation, KbContext, build_context

#: Most of the context window the excerpts may take.
MAX_SHARE = 0.5
#: Tokens kept free for the chat template's own markup around each message.
TEMPLATE_MARGIN = 16


def token_counter(engine: Engine) -> Callable[[str], int]:
    """The engine's tokenizer as a counter (LlamaCppEngine has one), else an estimate."""
    tokenize = getattr(engine, "tokenize", None)
    if tokenize is None:
        return estimate_tokens

    def count(text: str) -> int:
        try:
            return len(tokenize(text))
        except Exception:  # an engine whose model went away mid-reply: estimate instead
            return estimate_tokens(text)
    return count


def context_budget(messages: Sequence[Message], n_ctx: int, max_tokens: int,
                   count: Callable[[str], int]) -> int:
    """Tokens left for excerpts after the thread and the reply, capped at MAX_SHARE."""
    used = sum(count(m.content) + TEMPLATE_MARGIN for m in messages)
    return max(0, min(int(n_ctx * MAX_SHARE), n_ctx - max_tokens - used))


def with_context(messages: Sequence[Message], context: str) -> list[Message]:
    """The thread with ``context`` added to its system message (a new one if none)."""
    out = list(messages)
    if out and out[0].role == "system":
        out[0] = Message("system", f"{out[0].content}\n\n{context}")
    else:
        out.insert(0, Message("system", context))
    return out


def last_user_text(messages: Sequence[Message]) -> str:
    """The query: the newest user message in the thread."""
    return next((m.content for m in reversed(messages) if m.role == "user"), "")


def citations_json(citations: Sequence[Citation]) -> str | None:
    """What the messages.citations column holds: a JSON list, or NULL for none."""
    return json.dumps([c.as_dict() for c in citations]) if citations else None


def collection_ids(db: Database, names: Sequence[str]) -> list[int]:
    """The ids of the collections called ``names`` (LookupError names one that is gone)."""
    return [find(db, name) for name in names]


class Retriever:
    """Builds a conversation's KB context; keeps the embedding model loaded between replies."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._embedder: LlamaCppEmbedder | None = None
        self._embedder_path: str | None = None
        self._lock = threading.Lock()
        #: one retrieval at a time: replies on several threads share the connection and
        #: the embedding model
        self._busy = threading.Lock()
        #: why retrieval fell back to full-text search, for the UI to show once
        self.note = ""

    def context(self, collections: Sequence[int], messages: Sequence[Message], n_ctx: int,
                max_tokens: int, count: Callable[[str], int] = estimate_tokens) -> KbContext:
        """The excerpts from ``collections`` (ids) for the thread's last user message, or
        an empty context."""
        query = last_user_text(messages)
        if not collections or not query.strip():
            return KbContext("")
        budget = context_budget(messages, n_ctx, max_tokens, count)
        with self._busy:
            embedder = self.embedder()
            if embedder is not None:
                load_vec(self.db)
            return build_context(self.db, query, list(collections), budget,
                                 embedder=embedder, count_tokens=count)

    def collection_ids(self, names: Sequence[str]) -> list[int]:
        """The ids of the collections called ``names`` (on the retriever's connection)."""
        with self._busy:
            return collection_ids(self.db, names)

    def embedder(self) -> Embedder | None:
        """The configured embedding model (hybrid search), or None (full-text only)."""
        path = get_state(self.db, MODEL_PATH_KEY)
        with self._lock:
            if path != self._embedder_path:
                self._close_embedder()
                self._embedder_path, self.note = path, ""
                try:
                    self._embedder = configured_embedder(self.db)
                except (FileNotFoundError, ValueError, RuntimeError) as exc:
                    self.note = f"Searching documents by words only: {exc}"
            return cast("Embedder | None", self._embedder)

    def close(self) -> None:
        with self._lock:
            self._close_embedder()
            self._embedder_path = None

    def _close_embedder(self) -> None:
        close = getattr(self._embedder, "close", None)
        if close is not None:
            close()
        self._embedder = None
