"""OpenAI's API, translated onto Hearth's services: ``/v1/models``, ``/v1/chat/completions``,
``/v1/completions``, ``/v1/embeddings``.

Fields follow OpenAI's published reference so the official client works unchanged; what
Hearth cannot honour is refused with OpenAI's error shape and a sentence saying what to
change, never silently ignored. Images come as ``image_url`` parts with data URLs, read
through the images door (a web address is refused: Hearth fetches nothing). Extra request
field ``collections`` (or the model name ``hearth-kb/<collection>``) asks the knowledge
base; the answer then carries ``citations``.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal

import numpy as np
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, ValidationError
from sse_starlette import EventSourceResponse

from app.engines.base import (
    CompletionRequest,
    Done,
    Error,
    ImagePart,
    Message,
    Part,
    ReplyStats,
    Sampling,
    TextPart,
    Token,
    ToolCallPart,
    ToolResultPart,
)
from app.server.runs import ApiError, Run, citations_field, collect, start, timing_of
from app.services.completion import Citations
from app.services.images import ImageError, from_data_url
from app.services.serving import ApiService, ModelNotFoundError

router = APIRouter()

FINISH = {"stop": "stop", "length": "length", "cancelled": "stop", "error": "stop",
          "tool_calls": "tool_calls"}


class ChatBody(BaseModel):
    """``POST /v1/chat/completions``: the fields Hearth reads (others are accepted)."""

    model_config = ConfigDict(extra="allow")

    model: str = ""
    messages: list[dict[str, Any]]
    stream: bool = False
    stream_options: dict[str, Any] | None = None
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    seed: int | None = None
    stop: str | list[str] | None = None
    n: int | None = None
    response_format: dict[str, Any] | None = None
    tools: list[dict[str, Any]] | None = None
    tool_choice: str | dict[str, Any] | None = None
    parallel_tool_calls: bool | None = None
    #: llama-server's extra fields: a GBNF grammar, or a bare JSON schema
    grammar: str | None = None
    json_schema: dict[str, Any] | None = None
    collections: list[str] | None = None


class CompletionBody(BaseModel):
    """``POST /v1/completions`` (raw text, no chat template)."""

    model_config = ConfigDict(extra="allow")

    model: str = ""
    prompt: str | list[str]
    stream: bool = False
    stream_options: dict[str, Any] | None = None
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    seed: int | None = None
    stop: str | list[str] | None = None
    n: int | None = None
    echo: bool = False
    suffix: str | None = None


class EmbeddingBody(BaseModel):
    """``POST /v1/embeddings``."""

    model_config = ConfigDict(extra="allow")

    model: str
    input: str | list[str] | list[int] | list[list[int]]
    encoding_format: Literal["float", "base64"] = "float"
    dimensions: int | None = None


# translation -------------------------------------------------------------------------


def parts_of(content: Any) -> tuple[Part, ...]:
    """OpenAI message content (a string or a list of parts) as Hearth's parts."""
    if content is None:
        return ()
    if isinstance(content, str):
        return (TextPart(content),) if content else ()
    parts: list[Part] = []
    for item in content:
        kind = item.get("type") if isinstance(item, dict) else None
        if kind == "text":
            parts.append(TextPart(str(item.get("text", ""))))
        elif kind == "image_url":
            parts.append(image_of(item.get("image_url")))
        else:
            raise ApiError(400, f"Message parts of type '{kind}' are not supported. Send text "
                           "(and images to a vision model).", param="messages")
    return tuple(parts)


def image_of(image_url: Any) -> ImagePart:
    """An ``image_url`` part's image: a ``data:`` URL, read and checked in memory (never
    stored; ``detail`` is accepted and ignored: the engine scales the image to what its
    model reads). A web address is refused: Hearth does not fetch what a request points
    at."""
    url = image_url.get("url", "") if isinstance(image_url, dict) else image_url
    if not isinstance(url, str) or not url:
        raise ApiError(400, "An image_url part has no url. Send the image as "
                       '{"type": "image_url", "image_url": {"url": "data:image/png;base64,'
                       '..."}}.', param="messages")
    try:
        return from_data_url(url)
    except ImageError as exc:
        raise ApiError(400, str(exc), param="messages") from exc


