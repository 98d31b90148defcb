"""Engine selection: the rules table over recorded hardware profiles, formats and engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.engines.hardware import Hardware
from app.engines.select import ModelInfo, Situation, choose, rules

PROFILES = Path(__file__).parent / "fixtures" / "hardware"
GB = 2**30
ALL_GPU_ENGINES = {"vllm": "0.10.2", "lmdeploy": "0.9.0", "tensorrt-llm": "1.0.0",
                   "llama.cpp": "0.3.36"}


def profile(name: str) -> Hardware:
    return Hardware.from_dict(json.loads((PROFILES / f"{name}.json").read_text()))


GGUF_1GB = ModelInfo("qwen2.5-1.5b-q4.gguf", "gguf", 1 * GB)
HF_8B = ModelInfo("Llama-3.1-8B-Instruct", "hf", int(12.3 * GB))  # bf16 weights: needs 15 GB
HF_1B = ModelInfo("Qwen2.5-1.5B-Instruct", "hf", 3 * GB)
HF_70B = ModelInfo("Llama-3.3-70B", "hf", 140 * GB)

CASES = [
    # (profile, model, installed, preference, engine, words in the reason)
    ("no-gpu", GGUF_1GB, {"llama.cpp": "x"}, "auto", "llama.cpp",
     "llama.cpp in-process on the CPU (no NVIDIA GPU here)"),
    ("nvidia-24gb", HF_8B, ALL_GPU_ENGINES, "auto", "vllm",
     "vLLM worker: RTX 4090 with 24 GB, model needs 15.0 GB"),
    ("nvidia-24gb", HF_8B, {"tensorrt-llm": "1.0"}, "auto", "tensorrt-llm",
     "TensorRT-LLM worker: RTX 4090 with 24 GB, model needs 15.0 GB"),
    ("nvidia-24gb", ModelInfo("llama-8b-fp8.engine", "trt-engine", 9 * GB), ALL_GPU_ENGINES,
     "auto", "tensorrt-llm", "TensorRT-LLM worker: RTX 4090 with 24 GB, built engine"),
    ("nvidia-24gb", HF_8B, {"vllm": "0.10.2"}, "auto", "vllm",
     "vLLM worker: RTX 4090 with 24 GB, model needs 15.0 GB"),
    ("nvidia-24gb", HF_8B, {"lmdeploy": "0.9"}, "auto", "lmdeploy",
     "LMDeploy worker: RTX 4090 with 24 GB"),
    ("nvidia-24gb", GGUF_1GB, ALL_GPU_ENGINES, "auto", "llama.cpp",
     "llama.cpp in-process: GGUF model on RTX 4090 (24 GB)"),
    ("nvidia-8gb", HF_1B, {"vllm": "0.10.2"}, "auto", "vllm",
     "vLLM worker: RTX 3070 with 8 GB, model needs 4.8 GB"),
    ("apple-m3-pro", GGUF_1GB, {"llama.cpp": "x"}, "auto", "llama.cpp",
     "llama.cpp in-process: Apple M3 Pro with Metal and 36 GB unified memory"),
    ("ascend-910b", HF_8B, {"lmdeploy": "0.9"}, "auto", "lmdeploy",
     "LMDeploy: Ascend 910B3 detected"),
    ("no-gpu", ModelInfo("gemma3:270m", "ollama"), {"ollama": "0.12.6"}, "auto", "ollama",
     "Ollama: gemma3:270m is an Ollama model"),
]


@pytest.mark.parametrize("name,model,installed,preference,engine,reason", CASES,
                         ids=[f"{c[0]}-{c[1].format}-{c[4]}" for c in CASES])
def test_choice_and_reason(name, model, installed, preference, engine, reason):
    choice = choose(Situation(profile(name), model, installed, preference))
    assert choice.engine == engine
    assert choice.reason.startswith(reason), choice.reason


def test_model_too_big_for_8gb_falls_to_nothing_with_a_reason():
    choice = choose(Situation(profile("nvidia-8gb"), HF_8B, {"vllm": "x"}))
    assert choice.engine is None
    assert "needs 15.0 GB" in choice.reason and "RTX 3070" in choice.reason


def test_old_gpu_is_explained():
    choice = choose(Situation(profile("nvidia-pascal-8gb"), HF_1B, {"vllm": "x"}))
    assert choice.engine is None
    assert "compute capability 6.1" in choice.reason


def test_pinned_engine_that_cannot_run_says_why_and_offers_fallback():
    choice = choose(Situation(profile("no-gpu"), GGUF_1GB, {"llama.cpp": "x"}, "vllm"))
    assert choice.pinned == "vllm" and choice.engine == "llama.cpp"
    assert "vLLM was pinned but cannot run" in choice.reason
    # vLLM's CPU build needs no GPU: the closest rule's failures are the model and the install
    assert "vLLM serves Hugging Face model folders" in choice.pin_problem
    assert "not installed" in choice.pin_problem
    assert "Falling back to llama.cpp in-process" in choice.reason


def test_pinned_engine_that_can_run_is_used():
    choice = choose(Situation(profile("nvidia-24gb"), HF_8B, ALL_GPU_ENGINES, "vllm"))
    assert choice.engine == "vllm" and choice.pin_problem is None
    assert choice.reason.endswith("(pinned)")


def test_remote_pin():
    choice = choose(Situation(profile("no-gpu"), HF_70B, {}, "remote", remote="cluster"))
    assert choice.engine == "remote" and "cluster" in choice.reason
    missing = choose(Situation(profile("no-gpu"), HF_70B, {}, "remote"))
    assert missing.engine is None and "add-remote" in missing.reason


def test_every_rule_names_a_known_engine_and_checks_have_sentences():
    from app.engines.select import engines

    for rule in rules():
        assert rule.engine in engines() and rule.reason
        assert all(check.why_not for check in rule.needs)


# vLLM's CPU build ---------------------------------------------------------------------------

CPU_BUILD = {"vllm": ("cpu",)}


def test_the_cpu_build_of_vllm_runs_a_hf_folder_without_a_gpu():
    choice = choose(Situation(profile("no-gpu"), HF_1B, {"vllm": "0.32.0", "llama.cpp": "x"},
                              devices=CPU_BUILD))
    assert choice.engine == "vllm"
    assert choice.reason.startswith("vLLM worker on the CPU (vLLM's CPU build, slower than a "
                                    "GPU): model needs 4.8 GB of")


def test_a_pinned_cpu_build_of_vllm_runs_and_a_gpu_build_says_why_not():
    pinned = choose(Situation(profile("no-gpu"), HF_1B, {"vllm": "0.32.0"}, "vllm",
                              devices=CPU_BUILD))
    assert pinned.engine == "vllm" and pinned.pin_problem is None
    gpu_build = choose(Situation(profile("no-gpu"), HF_1B, {"vllm": "0.10.2"}, "vllm"))
    assert gpu_build.engine is None or gpu_build.engine != "vllm"
    assert "built for GPUs only, not its CPU build" in gpu_build.pin_problem


def test_a_gpu_prefers_vllms_gpu_build_and_a_cpu_build_there_says_so():
    on_gpu = choose(Situation(profile("nvidia-24gb"), HF_8B, {"vllm": "0.10.2"}))
    assert on_gpu.reason.startswith("vLLM worker: RTX 4090")
    cpu_there = choose(Situation(profile("nvidia-24gb"), HF_1B, {"vllm": "0.32.0"},
                                 devices=CPU_BUILD))
    assert cpu_there.engine == "vllm" and "vLLM's CPU build" in cpu_there.reason
