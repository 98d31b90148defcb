"""The words engine selection is written in: what a model is, what the machine has, and
the checks a selection rule is made of.

Each engine's declaration (:mod:`app.engines.declared`) lists its own rules with these
checks; :mod:`app.engines.select` reads them all from the registry, in rank order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from app.engines.hardware import Gpu, Hardware
from app.i18n import N_

#: Model formats: a GGUF file, a Hugging Face folder (safetensors; AWQ/GPTQ are HF folders
#: with a quantisation), a built TensorRT-LLM engine, or a model that lives in Ollama.
FORMATS = ("gguf", "hf", "trt-engine", "ollama")
#: Share of VRAM a worker may take (vLLM's --gpu-memory-utilization default is 0.9).
VRAM_BUDGET = 0.9
#: Share of RAM a CPU worker may take (the KV cache and the rest of the machine need room).
RAM_BUDGET = 0.8
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
    #: engine name -> the devices the build found runs on ("cpu" for vLLM's CPU build);
    #: an engine not named here runs where its declaration says.
    devices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def gpu(self) -> Gpu | None:
        return self.hardware.best_gpu("nvidia")

    def build_runs_on(self, engine: str, device: str) -> bool:
        """Does the build of ``engine`` found here run on ``device``?"""
        if engine in self.devices:
            return device in self.devices[engine]
        from app.engines.registry import get

        spec = get(engine)
        return spec is not None and device in spec.devices


@dataclass(frozen=True)
class Check:
    """A requirement: ``test`` holds, or ``why_not`` explains in words (translated, then
    formatted with :func:`app.engines.select.facts` and ``values``); mark it with
    ``N_`` where it is declared."""

    name: str
    test: Callable[[Situation, str], bool]
    why_not: str
    #: fields of ``why_not`` that are the check's own (a compute capability)
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rule:
    """Choose ``engine`` when every check in ``needs`` holds. Rules are tried in ``rank``
    order across all engines (lowest first); ``reason`` is the sentence the UI shows
    (a literal third argument, which the translation tools find as ``Rule:3``; it is
    translated where it is shown)."""

    engine: str
    needs: tuple[Check, ...]
    reason: str
    rank: int = 100


# ---------------------------------------------------------------------------- checks


def nvidia(min_cc: tuple[int, int]) -> Check:
    """An NVIDIA GPU of compute capability ``min_cc`` or newer."""
    def test(s: Situation, _: str) -> bool:
        return bool(s.gpu and s.gpu.capability_at_least(*min_cc))
    capability = f"{min_cc[0]}.{min_cc[1]}"
    return Check(f"nvidia>={capability}", test,
                 N_("{label} needs an NVIDIA GPU with compute capability {capability} or "
                    "newer ({gpu_found})"), values=(("capability", capability),))


def _fits_vram(s: Situation, _: str) -> bool:
    return bool(s.gpu and s.gpu.memory_total_mb
                and s.model.needs_gb <= s.gpu.memory_total_mb / 1024 * VRAM_BUDGET)


def _fits_npu(s: Situation, _: str) -> bool:
    npu = s.hardware.best_gpu("ascend")
    return bool(npu and npu.memory_total_mb
                and s.model.needs_gb <= npu.memory_total_mb / 1024 * VRAM_BUDGET)


def _fits_ram(s: Situation, _: str) -> bool:
    ram = s.hardware.ram_total_mb
    return not ram or s.model.needs_gb <= ram / 1024 * RAM_BUDGET


def _cpu_build(s: Situation, engine: str) -> bool:
    """Holds for a CPU build, and for an engine not found (that failure is said once)."""
    return engine not in s.installed or s.build_runs_on(engine, "cpu")


def _gpu_build(s: Situation, engine: str) -> bool:
    return engine not in s.installed or s.build_runs_on(engine, "cuda")


INSTALLED = Check("installed", lambda s, engine: engine in s.installed,
                  N_("{label} is not installed (hearth engines install {engine}, or hearth "
                     "engines env set {engine} PATH for an environment you have)"))
HF_MODEL = Check("hf-model", lambda s, _: s.model.format == "hf",
                 N_("{label} serves Hugging Face model folders, and {model} is {format}"))
TRT_MODEL = Check("trt-engine", lambda s, _: s.model.format in ("hf", "trt-engine"),
                  N_("{label} needs a Hugging Face folder or a built TensorRT engine, "
                     "and {model} is {format}"))
TRT_ENGINE = Check("trt-engine-only", lambda s, _: s.model.format == "trt-engine",
                   N_("{model} is {format}, not a built TensorRT engine"))
GGUF_MODEL = Check("gguf-model", lambda s, _: s.model.format == "gguf",
                   N_("{label} runs GGUF files, and {model} is {format}"))
OLLAMA_MODEL = Check("ollama-model", lambda s, _: s.model.format == "ollama",
                     N_("{model} is not a model in Ollama"))
ASCEND = Check("ascend", lambda s, _: bool(s.hardware.ascend), N_("no Ascend NPU found"))
APPLE = Check("apple", lambda s, _: s.hardware.apple_silicon, N_("not Apple Silicon"))
NVIDIA_ANY = Check("nvidia", lambda s, _: s.gpu is not None, N_("no NVIDIA GPU found"))
NO_NVIDIA = Check("no-nvidia", lambda s, _: s.gpu is None, N_("an NVIDIA GPU is present"))
FITS_VRAM = Check("fits-vram", _fits_vram,
                  N_("{model} needs {need} GB and {gpu_found} leaves {budget} GB to a worker"))
FITS_NPU = Check("fits-npu", _fits_npu, N_("{model} needs {need} GB, more than the NPU holds"))
FITS_RAM = Check("fits-ram", _fits_ram,
                 N_("{model} needs {need} GB and {ram} GB of RAM leaves {ram_budget} GB to it"))
CPU_BUILD = Check("cpu-build", _cpu_build,
                  N_("the {label} found is built for GPUs only, not its CPU build"))
GPU_BUILD = Check("gpu-build", _gpu_build,
                  N_("the {label} found is its CPU build, which does not use the GPU"))
REMOTE = Check("remote", lambda s, _: bool(s.remote),
               N_("no remote endpoint is set up (hearth engines add-remote NAME URL)"))
