"""A stand-in for ``vllm serve`` from vLLM's CPU build (vLLM cannot be installed here).

It follows vLLM's OpenAI-compatible server where Hearth touches it: the ``serve`` command
line (``MODEL --host --port --served-model-name [--max-model-len] [--enforce-eager]``,
refusing ``--gpu-memory-utilization``, which the CPU build has no GPU for, and refusing to
start unless ``VLLM_TARGET_DEVICE=cpu``, as vLLM's CPU docs require), ``GET /health``
(200 once ready), ``GET /v1/models`` and streamed ``POST /v1/chat/completions``
(``chat.completion.chunk`` events, then ``data: [DONE]``). Every reply says which device
it was started for, so a test can see the CPU path was taken.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


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
    return parser.parse_args(argv)


def main() -> None:
    if any(arg.startswith("--gpu-memory-utilization") for arg in sys.argv[1:]):
        sys.exit("vllm: error: the CPU build has no GPU memory to use")
    if os.environ.get("VLLM_TARGET_DEVICE") != "cpu":
        sys.exit("RuntimeError: Failed to infer device type (CPU build: set VLLM_TARGET_DEVICE=cpu)")
    args = parse(sys.argv[1:])
    words = ["Red", ",", " green", " and", " blue", " (cpu)", "."]

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

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            request = json.loads(self.rfile.read(length) or b"{}")
            if self.path != "/v1/chat/completions" or request.get("model") != args.served_model_name:
                self.send_error(404)
                return
            limit = request.get("max_tokens") or len(words)
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            created = int(time.time())
            chosen = words[:limit]
            for i, word in enumerate(chosen):
                last = i == len(chosen) - 1
                chunk = {"id": "chatcmpl-standin", "object": "chat.completion.chunk",
                         "created": created, "model": args.served_model_name,
                         "choices": [{"index": 0, "delta": {"role": "assistant", "content": word}
                                      if i == 0 else {"content": word},
                                      "finish_reason": ("length" if limit < len(words) else "stop")
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
