"""Why this engine runs the model: the selector's sentence, on a recorded machine."""

from __future__ import annotations

import json
from pathlib import Path

from app.engines import hardware
from app.engines.base import ModelRef
from app.engines.hardware import Hardware
from app.services import runtime as runtime_module
from app.services.runtime import Runtime, explain_engine, machine
from app.settings import Settings

PROFILES = Path(__file__).parent / "fixtures" / "hardware"


def profile(name: str) -> Hardware:
    return Hardware.from_dict(json.loads((PROFILES / f"{name}.json").read_text()))


def test_loading_on_a_machine_without_gpu_says_so(db, smollm2_path, monkeypatch):
    monkeypatch.setattr(runtime_module, "_machine", profile("no-gpu"))
    runtime = Runtime(db, Settings(n_ctx=512))
    try:
        runtime.ensure(str(smollm2_path))
        assert runtime.reason == "llama.cpp in-process: no NVIDIA GPU found"
    finally:
        runtime.close()


def test_pinned_engine_that_cannot_run_falls_back_with_the_reason():
    ref = ModelRef("smollm2", Path("/nonexistent/smollm2.gguf"))
    reason = explain_engine(ref, profile("no-gpu"), "llama.cpp", preference="vllm")
    assert reason.startswith("vLLM was pinned but cannot run")
    assert "no NVIDIA GPU found" in reason and "Falling back to llama.cpp" in reason


def test_an_engine_hearth_cannot_start_here_is_named_and_llama_cpp_kept():
    ref = ModelRef("Qwen2.5-1.5B-Instruct", Path("/models/qwen"), format="hf")
    reason = explain_engine(ref, profile("nvidia-24gb"), "llama.cpp",
                            installed={"llama.cpp": "0.3.36", "vllm": "0.10.2"})
    assert reason.startswith("llama.cpp in-process: Hearth would choose vLLM (vLLM worker:")
    assert reason.endswith("use it from the Engines page or 'hearth engines use vllm'")


def test_hardware_is_detected_once_per_process(monkeypatch):
    calls = []
    real = hardware.detect
    monkeypatch.setattr(hardware, "detect", lambda: calls.append(1) or real())
    monkeypatch.setattr(runtime_module, "_machine", None)
    first, second = machine(), machine()
    assert first is second and len(calls) == 1 and first.cpu.logical_cores >= 1
