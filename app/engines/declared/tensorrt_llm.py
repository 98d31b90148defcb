"""TensorRT-LLM: built engines or Hugging Face folders on an NVIDIA GPU (Ampere or newer).

Flags from ``trtllm-serve --help`` (nvidia.github.io/TensorRT-LLM, "trtllm-serve").
Quantisation is read from the checkpoint (there is no serve-time flag). Guided decoding
(``response_format`` JSON / JSON schema) works only when the server starts with a grammar
backend: TensorRT-LLM's "Guided Decoding" page sets ``guided_decoding_backend: xgrammar`` in
the YAML given to ``--extra_llm_api_options`` (newer releases also call it ``--config``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.engines.base import Capabilities
from app.engines.registry import (
    HOST,
    OPENAI_CLIENT,
    WORKER,
    Detection,
    EngineSpec,
    Launch,
    PipInstall,
    flag,
)
from app.engines.rules import FITS_VRAM, INSTALLED, TRT_ENGINE, TRT_MODEL, Rule, nvidia

if TYPE_CHECKING:
    from app.engines.workers import WorkerParams


#: the LLM API options every worker starts with: a grammar backend for guided decoding
LLM_API_OPTIONS = "guided_decoding_backend: xgrammar\n"


def options_file() -> Path:
    """The YAML of :data:`LLM_API_OPTIONS`, written under Hearth's config folder."""
    from app.paths import get_paths

    path = get_paths().ensure().config / "tensorrt-llm-options.yaml"
    if not path.exists() or path.read_text(encoding="utf-8") != LLM_API_OPTIONS:
        path.write_text(LLM_API_OPTIONS, encoding="utf-8")
    return path


def argv(model: str, port: int, p: WorkerParams) -> list[str]:
    """``trtllm-serve`` with the flags from TensorRT-LLM's documentation."""
    return [model, "--host", HOST, "--port", str(port), "--backend", "pytorch",
            "--served_model_name", p.served_name, *flag("--max_seq_len", p.max_context),
            "--kv_cache_free_gpu_memory_fraction", f"{p.gpu_memory_fraction:g}",
            "--extra_llm_api_options", str(options_file())]


ENGINE = EngineSpec(
    name="tensorrt-llm", label="TensorRT-LLM", kind=WORKER, order=50,
    summary="built TensorRT engines or Hugging Face folders on an NVIDIA GPU",
    client=OPENAI_CLIENT,
    capabilities=Capabilities(chat=True, embed=True, stream=True, prefix_cache=True,
                              structured_output=True),
    rules=(
        Rule("tensorrt-llm", (nvidia((8, 0)), TRT_ENGINE, INSTALLED, FITS_VRAM),
             "TensorRT-LLM worker: {gpu} with {vram} GB, built engine needs {need} GB", rank=30),
        Rule("tensorrt-llm", (nvidia((8, 0)), TRT_MODEL, INSTALLED, FITS_VRAM),
             "TensorRT-LLM worker: {gpu} with {vram} GB, model needs {need} GB", rank=60),
    ),
    detection=Detection(package="tensorrt_llm", distribution="tensorrt_llm",
                        executable="trtllm-serve"),
    launch=Launch(argv, "/health"),
    install=PipInstall(("tensorrt-llm",), pip_args=("--extra-index-url", "https://pypi.nvidia.com")),
    devices=("cuda",), min_capability=(8, 0),
)
