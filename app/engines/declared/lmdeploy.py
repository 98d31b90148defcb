"""LMDeploy: Hugging Face folders on an NVIDIA GPU (TurboMind) or an Ascend NPU (PyTorch).

Flags from ``lmdeploy serve api_server -h`` (lmdeploy.readthedocs.io, "api_server").
"""

from __future__ import annotations

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
from app.engines.rules import ASCEND, FITS_NPU, FITS_VRAM, HF_MODEL, INSTALLED, Rule, nvidia

if TYPE_CHECKING:
    from app.engines.workers import WorkerParams


def argv(model: str, port: int, p: WorkerParams) -> list[str]:
    """``lmdeploy serve api_server`` with the flags from LMDeploy's documentation."""
    args = ["serve", "api_server", model, "--server-name", HOST, "--server-port", str(port),
            "--model-name", p.served_name, "--cache-max-entry-count",
            f"{p.gpu_memory_fraction:g}", *flag("--session-len", p.max_context)]
    if p.device == "ascend":
        return args + ["--backend", "pytorch", "--device", "ascend", "--eager-mode"]
    if p.quantization in ("awq", "gptq"):
        args += ["--model-format", p.quantization]
    return args + ["--backend", "turbomind"]


ENGINE = EngineSpec(
    name="lmdeploy", label="LMDeploy", kind=WORKER, order=40,
    summary="Hugging Face folders on an NVIDIA GPU or an Ascend NPU",
    client=OPENAI_CLIENT,
    capabilities=Capabilities(chat=True, embed=True, stream=True, prefix_cache=True,
                              structured_output=True, tools=True),
    rules=(
        Rule("lmdeploy", (ASCEND, HF_MODEL, INSTALLED, FITS_NPU), "LMDeploy: {npu} detected",
             rank=20),
        Rule("lmdeploy", (nvidia((7, 0)), HF_MODEL, INSTALLED, FITS_VRAM),
             "LMDeploy worker: {gpu} with {vram} GB, model needs {need} GB", rank=50),
    ),
    detection=Detection(package="lmdeploy", distribution="lmdeploy", executable="lmdeploy"),
    # /v1/models: LMDeploy's api_server has no /health that waits for the model
    launch=Launch(argv, "/v1/models"),
    install=PipInstall(("lmdeploy",), platforms=("linux", "win32")),
    devices=("cuda", "ascend"), min_capability=(7, 0), ascend=True,
)
