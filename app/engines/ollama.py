"""Ollama as an engine, through the official ``ollama`` client.

The daemon is found where ``OLLAMA_HOST`` says (the client's own default otherwise,
http://127.0.0.1:11434). Ollama measures its own work, so Hearth reports Ollama's
numbers: ``load_duration`` is the cold start, ``prompt_eval_*`` and ``eval_*`` give time to
first token and tokens/s (all durations arrive in nanoseconds).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import httpx
import ollama

from app.engines.base import (
    CancelToken,
    Capabilities,
    ChatParams,
    Done,
    EngineError,
    Error,
    Event,
    ImagePart,
    LoadParams,
    LoadReport,
    Message,
    ModelLoadError,
    ModelRef,
    ReplyStats,
    Token,
    ToolCallPart,
    ToolResultPart,
)
from app.engines.structured import OutputFormat, new_call_id, parse_tool_choice, parse_tools
from app.engines.wire import prepare
from app.i18n import _
from app.media.images import ImageError

NS = 1e9
DEFAULT_HOST = "http://127.0.0.1:11434"


def ollama_host() -> str:
    """Where the daemon is expected: ``OLLAMA_HOST`` or Ollama's default."""
    host = os.environ.get("OLLAMA_HOST", "").strip()
    if not host:
        return DEFAULT_HOST
    if "://" not in host:
        host = f"http://{host}"
    if host.count(":") < 2:
        host += ":11434"
    return host


@dataclass(frozen=True)
class OllamaStatus:
    """Whether the daemon answered, its version, and the models it has."""

    host: str
    version: str | None
    models: tuple[str, ...] = ()
    error: str | None = None

    @property
    def running(self) -> bool:
        return self.version is not None


def detect(host: str | None = None, timeout_s: float = 2.0) -> OllamaStatus:
    """Ask the daemon for its version and model list; never raises."""
    host = host or ollama_host()
    client = ollama.Client(host=host, timeout=timeout_s)
    try:
        answer = httpx.get(f"{host}/api/version", timeout=timeout_s)
        answer.raise_for_status()
        version = answer.json().get("version")
        models = tuple(m.model or "" for m in client.list().models)
    except (httpx.ConnectError, ConnectionError):
        return OllamaStatus(host, None, error=f"Ollama is not running at {host}: start the "
                            "Ollama app (or 'ollama serve'), or set OLLAMA_HOST to where it runs")
    except (ollama.ResponseError, httpx.HTTPError, ValueError) as exc:
        return OllamaStatus(host, None, error=f"Ollama at {host} did not answer as Ollama "
                            f"does ({exc})")
    return OllamaStatus(host, version, models)


#: host -> (monotonic time of the answer, the answer), for :func:`daemon_status`
_answers: dict[str, tuple[float, OllamaStatus]] = {}
_answers_lock = threading.Lock()


def daemon_status(host: str | None = None, timeout_s: float = 0.5,
                  max_age_s: float = 10.0) -> OllamaStatus:
    """Whether the daemon answers, asked at most once per ``max_age_s`` per host.

    A quick local check for choosing an engine: a short timeout, and the answer kept
    briefly so that loads and chat turns close together do not each pay for it.
    """
    host = host or ollama_host()
    now = time.monotonic()
    with _answers_lock:
        kept = _answers.get(host)
    if kept is not None and now - kept[0] < max_age_s:
        return kept[1]
    status = detect(host, timeout_s)
    with _answers_lock:
        _answers[host] = (time.monotonic(), status)
    return status


def forget_daemon_status() -> None:
    """Drop the kept answers (the user started or stopped Ollama, or tests)."""
    with _answers_lock:
        _answers.clear()


