"""One OpenAI-compatible client for every worker (vLLM, LMDeploy, TensorRT-LLM,
llama-cpp-python's server) and every remote endpoint, built on the official ``openai``
package: streaming chat, embeddings, the model list, and cancel.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import openai

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
    TextPart,
    Token,
    ToolCallPart,
    ToolResultPart,
)
from app.engines.structured import OutputFormat, new_call_id, parse_tool_choice, parse_tools
from app.engines.wire import prepare
from app.media.images import ImageError

#: A key is required by the client library; local workers ignore it.
NO_KEY = "not-needed"


class OpenAIEngine:
    """The :class:`~app.engines.base.Engine` for any server speaking the OpenAI API.

    ``response_format``, ``tools`` and ``tool_choice`` pass through as OpenAI defines
    them (the server constrains and parses); streamed ``delta.tool_calls`` are gathered
    into ``Done.tool_calls``. A raw grammar has no OpenAI field: a subclass for a server
    that takes one says how (:meth:`grammar_fields`) and declares ``grammar``.

    Images go as ``image_url`` parts with data URLs. Whether the model sees is not known
    here: a remote endpoint is given the images and its own error is shown if its model
    refuses them; a worker (:class:`~app.engines.workers.WorkerEngine`) knows from the
    model's card and refuses before sending.
    """

    capabilities = Capabilities(chat=True, embed=True, stream=True, structured_output=True,
                                tools=True, vision=True)

    def __init__(self, base_url: str, api_key: str | None = None, *, name: str = "remote",
                 model: str | None = None, timeout_s: float = 600.0, max_retries: int = 0,
                 device: str = "remote") -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.device = device
        self._client = openai.OpenAI(
            base_url=self.base_url, api_key=api_key or NO_KEY, max_retries=max_retries,
            timeout=httpx.Timeout(timeout_s, connect=5.0))

    def models(self) -> list[str]:
        """The model ids the server offers."""
        try:
            return [model.id for model in self._client.models.list()]
        except openai.APIError as exc:
            raise EngineError(describe_error(exc, self.base_url)) from exc

    def load(self, model: ModelRef, params: LoadParams | None = None) -> LoadReport:
        """Check the server answers and offers ``model.name`` (or take its only model)."""
        start = time.perf_counter()
        offered = self.models()
        if model.name in offered:
            self.model = model.name
        elif len(offered) == 1 and model.path is not None:
            self.model = offered[0]  # a worker started for that file, under its own name
        else:
            raise ModelLoadError(
                f"{self.base_url} does not offer the model {model.name!r}; it offers: "
                f"{', '.join(offered) or 'nothing'}. Choose one of those names.")
        return LoadReport(model=self.model or model.name, engine=self.name, device=self.device,
                          ready_s=time.perf_counter() - start)

    def chat(self, messages: Sequence[Message], params: ChatParams | None = None,
             cancel: CancelToken | None = None) -> Iterator[Event]:
        """Stream a reply; stops between chunks when ``cancel`` is set (closing the
        connection, which makes vLLM and the others abort the request)."""
        params = params or ChatParams()
        start = time.perf_counter()
        pieces: list[str] = []
        calls = StreamedCalls()
        first: float | None = None
        usage: Any = None
        finish = "stop"
        try:
            prepared = prepare(messages)
        except ImageError as exc:
            yield Error(str(exc))
            return
        try:
            stream = self._client.chat.completions.create(
                **self._request(prepared.messages, params))
            with stream:
                for chunk in stream:
                    if cancel is not None and cancel.cancelled:
                        finish = "cancelled"
                        break
                    usage = chunk.usage or usage
                    for choice in chunk.choices:
                        text = choice.delta.content if choice.delta else None
                        if text:
                            first = first or time.perf_counter()
                            pieces.append(text)
                            yield Token(text)
                        if choice.delta and choice.delta.tool_calls:
                            first = first or time.perf_counter()
                            calls.add(choice.delta.tool_calls)
                        if choice.finish_reason:
                            finish = {"length": "length", "tool_calls": "tool_calls"}.get(
                                choice.finish_reason, "stop")
        except (openai.APIError, httpx.HTTPError) as exc:
            yield Error(describe_error(exc, self.base_url), text="".join(pieces))
            return
        done_calls = calls.parts()
        if done_calls and finish == "stop":
            finish = "tool_calls"  # a server that ends a named call with "stop" (vLLM)
        stats = _stats(start, first, pieces, usage, finish)
        stats.image_prep_s = prepared.seconds
        yield Done("".join(pieces), stats, done_calls)

    def _request(self, messages: Sequence[Message], params: ChatParams) -> dict[str, Any]:
        request: dict[str, Any] = {
            "model": self.model or "",
            "messages": openai_messages(messages),
            "temperature": params.temperature, "top_p": params.top_p,
            "max_tokens": params.max_tokens, "stream": True,
            "stream_options": {"include_usage": True},
        }
        if params.seed is not None:
            request["seed"] = params.seed
        if params.stop:
            request["stop"] = list(params.stop)
        return {**request, **self._structured(params)}

    def _structured(self, params: ChatParams) -> dict[str, Any]:
        """``response_format`` / the server's grammar field, ``tools`` and ``tool_choice``."""
        fields: dict[str, Any] = {}
        fmt = OutputFormat.parse(params.response_format)
        if fmt.kind == "grammar":
            assert fmt.grammar is not None
            fields["extra_body"] = self.grammar_fields(fmt.grammar)
        elif fmt.constrained:
            fields["response_format"] = fmt.response_format()
        tools = parse_tools(params.tools)
        if tools:
            choice = parse_tool_choice(params.tool_choice, tools)
            fields["tools"] = [t.openai() for t in tools]
            fields["tool_choice"] = choice if choice in ("auto", "none", "required") else {
                "type": "function", "function": {"name": choice}}
        return fields

    def grammar_fields(self, grammar: str) -> dict[str, Any]:
        """The request fields that constrain a reply to a GBNF ``grammar`` (only servers
        whose capabilities say ``grammar`` are given one)."""
        raise EngineError(f"{self.name} cannot follow a grammar.")

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text, in order."""
        try:
            result = self._client.embeddings.create(model=self.model or "", input=list(texts))
        except openai.APIError as exc:
            raise EngineError(describe_error(exc, self.base_url)) from exc
        return [list(item.embedding) for item in sorted(result.data, key=lambda d: d.index)]

    def close(self) -> None:
        self._client.close()


class VllmEngine(OpenAIEngine):
    """vLLM's server: a grammar goes as ``structured_outputs.grammar`` (vLLM 0.12 removed
    the older ``guided_grammar``)."""

    capabilities = Capabilities(chat=True, embed=True, stream=True, structured_output=True,
                                grammar=True, tools=True, vision=True)

    def grammar_fields(self, grammar: str) -> dict[str, Any]:
        return {"structured_outputs": {"grammar": grammar}}


class SGLangEngine(OpenAIEngine):
    """SGLang's server: a grammar goes as ``ebnf`` (its default backend, XGrammar, reads
    GBNF)."""

    capabilities = Capabilities(chat=True, embed=True, stream=True, structured_output=True,
                                grammar=True, tools=True, vision=True)

    def grammar_fields(self, grammar: str) -> dict[str, Any]:
        return {"ebnf": grammar}


def openai_messages(messages: Sequence[Message]) -> list[dict[str, Any]]:
    """Hearth's messages in OpenAI's shape: a message with images as content parts (text
    parts and ``image_url`` parts with data URLs, in the message's order; text-only
    content stays a plain string), an assistant's calls as ``tool_calls``, each tool result as a ``tool``
    message with its ``tool_call_id``."""
    out: list[dict[str, Any]] = []
    for m in messages:
        calls = [p for p in m.parts if isinstance(p, ToolCallPart)]
        results = [p for p in m.parts if isinstance(p, ToolResultPart)]
        if results:
            out += [{"role": "tool", "tool_call_id": r.call_id, "content": r.content}
                    for r in results]
            continue
        item: dict[str, Any] = {"role": m.role, "content": content_of(m)}
        if calls:
            item["content"] = m.content or None
            item["tool_calls"] = [{"id": c.id, "type": "function", "function": {
                "name": c.name, "arguments": c.arguments}} for c in calls]
        out.append(item)
    return out


def content_of(message: Message) -> str | list[dict[str, Any]]:
    """A message's OpenAI ``content``: its text, or for a message with images its parts in
    order (text parts and ``image_url`` parts)."""
    if not message.has_images:
        return message.content
    parts: list[dict[str, Any]] = []
    for part in message.parts:
        if isinstance(part, ImagePart):
            parts.append({"type": "image_url", "image_url": {"url": part.data_url()}})
        elif isinstance(part, TextPart) and part.text:
            parts.append({"type": "text", "text": part.text})
    return parts


@dataclass
class StreamedCalls:
    """Tool calls gathered from streamed ``delta.tool_calls``: each has an ``index``; the
    first piece brings the id and name, the rest append to the arguments."""

    calls: dict[int, dict[str, str]] = field(default_factory=dict)

    def add(self, deltas: Sequence[Any]) -> None:
        for delta in deltas:
            call = self.calls.setdefault(delta.index, {"id": "", "name": "", "arguments": ""})
            call["id"] = delta.id or call["id"]
            function = delta.function
            if function is not None:
                call["name"] = function.name or call["name"]
                call["arguments"] += function.arguments or ""

    def parts(self) -> tuple[ToolCallPart, ...]:
        return tuple(ToolCallPart(c["id"] or new_call_id(), c["name"],
                                  c["arguments"].strip() or "{}")
                     for _, c in sorted(self.calls.items()) if c["name"])


def _stats(start: float, first: float | None, pieces: list[str], usage: Any,
           finish: str) -> ReplyStats:
    end = time.perf_counter()
    completion = usage.completion_tokens if usage else len(pieces)
    details = getattr(usage, "prompt_tokens_details", None) if usage else None
    decode_s = end - first if first else 0.0
    return ReplyStats(
        ttft_s=None if first is None else first - start,
        tok_s=(completion - 1) / decode_s if decode_s > 0 and completion > 1 else None,
        prompt_tokens=usage.prompt_tokens if usage else 0,
        cached_tokens=(getattr(details, "cached_tokens", 0) or 0) if details else 0,
        completion_tokens=completion, total_s=end - start,
        finish_reason=finish)  # type: ignore[arg-type]


def describe_error(exc: Exception, base_url: str) -> str:
    """A sentence the user can act on, from an ``openai`` or ``httpx`` exception."""
    if isinstance(exc, openai.AuthenticationError):
        return f"{base_url} refused the API key (401). Check the key in the endpoint's settings."
    if isinstance(exc, openai.NotFoundError):
        return f"{base_url} answered 404: the model name or the URL is wrong ({_body(exc)})."
    if isinstance(exc, openai.RateLimitError):
        return f"{base_url} is rate-limiting requests (429). Wait a moment and try again."
    if isinstance(exc, openai.APITimeoutError):
        return f"{base_url} did not answer in time. Is the server overloaded?"
    if isinstance(exc, openai.APIStatusError):
        return f"{base_url} answered {exc.status_code}: {_body(exc)}"
    if isinstance(exc, openai.APIConnectionError | httpx.TransportError):
        cause = exc.__cause__ or exc
        return (f"Lost the connection to {base_url} ({type(cause).__name__}: {cause}). "
                "The server stopped or is unreachable.")
    return f"{base_url}: {exc}"


def _body(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        body = body.get("message") or body.get("detail") or body
    return str(body)[:300]
