"""One completion as both APIs run it: start it on the shared scheduler, wait for its
turn (or its error), then stream it or collect it.

The HTTP status is decided before the first byte goes out, so a request the model's
queue cannot take gets a clean ``503`` with ``Retry-After``, an unknown model ``404``,
and a part the engine cannot honour ``400``, streamed or not.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from typing import Any

from starlette.requests import Request

from app.engines.base import CompletionRequest, Done, Error, ReplyStats, Token, ToolCallPart
from app.server.pump import EventPump, or_disconnect
from app.services.completion import Citations, Started
from app.services.serving import ApiService, Timing

#: seconds a client told "busy" should wait before trying again
RETRY_AFTER_S = 2


class ApiError(Exception):
    """An answer that is an error: status, a sentence, and the API's error kind."""

    def __init__(self, status: int, message: str, kind: str = "invalid_request_error",
                 param: str | None = None, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.param = param
        self.code = code
        self.headers = headers or {}


def error_for(event: Error) -> ApiError:
    """The HTTP answer for a completion that failed before it started."""
    if event.code == "busy":
        return ApiError(503, event.message, "server_busy", code="server_busy",
                        headers={"Retry-After": str(RETRY_AFTER_S)})
    if event.code == "not_found":
        return ApiError(404, event.message, "invalid_request_error", "model", "model_not_found")
    if event.code == "unsupported":
        return ApiError(400, event.message, "invalid_request_error")
    if event.code == "invalid":
        return ApiError(400, event.message, "invalid_request_error", param_of(event.message))
    if event.code == "too_long":
        return ApiError(400, event.message, "invalid_request_error", "messages",
                        "context_length_exceeded")
    return ApiError(500, event.message, "server_error")


def param_of(message: str) -> str | None:
    """The request field an "invalid" sentence is about (OpenAI's ``param``)."""
    lowered = message.lower()
    for needle, param in (("tool_choice", "tool_choice"), ("tool", "tools"),
                          ("grammar", "response_format"), ("schema", "response_format"),
                          ("response format", "response_format"),
                          ("response_format", "response_format")):
        if needle in lowered:
            return param
    return None


@dataclass
class Run:
    """A completion that has its turn on the model."""

    pump: EventPump
    started: Started
    timing: Timing
    created: int = field(default_factory=lambda: int(time.time()))
    #: keep only the first tool call (OpenAI's ``parallel_tool_calls: false``, Anthropic's
    #: ``disable_parallel_tool_use``)
    one_call: bool = False

    async def events(self) -> AsyncIterator[Token | Citations | Done | Error]:
        """Tokens, citations, and the final Done or Error; records the timing."""
        async for event in self.pump.events():
            if isinstance(event, Token) and self.timing.ttft_s is None:
                self.timing.ttft_s = time.perf_counter() - self.timing.started
            if isinstance(event, Done) and self.one_call and len(event.tool_calls) > 1:
                event = replace(event, tool_calls=event.tool_calls[:1])
            if isinstance(event, Done):
                self.timing.prompt_tokens = event.stats.prompt_tokens
                self.timing.completion_tokens = event.stats.completion_tokens
            if isinstance(event, Error):
                self.timing.error = event.message
            if isinstance(event, Token | Citations | Done | Error):
                yield event


def timing_of(request: Request) -> Timing:
    """The log entry of this request (made by the log middleware)."""
    timing = getattr(request.state, "timing", None)
    if timing is None:
        timing = Timing()
        request.state.timing = timing
    return timing


async def start(api: ApiService, completion: CompletionRequest, request: Request) -> Run:
    """Queue ``completion`` and wait for its turn; ApiError when it cannot run."""
    timing = timing_of(request)
    timing.model = timing.model or completion.model or ""
    pump = EventPump(lambda cancel: api.stream(completion, cancel))
    while True:
        event = await or_disconnect(request, pump.next(), pump)
        if isinstance(event, Started):
            return Run(pump, event, timing)
        if isinstance(event, Error):
            timing.error = event.message
            raise error_for(event)
        if event is None or isinstance(event, Done):
            raise ApiError(500, "The reply ended before it started. Try again.", "server_error")


@dataclass
class Collected:
    """A whole reply (non-streaming answers)."""

    text: str
    stats: ReplyStats
    citations: list[dict]
    tool_calls: tuple[ToolCallPart, ...] = ()


async def collect(run: Run, request: Request) -> Collected:
    """The whole reply; a client that hangs up cancels it."""
    async def gather() -> Collected:
        citations: list[dict] = []
        async for event in run.events():
            if isinstance(event, Citations):
                citations = event.items
            elif isinstance(event, Done):
                return Collected(event.text, event.stats, citations, event.tool_calls)
            elif isinstance(event, Error):
                raise error_for(event)
        raise ApiError(500, "The reply ended without a result. Try again.", "server_error")

    return await or_disconnect(request, gather(), run.pump)


def citations_field(citations: list[dict]) -> dict[str, Any]:
    """The extra field that carries a reply's citations (clients ignore unknown fields)."""
    return {"citations": citations} if citations else {}