def messages_of(raw: list[dict[str, Any]]) -> list[Message]:
    """OpenAI's messages as Hearth's (``developer`` is a system message)."""
    messages = []
    for item in raw:
        role = item.get("role")
        role = "system" if role == "developer" else role
        if role not in ("system", "user", "assistant", "tool"):
            raise ApiError(400, f"A message has role '{role}'; use system, user, assistant "
                           "or tool.", param="messages")
        parts = list(parts_of(item.get("content")))
        for call in item.get("tool_calls") or []:
            function = call.get("function") or {}
            parts.append(ToolCallPart(str(call.get("id", "")), str(function.get("name", "")),
                                      str(function.get("arguments", "{}"))))
        if role == "tool":
            text = "".join(p.text for p in parts if isinstance(p, TextPart))
            parts = [ToolResultPart(str(item.get("tool_call_id", "")), text)]
        messages.append(Message(role, parts=tuple(parts)))  # type: ignore[arg-type]
    if not messages:
        raise ApiError(400, "'messages' is empty; send at least one message.", param="messages")
    return messages


def stops_of(stop: str | list[str] | None) -> tuple[str, ...]:
    if stop is None:
        return ()
    stops = (stop,) if isinstance(stop, str) else tuple(stop)
    if len(stops) > 4:
        raise ApiError(400, "At most 4 stop sequences are allowed.", param="stop")
    return tuple(s for s in stops if s)


def sampling_of(api: ApiService, temperature: float | None, top_p: float | None,
                max_tokens: int | None, seed: int | None) -> Sampling:
    """The request's sampling, checked against Hearth's bounds (one place: engines/base)."""
    settings = api.services.settings
    low_top_p = Sampling.bounds()["top_p"][0]
    try:
        return Sampling(
            temperature=settings.temperature if temperature is None else temperature,
            top_p=settings.top_p if top_p is None else max(top_p, low_top_p),
            max_tokens=api.max_tokens_default() if max_tokens is None else max_tokens,
            seed=seed)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "request"
        raise ApiError(400, f"'{name}': {first['msg']}.", param=name) from exc


def check_one_choice(n: int | None) -> None:
    if n not in (None, 1):
        raise ApiError(400, "Hearth returns one choice per request; set n to 1 (or leave it "
                       "out) and send several requests instead.", param="n")


def resolve(api: ApiService, model: str, collections: list[str] | None = None):
    try:
        return api.resolve(model, collections or ())
    except ModelNotFoundError as exc:
        raise ApiError(404, str(exc), "invalid_request_error", "model", "model_not_found") \
            from exc


def usage(stats: ReplyStats) -> dict[str, Any]:
    """OpenAI's usage; ``cached_tokens``: prompt tokens the engine did not process again."""
    return {"prompt_tokens": stats.prompt_tokens, "completion_tokens": stats.completion_tokens,
            "total_tokens": stats.prompt_tokens + stats.completion_tokens,
            "prompt_tokens_details": {"cached_tokens": stats.cached_tokens}}


def include_usage(options: dict[str, Any] | None) -> bool:
    return bool(options and options.get("include_usage"))


# routes ----------------------------------------------------------------------------------


def api_of(request: Request) -> ApiService:
    return request.app.state.api


@router.get("/v1/models")
async def list_models(request: Request) -> dict[str, Any]:
    models = api_of(request).models()
    return {"object": "list", "data": [
        {"id": m.id, "object": "model", "created": m.created, "owned_by": m.owned_by}
        for m in models]}


@router.get("/v1/models/{model_id:path}")
async def get_model(model_id: str, request: Request) -> dict[str, Any]:
    for m in api_of(request).models():
        if m.id == model_id:
            return {"id": m.id, "object": "model", "created": m.created, "owned_by": m.owned_by}
    resolve(api_of(request), model_id)  # raises the 404 with the names there are
    raise AssertionError


