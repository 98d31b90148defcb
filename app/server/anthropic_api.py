"""Anthropic's Messages API, translated onto Hearth's services: ``POST /v1/messages``.

Fields and streaming events follow Anthropic's published reference (``message_start``,
``content_block_start``/``_delta``/``_stop``, ``message_delta``, ``message_stop``), so the
official ``anthropic`` client works unchanged. Images come as ``image`` blocks with a
base64 source, read through the images door. ``collections`` (an extra field) or the
model ``hearth-kb/<collection>`` asks the knowledge base; the message then carries
``citations``.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from sse_starlette import EventSourceResponse

from app.engines.base import (
    CompletionRequest,
    Done,
    Error,
    ImagePart,
    Message,
    Part,
    ReplyStats,
    TextPart,
    Token,
    ToolCallPart,
    ToolResultPart,
)
from app.server.openai_api import api_of, resolve, sampling_of
from app.server.runs import ApiError, Run, citations_field, collect, start, timing_of
from app.services.completion import Citations
from app.services.images import ImageError, from_base64

router = APIRouter()

#: Anthropic's error types by HTTP status
ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error",
               403: "permission_error", 404: "not_found_error", 413: "request_too_large",
               429: "rate_limit_error", 503: "overloaded_error"}


class MessagesBody(BaseModel):
    """``POST /v1/messages``: the fields Hearth reads (others are accepted)."""

    model_config = ConfigDict(extra="allow")

    model: str = ""
    max_tokens: int
    messages: list[dict[str, Any]]
    system: str | list[dict[str, Any]] | None = None
    stop_sequences: list[str] | None = None
    stream: bool = False
    temperature: float | None = None
    top_p: float | None = None
    tools: list[dict[str, Any]] | None = None
    tool_choice: dict[str, Any] | None = None
    #: structured outputs: ``{"format": {"type": "json_schema", "schema": {...}}}``
    output_config: dict[str, Any] | None = None
    #: the same, as the structured-outputs beta named it
    output_format: dict[str, Any] | None = None
    collections: list[str] | None = None


def blocks_of(content: Any) -> tuple[Part, ...]:
    """Anthropic content (a string or content blocks) as Hearth's parts."""
    if isinstance(content, str):
        return (TextPart(content),) if content else ()
    parts: list[Part] = []
    for block in content or []:
        kind = block.get("type") if isinstance(block, dict) else None
        if kind == "text":
            parts.append(TextPart(str(block.get("text", ""))))
        elif kind == "image":
            parts.append(image_of(block.get("source")))
        elif kind == "tool_use":
            parts.append(ToolCallPart(str(block.get("id", "")), str(block.get("name", "")),
                                      json.dumps(block.get("input") or {})))
        elif kind == "tool_result":
            inner = blocks_of(block.get("content") or "")
            text = "".join(p.text for p in inner if isinstance(p, TextPart))
            parts.append(ToolResultPart(str(block.get("tool_use_id", "")), text))
        else:
            raise ApiError(400, f"Content blocks of type '{kind}' are not supported. Send "
                           "text (and images to a vision model).", param="messages")
    return tuple(parts)


#: the media types Anthropic's image blocks may declare
MEDIA_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")


def image_of(source: Any) -> ImagePart:
    """An ``image`` block's picture: ``source.type`` "base64" is decoded and checked in
    memory (never stored), its ``media_type`` compared with what the bytes are; a "url"
    or "file" source is refused (Hearth fetches nothing and keeps no uploaded files)."""
    source = source if isinstance(source, dict) else {}
    kind = source.get("type")
    if kind == "url":
        raise ApiError(400, "Hearth does not download images from web addresses. Download "
                       'the image and send its bytes: {"type": "base64", "media_type": '
                       '"image/png", "data": "..."}.', param="messages")
    if kind != "base64":
        raise ApiError(400, f"Image sources of type '{kind}' are not supported. Send the "
                       'image\'s bytes: {"type": "base64", "media_type": "image/png", '
                       '"data": "..."}.', param="messages")
    declared, data = source.get("media_type"), source.get("data")
    if declared not in MEDIA_TYPES:
        raise ApiError(400, f"An image's media_type is {declared!r}; use one of "
                       f"{', '.join(MEDIA_TYPES)}.", param="messages")
    if not isinstance(data, str):
        raise ApiError(400, "An image block has no base64 'data'. Send the image's bytes "
                       "as base64 text.", param="messages")
    try:
        part = from_base64(data)
    except ImageError as exc:
        raise ApiError(400, str(exc), param="messages") from exc
    found = sniffed_type(data)
    if found is not None and found != declared:
        raise ApiError(400, f"The image's data is {found}, but its media_type says "
                       f"{declared}. Set media_type to {found}.", param="messages")
    return part


