"""One OpenAI-compatible client for every worker (vLLM, LMDeploy, TensorRT-LLM,
llama-cpp-python's server) and every remote endpoint, built on the official ``openai``
package: streaming chat, embeddings, the model list, and cancel.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
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
    LoadParams,
    LoadReport,
    Message,
    ModelLoadError,
    ModelRef,
    ReplyStats,
    Token,
)

#: A key is required by the client library; local workers ignore it.
NO_KEY = "not-needed"


class OpenAIEngine:
    """The :class:`~app.engines.base.Engine` for any server speaking the OpenAI API."""

    capabilities = Capabilities(chat=True, embed=True, stream=True)

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
        first: float | None = None
        usage: Any = None
        finish = "stop"
        try:
            stream = self._client.chat.completions.create(**self._request(messages, params))
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
                        if choice.finish_reason:
                            finish = "length" if choice.finish_reason == "length" else "stop"
        except (openai.APIError, httpx.HTTPError) as exc:
            yield Error(describe_error(exc, self.base_url), text="".join(pieces))
            return
        yield Done("".join(pieces), _stats(start, first, pieces, usage, finish))

    def _request(self, messages: Sequence[Message], params: ChatParams) -> dict[str, Any]:
        request: dict[str, Any] = {
            "model": self.model or "",
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "temperature": params.temperature, "top_p": params.top_p,
            "max_tokens": params.max_tokens, "stream": True,
            "stream_options": {"include_usage": True},
        }
        if params.seed is not None:
            request["seed"] = params.seed
        if params.stop:
            request["stop"] = list(params.stop)
        return request

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text, in order."""
        try:
            result = self._client.embeddings.create(model=self.model or "", input=list(texts))
        except openai.APIError as exc:
            raise EngineError(describe_error(exc, self.base_url)) from exc
        return [list(item.embedding) for item in sorted(result.data, key=lambda d: d.index)]

    def close(self) -> None:
        self._client.close()


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