@router.post("/v1/chat/completions")
async def chat_completions(body: ChatBody, request: Request):
    api = api_of(request)
    timing_of(request).model = body.model
    check_one_choice(body.n)
    target = resolve(api, body.model, body.collections)
    completion = CompletionRequest(
        messages=messages_of(body.messages), model=target.model,
        sampling=sampling_of(api, body.temperature, body.top_p,
                             body.max_completion_tokens or body.max_tokens, body.seed),
        stop=stops_of(body.stop), collections=target.collections,
        response_format=response_format_of(body), tools=list(body.tools or []),
        tool_choice=body.tool_choice if body.tool_choice is not None else "auto")
    run = await start(api, completion, request)
    run.one_call = body.parallel_tool_calls is False
    name = body.model or target.model
    if body.stream:
        return EventSourceResponse(chat_chunks(run, name, include_usage(body.stream_options)),
                                   ping=15)
    result = await collect(run, request)
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion",
            "created": run.created, "model": name, "system_fingerprint": None,
            "choices": [{"index": 0, "logprobs": None,
                         "message": reply_message(result.text, result.tool_calls),
                         "finish_reason": finish_of(result.stats, result.tool_calls)}],
            "usage": usage(result.stats), **citations_field(result.citations)}


def response_format_of(body: ChatBody) -> dict[str, Any] | None:
    """The request's ``response_format``; llama-server's top-level ``grammar`` (GBNF) and
    ``json_schema`` (a bare schema) stand for Hearth's grammar and json_schema formats."""
    given = [name for name in ("response_format", "grammar", "json_schema")
             if getattr(body, name) is not None]
    if len(given) > 1:
        raise ApiError(400, f"Send one of {' and '.join(given)}, not both: each sets the "
                       "format of the reply.", param=given[1])
    if body.grammar is not None:
        return {"type": "grammar", "grammar": body.grammar}
    if body.json_schema is not None:
        return {"type": "json_schema", "json_schema": {"name": "reply",
                                                       "schema": body.json_schema}}
    return body.response_format


def reply_message(text: str, calls: tuple[ToolCallPart, ...]) -> dict[str, Any]:
    """The assistant message of a whole reply: its text and the tool calls it asked for
    (content null when there is only calls, as OpenAI sends it)."""
    message: dict[str, Any] = {"role": "assistant", "content": text if text or not calls
                               else None, "refusal": None}
    if calls:
        message["tool_calls"] = [{"id": c.id, "type": "function",
                                  "function": {"name": c.name, "arguments": c.arguments}}
                                 for c in calls]
    return message


def finish_of(stats: ReplyStats, calls: tuple[ToolCallPart, ...]) -> str:
    return "tool_calls" if calls else FINISH[stats.finish_reason]


async def chat_chunks(run: Run, model: str, with_usage: bool) -> AsyncIterator[dict[str, str]]:
    """The SSE events of a streamed chat completion, ``[DONE]`` last."""
    ident = f"chatcmpl-{uuid.uuid4().hex}"

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> dict[str, str]:
        return {"data": json.dumps({
            "id": ident, "object": "chat.completion.chunk", "created": run.created,
            "model": model, "system_fingerprint": None,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
            **extra})}

    yield chunk({"role": "assistant", "content": ""})
    async for event in run.events():
        if isinstance(event, Citations):
            yield chunk({}, **citations_field(event.items))
        elif isinstance(event, Token):
            yield chunk({"content": event.text})
        elif isinstance(event, Error):
            yield {"data": json.dumps({"error": {"message": event.message,
                                                 "type": "server_error", "code": None}})}
            return
        elif isinstance(event, Done):
            for index, call in enumerate(event.tool_calls):
                yield chunk({"tool_calls": [{"index": index, "id": call.id, "type": "function",
                                             "function": {"name": call.name,
                                                          "arguments": ""}}]})
                yield chunk({"tool_calls": [{"index": index,
                                             "function": {"arguments": call.arguments}}]})
            yield chunk({}, finish_of(event.stats, event.tool_calls))
            if with_usage:
                yield {"data": json.dumps({
                    "id": ident, "object": "chat.completion.chunk", "created": run.created,
                    "model": model, "choices": [], "usage": usage(event.stats)})}
    yield {"data": "[DONE]"}