def sniffed_type(payload: str) -> str | None:
    """The media type the first bytes of base64 ``payload`` show (None: none of
    Anthropic's four; the image check has already refused what is no image)."""
    try:
        head = base64.b64decode(payload[:24])
    except (binascii.Error, ValueError):
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def system_of(system: str | list[dict[str, Any]] | None) -> list[Message]:
    if not system:
        return []
    text = system if isinstance(system, str) else "".join(
        str(b.get("text", "")) for b in system if b.get("type") == "text")
    return [Message("system", text)] if text else []


def messages_of(body: MessagesBody) -> list[Message]:
    messages = system_of(body.system)
    for item in body.messages:
        role = item.get("role")
        if role not in ("user", "assistant"):
            raise ApiError(400, f"A message has role '{role}'; Anthropic's messages are user "
                           "or assistant (the system prompt goes in 'system').",
                           param="messages")
        messages.append(Message(role, parts=blocks_of(item.get("content"))))
    if not body.messages:
        raise ApiError(400, "'messages' is empty; send at least one message.", param="messages")
    return messages


def tools_of(tools: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Anthropic's tools (``name``, ``description``, ``input_schema``) as OpenAI function
    tools; Anthropic's own server tools (web search, code execution...) are refused."""
    converted = []
    for i, tool in enumerate(tools or []):
        kind = tool.get("type", "custom") if isinstance(tool, dict) else None
        if kind != "custom":
            raise ApiError(400, f"Tool {i + 1} has type '{kind}': Hearth runs only your own "
                           "tools (name, description, input_schema).", param="tools")
        function = {"name": tool.get("name"), "description": tool.get("description") or ""}
        if tool.get("input_schema") is not None:
            function["parameters"] = tool["input_schema"]
        converted.append({"type": "function", "function": function})
    return converted


def response_format_of(body: MessagesBody) -> dict[str, Any] | None:
    """Anthropic's structured output (``output_config.format``, or the beta's
    ``output_format``) as OpenAI's ``response_format``."""
    fmt = (body.output_config or {}).get("format") or body.output_format
    if not fmt:
        return None
    if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
        raise ApiError(400, 'The output format must be {"type": "json_schema", "schema": '
                       '{...}}.', param="output_config")
    return {"type": "json_schema", "json_schema": {"name": "reply",
                                                   "schema": fmt.get("schema")}}


def tool_use_block(call: ToolCallPart) -> dict[str, Any]:
    """A tool call as Anthropic's ``tool_use`` content block (``input`` an object)."""
    try:
        arguments = json.loads(call.arguments or "{}")
    except ValueError:
        arguments = {}
    return {"type": "tool_use", "id": tool_use_id(call.id), "name": call.name,
            "input": arguments if isinstance(arguments, dict) else {}}


def tool_use_id(call_id: str) -> str:
    """Anthropic's id shape (``toolu_…``) for a call id."""
    return call_id if call_id.startswith("toolu_") else "toolu_" + call_id.removeprefix("call_")


def content_of(text: str, calls: tuple[ToolCallPart, ...]) -> list[dict[str, Any]]:
    """The content blocks of a whole reply: its text (left out when empty and there are
    calls), then one ``tool_use`` block per call."""
    blocks: list[dict[str, Any]] = [{"type": "text", "text": text}] if text or not calls else []
    return blocks + [tool_use_block(c) for c in calls]


def stop_reason(stats: ReplyStats, calls: tuple[ToolCallPart, ...] = ()) -> str:
    if calls:
        return "tool_use"
    if stats.stop_sequence is not None:
        return "stop_sequence"
    return "max_tokens" if stats.finish_reason == "length" else "end_turn"


def usage(stats: ReplyStats) -> dict[str, int]:
    """Anthropic's usage; ``cache_read_input_tokens``: prompt tokens reused from the cache
    (``input_tokens`` counts only the rest, as Anthropic's does)."""
    return {"input_tokens": stats.prompt_tokens - stats.cached_tokens,
            "output_tokens": stats.completion_tokens,
            "cache_read_input_tokens": stats.cached_tokens, "cache_creation_input_tokens": 0}


@router.post("/v1/messages")
async def create_message(body: MessagesBody, request: Request):
    api = api_of(request)
    timing_of(request).model = body.model
    target = resolve(api, body.model, body.collections)
    completion = CompletionRequest(
        messages=messages_of(body), model=target.model,
        sampling=sampling_of(api, body.temperature, body.top_p, body.max_tokens, None),
        stop=tuple(s for s in body.stop_sequences or () if s),
        collections=target.collections, tools=tools_of(body.tools),
        tool_choice=body.tool_choice or "auto", response_format=response_format_of(body))
    run = await start(api, completion, request)
    run.one_call = bool((body.tool_choice or {}).get("disable_parallel_tool_use"))
    name = body.model or target.model
    ident = f"msg_{uuid.uuid4().hex}"
    if body.stream:
        return EventSourceResponse(message_events(run, ident, name), ping=15)
    result = await collect(run, request)
    return {"id": ident, "type": "message", "role": "assistant", "model": name,
            "content": content_of(result.text, result.tool_calls),
            "stop_reason": stop_reason(result.stats, result.tool_calls),
            "stop_sequence": result.stats.stop_sequence, "usage": usage(result.stats),
            **citations_field(result.citations)}


def _event(name: str, data: dict[str, Any]) -> dict[str, str]:
    return {"event": name, "data": json.dumps({"type": name, **data})}


async def message_events(run: Run, ident: str, model: str) -> AsyncIterator[dict[str, str]]:
    """A streamed message's events, in the order Anthropic sends them."""
    message: dict[str, Any] = {
        "id": ident, "type": "message", "role": "assistant", "model": model, "content": [],
        "stop_reason": None, "stop_sequence": None,
        "usage": {"input_tokens": 0, "output_tokens": 0}}
    started = text_open = False
    async for event in run.events():
        if isinstance(event, Citations):
            message.update(citations_field(event.items))
            continue
        if not started:
            yield _event("message_start", {"message": message})
            started = True
        if isinstance(event, Token):
            if not text_open:
                yield _text_start()
                text_open = True
            yield _event("content_block_delta",
                         {"index": 0, "delta": {"type": "text_delta", "text": event.text}})
        elif isinstance(event, Error):
            yield _event("error", {"error": {"type": "api_error", "message": event.message}})
            return
        elif isinstance(event, Done):
            if not text_open and not event.tool_calls:
                yield _text_start()
                text_open = True
            if text_open:
                yield _event("content_block_stop", {"index": 0})
            for index, call in enumerate(event.tool_calls, start=int(text_open)):
                for block_event in tool_use_events(index, call):
                    yield block_event
            yield _event("message_delta", {
                "delta": {"stop_reason": stop_reason(event.stats, event.tool_calls),
                          "stop_sequence": event.stats.stop_sequence},
                "usage": usage(event.stats)})
            yield _event("message_stop", {})


def _text_start() -> dict[str, str]:
    return _event("content_block_start",
                  {"index": 0, "content_block": {"type": "text", "text": ""}})


def tool_use_events(index: int, call: ToolCallPart) -> list[dict[str, str]]:
    """A tool call streamed as Anthropic streams it: the block with an empty ``input``, its
    JSON as an ``input_json_delta``, then the block's end."""
    block = {**tool_use_block(call), "input": {}}
    return [_event("content_block_start", {"index": index, "content_block": block}),
            _event("content_block_delta", {"index": index, "delta": {
                "type": "input_json_delta", "partial_json": call.arguments or "{}"}}),
            _event("content_block_stop", {"index": index})]


def error_body(error: ApiError) -> dict[str, Any]:
    kind = ERROR_TYPES.get(error.status, "api_error")
    return {"type": "error", "error": {"type": kind, "message": error.message}}


def error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(error_body(error), status_code=error.status, headers=error.headers)
