#!/usr/bin/env bash
# GPU smoke test for Hearth's worker path, for a machine with an NVIDIA GPU and no internet.
#
# Detects what is already present (driver, NVML, vllm / lmdeploy / trtllm-serve on PATH or
# in $HEARTH_GPU_ENV, a small Hugging Face model folder under $HEARTH_GPU_MODEL or the HF
# cache), reports it, and runs Hearth's real worker path (launch, readiness, cold-start
# phases, streaming, stop) with the first engine + model pair it finds. It tries
# `pip install vllm` only when an index is reachable. Prints a JSON report at the end and
# writes it to ${OUT:-.}/gpu_smoke.json.
#
#   bash tests/integration/gpu_smoke.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT_DIR="${OUT:-.}"
PY="${PYTHON:-python3}"

echo "== hardware (Hearth's detect())"
PYTHONPATH=. "$PY" -c 'import json; from app.engines.hardware import detect; print(json.dumps(detect().as_dict(), indent=1))' \
    || echo "hardware detection needs Hearth's dependencies: pip install -e '.[test]'"
nvidia-smi || echo "nvidia-smi: not available"

echo "== engines present"
for exe in vllm lmdeploy trtllm-serve; do
    printf '%-14s %s\n' "$exe" "$(command -v "$exe" || echo missing)"
done
# installing vLLM (several GB) happens only when asked: HEARTH_GPU_INSTALL=1
if [ "${HEARTH_GPU_INSTALL:-0}" = 1 ] && ! command -v vllm >/dev/null && [ -z "${HEARTH_GPU_ENV:-}" ]; then
    GPU_ENV="${TMPDIR:-/tmp}/hearth-gpu-env"
    if timeout 10 "$PY" -m pip download --no-deps -q -d "$GPU_ENV-check" pip >/dev/null 2>&1; then
        echo "an index is reachable: installing vllm into $GPU_ENV"
        "$PY" -m venv "$GPU_ENV" && "$GPU_ENV/bin/pip" install -q vllm && export HEARTH_GPU_ENV=$GPU_ENV
    else
        echo "no package index reachable: using only what is installed"
    fi
fi

PYTHONPATH=. HEARTH_HOME="${HEARTH_HOME:-$(mktemp -d)}" OUT_DIR="$OUT_DIR" "$PY" - <<'PY'
import json, os, sys, time
from pathlib import Path

from app.engines.base import ChatParams, Done, Message, ModelRef, Token
from app.engines.workers import WorkerEngine, WorkerParams, find_engine

env = Path(os.environ["HEARTH_GPU_ENV"]) if os.environ.get("HEARTH_GPU_ENV") else None
report = {"engines": {}, "models": [], "runs": []}
for name in ("vllm", "lmdeploy", "tensorrt-llm"):
    found = find_engine(name, env)
    report["engines"][name] = None if found is None else {"command": found.command[0],
                                                           "version": found.version}

def model_folders():
    if os.environ.get("HEARTH_GPU_MODEL"):
        yield Path(os.environ["HEARTH_GPU_MODEL"])
    hub = Path(os.environ.get("HF_HOME", Path.home() / ".cache" / "huggingface")) / "hub"
    for snap in sorted(hub.glob("models--*/snapshots/*")):
        yield snap
    for root in (Path("/models"), Path("/data/models"), Path.home() / "models"):
        if root.is_dir():
            yield from (p for p in root.iterdir() if p.is_dir())

def size_gb(folder):
    return sum(p.stat().st_size for p in folder.rglob("*.safetensors")) / 2**30

models = [m for m in model_folders() if (m / "config.json").exists() and size_gb(m) > 0]
models.sort(key=size_gb)
report["models"] = [{"path": str(m), "gb": round(size_gb(m), 2)} for m in models]
print(json.dumps(report, indent=1))
if not models or not any(report["engines"].values()):
    print("NOTHING TO RUN: need an engine and a Hugging Face model folder on this machine")
else:
    model = models[0]
    for name, found in report["engines"].items():
        if found is None:
            continue
        engine = WorkerEngine(find_engine(name, env), WorkerParams(
            served_name="smoke", max_context=2048, gpu_memory_fraction=0.5),
            ready_timeout_s=480, stall_timeout_s=240)
        run = {"engine": name, "model": str(model)}
        try:
            load = engine.load(ModelRef("smoke", model, format="hf"))
            run.update(spawn_s=load.spawn_s, load_s=load.load_s, first_token_s=load.warmup_s,
                       ready_s=load.ready_s)
            events = list(engine.chat([Message("user", "Name three colours.")],
                                      ChatParams(max_tokens=64, temperature=0)))
            done = events[-1]
            run["reply"] = done.text[:200] if isinstance(done, Done) else repr(done)
            if isinstance(done, Done):
                run.update(ttft_s=done.stats.ttft_s, tok_s=done.stats.tok_s)
        except Exception as exc:  # report, don't hide
            run["error"] = str(exc)
        finally:
            engine.close()
        report["runs"].append(run)
        print(json.dumps(run, indent=1))
Path(os.environ["OUT_DIR"], "gpu_smoke.json").write_text(json.dumps(report, indent=1))
PY
