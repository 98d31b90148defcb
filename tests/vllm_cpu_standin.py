"""A stand-in for ``vllm serve`` from vLLM's CPU build (vLLM cannot be installed here).

It follows vLLM's OpenAI-compatible server where Hearth touches it: the ``serve`` command
line (``MODEL --host --port --served-model-name [--max-model-len] [--enforce-eager]``,
refusing ``--gpu-memory-utilization``, which the CPU build has no GPU for, and refusing to
start unless ``VLLM_TARGET_DEVICE=cpu``, as vLLM's CPU docs require), ``GET /health``
(200 once ready), ``GET /v1/models`` and streamed ``POST /v1/chat/completions``
(``chat.completion.chunk`` events, then ``data: [DONE]``). Every reply says which device
it was started for, so a test can see the CPU path was taken.

Structured output and tools as vLLM's server answers them: ``response_format`` (json_object,
json_schema) gives a reply that is JSON (for a schema: an instance of it); ``tools`` with
``tool_choice`` "auto" is refused with vLLM's 400 unless the server was started with
``--enable-auto-tool-choice --tool-call-parser NAME``; a named, "required" or (with a parser)
"auto" choice streams one call the way vLLM does: a ``delta.tool_calls`` entry with
``index``, ``id`` (``chatcmpl-tool-…``), ``type`` and the function's name, then the
arguments in pieces, ending with finish_reason "stop" for a named choice (as vLLM does) and
"tool_calls" otherwise.

Images as vLLM takes them: user content as a list of parts, ``{"type": "text"}`` and
``{"type": "image_url", "image_url": {"url": "data:image/...;base64,..."}}``. Whether the
model takes images is vLLM's registry's answer for the architecture in MODEL's
``config.json`` (:data:`MULTIMODAL`); a text-only model answers an image with vLLM's 400,
``"<served name> is not a multimodal model"``, and a URL that is no data URL, or data
that is no image, with a 400 too. A reply to a message with images ends by saying how
many it was given (" [2 images]"), so a test can see they arrived. With
``HEARTH_STANDIN_RECORD`` set, every request body is appended
to that file as one JSON line, so a test can see what was sent.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="vllm")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve")
    serve.add_argument("model")
    serve.add_argument("--host", required=True)
    serve.add_argument("--port", type=int, required=True)
    serve.add_argument("--served-model-name", required=True)
    serve.add_argument("--max-model-len", type=int)
    serve.add_argument("--quantization")
    serve.add_argument("--enforce-eager", action="store_true")
    serve.add_argument("--enable-auto-tool-choice", action="store_true")
    serve.add_argument("--tool-call-parser")
    return parser.parse_args(argv)


def instance(schema: dict) -> object:
    """A small value valid against ``schema`` (the subset the tests use)."""
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: instance(props.get(name, {})) for name in schema.get("required", props)}
    if kind == "array":
        return [instance(schema.get("items", {}))] * schema.get("minItems", 0)
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    return "Paris"


def reply_pieces(request: dict, words: list[str]) -> list[str]:
    fmt = request.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        text = json.dumps(instance(fmt["json_schema"]["schema"]))
    elif fmt.get("type") == "json_object":
        text = json.dumps({"colours": ["red", "green", "blue"]})
    else:
        return words
    return [text[i:i + 8] for i in range(0, len(text), 8)]


def chosen_tool(request: dict, auto_ok: bool) -> tuple[dict | None, str | None]:
    """(the tool to call, an error) for the request's tools and tool_choice."""
    tools = request.get("tools") or []
    choice = request.get("tool_choice", "auto" if tools else "none")
    if not tools or choice == "none":
        return None, None
    if choice == "auto" and not auto_ok:
        return None, ('"auto" tool choice requires --enable-auto-tool-choice and '
                      "--tool-call-parser to be set")
    if isinstance(choice, dict):
        name = choice["function"]["name"]
        return next(t["function"] for t in tools if t["function"]["name"] == name), None
    return tools[0]["function"], None


#: architectures vLLM's model registry runs as multimodal (a few of them)
MULTIMODAL = frozenset({
    "Qwen2VLForConditionalGeneration", "Qwen2_5_VLForConditionalGeneration",
    "LlavaForConditionalGeneration", "LlavaNextForConditionalGeneration",
    "Idefics3ForConditionalGeneration", "SmolVLMForConditionalGeneration",
    "Gemma3ForConditionalGeneration", "MllamaForConditionalGeneration",
    "PaliGemmaForConditionalGeneration", "Phi3VForCausalLM"})


