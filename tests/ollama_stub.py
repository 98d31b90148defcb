"""A stand-in for the Ollama daemon, for tests: a real HTTP server on 127.0.0.1.

The Ollama daemon cannot be installed on the test machines, so this server follows
Ollama's published REST API (docs/api.md) field by field, for the endpoints Hearth uses:

- ``GET  /api/version``  -> {"version"}
- ``GET  /api/tags``     -> {"models": [{name, model, modified_at, size, digest, details}]}
- ``GET  /api/ps``       -> {"models": [{..., expires_at, size_vram, context_length}]}
- ``POST /api/chat``     -> NDJSON chunks {model, created_at, message, done: false}, then a
  final chunk with done: true, done_reason, total_duration, load_duration,
  prompt_eval_count, prompt_eval_duration, eval_count, eval_duration (nanoseconds);
  ``"stream": false`` gives one object. An empty ``messages`` list only loads the model.
  With ``tools`` in the request and ``tool_calls`` set on the state, the reply is those
  calls: a chunk whose message has ``content: ""`` and ``tool_calls: [{"function": {"name",
  "arguments": {...}}}]`` (arguments an object, no id), then the final chunk.
  A message's ``images`` (base64 strings) are taken only by a model whose capabilities
  name "vision"; another answers 500 {"error": "this model is missing data required for
  image input"}, as Ollama's runner does.
- ``POST /api/show``     -> {modelfile, parameters, template, details, model_info,
  capabilities, modified_at}; ``capabilities`` lists what the model does ("completion",
  "vision", "tools", "embedding"), per model (Ollama 0.6.4 and later send it)
- ``POST /api/generate`` -> same shape with ``response`` (empty prompt = load only)
- ``POST /api/embed``    -> {model, embeddings, total_duration, load_duration, prompt_eval_count}
- ``POST /api/pull``     -> NDJSON status lines: pulling manifest, pulling <digest> with
  total/completed, verifying sha256 digest, writing manifest, success
- errors: {"error": "..."} with 404 for an unknown model, 400 for a bad request.

Replies are deterministic: the reply to any chat is ``reply_text`` split into words, each
streamed after ``token_delay_s``. The models engineer reuses it for pull tests.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

VERSION = "0.12.6"


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


@dataclass
class StubModel:
    name: str
    size: int = 270_000_000
    family: str = "gemma3"
    parameter_size: str = "268.10M"
    quantization_level: str = "Q4_K_M"
    context_length: int = 4096
    embedding: bool = False
    #: what /api/show says the model does; vision models add "vision"
    capabilities: tuple[str, ...] = ("completion", "tools")

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.name.encode()).hexdigest()

    def details(self) -> dict[str, Any]:
        return {"parent_model": "", "format": "gguf", "family": self.family,
                "families": [self.family], "parameter_size": self.parameter_size,
                "quantization_level": self.quantization_level}


def vision_model(name: str = "gemma3:4b") -> StubModel:
    """A model whose /api/show says it sees images (as Ollama's gemma3:4b does)."""
    return StubModel(name, size=3_300_000_000, parameter_size="4.3B",
                     capabilities=("completion", "vision"))


@dataclass
class StubState:
    """What the stand-in daemon holds; tests read and change it."""

    models: dict[str, StubModel] = field(default_factory=dict)
    loaded: dict[str, float] = field(default_factory=dict)  # name -> expires (epoch)
    reply_text: str = "Hello from the Ollama stand-in, streamed word by word."
    token_delay_s: float = 0.0
    load_duration_ns: int = 120_000_000
    #: models that /api/pull can fetch: name -> total bytes
    pullable: dict[str, int] = field(default_factory=dict)
    requests: list[tuple[str, dict]] = field(default_factory=list)
    cancelled: int = 0
    #: the calls a chat request that offers tools is answered with: [{"name", "arguments"}]
    tool_calls: list[dict[str, Any]] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    server: OllamaStub  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # -- plumbing

    def _json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, lines: Iterable[dict[str, Any]]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for line in lines:
                data = json.dumps(line).encode() + b"\n"
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            self.server.state.cancelled += 1
            self.close_connection = True

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        return json.loads(raw or b"{}")

    def _model(self, body: dict[str, Any]) -> StubModel | None:
        name = body.get("model") or ""
        models = self.server.state.models
        model = models.get(name) or models.get(f"{name}:latest")
        if model is None:
            self._json(404, {"error": f"model '{name}' not found"})
        return model

    # -- routes

    def do_GET(self) -> None:
        state = self.server.state
        if self.path == "/api/version":
            self._json(200, {"version": VERSION})
        elif self.path == "/api/tags":
            self._json(200, {"models": [
                {"name": m.name, "model": m.name, "modified_at": _now(), "size": m.size,
                 "digest": m.digest, "details": m.details()} for m in state.models.values()]})
        elif self.path == "/api/ps":
            self._json(200, {"models": [self._running(name, expires)
                                        for name, expires in state.loaded.items()
                                        if name in state.models]})
        elif self.path == "/":
            self.send_response(200)
            self.send_header("Content-Length", "17")
            self.end_headers()
            self.wfile.write(b"Ollama is running")
        else:
            self._json(404, {"error": "not found"})

    def _running(self, name: str, expires: float) -> dict[str, Any]:
        m = self.server.state.models[name]
        return {"name": m.name, "model": m.name, "size": m.size, "digest": m.digest,
                "details": m.details(), "size_vram": 0, "context_length": m.context_length,
                "expires_at": datetime.fromtimestamp(expires, UTC).isoformat()}

    def do_POST(self) -> None:
        try:
            body = self._body()
        except json.JSONDecodeError:
            self._json(400, {"error": "invalid JSON"})
            return
        self.server.state.requests.append((self.path, body))
        routes = {"/api/chat": self._chat, "/api/generate": self._generate,
                  "/api/embed": self._embed, "/api/pull": self._pull, "/api/show": self._show}
        route = routes.get(self.path)
        if route is None:
            self._json(404, {"error": "not found"})
        else:
            route(body)

    def _load(self, model: StubModel, body: dict[str, Any]) -> int:
        """Mark loaded; returns load_duration in ns (0 when it was already loaded)."""
        state = self.server.state
        keep = body.get("keep_alive", "5m")
        seconds = _keep_alive_s(keep)
        was_loaded = model.name in state.loaded
        if seconds == 0:
            state.loaded.pop(model.name, None)
        else:
            state.loaded[model.name] = time.time() + seconds
        return 0 if was_loaded else state.load_duration_ns

    def _chat(self, body: dict[str, Any]) -> None:
        model = self._model(body)
        if model is None:
            return
        images = any(m.get("images") for m in body.get("messages") or [])
        if images and "vision" not in model.capabilities:
            self._json(500, {"error": "this model is missing data required for image input"})
            return
        self._reply(body, key="message", empty=not body.get("messages"))

    def _show(self, body: dict[str, Any]) -> None:
        model = self._model(body)
        if model is None:
            return
        arch = model.family
        info: dict[str, Any] = {"general.architecture": arch,
                                f"{arch}.context_length": model.context_length}
        if "vision" in model.capabilities:
            info[f"{arch}.vision.image_size"] = 896
        self._json(200, {"modelfile": f"FROM {model.name}\n", "parameters": "",
                         "template": "{{ .Prompt }}", "details": model.details(),
                         "model_info": info, "capabilities": list(model.capabilities),
                         "modified_at": _now()})

    def _generate(self, body: dict[str, Any]) -> None:
        self._reply(body, key="response", empty=not body.get("prompt"))

    def _reply(self, body: dict[str, Any], key: str, empty: bool) -> None:
        model = self._model(body)
        if model is None:
            return
        started = time.perf_counter_ns()
        load_ns = self._load(model, body)
        state = self.server.state
        limit = int((body.get("options") or {}).get("num_predict", -1))
        words = [] if empty else state.reply_text.split(" ")
        if limit >= 0:
            words = words[:limit]
        pieces = [w if i == 0 else " " + w for i, w in enumerate(words)]
        prompt = json.dumps(body.get("messages") or body.get("prompt") or "")

        def content(text: str) -> Any:
            return {"role": "assistant", "content": text} if key == "message" else text

        calls = [{"function": {"name": c["name"], "arguments": c["arguments"]}}
                 for c in state.tool_calls] if key == "message" and body.get("tools") else []
        if calls:
            pieces = []

        def lines() -> Iterable[dict[str, Any]]:
            eval_start = time.perf_counter_ns()
            for piece in pieces:
                time.sleep(state.token_delay_s)
                yield {"model": model.name, "created_at": _now(), key: content(piece),
                       "done": False}
            if calls:
                yield {"model": model.name, "created_at": _now(),
                       "message": {"role": "assistant", "content": "", "tool_calls": calls},
                       "done": False}
            end = time.perf_counter_ns()
            final = {"model": model.name, "created_at": _now(), key: content(""),
                     "done": True, "done_reason": "load" if empty else (
                         "length" if limit >= 0 and len(pieces) >= limit else "stop"),
                     "total_duration": end - started + load_ns, "load_duration": load_ns}
            if not empty:
                final.update(prompt_eval_count=max(1, len(prompt) // 4),
                             prompt_eval_duration=2_000_000, eval_count=len(pieces),
                             eval_duration=max(1, end - eval_start))
            yield final

        if body.get("stream", True):
            self._stream(lines())
        else:
            chunks = list(lines())
            final = chunks[-1]
            final[key] = content("".join(pieces))
            if calls:
                final["message"]["tool_calls"] = calls
            self._json(200, final)

    def _embed(self, body: dict[str, Any]) -> None:
        model = self._model(body)
        if model is None:
            return
        load_ns = self._load(model, body)
        texts = body.get("input")
        texts = [texts] if isinstance(texts, str) else list(texts or [])
        vectors = [_vector(text) for text in texts]
        self._json(200, {"model": model.name, "embeddings": vectors,
                         "total_duration": load_ns + 1_000_000, "load_duration": load_ns,
                         "prompt_eval_count": sum(len(t.split()) for t in texts)})

    def _pull(self, body: dict[str, Any]) -> None:
        state = self.server.state
        name = body.get("model") or ""
        total = state.pullable.get(name)
        if total is None:
            self._json(500, {"error": "pull model manifest: file does not exist"})
            return
        digest = "sha256:" + hashlib.sha256(name.encode()).hexdigest()

        def lines() -> Iterable[dict[str, Any]]:
            yield {"status": "pulling manifest"}
            step = max(1, total // 4)
            for done in range(0, total + 1, step):
                time.sleep(state.token_delay_s)
                yield {"status": f"pulling {digest[7:19]}", "digest": digest, "total": total,
                       "completed": min(done, total)}
            yield {"status": "verifying sha256 digest"}
            yield {"status": "writing manifest"}
            state.models[name] = StubModel(name=name, size=total)
            yield {"status": "success"}

        if body.get("stream", True):
            self._stream(lines())
        else:
            list(lines())
            self._json(200, {"status": "success"})


def _keep_alive_s(value: Any) -> float:
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    units = {"s": 1, "m": 60, "h": 3600}
    if text and text[-1] in units:
        return float(text[:-1]) * units[text[-1]]
    return float(text or 300)


def _vector(text: str, dim: int = 8) -> list[float]:
    digest = hashlib.sha256(text.encode()).digest()
    return [round(b / 255.0, 6) for b in digest[:dim]]


class OllamaStub(ThreadingHTTPServer):
    """``with OllamaStub() as stub: stub.url ...``: serves in a background thread."""

    daemon_threads = True

    def __init__(self, state: StubState | None = None, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.state = state or StubState(models={
            "gemma3:270m": StubModel("gemma3:270m"),
            "all-minilm:latest": StubModel("all-minilm:latest", size=46_000_000,
                                           family="bert", parameter_size="23M",
                                           quantization_level="F16", embedding=True,
                                           capabilities=("embedding",))})
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> OllamaStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
