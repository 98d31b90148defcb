"""llama-cpp-python's OpenAI-compatible server as a worker process (GGUF files; the same
llama.cpp, in a process of its own). Only when chosen: the selector keeps GGUF in-process."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.engines.base import Capabilities
from app.engines.registry import HOST, OPENAI_CLIENT, WORKER, Detection, EngineSpec, Launch, flag

if TYPE_CHECKING:
    from app.engines.workers import WorkerParams


def argv(model: str, port: int, p: WorkerParams) -> list[str]:
    """``python -m llama_cpp.server`` (llama-cpp-python's OpenAI-compatible server)."""
    return ["--model", model, "--host", HOST, "--port", str(port), "--model_alias",
            p.served_name, *flag("--n_ctx", p.max_context)]


ENGINE = EngineSpec(
    name="llama-cpp-server", label="llama-cpp-python server", kind=WORKER, order=60,
    summary="runs GGUF models in a separate process (OpenAI-compatible server)",
    client=OPENAI_CLIENT,
    capabilities=Capabilities(chat=True, embed=True, stream=True, prefix_cache=True,
                              structured_output=True),
    detection=Detection(package="llama_cpp", distribution="llama-cpp-python",
                        module="llama_cpp.server", in_hearth=True),
    launch=Launch(argv, "/v1/models"),
    devices=("cpu",),
)