def is_multimodal(model: str) -> bool:
    """vLLM's ``model_config.is_multimodal_model`` for the folder ``model``."""
    try:
        config = json.loads((Path(model) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(set(config.get("architectures") or ()) & MULTIMODAL)


def image_urls(request: dict) -> list[str]:
    """The ``image_url`` URLs in the request's messages, in order."""
    urls = []
    for message in request.get("messages") or []:
        content = message.get("content")
        for part in content if isinstance(content, list) else ():
            if part.get("type") == "image_url":
                urls.append((part.get("image_url") or {}).get("url", ""))
    return urls


def image_error(urls: list[str], served: str, multimodal: bool) -> str | None:
    """vLLM's 400 for the images of a request, or None when it takes them."""
    if not urls:
        return None
    if not multimodal:
        return f"{served} is not a multimodal model"
    for url in urls:
        header, _, data = url.partition(",")
        if not header.startswith("data:image/") or ";base64" not in header:
            return "Invalid image URL: only data URLs are served here"
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            return "Failed to load image: invalid base64 data"
        if not raw.startswith((b"\x89PNG", b"\xff\xd8\xff", b"RIFF", b"GIF8")):
            return "Failed to load image: cannot identify image file"
    return None


def main() -> None:
    if any(arg.startswith("--gpu-memory-utilization") for arg in sys.argv[1:]):
        sys.exit("vllm: error: the CPU build has no GPU memory to use")
    if os.environ.get("VLLM_TARGET_DEVICE") != "cpu":
        sys.exit("RuntimeError: Failed to infer device type (CPU build: set VLLM_TARGET_DEVICE=cpu)")
    args = parse(sys.argv[1:])
    words = ["Red", ",", " green", " and", " blue", " (cpu)", "."]
    multimodal = is_multimodal(args.model)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a) -> None:
            print("request", self.requestline, flush=True)

        def _json(self, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/health":
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/v1/models":
                self._json({"object": "list", "data": [
                    {"id": args.served_model_name, "object": "model", "owned_by": "vllm",
                     "max_model_len": args.max_model_len}]})
            else:
                self.send_error(404)

        def _stream_call(self, request: dict, tool: dict, created: int) -> None:
            """One tool call, streamed as vLLM streams it."""
            arguments = json.dumps(instance(tool.get("parameters") or {}))
            named = isinstance(request.get("tool_choice"), dict)

            def send(delta: dict, finish: str | None = None) -> None:
                chunk = {"id": "chatcmpl-standin", "object": "chat.completion.chunk",
                         "created": created, "model": args.served_model_name,
                         "choices": [{"index": 0, "delta": delta, "logprobs": None,
                                      "finish_reason": finish}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())

            send({"role": "assistant", "content": ""})
            send({"tool_calls": [{"id": "chatcmpl-tool-5f1e0c", "type": "function", "index": 0,
                                  "function": {"name": tool["name"], "arguments": ""}}]})
            for i in range(0, len(arguments), 6):
                send({"tool_calls": [{"index": 0, "function": {"arguments": arguments[i:i + 6]}}]})
            send({}, "stop" if named else "tool_calls")
            usage = {"id": "chatcmpl-standin", "object": "chat.completion.chunk", "created": created,
                     "model": args.served_model_name, "choices": [],
                     "usage": {"prompt_tokens": 5, "completion_tokens": 9, "total_tokens": 14}}
            self.wfile.write(f"data: {json.dumps(usage)}\n\ndata: [DONE]\n\n".encode())
            self.wfile.flush()

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            request = json.loads(self.rfile.read(length) or b"{}")
            record = os.environ.get("HEARTH_STANDIN_RECORD")
            if record:
                with open(record, "a", encoding="utf-8") as f:
                    f.write(json.dumps(request) + "\n")
            if self.path != "/v1/chat/completions" or request.get("model") != args.served_model_name:
                self.send_error(404)
                return
            urls = image_urls(request)
            tool, error = chosen_tool(request, args.enable_auto_tool_choice)
            error = image_error(urls, args.served_model_name, multimodal) or error
            if error:
                data = json.dumps({"object": "error", "message": error, "type": "BadRequestError",
                                   "param": None, "code": 400}).encode()
                self.send_response(400)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            created = int(time.time())
            if tool is not None:
                self._stream_call(request, tool, created)
                return
            pieces = reply_pieces(request, words)
            if urls:
                pieces = [*pieces, f" [{len(urls)} image{'s' if len(urls) > 1 else ''}]"]
            limit = request.get("max_tokens") or len(pieces)
            chosen = pieces[:limit]
            for i, word in enumerate(chosen):
                last = i == len(chosen) - 1
                chunk = {"id": "chatcmpl-standin", "object": "chat.completion.chunk",
                         "created": created, "model": args.served_model_name,
                         "choices": [{"index": 0, "delta": {"role": "assistant", "content": word}
                                      if i == 0 else {"content": word},
                                      "finish_reason": ("length" if limit < len(pieces) else "stop")
                                      if last else None}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            usage = {"id": "chatcmpl-standin", "object": "chat.completion.chunk", "created": created,
                     "model": args.served_model_name, "choices": [],
                     "usage": {"prompt_tokens": 5, "completion_tokens": len(chosen),
                               "total_tokens": 5 + len(chosen)}}
            self.wfile.write(f"data: {json.dumps(usage)}\n\ndata: [DONE]\n\n".encode())
            self.wfile.flush()

    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print(f"INFO: vLLM (CPU) serving {args.model} as {args.served_model_name}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
