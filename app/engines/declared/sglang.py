"""SGLang's server: Hugging Face folders on an NVIDIA GPU, spoken to over its
OpenAI-compatible API.

Launched as ``python -m sglang.launch_server`` with the environment's own Python; flags
from ``python -m sglang.launch_server --help`` (docs.sglang.io, "Server Arguments").
``/health`` answers 200 once the model is loaded. SGLang documents NVIDIA GPUs of compute
capability 8.0 or newer (AMD, Intel CPU and TPU builds have their own guides and are not
declared here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.engines.base import Capabilities
from app.engines.registry import (
    HOST,
    WORKER,
    Detection,
    EngineSpec,
    Launch,
    PipInstall,
    flag,
)
from app.engines.rules import FITS_VRAM, HF_MODEL, INSTALLED, Rule, nvidia

if TYPE_CHECKING:
    from app.engines.workers import WorkerParams


def argv(model: str, port: int, p: WorkerParams) -> list[str]:
    """``sglang.launch_server`` flags (after ``python -m sglang.launch_server``)."""
    return ["--model-path", model, "--host", HOST, "--port", str(port),
            "--served-model-name", p.served_name, *flag("--context-length", p.max_context),
            "--mem-fraction-static", f"{p.gpu_memory_fraction:g}",
            *flag("--quantization", p.quantization)]


ENGINE = EngineSpec(
    name="sglang", label="SGLang", kind=WORKER, order=55,
    summary="Hugging Face folders on an NVIDIA GPU (SGLang's OpenAI-compatible server)",
    client="app.engines.openai_http:SGLangEngine",
    capabilities=Capabilities(chat=True, embed=True, stream=True, prefix_cache=True,
                              structured_output=True, grammar=True, tools=True),
    rules=(Rule("sglang", (nvidia((8, 0)), HF_MODEL, INSTALLED, FITS_VRAM),
                "SGLang worker: {gpu} with {vram} GB, model needs {need} GB", rank=65),),
    detection=Detection(package="sglang", distribution="sglang", module="sglang.launch_server"),
    launch=Launch(argv, "/health"),
    install=PipInstall(("sglang[all]",)),
    devices=("cuda",), min_capability=(8, 0),
)
