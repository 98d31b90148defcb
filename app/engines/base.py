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
from typing import Annotated, Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field


class EngineError(Exception):
    """A failure the user can act on; ``str(error)`` says what happened and what to do."""


class ModelLoadError(EngineError):
    """The model could not be loaded (bad file, not enough memory, unsupported...)."""


@dataclass(frozen=True)
class TextPart:
    """Plain text in a message."""

    text: str
    type: Literal["text"] = "text"


@dataclass(frozen=True)
class ImagePart:
    """An image in a message.

    ``path`` is a file: one kept under Hearth's data folder by content hash (see
    ``app.media.images``), or a file the user gave. ``data`` carries the bytes instead for
    an image that is never stored (a request to the local API). ``sha256`` is the content
    hash when known. Engines read the bytes with :meth:`read`; only engines with the
    ``vision`` capability are given images (the completion service refuses them before
    generating otherwise).
    """

    path: str = ""
    media_type: str = "image/png"
    data: bytes | None = field(default=None, repr=False, compare=False)
    sha256: str = ""
    width: int = 0
    height: int = 0
    type: Literal["image"] = "image"

    def read(self) -> bytes:
        """The image's bytes (from ``data``, else the file)."""
        if self.data is not None:
            return self.data
        return Path(self.path).read_bytes()

    def base64(self) -> str:
        """The bytes as base64 text (Ollama's ``images``, Anthropic's image source)."""
        import base64

        return base64.b64encode(self.read()).decode("ascii")

    def data_url(self) -> str:
        """A ``data:`` URL of the bytes (OpenAI's ``image_url``)."""
        return f"data:{self.media_type};base64,{self.base64()}"


@dataclass(frozen=True)
class ToolCallPart:
    """A call the assistant asked for: ``arguments`` is the JSON text of the arguments."""

    id: str
    name: str
    arguments: str = "{}"
    type: Literal["tool_call"] = "tool_call"


@dataclass(frozen=True)
class ToolResultPart:
    """What a tool returned for the call ``call_id``."""

    call_id: str
    content: str
    type: Literal["tool_result"] = "tool_result"


Part = TextPart | ImagePart | ToolCallPart | ToolResultPart


@dataclass(frozen=True)
class Message:
    """One chat message: a role and its content as a list of parts.

    ``Message("user", "Hi")`` is the common case: plain text becomes one :class:`TextPart`.
    ``content`` is always the text of the message (its text parts joined), which is all
    a text-only engine reads.
    """

    role: Literal["system", "user", "assistant", "tool"]
    content: str = ""
    parts: tuple[Part, ...] = ()

    def __post_init__(self) -> None:
        if not self.parts and self.content:
            object.__setattr__(self, "parts", (TextPart(self.content),))
        elif self.parts and not self.content:
            text = "".join(p.text for p in self.parts if isinstance(p, TextPart))
            object.__setattr__(self, "content", text)

    @property
    def has_images(self) -> bool:
        return any(isinstance(p, ImagePart) for p in self.parts)

    @property
    def has_tool_parts(self) -> bool:
        return any(isinstance(p, ToolCallPart | ToolResultPart) for p in self.parts)


@dataclass(frozen=True)
class ModelRef:
    """What to load: a display name plus a file/folder or an engine-side name."""

    name: str
    path: Path | None = None
    format: str = "gguf"
    #: a vision model's projector (llama.cpp's ``mmproj`` GGUF) beside the weights
    projector: Path | None = None


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
    #: llama.cpp's KV-cache type for keys and values: "f16", "q8_0" or "q4_0"
    kv_cache_type: str = "f16"
    #: speculative decoding by prompt lookup: "auto" (greedy replies) or "off"
    speculative: str = "auto"
    validate: bool = True
    validate_timeout_s: float = 60.0


# Sampling bounds, defined once: the settings file, a conversation's overrides, the settings
# dialogs' rows, the CLI's options and the API's checks all read these fields.

Temperature = Annotated[float, Field(ge=0.0, le=2.0, description="Sampling temperature: 0 "
                                     "always picks the likeliest word, higher is more varied.")]
TopP = Annotated[float, Field(ge=0.01, le=1.0, description="Nucleus sampling: only the "
                              "likeliest words that together reach this probability.")]
MaxTokens = Annotated[int, Field(ge=1, le=131_072, description="Cap on reply length, in tokens.")]
ContextLength = Annotated[int, Field(ge=256, le=1_048_576, description="Context length in "
                                     "tokens: how much of the conversation the model sees.")]
Seed = Annotated[int, Field(ge=0, le=2**31 - 1, description="Random seed: the same seed and "
                            "prompt give the same reply.")]


class Sampling(BaseModel):
    """How one reply is sampled: the typed model every front builds and every dialog,
    CLI option and API check reads its bounds from (``Sampling.bounds()``)."""

    model_config = ConfigDict(validate_assignment=True, extra="forbid")

    temperature: Temperature = 0.7
    top_p: TopP = 0.95
    max_tokens: MaxTokens = 512
    seed: Seed | None = None

    @classmethod
    def bounds(cls) -> dict[str, tuple[float, float]]:
        """Each bounded option's (lowest, highest), context length included."""
        return {name: alias_bounds(alias) for name, alias in BOUNDED.items()}

    @classmethod
    def description(cls, name: str) -> str:
        """The one-line description of option ``name`` (dialog tooltips, CLI help)."""
        return alias_field(BOUNDED[name]).description or ""


BOUNDED: dict[str, Any] = {"temperature": Temperature, "top_p": TopP, "max_tokens": MaxTokens,
                           "context_length": ContextLength, "seed": Seed}


