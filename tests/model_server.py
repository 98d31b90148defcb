"""A real HTTP server on 127.0.0.1 that serves model files and misbehaves on demand.

It lays files out as the hubs do (``/{repo}/resolve/{revision}/{file}``; ModelScope's
``/models/{repo}/resolve/master/{file}``), honours ``Range`` and ``If-Range`` the way
RFC 9110 says (a stale validator gets the whole file with 200), sends a strong ETag and
Last-Modified, and can, per file: drop the connection at given byte offsets, answer a
Range request with the whole file, flip one byte (same size), serve an HTML page with 200,
stall (stop sending, connection left open), throttle, or send Hugging Face's
``X-Linked-Etag`` content hash. Every request is recorded for the tests to inspect.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class ServedFile:
    data: bytes
    version: int = 1
    modified: float = field(default_factory=time.time)
    drop_at: list[int] = field(default_factory=list)  # each used once
    ignore_range: bool = False
    flip_byte_at: int | None = None
    html: bool = False
    stall_at: int | None = None  # used once
    rate_bps: int | None = None
    hf_sha256_header: bool = False
    status: int = 200

    @property
    def etag(self) -> str:
        return f'"v{self.version}-{hashlib.md5(self.data).hexdigest()[:16]}"'


@dataclass
class Request:
    path: str
    range: str | None
    if_range: str | None
    status: int


class _Handler(BaseHTTPRequestHandler):
    server: ModelServer  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        served = self.server.files.get(self.path.split("?")[0])
        if served is None:
            return self._plain(404, b'{"error":"Entry not found"}', "application/json")
        if served.html:
            return self._plain(200, b"<!DOCTYPE html><html><body>Please log in</body></html>",
                               "text/html; charset=utf-8")
        if served.status != 200:
            return self._plain(served.status, b"error", "text/plain")
        start, status = self._start(served)
        self.server.requests.append(Request(self.path, self.headers.get("Range"),
                                            self.headers.get("If-Range"), status))
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(served.data) - start))
        self.send_header("ETag", served.etag)
        self.send_header("Last-Modified", formatdate(served.modified, usegmt=True))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Connection", "close")
        if served.hf_sha256_header:
            self.send_header("X-Linked-Etag", f'"{hashlib.sha256(served.data).hexdigest()}"')
        if status == 206:
            self.send_header("Content-Range",
                             f"bytes {start}-{len(served.data) - 1}/{len(served.data)}")
        self.end_headers()
        self._body(served, start)

    def _start(self, served: ServedFile) -> tuple[int, int]:
        match = re.match(r"bytes=(\d+)-$", self.headers.get("Range") or "")
        if not match or served.ignore_range:
            return 0, 200
        if_range = self.headers.get("If-Range")
        modified = formatdate(served.modified, usegmt=True)
        if if_range and if_range not in (served.etag, modified):
            return 0, 200
        return int(match.group(1)), 206

    def _body(self, served: ServedFile, start: int) -> None:
        data = bytearray(served.data) if served.flip_byte_at is not None else served.data
        if served.flip_byte_at is not None:
            data[served.flip_byte_at] ^= 0xFF
        position, step = start, 64 * 1024
        try:
            while position < len(data):
                end = min(position + step, len(data))
                cut = self._cut(served, position, end)
                if cut is not None:
                    self.wfile.write(data[position:cut])
                    self.wfile.flush()
                    return self._misbehave(served, cut)
                self.wfile.write(data[position:end])
                position = end
                if served.rate_bps:
                    time.sleep(step / served.rate_bps)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _cut(self, served: ServedFile, position: int, end: int) -> int | None:
        points = [p for p in served.drop_at if position <= p < end]
        if served.stall_at is not None and position <= served.stall_at < end:
            points.append(served.stall_at)
        return min(points) if points else None

    def _misbehave(self, served: ServedFile, cut: int) -> None:
        if served.stall_at == cut:
            served.stall_at = None
            self.server.stop_event.wait(30)  # stop sending; keep the connection open
        else:
            served.drop_at.remove(cut)
        self.close_connection = True

    def _plain(self, status: int, body: bytes, content_type: str) -> None:
        self.server.requests.append(Request(self.path, self.headers.get("Range"),
                                            self.headers.get("If-Range"), status))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


class ModelServer(ThreadingHTTPServer):
    """``with ModelServer() as server:``; add files with :meth:`add_hf`; ``server.url``."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.files: dict[str, ServedFile] = {}
        self.requests: list[Request] = []
        self.stop_event = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def add_hf(self, repo: str, file: str, data: bytes, revision: str = "main",
               **behaviour: Any) -> ServedFile:
        """Serve ``data`` where Hugging Face would; returns the file's behaviour knobs."""
        served = ServedFile(data, **behaviour)
        self.files[f"/{repo}/resolve/{revision}/{file}"] = served
        return served

    def add_modelscope(self, repo: str, file: str, data: bytes, **behaviour: Any) -> ServedFile:
        served = ServedFile(data, **behaviour)
        self.files[f"/models/{repo}/resolve/master/{file}"] = served
        return served

    def hf_url(self, repo: str, file: str, revision: str = "main") -> str:
        return f"{self.url}/{repo}/resolve/{revision}/{file}"

    def replace(self, served: ServedFile, data: bytes) -> None:
        """The file changes on the server: new bytes, new ETag, new Last-Modified."""
        served.data, served.version = data, served.version + 1
        served.modified = served.modified + 10

    def ranges(self) -> list[str | None]:
        return [r.range for r in self.requests]

    def __enter__(self) -> ModelServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_event.set()
        self.shutdown()
        self.server_close()
