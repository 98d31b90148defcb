"""Chat templates: rendered in Jinja's sandbox with bounded time and output.

Where the prompt comes from, in order:
1. the template in the GGUF's metadata (``tokenizer.chat_template``);
2. a known template for the file's chat format, recognised by its special tokens or
   architecture (the gemma3-270m base model ships none, but has ``<start_of_turn>``);
3. plain completion: the conversation as plain text, and the UI says so.

A template is untrusted code from a downloaded file. The sandbox blocks attribute tricks
(``__class__``, ``__globals__``...), a trace function stops rendering past a deadline,
and output and string repetition are capped, so a hostile template can neither escape
nor hang Hearth.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2 import TemplateError
from jinja2.exceptions import SecurityError
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

from app.engines.base import Message
from app.models.gguf_meta import GGUFInfo

MAX_OUTPUT_CHARS = 4_000_000
MAX_RENDER_S = 2.0

CHATML = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + "
    "message['content'] + '<|im_end|>\\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
GEMMA = (
    "{{ bos_token }}{% set system = '' %}"
    "{% if messages and messages[0]['role'] == 'system' %}"
    "{% set system = messages[0]['content'] + '\\n\\n' %}{% set messages = messages[1:] %}"
    "{% endif %}"
    "{% for message in messages %}"
    "{% set role = 'model' if message['role'] == 'assistant' else message['role'] %}"
    "{{ '<start_of_turn>' + role + '\\n' + (system if loop.first else '') + "
    "message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}"
)
LLAMA3 = (
    "{{ bos_token }}{% for message in messages %}"
    "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + "
    "message['content'] | trim + '<|eot_id|>' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}"
    "{% endif %}"
)
PHI3 = (
    "{% for message in messages %}{{ '<|' + message['role'] + '|>\\n' + message['content'] + "
    "'<|end|>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}"
)

#: (name, template, stop strings); chosen by the marker tokens a vocabulary contains
KNOWN_FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "chatml": (CHATML, ("<|im_end|>",)),
    "gemma": (GEMMA, ("<end_of_turn>",)),
    "llama3": (LLAMA3, ("<|eot_id|>",)),
    "phi3": (PHI3, ("<|end|>",)),
}
_FORMAT_BY_MARKER = {
    "<start_of_turn>": "gemma",
    "<|start_header_id|>": "llama3",
    "<|im_start|>": "chatml",
    "<|end|>": "phi3",
}
_FORMAT_BY_ARCH = {"gemma": "gemma", "gemma2": "gemma", "gemma3": "gemma", "qwen2": "chatml",
                   "qwen3": "chatml", "phi3": "phi3"}


class TemplateRenderError(Exception):
    """The chat template could not be rendered safely; the message says why."""


class _BoundedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox plus a cap on ``*`` so ``'x' * 10**9`` cannot allocate."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int) and abs(right) > 64:
                raise SecurityError("exponent too large in chat template")
            return left**right
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(count, int):
                if len(seq) * count > MAX_OUTPUT_CHARS:
                    raise SecurityError("chat template tried to build a huge string")
        return left * right


def _raise_exception(message: str) -> None:
    raise TemplateError(message)


def _environment() -> _BoundedEnvironment:
    env = _BoundedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.globals["raise_exception"] = _raise_exception
    env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
    env.filters["tojson"] = lambda value, indent=None: json.dumps(
        value, ensure_ascii=False, indent=indent)
    return env


class _Deadline:
    """A trace function that aborts rendering once ``limit_s`` has passed."""

    def __init__(self, limit_s: float) -> None:
        self.end = time.monotonic() + limit_s
        self.events = 0

    def __call__(self, frame: Any, event: str, arg: Any) -> Any:
        self.events += 1
        if self.events % 256 == 0 and time.monotonic() > self.end:
            raise TemplateRenderError("the chat template took too long to render")
        return self


@dataclass(frozen=True)
class ChatFormat:
    """How to turn messages into a prompt for one model."""

    name: str
    source: str  # "metadata", "known" or "none"
    template: str | None
    stop: tuple[str, ...] = ()
    bos_token: str = ""
    eos_token: str = ""

    @property
    def is_chat(self) -> bool:
        return self.template is not None

    def describe(self) -> str:
        if self.source == "metadata":
            return "chat template from the model file"
        if self.source == "known":
            return f"the model file has no chat template; using the standard {self.name} format"
        return ("the model file has no chat template and its format is unknown: "
                "plain text completion (replies may ramble; an instruction-tuned model works better)")

    def render(self, messages: Sequence[Message], add_generation_prompt: bool = True,
               limit_s: float = MAX_RENDER_S, tools: Sequence[dict] | None = None) -> str:
        """The prompt text for ``messages``; ``tools`` (OpenAI function entries) reach a
        template that renders them."""
        if self.template is None:
            return render_plain(messages)
        return render_template(self.template, messages, add_generation_prompt=add_generation_prompt,
                               bos_token=self.bos_token, eos_token=self.eos_token, limit_s=limit_s,
                               tools=tools)


@functools.lru_cache(maxsize=16)
def _compile(template: str) -> Any:
    try:
        return _environment().from_string(template)
    except TemplateError as exc:
        raise TemplateRenderError(f"the chat template does not parse: {exc}") from exc


def render_template(template: str, messages: Sequence[Message], *, add_generation_prompt: bool,
                    bos_token: str = "", eos_token: str = "", limit_s: float = MAX_RENDER_S,
                    tools: Sequence[dict] | None = None) -> str:
    """Render a chat template in the sandbox; raises TemplateRenderError on any problem."""
    compiled = _compile(template)
    data = [{"role": m.role, "content": m.content} for m in messages]
    pieces: list[str] = []
    size = 0
    previous = sys.gettrace()
    sys.settrace(_Deadline(limit_s))
    try:
        for piece in compiled.generate(messages=data, add_generation_prompt=add_generation_prompt,
                                       bos_token=bos_token, eos_token=eos_token,
                                       tools=list(tools) if tools else None):
            size += len(piece)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateRenderError("the chat template produced far too much text")
            pieces.append(piece)
    except SecurityError as exc:
        raise TemplateRenderError(
            f"the chat template tried to do something unsafe and was stopped ({exc})") from exc
    except TemplateRenderError:
        raise
    except (TemplateError, TypeError, ValueError, KeyError, IndexError, AttributeError,
            RecursionError, OverflowError, MemoryError) as exc:
        raise TemplateRenderError(f"the chat template failed: {exc}") from exc
    finally:
        sys.settrace(previous)
    return "".join(pieces)


def render_plain(messages: Sequence[Message]) -> str:
    """Plain completion: the conversation as text, ending where the reply should start."""
    lines = []
    for message in messages:
        if message.role == "system":
            lines.append(message.content.strip())
        elif message.role == "user":
            lines.append(f"User: {message.content.strip()}")
        elif message.role == "tool":
            lines.append(f"Tool: {message.content.strip()}")
        else:
            lines.append(f"Assistant: {message.content.strip()}")
    lines.append("Assistant:")
    return "\n\n".join(lines)


PLAIN_STOP = ("\nUser:", "\n\nUser:")


def chat_format_for(info: GGUFInfo) -> ChatFormat:
    """Choose the prompt format for a model: its own template, a known one, or plain text."""
    if info.chat_template:
        return ChatFormat("metadata", "metadata", info.chat_template,
                          stop=tuple(s for s in (info.eos_token,) if s),
                          bos_token=info.bos_token, eos_token=info.eos_token)
    name = next((_FORMAT_BY_MARKER[m] for m in _FORMAT_BY_MARKER if m in info.marker_tokens),
                _FORMAT_BY_ARCH.get(info.architecture))
    if name:
        template, stop = KNOWN_FORMATS[name]
        return ChatFormat(name, "known", template, stop=stop, bos_token=info.bos_token,
                          eos_token=info.eos_token)
    return ChatFormat("plain", "none", None, stop=PLAIN_STOP, bos_token=info.bos_token,
                      eos_token=info.eos_token)


SAMPLE_CONVERSATION = (
    Message("system", "You are a helpful assistant."),
    Message("user", "Hello!"),
    Message("assistant", "Hi! How can I help?"),
    Message("user", "What is 2 + 2?"),
)
