"""Will this model fit? Weights plus KV cache at a context length, against free memory.

The estimate is what LM Studio-style labels need, and is honest about being one: after a
real load Hearth records the memory it measured (``LoadReport.memory_mb``, the resident
memory the load added) with that load's context length, and :class:`FitEstimate` carries
both so the UI can show "estimated 1.2 GB, measured 1.1 GB".

- weights: the GGUF file's size (llama.cpp maps it; every byte ends up resident);
- KV cache: 2 (K and V) x layers x KV heads x head size x context x 2 bytes (f16);
- overhead: llama.cpp's compute buffers and runtime, 5 % of the weights plus 50 MB
  (SmolLM2-135M measured 142 MB at 1k tokens and 276 MB at 8k; this estimates 171 and 329).

Labels: "fits" up to 80 % of the memory available, "tight" up to 100 %, else "too large";
a GPU-only format on a machine without an NVIDIA GPU is "needs a GPU".
"""

from __future__ import annotations

from dataclasses import dataclass

import psutil

from app.engines.base import LoadReport
from app.models.catalog import CatalogEntry

MB = 2**20
FITS_SHARE = 0.80
OVERHEAD_MB = 50.0
OVERHEAD_SHARE = 0.05
#: KV bytes per token per billion parameters when a model's shape is unknown (GQA models
#: of 1-14B measure 10-30 KB; this errs on the large side)
KV_BYTES_PER_TOKEN_PER_B = 24 * 1024


@dataclass(frozen=True)
class Shape:
    """What the KV cache depends on."""

    layers: int
    kv_heads: int
    head_dim: int

    def kv_bytes(self, n_ctx: int, bytes_per_value: int = 2) -> int:
        return 2 * self.layers * self.kv_heads * self.head_dim * n_ctx * bytes_per_value


@dataclass(frozen=True)
class Memory:
    """Memory the model could use: available RAM, and free VRAM of the first GPU if any."""

    ram_mb: float
    vram_mb: float | None = None
    gpu_name: str | None = None


@dataclass(frozen=True)
class FitEstimate:
    """An estimate in MB, its label, and (after a real load) the measurement."""

    weights_mb: float
    kv_cache_mb: float
    overhead_mb: float
    n_ctx: int
    available_mb: float
    device: str  # "RAM" or "VRAM"
    label: str  # "fits", "tight", "too large", "needs a GPU"
    measured_mb: float | None = None
    measured_n_ctx: int | None = None

    @property
    def total_mb(self) -> float:
        return self.weights_mb + self.kv_cache_mb + self.overhead_mb

    def describe(self) -> str:
        """One line for the CLI and the library view."""
        text = (f"{self.label}: needs about {_gb(self.total_mb)} ({_gb(self.weights_mb)} weights "
                f"+ {_gb(self.kv_cache_mb)} KV cache at {self.n_ctx:,} tokens) of "
                f"{_gb(self.available_mb)} free {self.device}")
        if self.measured_mb is not None:
            text += (f"; measured {_gb(self.measured_mb)} after a real load"
                     + (f" at {self.measured_n_ctx:,} tokens" if self.measured_n_ctx else ""))
        return text


def available_memory() -> Memory:
    """Available RAM (psutil) and the first NVIDIA GPU's free memory (nvidia-ml-py), if any."""
    ram = psutil.virtual_memory().available / MB
    vram, name = _nvidia_free_mb()
    return Memory(ram, vram, name)


def _nvidia_free_mb() -> tuple[float | None, str | None]:
    try:
        import pynvml  # nvidia-ml-py; optional
    except ImportError:
        return None, None
    try:
        pynvml.nvmlInit()
        try:
            handle = pynvml.nvmlDeviceGetHandleByIndex(0)
            free = pynvml.nvmlDeviceGetMemoryInfo(handle).free / MB
            name = pynvml.nvmlDeviceGetName(handle)
            return free, name.decode() if isinstance(name, bytes) else str(name)
        finally:
            pynvml.nvmlShutdown()
    except Exception:  # noqa: BLE001 - no driver, no GPU: treat as no VRAM
        return None, None


def label_for(total_mb: float, available_mb: float) -> str:
    """ "fits", "tight" or "too large"."""
    if total_mb <= available_mb * FITS_SHARE:
        return "fits"
    if total_mb <= available_mb:
        return "tight"
    return "too large"


def estimate(size_bytes: int, n_ctx: int, *, shape: Shape | None = None,
             parameters: int | None = None, memory: Memory | None = None,
             gpu: bool = False) -> FitEstimate:
    """Estimate for a file of ``size_bytes`` at ``n_ctx`` tokens of context."""
    memory = memory or available_memory()
    weights = size_bytes / MB
    if shape is not None:
        kv = shape.kv_bytes(n_ctx) / MB
    else:
        kv = KV_BYTES_PER_TOKEN_PER_B * n_ctx * max(parameters or 0, 1e8) / 1e9 / MB
    overhead = OVERHEAD_MB + OVERHEAD_SHARE * weights
    if gpu and memory.vram_mb is None:
        return FitEstimate(weights, kv, overhead, n_ctx, 0.0, "VRAM", "needs a GPU")
    available = memory.vram_mb if gpu and memory.vram_mb is not None else memory.ram_mb
    return FitEstimate(weights, kv, overhead, n_ctx, available, "VRAM" if gpu else "RAM",
                       label_for(weights + kv + overhead, available))


def fit_for_entry(entry: CatalogEntry, n_ctx: int, memory: Memory | None = None,
                  gpu: bool = False) -> FitEstimate:
    """Estimate for a catalog entry (before downloading it)."""
    shape = Shape(**entry.arch) if entry.arch else None
    n_ctx = min(n_ctx, entry.context_length)
    return estimate(entry.size_bytes, n_ctx, shape=shape, parameters=entry.parameters,
                    memory=memory, gpu=gpu)


def fit_for_model(model, n_ctx: int, memory: Memory | None = None,
                  gpu: bool = False) -> FitEstimate:
    """Estimate for an installed ``LibraryModel``, with its last measurement if any."""
    shape = (Shape(model.n_layers, model.n_head_kv, model.head_dim)
             if model.n_layers and model.n_head_kv and model.head_dim else None)
    if model.context_length:
        n_ctx = min(n_ctx, model.context_length)
    fit = estimate(model.size_bytes or 0, n_ctx, shape=shape, parameters=model.parameters,
                   memory=memory, gpu=gpu)
    return FitEstimate(fit.weights_mb, fit.kv_cache_mb, fit.overhead_mb, fit.n_ctx,
                       fit.available_mb, fit.device, fit.label, model.measured_memory_mb,
                       model.measured_n_ctx)


def record_measurement(db, report: LoadReport) -> None:
    """After a real load: keep the measured memory and context length on the model's row."""
    from app.models.library import Library

    Library(db).record_measurement(report.model, report.memory_mb, report.context_length)


def _gb(mb: float) -> str:
    return f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{mb:,.0f} MB"