def alias_field(alias: Any) -> Any:
    """The ``Field`` inside an ``Annotated`` alias."""
    return next(m for m in alias.__metadata__ if hasattr(m, "metadata"))


def alias_bounds(alias: Any) -> tuple[float, float]:
    """(ge, le) of an ``Annotated[..., Field(ge=..., le=...)]`` alias."""
    low = high = None
    for meta in alias_field(alias).metadata:
        low = meta.ge if getattr(meta, "ge", None) is not None else low
        high = meta.le if getattr(meta, "le", None) is not None else high
    assert low is not None and high is not None
    return low, high


@dataclass
class CompletionRequest:
    """One completion, as every front builds it (window, CLI, local API).

    ``model`` is a library name or a GGUF path (None: the default model); ``messages``
    carry parts (text now; images and tool calls are refused by engines that lack the
    capability, before generating). ``conversation_id`` names the conversation whose
    model state the engine may keep; ``collections`` the knowledge collections consulted
    for this reply.
    """

    messages: list[Message]
    model: str | None = None
    sampling: Sampling = field(default_factory=Sampling)
    stop: tuple[str, ...] = ()
    response_format: dict[str, Any] | None = None
    #: OpenAI ``tools`` (function definitions) and ``tool_choice`` ("auto", "none",
    #: "required" or a tool's name); see ``app.engines.structured``
    tools: list[dict[str, Any]] = field(default_factory=list)
    tool_choice: Any = "auto"
    conversation_id: int | None = None
    collections: tuple[str, ...] = ()
    context_length: int | None = None
    reuse_prefix: bool = True
    #: names the model state kept for this exchange when it is not a stored conversation
    #: (the local API names each client conversation by its opening messages)
    session: str | None = None
    #: raw text to continue, with no chat template (OpenAI's ``/v1/completions``); the
    #: messages are then ignored. Engines without ``Capabilities.text_completion`` refuse it.
    prompt: str | None = None

    def chat_params(self) -> ChatParams:
        """What the engine is given for this request."""
        s = self.sampling
        session = (f"conversation-{self.conversation_id}"
                   if self.conversation_id is not None else self.session)
        return ChatParams(temperature=s.temperature, top_p=s.top_p, max_tokens=s.max_tokens,
                          seed=s.seed, stop=self.stop, session=session,
                          reuse_prefix=self.reuse_prefix, response_format=self.response_format,
                          tools=list(self.tools), tool_choice=self.tool_choice,
                          prompt=self.prompt)


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
    #: OpenAI's ``response_format`` (``{"type": "json_object"}``, ``json_schema``...);
    #: only engines with ``Capabilities.structured_output`` are given one.
    response_format: dict | None = None
    #: OpenAI ``tools`` the model may call and ``tool_choice``; only engines with
    #: ``Capabilities.tools`` are given them. Calls come back in ``Done.tool_calls``.
    tools: Sequence[dict] = ()
    tool_choice: Any = "auto"
    #: continue this text as it is (no chat template); see ``CompletionRequest.prompt``
    prompt: str | None = None


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
    finish_reason: Literal["stop", "length", "cancelled", "error", "tool_calls"] = "stop"
    #: seconds spent waiting for the engine (queued behind another reply)
    queued_s: float = 0.0
    #: the caller's stop string that ended the reply (``ChatParams.stop``), if one did
    stop_sequence: str | None = None
    #: seconds spent scaling the message's images to what the model reads, and encoding
    #: them (the projector's pass), and the prompt tokens the images took
    image_prep_s: float = 0.0
    image_encode_s: float = 0.0
    image_tokens: int = 0
    #: speculative decoding: tokens drafted (prompt lookup) and how many the model accepted
    draft_tokens: int = 0
    draft_accepted: int = 0


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
    """The reply ended; ``text`` is the whole reply (its text part, when it called tools:
    the calls are in ``tool_calls`` and ``stats.finish_reason`` is "tool_calls")."""

    text: str
    stats: ReplyStats
    tool_calls: tuple[ToolCallPart, ...] = ()


@dataclass(frozen=True)
class Error:
    """The reply failed; ``message`` is for the user. Nothing more follows.

    ``code`` says what kind of failure it was, for fronts that answer with a status
    (the local API): "busy" (the model's queue is full: try again later), "not_found"
    (no such model), "unsupported" (the engine cannot honour a part of the request),
    "too_long" (the prompt does not fit the context), "invalid" (a response format, grammar
    or tool definition that cannot be used), "" for anything else.
    """

    message: str
    text: str = ""
    code: str = ""


Event = Token | Progress | Done | Error


class CancelToken:
    """Set from any thread to stop a reply: between tokens, between prompt-processing
    batches, or while it waits for its turn on the engine.

    ``reason`` says who stopped it: ``"user"`` (Stop, Esc, Ctrl-C) or ``"closed"``
    (Hearth is quitting), so the saved reply is labelled by what really happened.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason: Literal["user", "closed"] = "user"

    def cancel(self, reason: Literal["user", "closed"] = "user") -> None:
        if not self._event.is_set():
            self.reason = reason
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds; True as soon as the reply is cancelled."""
        return self._event.wait(timeout)


@dataclass(frozen=True)
class Capabilities:
    chat: bool = True
    embed: bool = False
    stream: bool = True
    prefix_cache: bool = False
    in_process: bool = False
    #: takes image parts (vision-language models)
    vision: bool = False
    #: honours ``ChatParams.response_format`` JSON / JSON schema (constrained decoding)
    structured_output: bool = False
    #: honours a raw grammar (``{"type": "grammar", "grammar": GBNF}``) too
    grammar: bool = False
    #: takes tool definitions and returns tool calls
    tools: bool = False
    #: continues raw text with no chat template (``ChatParams.prompt``)
    text_completion: bool = False


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
