"""Why this engine runs the model: the selector's sentence, on a recorded machine (the
automatic choice itself: tests/test_runtime_auto.py)."""

from __future__ import annotations

import json
from pathlib import Path

from app.engines import hardware
from app.engines.base import ModelRef
from app.engines.hardware import Hardware
from app.engines.targets import EngineTarget
from app.services import runtime as runtime_module
from app.services.runtime import Runtime, explain_target, machine
from app.settings import Settings

PROFILES = Path(__file__).parent / "fixtures" / "hardware"


def profile(name: str) -> Hardware:
    return Hardware.from_dict(json.loads((PROFILES / f"{name}.json").read_text()))


def test_loading_on_a_machine_without_gpu_says_so(db, smollm2_path, monkeypatch):
    monkeypatch.setattr(runtime_module, "_machine", profile("no-gpu"))
    runtime = Runtime(db, Settings(n_ctx=512))
    try:
        runtime.ensure(str(smollm2_path))
        assert runtime.reason == "llama.cpp in-process on the CPU (no NVIDIA GPU here)"
    finally:
        runtime.close()


def test_a_gpu_engine_named_by_the_user_that_cannot_run_here_says_why():
    ref = ModelRef("smollm2", Path("/nonexistent/smollm2.gguf"))
    reason = explain_target(EngineTarget("vllm"), ref, profile("no-gpu"))
    assert reason == ("vLLM worker: your choice, serving smollm2 (Hearth's rules say it cannot "
                      "run here: vLLM serves Hugging Face model folders, and smollm2 is a GGUF "
                      "file; vLLM's CPU build is not installed (build or install it as "
                      "vLLM's CPU installation guide says, then hearth engines env set vllm "
                      "PATH))")


def test_hardware_is_detected_once_per_process(monkeypatch):
    calls = []
    real = hardware.detect
    monkeypatch.setattr(hardware, "detect", lambda: calls.append(1) or real())
    monkeypatch.setattr(runtime_module, "_machine", None)
    first, second = machine(), machine()
    assert first is second and len(calls) == 1 and first.cpu.logical_cores >= 1
