"""The engine seam: one small protocol, every backend behind it.

An engine loads a model and reports how long each step took (:class:`LoadReport`),
streams a chat reply as typed events (:class:`Token`, :class:`Progress`, :class:`Done`,
:class:`Error`), embeds texts, and closes. Backends are the in-process llama.cpp engine,
Ollama, and one OpenAI-compatible client for vLLM / LMDeploy / TensorRT-LLM workers and
remote servers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable


class EngineError(Exception):
    """A failure the user can act on; ``str(error)`` says what happened and what to do."""


class ModelLoadError(EngineError):
    """The model could not be loaded (bad file, not enough memory, unsupported...)."""


@dataclass(frozen=True)
class Message:
    """One chat message as the engine sees it."""

    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class ModelRef:
    """What to load: a display name plus a file/folder or an engine-side name."""

    name: str
    path: Path | None = None
    format: str = "gguf"


@dataclass
class LoadParams:
    """Options for loading a model. 0 / None mean "let the engine decide"."""

    n_ctx: int = 4096
    n_threads: int = 0
    n_batch: int = 64
    n_gpu_layers: int = 0
    gpu_memory_fraction: float = 0.85
    quantization: str | None = None
    prefix_cache_slots: int = 4
    prefix_cache_mb: int = 1024
    validate: bool = True
    validate_timeout_s: float = 60.0


@dataclass
class ChatParams:
    """Sampling and bookkeeping for one reply."""

    temperature: float = 0.7
    top_p: float = 0.95
    max_tokens: int = 512
    seed: int | None = None
    stop: Sequence[str] = ()
    #: Identifies the conversation, so its model state can be kept for the next turn.
    session: str | None = None
    #: Turn prefix reuse off (benchmarks compare against this).
    reuse_prefix: bool = True


@dataclass
class LoadReport:
    """What was loaded, where, and how long it took to become ready (the cold start)."""

    model: str
    engine: str
    device: str
    ready_s: float
    file_check_s: float | None = None
    spawn_s: float | None = None
    load_s: float | None = None
    warmup_s: float | None = None
    memory_mb: float | None = None
    context_length: int | None = None
    chat_format: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class ReplyStats:
    """Timing of one reply."""

    ttft_s: float | None
    tok_s: float | None
    prompt_tokens: int
    cached_tokens: int
    completion_tokens: int
    total_s: float
    finish_reason: Literal["stop", "length", "cancelled", "error"] = "stop"


@dataclass(frozen=True)
class Token:
    """A piece of reply text."""

    text: str


@dataclass(frozen=True)
class Progress:
    """Progress of a long step (loading, prompt evaluation); ``fraction`` in 0..1 or None."""

    stage: str
    fraction: float | None = None
    message: str = ""


@dataclass(frozen=True)
class Done:
    """The reply ended; ``text`` is the whole reply."""

    text: str
    stats: ReplyStats


@dataclass(frozen=True)
class Error:
    """The reply failed; ``message`` is for the user. Nothing more follows."""

    message: str
    text: str = ""


Event = Token | Progress | Done | Error


class CancelToken:
    """Set from any thread to stop a reply between tokens."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass(frozen=True)
class Capabilities:
    chat: bool = True
    embed: bool = False
    stream: bool = True
    prefix_cache: bool = False
    in_process: bool = False


@runtime_checkable
class Engine(Protocol):
    """What every backend provides."""

    name: str
    capabilities: Capabilities

    def load(self, model: ModelRef, params: LoadParams | None = None) -> LoadReport: ...

    def chat(self, messages: Sequence[Message], params: ChatParams | None = None,
             cancel: CancelToken | None = None) -> Iterator[Event]: ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...

    def close(self) -> None: ...
