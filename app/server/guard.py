"""What every request passes before a route sees it: the Host header (DNS rebinding), the
body size, the API key; and the log entry each request leaves.

Pure ASGI middleware, so a refused request costs no parsing and a streamed answer is
logged when its last byte has gone.
"""

from __future__ import annotations

import hmac
import json
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.services.serving import ApiService, RequestRecord, Timing, host_allowed


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _anthropic(scope: Scope) -> bool:
    return scope.get("path", "").startswith("/v1/messages")


async def _refuse(send: Send, scope: Scope, status: int, message: str, kind: str,
                  code: str) -> None:
    """Answer with the error shape of the API the path belongs to."""
    if _anthropic(scope):
        anthropic_kind = {401: "authentication_error", 413: "request_too_large",
                          421: "invalid_request_error"}.get(status, "invalid_request_error")
        body: dict[str, Any] = {"type": "error", "error": {"type": anthropic_kind,
                                                           "message": message}}
    else:
        body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(payload)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


class Guard:
    """Host check, then body limit, then key (CORS preflights are answered before this,
    by Starlette's CORS middleware outside it; they carry no key)."""

    def __init__(self, app: ASGIApp, api: ApiService) -> None:
        self.app = app
        self.api = api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        config = self.api.config
        headers = _headers(scope)
        if not host_allowed(config, headers.get("host", "")):
            await _refuse(send, scope, 421, (
                f"This server does not answer for the host '{headers.get('host', '')}'. Use "
                f"{config.url} (requests naming other hosts are refused to stop DNS "
                "rebinding)."), "invalid_request_error", "host_not_allowed")
            return
        limit = config.max_body_bytes
        if int(headers.get("content-length") or 0) > limit:
            await _refuse(send, scope, 413, _too_large(limit), "invalid_request_error",
                          "request_too_large")
            return
        preflight = scope["method"] == "OPTIONS" and "access-control-request-method" in headers
        if config.api_key and not preflight and not _key_matches(headers, config.api_key):
            await _refuse(send, scope, 401, (
                "This server needs its API key: send 'Authorization: Bearer KEY' (OpenAI "
                "clients: api_key=KEY) or 'x-api-key: KEY' (Anthropic clients). The key is "
                "in Hearth's Server page."), "invalid_request_error", "invalid_api_key")
            return
        body = await _read_body(receive, limit)
        if body is None:
            await _refuse(send, scope, 413, _too_large(limit), "invalid_request_error",
                          "request_too_large")
            return
        replayed = False

        async def replay() -> Message:
            # the body as read, then the connection's own messages (a disconnect)
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None once it passes ``limit`` bytes (a body sent in
    chunks, without Content-Length, is counted as it arrives)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _too_large(limit: int) -> str:
    return (f"The request body is larger than this server accepts ({limit // 2**20} MB). "
            "Send less, or raise 'Largest request' in Hearth's Server settings.")


def _key_matches(headers: dict[str, str], key: str) -> bool:
    """Whether the request carries ``key`` as a Bearer token or in ``x-api-key``."""
    auth = headers.get("authorization", "")
    given = [headers.get("x-api-key", ""),
             auth[7:].strip() if auth.lower().startswith("bearer ") else ""]
    return any(g and hmac.compare_digest(g.encode(), key.encode()) for g in given)


class RequestLogger:
    """Adds each request to the API's log once its answer is complete."""

    def __init__(self, app: ASGIApp, api: ApiService) -> None:
        self.app = app
        self.api = api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        timing = Timing()
        scope.setdefault("state", {})["timing"] = timing
        status = 0

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            client = scope.get("client") or ("", 0)
            self.api.log.add(RequestRecord(
                at=time.time(), method=scope["method"], path=scope["path"], status=status,
                client=str(client[0]), model=timing.model,
                duration_s=time.perf_counter() - timing.started, ttft_s=timing.ttft_s,
                prompt_tokens=timing.prompt_tokens,
                completion_tokens=timing.completion_tokens, error=timing.error))
