"""Will this model fit? Weights plus KV cache at a context length, against free memory.

The estimate is what LM Studio-style labels need, and is honest about being one: after a
real load Hearth records the memory it measured (``LoadReport.memory_mb``, the resident
memory the load added) with that load's context length, and :class:`FitEstimate` carries
both so the UI can show "estimated 1.2 GB, measured 1.1 GB".

- weights: the GGUF file's size (llama.cpp maps it; every byte ends up resident);
- KV cache: 2 (K and V) x layers x KV heads x head size x context x 2 bytes (f16);
- overhead: llama.cpp's compute buffers and runtime, 5 % of the weights plus 50 MB
  (SmolLM2-135M measured 142 MB at 1k tokens and 276 MB at 8k; this estimates 171 and 329).

- a vision model: its projector file (mapped like the weights) and one image pass through
  the vision encoder (:class:`VisionShape`); an image also takes ``image_tokens`` of the
  context, so the estimate says how many images fit in it.

Labels: "fits" up to 80 % of the memory available, "tight" up to 100 %, else "too large";
a GPU-only format on a machine without an NVIDIA GPU is "needs a GPU".

Speed: decoding reads every weight once per token, so on a CPU tokens per second are about
the memory bandwidth the machine sustains divided by the weights' size. That bandwidth is
taken from this machine's own replies (llama.cpp's tok/s times the model's size: the
median of the recent ones), or a cautious default per core before the first reply. A model
that fits but would answer under :data:`SLOW_TOK_S` is labelled "too slow": fitting in memory
is not the same as being usable (a 14B model on two cores fits and answers a word a second).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
#: bytes per second per physical core assumed before this machine has measured a reply
#: (two cores here: SmolLM2's 98 MB at 70-100 tok/s is 7-10 GB/s, and a tiny model
#: underuses the bandwidth)
DEFAULT_BANDWIDTH_PER_CORE = 5.0e9
#: replies of models smaller than this are bound by compute more than by memory: they
#: only raise the default, they do not replace it
MIN_MEASURING_BYTES = 300 * MB
#: below this, a 200-word reply takes over a minute: "too slow"
SLOW_TOK_S = 4.0


@dataclass(frozen=True)
class Shape:
    """What the KV cache depends on."""

    layers: int
    kv_heads: int
    head_dim: int

    def kv_bytes(self, n_ctx: int, bytes_per_value: int = 2) -> int:
        return 2 * self.layers * self.kv_heads * self.head_dim * n_ctx * bytes_per_value


@dataclass(frozen=True)
class VisionShape:
    """What one image costs: its tokens in the context and the encoder pass's memory.

    Tokens: ``(image_size / patch_size)²`` patches, ``merge`` patches to a token (the
    projector's merge factor: Gemma 3 pools 4 x 4 = 16, the Qwen2-VL family merges
    2 x 2 = 4, SmolVLM's scale factor 4 gives 16; 1 where unknown, so never counted low).
    Memory of the pass (llama.cpp's vision compute buffer, f32, no flash attention): the
    attention scores of one layer, patches² x heads x 4 bytes, plus the activations,
    patches x (3 x width + feed-forward) x 4 bytes. The projector's weights are its file.
    """

    image_size: int
    patch_size: int
    merge: int = 1
    width: int = 0
    heads: int = 0
    ffn: int = 0

    @property
    def patches(self) -> int:
        return (self.image_size // self.patch_size) ** 2 if self.patch_size else 0

    @property
    def image_tokens(self) -> int:
        return max(1, self.patches // max(self.merge, 1))

    @property
    def pass_bytes(self) -> int:
        scores = self.patches ** 2 * max(self.heads, 1) * 4
        activations = self.patches * (3 * self.width + self.ffn) * 4
        return scores + activations

    @classmethod
    def of_projector(cls, info) -> VisionShape | None:
        """From a projector's ``GGUFInfo`` (None when it lacks the image or patch size)."""
        from app.models.gguf_meta import merge_factor

        if not info.image_size or not info.patch_size:
            return None
        return cls(info.image_size, info.patch_size,
                   merge_factor(info.projector_type, info.scale_factor),
                   info.vision_width or 0, info.vision_heads or 0, info.vision_ffn or 0)


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
    label: str  # "fits", "too slow", "tight", "too large", "needs a GPU"
    measured_mb: float | None = None
    measured_n_ctx: int | None = None
    #: estimated decode speed on this machine's CPU (None on a GPU: not estimated)
    tok_s: float | None = None
    #: whether the speed comes from this machine's own replies (else a default per core)
    speed_measured: bool = False
    #: a vision model: the projector file, the memory of one image pass, and the tokens
    #: one image takes of the ``n_ctx`` context (0 for a text-only model)
    projector_mb: float = 0.0
    image_pass_mb: float = 0.0
    image_tokens: int = 0

    @property
    def total_mb(self) -> float:
        return (self.weights_mb + self.kv_cache_mb + self.overhead_mb + self.projector_mb
                + self.image_pass_mb)

    @property
    def images_per_context(self) -> int | None:
        """How many images fit in the context at once (None for a text-only model)."""
        return self.n_ctx // self.image_tokens if self.image_tokens else None

    def describe(self) -> str:
        """One line for the CLI and the library view."""
        text = (f"{self.label}: needs about {_gb(self.total_mb)} ({_gb(self.weights_mb)} weights "
                f"+ {_gb(self.kv_cache_mb)} KV cache at {self.n_ctx:,} tokens) of "
                f"{_gb(self.available_mb)} free {self.device}")
        if self.image_tokens:
            text += (f"; sees images: {_gb(self.projector_mb)} projector + "
                     f"{_gb(self.image_pass_mb)} per image pass, each image about "
                     f"{self.image_tokens:,} tokens of the context")
        if self.measured_mb is not None:
            text += (f"; measured {_gb(self.measured_mb)} after a real load"
                     + (f" at {self.measured_n_ctx:,} tokens" if self.measured_n_ctx else ""))
        if self.tok_s is not None:
            text += (f"; about {speed_text(self.tok_s)} on this CPU ("
                     + ("from your replies so far" if self.speed_measured
                        else "a first guess until you have chatted") + ")")
        return text


@dataclass(frozen=True)
class Bandwidth:
    """The memory bandwidth decoding sustains here (bytes/s), and whether it was measured."""

    bytes_per_s: float
    measured: bool


def cpu_bandwidth(db=None) -> Bandwidth:
    """From this machine's llama.cpp replies with models of at least
    :data:`MIN_MEASURING_BYTES` (median of tok/s x model size over the last 50), else
    :data:`DEFAULT_BANDWIDTH_PER_CORE` per physical core (raised by what small models
    showed)."""
    cores = psutil.cpu_count(logical=False) or psutil.cpu_count() or 1
    default = DEFAULT_BANDWIDTH_PER_CORE * cores
    rows: list = []
    if db is not None:
        try:
            rows = db.execute(
                "SELECT t.tok_s * m.size_bytes, m.size_bytes FROM reply_timings t JOIN models m "
                "ON m.name = t.model WHERE t.engine = 'llama.cpp' AND t.tok_s > 0 "
                "AND m.size_bytes > 0 ORDER BY t.created_at DESC LIMIT 50").fetchall()
        except Exception:  # noqa: BLE001 - an older or odd database: fall back to the default
            rows = []
    large = sorted(r[0] for r in rows if r[1] >= MIN_MEASURING_BYTES)
    if large:
        return Bandwidth(large[len(large) // 2], True)
    small = sorted(r[0] for r in rows)
    return Bandwidth(max(default, small[len(small) // 2]) if small else default, False)


def speed_text(tok_s: float) -> str:
    return f"{tok_s:.0f} tokens/s" if tok_s >= 10 else f"{tok_s:.1f} tokens/s"


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
             gpu: bool = False, bandwidth: Bandwidth | None = None,
             projector_bytes: int = 0, image_tokens: int = 0,
             image_pass_bytes: int = 0, kv_cache_type: str = "f16") -> FitEstimate:
    """Estimate for a file of ``size_bytes`` at ``n_ctx`` tokens of context; with a
    ``bandwidth``, the decode speed on the CPU too. A vision model adds its projector
    file and one image pass (:class:`VisionShape`) to the memory, and says how many
    tokens of the context an image takes. ``kv_cache_type`` (q8_0, q4_0) shrinks the
    KV cache by what llama.cpp stores per value."""
    memory = memory or available_memory()
    projector_mb, image_pass_mb = projector_bytes / MB, image_pass_bytes / MB
    weights = size_bytes / MB
    if shape is not None:
        kv = shape.kv_bytes(n_ctx) / MB
    else:
        kv = KV_BYTES_PER_TOKEN_PER_B * n_ctx * max(parameters or 0, 1e8) / 1e9 / MB
    kv *= KV_CACHE_SHARE.get(kv_cache_type, 1.0)
    overhead = OVERHEAD_MB + OVERHEAD_SHARE * weights
    if gpu and memory.vram_mb is None:
        return FitEstimate(weights, kv, overhead, n_ctx, 0.0, "VRAM", "needs a GPU",
                           projector_mb=projector_mb, image_pass_mb=image_pass_mb,
                           image_tokens=image_tokens)
    available = memory.vram_mb if gpu and memory.vram_mb is not None else memory.ram_mb
    label = label_for(weights + kv + overhead + projector_mb + image_pass_mb, available)
    tok_s = (bandwidth.bytes_per_s / size_bytes
             if bandwidth is not None and not gpu and size_bytes > 0 else None)
    if label == "fits" and tok_s is not None and tok_s < SLOW_TOK_S:
        label = "too slow"
    return FitEstimate(weights, kv, overhead, n_ctx, available, "VRAM" if gpu else "RAM",
                       label, tok_s=tok_s, speed_measured=bool(bandwidth and bandwidth.measured),
                       projector_mb=projector_mb, image_pass_mb=image_pass_mb,
                       image_tokens=image_tokens)


#: KV-cache bytes against f16's: q8_0 stores 32 values in 34 bytes, q4_0 in 18 (f16: 64)
KV_CACHE_SHARE = {"f16": 1.0, "q8_0": 34 / 64, "q4_0": 18 / 64}


def fit_for_entry(entry: CatalogEntry, n_ctx: int, memory: Memory | None = None,
                  gpu: bool = False, bandwidth: Bandwidth | None = None,
                  kv_cache_type: str = "f16") -> FitEstimate:
    """Estimate for a catalog entry (before downloading it)."""
    shape = Shape(**entry.arch) if entry.arch else None
    n_ctx = min(n_ctx, entry.context_length)
    projector = entry.projector
    vision = VisionShape(**projector.vision) if projector and projector.vision else None
    return estimate(entry.size_bytes, n_ctx, shape=shape, parameters=entry.parameters,
                    memory=memory, gpu=gpu, bandwidth=bandwidth,
                    projector_bytes=projector.size_bytes if projector else 0,
                    image_tokens=vision.image_tokens if vision else 0,
                    image_pass_bytes=vision.pass_bytes if vision else 0,
                    kv_cache_type=kv_cache_type if entry.format == "gguf" else "f16")


def fit_for_model(model, n_ctx: int, memory: Memory | None = None,
                  gpu: bool = False, bandwidth: Bandwidth | None = None,
                  kv_cache_type: str = "f16") -> FitEstimate:
    """Estimate for an installed ``LibraryModel``, with its last measurement if any."""
    shape = (Shape(model.n_layers, model.n_head_kv, model.head_dim)
             if model.n_layers and model.n_head_kv and model.head_dim else None)
    if model.context_length:
        n_ctx = min(n_ctx, model.context_length)
    has_projector = bool(getattr(model, "projector", None))
    fit = estimate(model.size_bytes or 0, n_ctx, shape=shape, parameters=model.parameters,
                   memory=memory, gpu=gpu, bandwidth=bandwidth,
                   projector_bytes=(model.projector_size or 0) if has_projector else 0,
                   image_tokens=(model.image_tokens or 0) if has_projector else 0,
                   image_pass_bytes=int((model.image_pass_mb or 0) * MB) if has_projector else 0,
                   kv_cache_type="f16" if gpu else kv_cache_type)
    return replace(fit, measured_mb=model.measured_memory_mb,
                   measured_n_ctx=model.measured_n_ctx)


def record_measurement(db, report: LoadReport) -> None:
    """After a real load: keep the measured memory and context length on the model's row."""
    from app.models.library import Library

    Library(db).record_measurement(report.model, report.memory_mb, report.context_length)


def _gb(mb: float) -> str:
    return f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{mb:,.0f} MB"