class OllamaEngine:
    """The :class:`~app.engines.base.Engine` for a model that lives in Ollama."""

    name = "ollama"
    #: ``format`` takes "json" or a JSON schema; tools pass through (Ollama parses the
    #: model's calls); no raw grammars. ``vision`` is the loaded model's: set by
    #: :meth:`load` from what ``/api/show`` says the model can do.
    capabilities = Capabilities(chat=True, embed=True, stream=True, prefix_cache=True,
                                structured_output=True, tools=True)

    def __init__(self, host: str | None = None, keep_alive: str | float = "5m",
                 timeout_s: float = 600.0) -> None:
        self.host = host or ollama_host()
        self.keep_alive = keep_alive
        self.model: str | None = None
        self.num_ctx: int | None = None
        self._client = ollama.Client(host=self.host, timeout=timeout_s)

    def load(self, model: ModelRef, params: LoadParams | None = None) -> LoadReport:
        """Ask Ollama to load ``model.name`` now and keep it for ``keep_alive``."""
        start = time.perf_counter()
        self.num_ctx = params.n_ctx if params else None
        sees = self.sees(model.name)  # asked first: /api/show does not load the model
        try:
            reply = self._client.generate(model=model.name, prompt="", keep_alive=self.keep_alive,
                                          options=self._options(None))
        except ollama.ResponseError as exc:
            raise ModelLoadError(self._explain(exc, model.name)) from exc
        except (httpx.HTTPError, ConnectionError) as exc:
            raise ModelLoadError(f"Ollama is not running at {self.host}: start it "
                                 f"('ollama serve') or set OLLAMA_HOST. ({exc})") from exc
        self.model = model.name
        self.capabilities = replace(OllamaEngine.capabilities, vision=sees is True)
        load_s = (reply.load_duration or 0) / NS
        return LoadReport(model=model.name, engine=self.name, device="ollama",
                          ready_s=time.perf_counter() - start, load_s=load_s,
                          context_length=self.num_ctx,
                          notes=[f"Ollama at {self.host}", f"keep_alive {self.keep_alive}"])

    def sees(self, name: str) -> bool | None:
        """Whether Ollama's model ``name`` takes images, from ``/api/show``'s
        ``capabilities`` (["completion", "vision", ...]); None when the daemon cannot say
        (not running, no such model)."""
        try:
            shown = self._client.show(name)
        except (ollama.ResponseError, httpx.HTTPError, ConnectionError):
            return None
        return vision_of(shown)

    def _options(self, params: ChatParams | None) -> dict[str, Any]:
        options: dict[str, Any] = {}
        if self.num_ctx:
            options["num_ctx"] = self.num_ctx
        if params is not None:
            options.update(temperature=params.temperature, top_p=params.top_p,
                           num_predict=params.max_tokens)
            if params.seed is not None:
                options["seed"] = params.seed
            if params.stop:
                options["stop"] = list(params.stop)
        return options

    def chat(self, messages: Sequence[Message], params: ChatParams | None = None,
             cancel: CancelToken | None = None) -> Iterator[Event]:
        """Stream the reply; Ollama's final chunk carries its own timings."""
        if self.model is None:
            yield Error("No Ollama model is loaded; choose a model first.")
            return
        params = params or ChatParams()
        start = time.perf_counter()
        pieces: list[str] = []
        calls: list[ToolCallPart] = []
        try:
            prepared = prepare(messages)
        except ImageError as exc:
            yield Error(str(exc))
            return
        try:
            stream = self._client.chat(
                model=self.model, messages=ollama_messages(prepared.messages), stream=True,
                keep_alive=self.keep_alive, options=self._options(params),
                **structured_fields(params))
            for chunk in stream:
                if cancel is not None and cancel.cancelled:
                    getattr(stream, "close", lambda: None)()  # a generator: closes the HTTP stream
                    yield Done("".join(pieces), _wall_stats(start, pieces, "cancelled"),
                               tuple(calls))
                    return
                text = chunk.message.content if chunk.message else ""
                if text:
                    pieces.append(text)
                    yield Token(text)
                calls += calls_of(chunk.message)
                if chunk.done:
                    stats = stats_from_ollama(chunk, start)
                    stats.image_prep_s = prepared.seconds
                    if calls and stats.finish_reason == "stop":
                        stats.finish_reason = "tool_calls"
                    yield Done("".join(pieces), stats, tuple(calls))
                    return
        except ollama.ResponseError as exc:
            yield Error(self._explain(exc, self.model), text="".join(pieces))
            return
        except (httpx.HTTPError, ConnectionError) as exc:
            yield Error(f"Lost the connection to Ollama at {self.host} ({exc}).",
                        text="".join(pieces))
            return
        yield Error("Ollama ended the reply without its final message.", text="".join(pieces))

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text, through /api/embed."""
        if self.model is None:
            raise EngineError("No Ollama model is loaded; choose an embedding model first.")
        try:
            reply = self._client.embed(model=self.model, input=list(texts),
                                       keep_alive=self.keep_alive)
        except ollama.ResponseError as exc:
            raise EngineError(self._explain(exc, self.model)) from exc
        return [list(vector) for vector in reply.embeddings]

    def running(self) -> list[dict[str, Any]]:
        """Models Ollama holds in memory now (/api/ps)."""
        return [m.model_dump() for m in self._client.ps().models]

    def unload(self) -> None:
        """Ask Ollama to free the model now (keep_alive 0)."""
        if self.model:
            self._client.generate(model=self.model, prompt="", keep_alive=0)

    def close(self) -> None:
        self._client._client.close()

    def _explain(self, exc: ollama.ResponseError, name: str) -> str:
        if exc.status_code == 404:
            return (f"Ollama has no model named {name!r}. Pull it first "
                    f"('ollama pull {name}') or choose one from 'ollama list'.")
        if "image input" in str(exc.error):
            return _("{model} in Ollama cannot read images. Remove the image, or choose a "
                     "vision model (for example gemma3:4b or qwen2.5vl:3b).").format(model=name)
        return f"Ollama answered {exc.status_code}: {exc.error}"


def vision_of(shown: Any) -> bool:
    """Whether an ``/api/show`` answer is a model that takes images: ``capabilities``
    names "vision" (Ollama 0.6.4 and later); for an older daemon that does not send
    capabilities, its details name a vision encoder family ("clip", "mllama") or its
    model info has vision keys."""
    capabilities = getattr(shown, "capabilities", None)
    if capabilities is not None:
        return "vision" in capabilities
    details = getattr(shown, "details", None)
    families = set(getattr(details, "families", None) or ())
    info = getattr(shown, "modelinfo", None) or {}
    return bool(families & {"clip", "mllama"}) or any(".vision." in key for key in info)


def show_sees(name: str, host: str | None = None, timeout_s: float = 2.0) -> bool | None:
    """Whether Ollama's model ``name`` takes images (``/api/show``), asked of the daemon
    at ``host`` (``OLLAMA_HOST``'s by default); None when it cannot say (not running, no
    such model)."""
    client = ollama.Client(host=host or ollama_host(), timeout=timeout_s)
    try:
        return vision_of(client.show(name))
    except (ollama.ResponseError, httpx.HTTPError, ConnectionError):
        return None
    finally:
        client._client.close()


def structured_fields(params: ChatParams) -> dict[str, Any]:
    """Ollama's ``format`` ("json" or the JSON schema) and ``tools`` for ``params``.

    Ollama has no ``tool_choice``: "none" sends no tools and a named tool sends only that
    tool; "required" cannot be enforced, so the model may still answer in text."""
    fields: dict[str, Any] = {}
    fmt = OutputFormat.parse(params.response_format)
    if fmt.kind == "json":
        fields["format"] = "json"
    elif fmt.kind == "json_schema":
        fields["format"] = fmt.schema
    tools = parse_tools(params.tools)
    choice = parse_tool_choice(params.tool_choice, tools)
    if tools and choice != "none":
        fields["tools"] = [t.openai() for t in tools
                           if choice in ("auto", "required") or t.name == choice]
    return fields


def ollama_messages(messages: Sequence[Message]) -> list[dict[str, Any]]:
    """Hearth's messages in Ollama's shape: a message's images as ``images`` (base64 of
    the bytes), an assistant's calls as ``tool_calls`` (with ``arguments`` an object),
    each tool result as a ``tool`` message naming its tool."""
    names = {p.id: p.name for m in messages for p in m.parts if isinstance(p, ToolCallPart)}
    out: list[dict[str, Any]] = []
    for m in messages:
        calls = [p for p in m.parts if isinstance(p, ToolCallPart)]
        results = [p for p in m.parts if isinstance(p, ToolResultPart)]
        if results:
            out += [{"role": "tool", "content": r.content, "tool_name": names.get(r.call_id, "")}
                    for r in results]
            continue
        item: dict[str, Any] = {"role": m.role, "content": m.content}
        images = [p.base64() for p in m.parts if isinstance(p, ImagePart)]
        if images:
            item["images"] = images
        if calls:
            item["tool_calls"] = [{"function": {"name": c.name,
                                                "arguments": _arguments(c.arguments)}}
                                  for c in calls]
        out.append(item)
    return out


def _arguments(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def calls_of(message: Any) -> list[ToolCallPart]:
    """The tool calls in one of Ollama's reply chunks, with ids of Hearth's own (Ollama's
    calls have none)."""
    return [ToolCallPart(new_call_id(), call.function.name,
                         json.dumps(dict(call.function.arguments or {}), ensure_ascii=False))
            for call in (getattr(message, "tool_calls", None) or ())]


def stats_from_ollama(final: Any, start: float) -> ReplyStats:
    """Hearth's reply timings from Ollama's final chunk (durations in ns)."""
    prompt_s = ((final.load_duration or 0) + (final.prompt_eval_duration or 0)) / NS
    eval_count = final.eval_count or 0
    eval_s = (final.eval_duration or 0) / NS
    reason: Literal["stop", "length"] = "length" if final.done_reason == "length" else "stop"
    return ReplyStats(
        ttft_s=prompt_s if final.prompt_eval_duration is not None else None,
        tok_s=eval_count / eval_s if eval_s > 0 else None,
        prompt_tokens=final.prompt_eval_count or 0, cached_tokens=0,
        completion_tokens=eval_count,
        total_s=(final.total_duration or 0) / NS or time.perf_counter() - start,
        finish_reason=reason)


def _wall_stats(start: float, pieces: list[str], reason: str) -> ReplyStats:
    return ReplyStats(ttft_s=None, tok_s=None, prompt_tokens=0, cached_tokens=0,
                      completion_tokens=len(pieces), total_s=time.perf_counter() - start,
                      finish_reason=reason)  # type: ignore[arg-type]