@router.post("/v1/completions")
async def completions(body: CompletionBody, request: Request):
    api = api_of(request)
    timing_of(request).model = body.model
    check_one_choice(body.n)
    if body.suffix:
        raise ApiError(400, "'suffix' (fill in the middle) is not supported; send only a "
                       "prompt.", param="suffix")
    prompts = [body.prompt] if isinstance(body.prompt, str) else body.prompt
    if len(prompts) != 1:
        raise ApiError(400, "Send one prompt per request (a list of one string, or a string).",
                       param="prompt")
    target = resolve(api, body.model)
    completion = CompletionRequest(
        messages=[Message("user", prompts[0])], model=target.model, prompt=prompts[0],
        sampling=sampling_of(api, body.temperature, body.top_p, body.max_tokens, body.seed),
        stop=stops_of(body.stop))
    run = await start(api, completion, request)
    name = body.model or target.model
    echo = prompts[0] if body.echo else ""
    if body.stream:
        return EventSourceResponse(text_chunks(run, name, echo,
                                               include_usage(body.stream_options)), ping=15)
    result = await collect(run, request)
    return {"id": f"cmpl-{uuid.uuid4().hex}", "object": "text_completion",
            "created": run.created, "model": name, "system_fingerprint": None,
            "choices": [{"text": echo + result.text, "index": 0, "logprobs": None,
                         "finish_reason": FINISH[result.stats.finish_reason]}],
            "usage": usage(result.stats)}


async def text_chunks(run: Run, model: str, echo: str,
                      with_usage: bool) -> AsyncIterator[dict[str, str]]:
    ident = f"cmpl-{uuid.uuid4().hex}"

    def chunk(text: str, finish: str | None = None) -> dict[str, str]:
        return {"data": json.dumps({
            "id": ident, "object": "text_completion", "created": run.created, "model": model,
            "choices": [{"text": text, "index": 0, "logprobs": None, "finish_reason": finish}]})}

    if echo:
        yield chunk(echo)
    async for event in run.events():
        if isinstance(event, Token):
            yield chunk(event.text)
        elif isinstance(event, Error):
            yield {"data": json.dumps({"error": {"message": event.message,
                                                 "type": "server_error", "code": None}})}
            return
        elif isinstance(event, Done):
            yield chunk("", FINISH[event.stats.finish_reason])
            if with_usage:
                yield {"data": json.dumps({
                    "id": ident, "object": "text_completion", "created": run.created,
                    "model": model, "choices": [], "usage": usage(event.stats)})}
    yield {"data": "[DONE]"}


@router.post("/v1/embeddings")
async def embeddings(body: EmbeddingBody, request: Request):
    api = api_of(request)
    texts = [body.input] if isinstance(body.input, str) else body.input
    if not texts or not all(isinstance(t, str) for t in texts):
        raise ApiError(400, "'input' must be a string or a list of strings (token lists are "
                       "not supported).", param="input")
    if body.dimensions is not None:
        raise ApiError(400, "'dimensions' is not supported: the model's vectors have the "
                       "size it was trained with. Leave it out.", param="dimensions")
    timing = timing_of(request)
    timing.model = body.model
    from starlette.concurrency import run_in_threadpool

    try:
        vectors, tokens = await run_in_threadpool(api.embed, body.model,
                                                  [str(t) for t in texts])
    except ModelNotFoundError as exc:
        raise ApiError(404, str(exc), "invalid_request_error", "model",
                       "model_not_found") from exc
    timing.prompt_tokens = tokens
    return {"object": "list", "model": body.model,
            "data": [{"object": "embedding", "index": i,
                      "embedding": _encoded(v, body.encoding_format)}
                     for i, v in enumerate(vectors)],
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}


def _encoded(vector: list[float], encoding: str) -> list[float] | str:
    if encoding == "base64":
        return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")
    return vector


def error_body(error: ApiError) -> dict[str, Any]:
    return {"error": {"message": error.message, "type": error.kind, "param": error.param,
                      "code": error.code}}


def error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(error_body(error), status_code=error.status, headers=error.headers)

