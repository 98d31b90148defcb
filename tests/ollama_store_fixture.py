"""Ollama, for tests: a store laid out as Ollama lays it out, and a stand-in daemon.

The Ollama daemon cannot be installed on the test machines. The stand-in is a real HTTP
server on 127.0.0.1 that follows Ollama's published REST API (docs/api.md) for the two
endpoints the models code uses, field by field:

- ``GET /api/tags`` -> ``{"models": [{"name", "model", "modified_at", "size", "digest",
  "details": {"parent_model", "format", "family", "families", "parameter_size",
  "quantization_level"}}]}``
- ``POST /api/pull`` with ``{"model", "insecure", "stream"}`` -> NDJSON lines
  ``{"status": "pulling manifest"}``, ``{"status": "pulling <digest>", "digest", "total",
  "completed"}``..., ``{"status": "verifying sha256 digest"}``, ``{"status": "writing
  manifest"}``, ``{"status": "success"}``; an unknown model gets
  ``{"error": "pull model manifest: file does not exist"}``.

Like the daemon, a successful pull writes the blob and manifest into its store, so the
on-disk scan then finds the model. (The engines branch has a fuller stand-in,
tests/ollama_stub.py, for chat; this one is the models part's own.)
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


def write_store_model(root: Path, name: str, gguf: Path, *, template: str = "") -> str:
    """Lay ``gguf`` out in ``root`` as ``ollama pull name`` would; returns the blob digest."""
    model, _, tag = name.partition(":")
    parts = model.split("/")
    namespace = ["registry.ollama.ai", "library"] if len(parts) == 1 else (
        ["registry.ollama.ai", *parts[:-1]] if "." not in parts[0] else parts[:-1])
    digest = "sha256:" + hashlib.sha256(gguf.read_bytes()).hexdigest()
    blobs = root / "blobs"
    blobs.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(gguf, blobs / digest.replace(":", "-"))
    layers = [{"mediaType": "application/vnd.ollama.image.model", "digest": digest,
               "size": gguf.stat().st_size}]
    if template:
        data = template.encode()
        tdigest = "sha256:" + hashlib.sha256(data).hexdigest()
        (blobs / tdigest.replace(":", "-")).write_bytes(data)
        layers.append({"mediaType": "application/vnd.ollama.image.template",
                       "digest": tdigest, "size": len(data)})
    config = json.dumps({"model_format": "gguf", "model_family": "bert"}).encode()
    cdigest = "sha256:" + hashlib.sha256(config).hexdigest()
    (blobs / cdigest.replace(":", "-")).write_bytes(config)
    manifest = {"schemaVersion": 2,
                "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                "config": {"mediaType": "application/vnd.docker.container.image.v1+json",
                           "digest": cdigest, "size": len(config)},
                "layers": layers}
    path = root.joinpath("manifests", *namespace, parts[-1], tag or "latest")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest))
    return digest


class _Handler(BaseHTTPRequestHandler):
    server: OllamaDaemonStub  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _json(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/api/tags":
            self._json(200, {"models": [self._tag(name, gguf)
                                        for name, gguf in self.server.installed.items()]})
        elif self.path == "/api/version":
            self._json(200, {"version": "0.12.6"})
        else:
            self._json(404, {"error": "not found"})

    def _tag(self, name: str, gguf: Path) -> dict:
        full = name if ":" in name else f"{name}:latest"
        return {"name": full, "model": full,
                "modified_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                "size": gguf.stat().st_size,
                "digest": hashlib.sha256(full.encode()).hexdigest(),
                "details": {"parent_model": "", "format": "gguf", "family": "bert",
                            "families": ["bert"], "parameter_size": "22.57M",
                            "quantization_level": "Q8_0"}}

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server.requests.append((self.path, body))
        if self.path != "/api/pull":
            return self._json(404, {"error": "not found"})
        name = body.get("model") or body.get("name") or ""
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for line in self._pull_lines(name):
            data = json.dumps(line).encode() + b"\n"
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")

    def _pull_lines(self, name: str):
        yield {"status": "pulling manifest"}
        gguf = self.server.pullable.get(name)
        if gguf is None:
            yield {"error": "pull model manifest: file does not exist"}
            return
        digest = "sha256:" + hashlib.sha256(gguf.read_bytes()).hexdigest()
        total = gguf.stat().st_size
        for completed in range(0, total, max(total // 4, 1)):
            yield {"status": f"pulling {digest[7:19]}", "digest": digest, "total": total,
                   "completed": completed}
        yield {"status": f"pulling {digest[7:19]}", "digest": digest, "total": total,
               "completed": total}
        yield {"status": "verifying sha256 digest"}
        write_store_model(self.server.store, name, gguf)
        self.server.installed[name] = gguf
        yield {"status": "writing manifest"}
        yield {"status": "success"}


class OllamaDaemonStub(ThreadingHTTPServer):
    """``with OllamaDaemonStub(store) as daemon:``; ``daemon.host`` for OLLAMA_HOST."""

    daemon_threads = True

    def __init__(self, store: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.store = store
        self.installed: dict[str, Path] = {}
        self.pullable: dict[str, Path] = {}
        self.requests: list[tuple[str, dict]] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def host(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> OllamaDaemonStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
