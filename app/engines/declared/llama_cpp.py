"""llama.cpp in-process (llama-cpp-python, Hearth's own dependency): GGUF files, any machine."""

from __future__ import annotations

import importlib.metadata
import importlib.util
from typing import TYPE_CHECKING

from app.engines.base import Capabilities
from app.engines.registry import IN_PROCESS, EngineEntry, EngineSpec
from app.engines.rules import APPLE, GGUF_MODEL, NO_NVIDIA, NVIDIA_ANY, Rule

if TYPE_CHECKING:
    from app.engines.hardware import Hardware
    from app.engines.remotes import EngineConfig


def probe(hw: Hardware, config: EngineConfig, ask_daemon: bool) -> list[EngineEntry]:
    """llama-cpp-python in Hearth's own environment."""
    if importlib.util.find_spec("llama_cpp") is None:
        return [EngineEntry("llama.cpp", False, None, "", False,
                            "llama-cpp-python is not installed in Hearth's environment")]
    version = importlib.metadata.version("llama-cpp-python")
    return [EngineEntry("llama.cpp", True, version, "in-process", True, "runs GGUF models here",
                        devices=("cpu",))]


ENGINE = EngineSpec(
    name="llama.cpp", label="llama.cpp", kind=IN_PROCESS, order=10,
    summary="GGUF models inside Hearth's own process (CPU, Metal, CUDA)",
    client="app.engines.llamacpp:LlamaCppEngine",
    capabilities=Capabilities(chat=True, embed=True, stream=True, prefix_cache=True,
                              in_process=True),
    rules=(
        Rule("llama.cpp", (GGUF_MODEL, APPLE), "llama.cpp in-process: {apple} with Metal and "
             "{ram} GB unified memory", rank=70),
        Rule("llama.cpp", (GGUF_MODEL, NVIDIA_ANY), "llama.cpp in-process: GGUF model on {gpu} "
             "({vram} GB); vLLM and LMDeploy serve Hugging Face folders", rank=80),
        Rule("llama.cpp", (GGUF_MODEL, NO_NVIDIA),
             "llama.cpp in-process on the CPU (no NVIDIA GPU here)",
             rank=90),
    ),
    probe=probe,
)
