"""Choose an engine for a model on this machine, and say why in one sentence.

The whole policy is :data:`RULES`: an ordered table of (engine, requirements, reason).
The first row whose requirements all hold wins, and its reason is what the status bar
shows. A requirement is a named check with the sentence that explains its failure, so a
pinned engine that cannot run can say exactly why ("vLLM cannot run: no NVIDIA GPU
found") and the rule that would have been chosen is offered as the fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from app.engines.hardware import Gpu, Hardware

ENGINES = ("llama.cpp", "ollama", "vllm", "lmdeploy", "tensorrt-llm", "remote")
LABELS = {"llama.cpp": "llama.cpp", "ollama": "Ollama", "vllm": "vLLM", "lmdeploy": "LMDeploy",
          "tensorrt-llm": "TensorRT-LLM", "remote": "remote endpoint"}
#: Model formats: a GGUF file, a Hugging Face folder (safetensors; AWQ/GPTQ are HF folders
#: with a quantisation), a built TensorRT-LLM engine, or a model that lives in Ollama.
FORMATS = ("gguf", "hf", "trt-engine", "ollama")
#: Share of VRAM a worker may take (vLLM's --gpu-memory-utilization default is 0.9).
VRAM_BUDGET = 0.9
#: Room for the KV cache and activations on top of the weights, in GB.
OVERHEAD_GB = 1.5


@dataclass(frozen=True)
class ModelInfo:
    """What selection needs to know about a model."""

    name: str
    format: str = "gguf"
    size_bytes: int = 0
    quantization: str | None = None

    @property
    def needs_gb(self) -> float:
        """Memory to serve it: weights plus KV cache room, rounded up to 0.1 GB."""
        return round(self.size_bytes / 2**30 * 1.1 + OVERHEAD_GB, 1)


@dataclass
class Situation:
    """Everything a rule can look at."""

    hardware: Hardware
    model: ModelInfo
    #: engine name -> version for the engines found (Ollama: daemon answering).
    installed: Mapping[str, str] = field(default_factory=dict)
    preference: str = "auto"
    remote: str | None = None

    @property
    def gpu(self) -> Gpu | None:
        return self.hardware.best_gpu("nvidia")


@dataclass(frozen=True)
class Check:
    """A requirement: ``test`` holds, or ``why_not`` explains in words (format with :func:`facts`)."""

    name: str
    test: Callable[[Situation, str], bool]
    why_not: str


@dataclass(frozen=True)
class Rule:
    engine: str
    needs: tuple[Check, ...]
    reason: str


@dataclass(frozen=True)
class Choice:
    """The engine to use (None when nothing can run the model) and the sentence why.

    ``pin_problem`` is set when the user's pinned engine could not run; ``engine`` is
    then the fallback Hearth offers instead.
    """

    engine: str | None
    reason: str
    pinned: str | None = None
    pin_problem: str | None = None


# ---------------------------------------------------------------------------- checks


def _nvidia(min_cc: tuple[int, int]) -> Check:
    def test(s: Situation, _: str) -> bool:
        return bool(s.gpu and s.gpu.capability_at_least(*min_cc))
    return Check(f"nvidia>={min_cc[0]}.{min_cc[1]}", test,
                 "{label} needs an NVIDIA GPU with compute capability "
                 f"{min_cc[0]}.{min_cc[1]} or newer ({{gpu_found}})")


def _fits_vram(s: Situation, _: str) -> bool:
    return bool(s.gpu and s.gpu.memory_total_mb
                and s.model.needs_gb <= s.gpu.memory_total_mb / 1024 * VRAM_BUDGET)


def _fits_npu(s: Situation, _: str) -> bool:
    npu = s.hardware.best_gpu("ascend")
    return bool(npu and npu.memory_total_mb
                and s.model.needs_gb <= npu.memory_total_mb / 1024 * VRAM_BUDGET)


INSTALLED = Check("installed", lambda s, engine: engine in s.installed,
                  "{label} is not installed (hearth engines install {engine})")
HF_MODEL = Check("hf-model", lambda s, _: s.model.format == "hf",
                 "{label} serves Hugging Face model folders, and {model} is {format}")
TRT_MODEL = Check("trt-engine", lambda s, _: s.model.format in ("hf", "trt-engine"),
                  "{label} needs a Hugging Face folder or a built TensorRT engine, "
                  "and {model} is {format}")
TRT_ENGINE = Check("trt-engine-only", lambda s, _: s.model.format == "trt-engine",
                   "{model} is {format}, not a built TensorRT engine")
GGUF_MODEL = Check("gguf-model", lambda s, _: s.model.format == "gguf",
                   "{label} runs GGUF files, and {model} is {format}")
OLLAMA_MODEL = Check("ollama-model", lambda s, _: s.model.format == "ollama",
                     "{model} is not a model in Ollama")
ASCEND = Check("ascend", lambda s, _: bool(s.hardware.ascend), "no Ascend NPU found")
APPLE = Check("apple", lambda s, _: s.hardware.apple_silicon, "not Apple Silicon")
NVIDIA_ANY = Check("nvidia", lambda s, _: s.gpu is not None, "no NVIDIA GPU found")
NO_NVIDIA = Check("no-nvidia", lambda s, _: s.gpu is None, "an NVIDIA GPU is present")
FITS_VRAM = Check("fits-vram", _fits_vram,
                  "{model} needs {need} GB and {gpu_found} leaves {budget} GB to a worker")
FITS_NPU = Check("fits-npu", _fits_npu, "{model} needs {need} GB, more than the NPU holds")
REMOTE = Check("remote", lambda s, _: bool(s.remote),
               "no remote endpoint is set up (hearth engines add-remote NAME URL)")
ANY: tuple[Check, ...] = ()


# ---------------------------------------------------------------------------- the table

#: Read top to bottom; the first row whose needs all hold is chosen.
RULES: tuple[Rule, ...] = (
    Rule("ollama", (OLLAMA_MODEL, INSTALLED), "Ollama: {model} is an Ollama model"),
    Rule("lmdeploy", (ASCEND, HF_MODEL, INSTALLED, FITS_NPU), "LMDeploy: {npu} detected"),
    Rule("tensorrt-llm", (_nvidia((8, 0)), TRT_ENGINE, INSTALLED, FITS_VRAM),
         "TensorRT-LLM worker: {gpu} with {vram} GB, built engine needs {need} GB"),
    Rule("vllm", (_nvidia((7, 0)), HF_MODEL, INSTALLED, FITS_VRAM),
         "vLLM worker: {gpu} with {vram} GB, model needs {need} GB"),
    Rule("lmdeploy", (_nvidia((7, 0)), HF_MODEL, INSTALLED, FITS_VRAM),
         "LMDeploy worker: {gpu} with {vram} GB, model needs {need} GB"),
    Rule("tensorrt-llm", (_nvidia((8, 0)), TRT_MODEL, INSTALLED, FITS_VRAM),
         "TensorRT-LLM worker: {gpu} with {vram} GB, model needs {need} GB"),
    Rule("llama.cpp", (GGUF_MODEL, APPLE), "llama.cpp in-process: {apple} with Metal and "
         "{ram} GB unified memory"),
    Rule("llama.cpp", (GGUF_MODEL, NVIDIA_ANY), "llama.cpp in-process: GGUF model on {gpu} "
         "({vram} GB); vLLM and LMDeploy serve Hugging Face folders"),
    Rule("llama.cpp", (GGUF_MODEL, NO_NVIDIA), "llama.cpp in-process: no NVIDIA GPU found"),
    Rule("remote", (REMOTE,), "remote endpoint {remote}: chosen in settings"),
)


def facts(s: Situation, engine: str) -> dict[str, object]:
    """The values the reason and failure sentences are written with."""
    gpu, npu = s.gpu, s.hardware.best_gpu("ascend")
    apple = s.hardware.best_gpu("apple")
    vram = gpu.memory_total_gb if gpu else None
    return {
        "engine": engine, "label": LABELS.get(engine, engine), "model": s.model.name,
        "format": {"hf": "a Hugging Face folder", "gguf": "a GGUF file",
                   "trt-engine": "a TensorRT engine", "ollama": "an Ollama model"}.get(
                       s.model.format, s.model.format),
        "need": s.model.needs_gb, "gpu": _short(gpu.name) if gpu else "no GPU",
        "vram": f"{vram:g}" if vram is not None else "?",
        "budget": f"{(vram or 0) * VRAM_BUDGET:.1f}",
        "gpu_found": (f"{_short(gpu.name)} has compute capability {gpu.compute_capability}"
                      if gpu else "no NVIDIA GPU found"),
        "npu": npu.name if npu else "no NPU", "apple": apple.name if apple else "",
        "ram": round((s.hardware.ram_total_mb or 0) / 1024), "remote": s.remote or "",
    }


def _short(name: str) -> str:
    return name.removeprefix("NVIDIA ").removeprefix("GeForce ")


def failures(rule: Rule, s: Situation) -> list[str]:
    """The sentences for each requirement of ``rule`` that does not hold."""
    values = facts(s, rule.engine)
    return [check.why_not.format(**values) for check in rule.needs
            if not check.test(s, rule.engine)]


def choose(s: Situation) -> Choice:
    """Apply :data:`RULES`, honouring a pinned engine when it can run."""
    automatic = _first_match(s, RULES)
    if s.preference in ("auto", "", None):
        return automatic
    pinned_rules = tuple(rule for rule in RULES if rule.engine == s.preference)
    pinned = _first_match(s, pinned_rules)
    if pinned.engine is not None:
        return Choice(pinned.engine, f"{pinned.reason} (pinned)", pinned=s.preference)
    problem = _why_pinned_fails(s, pinned_rules)
    label = LABELS.get(s.preference, s.preference)
    reason = f"{label} was pinned but cannot run: {problem}."
    if automatic.engine:
        reason += f" Falling back to {automatic.reason}"
    return Choice(automatic.engine, reason, pinned=s.preference, pin_problem=problem)


def _first_match(s: Situation, rules: tuple[Rule, ...]) -> Choice:
    for rule in rules:
        if not failures(rule, s):
            return Choice(rule.engine, rule.reason.format(**facts(s, rule.engine)))
    return Choice(None, _nothing_fits(s))


def _why_pinned_fails(s: Situation, rules: tuple[Rule, ...]) -> str:
    if not rules:
        return "Hearth has no rule for that engine"
    closest = min(rules, key=lambda rule: len(failures(rule, s)))
    return "; ".join(failures(closest, s))


def _nothing_fits(s: Situation) -> str:
    """Why no engine can run the model, from the rule that came closest."""
    local = [rule for rule in RULES if rule.engine != "remote"]
    closest = min(local, key=lambda rule: len(failures(rule, s)))
    return (f"No engine can run {s.model.name} here: {'; '.join(failures(closest, s))}. "
            "A remote endpoint can (hearth engines add-remote NAME URL).")
