"""Images into a llama.cpp prompt: libmtmd with the model's projector (``mmproj``) file.

A vision model in llama.cpp is two files: the language model and a projector that turns
an image into embeddings of the language model's width. libmtmd (llama.cpp's multimodal
library, shipped inside llama-cpp-python) loads the projector beside the loaded model,
splits a prompt at its media markers into text and image chunks, encodes each image and
writes its embeddings into the model's KV cache at the right position.

:class:`Projector` owns one mtmd context and frees it in :meth:`Projector.close`;
:class:`PromptChunks` owns one tokenized prompt (its image chunks stay alive until the
prompt has been evaluated). In the token list an engine compares for prefix reuse, each
image's positions hold one negative id derived from the image's hash: real tokens are
never negative, the same image at the same place matches (its KV is reused, not encoded
again) and another image does not.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.engines.base import EngineError, ImagePart, ModelLoadError
from app.i18n import _

#: the marker libmtmd replaces with an image
MARKER = "<__media__>"
#: projectors that read images at a fixed size (anything larger is scaled down to it);
#: the others tile or take dynamic resolutions, up to :data:`DYNAMIC_MAX_SIDE`
FIXED_SIZE_PROJECTORS = {"mlp", "mlp_norm", "ldp", "ldpv2", "adapter", "gemma3", "resampler",
                         "janus_pro", "cogvlm"}
DYNAMIC_MAX_SIDE = 1536


@dataclass(frozen=True)
class ProjectorInfo:
    """What a projector file says about itself (read before loading it)."""

    path: Path
    projector_type: str
    image_size: int
    patch_size: int
    projection_dim: int
    vision: bool
    max_pixels: int = 0

    @property
    def max_side(self) -> int:
        """The longest image side worth sending: larger images are scaled to it first."""
        if self.projector_type in FIXED_SIZE_PROJECTORS and self.image_size:
            return self.image_size
        if self.max_pixels:
            return max(self.image_size, min(DYNAMIC_MAX_SIDE, int(self.max_pixels ** 0.5)))
        return max(self.image_size, DYNAMIC_MAX_SIDE)


def projector_info(path: Path) -> ProjectorInfo:
    """Read a projector's header; :class:`ModelLoadError` when it is not one."""
    try:
        import gguf

        reader = gguf.GGUFReader(str(path), "r")
    except (OSError, ValueError, KeyError, IndexError) as exc:
        raise ModelLoadError(_("{name} is not a readable GGUF file ({reason}). Download the "
                               "projector again.").format(name=path.name, reason=exc)) from exc

    def value(key: str, default: Any = None) -> Any:
        f = reader.fields.get(key)
        if f is None or not f.data:
            return default
        if len(f.data) == 1:
            part = f.parts[f.data[0]]
            if f.types and f.types[0] == gguf.GGUFValueType.STRING:
                return bytes(part).decode("utf-8", "replace")
            return part.tolist()[0]
        return [f.parts[i].tolist()[0] for i in f.data]

    arch = value("general.architecture", "")
    if arch != "clip":
        raise ModelLoadError(_("{name} is not a vision projector (its architecture is "
                               "{arch}). Choose the mmproj file that belongs to the "
                               "model.").format(name=path.name, arch=arch or "?"))
    kind = value("clip.vision.projector_type") or value("clip.projector_type") or "mlp"
    return ProjectorInfo(path=path, projector_type=str(kind),
                         image_size=int(value("clip.vision.image_size", 0) or 0),
                         patch_size=int(value("clip.vision.patch_size", 0) or 0),
                         projection_dim=int(value("clip.vision.projection_dim", 0) or 0),
                         vision=bool(value("clip.has_vision_encoder", True)),
                         max_pixels=int(value("clip.vision.image_max_pixels", 0) or 0))


def image_id(sha256: str) -> int:
    """The negative id an image's positions carry in a token list."""
    return -(int(sha256[:7] or "0", 16) + 1)


@dataclass
class ImageSpan:
    """One image's place in a prompt: positions ``start`` to ``end`` (``n_tokens`` KV
    cells: more than its positions for models with M-RoPE)."""

    start: int
    end: int
    n_tokens: int
    chunk: Any


@dataclass
class PromptChunks:
    """A prompt tokenized with its images: ``tokens`` (images as negative ids) and the
    spans to evaluate through the projector. Free with :meth:`close`."""

    tokens: list[int]
    spans: list[ImageSpan] = field(default_factory=list)
    _chunks: Any = None
    _free: Callable[[Any], None] | None = None

    @property
    def image_tokens(self) -> int:
        return sum(s.n_tokens for s in self.spans)

    @property
    def kv_cells(self) -> int:
        """KV cells the prompt takes (images may take more cells than positions)."""
        return len(self.tokens) + sum(s.n_tokens - (s.end - s.start) for s in self.spans)

    def span_at(self, position: int) -> ImageSpan | None:
        return next((s for s in self.spans if s.start <= position < s.end), None)

    def close(self) -> None:
        if self._chunks is not None and self._free is not None:
            self._free(self._chunks)
        self._chunks = None


class Projector:
    """One loaded projector, bound to one loaded llama.cpp model."""

    def __init__(self, info: ProjectorInfo, ctx: Any, mtmd: Any) -> None:
        self.info = info
        self._ctx = ctx
        self._mtmd = mtmd

    @classmethod
    def load(cls, path: Path, llama_model: Any, threads: int,
             log: Callable[[], str] = lambda: "") -> Projector:
        """Load ``path`` beside ``llama_model`` (a ``llama_model_p``)."""
        info = projector_info(path)
        if not info.vision:
            raise ModelLoadError(_("{name} has no vision encoder (it is an audio projector); "
                                   "Hearth sends images only.").format(name=path.name))
        import llama_cpp.mtmd_cpp as mtmd

        params = mtmd.mtmd_context_params_default()
        params.use_gpu = False
        params.print_timings = False
        params.n_threads = threads
        params.warmup = True
        ctx = mtmd.mtmd_init_from_file(str(path).encode(), llama_model, params)
        if not ctx:
            reason = _projector_reason(log())
            raise ModelLoadError(
                _("llama.cpp could not load the projector {name}{reason}. Check that it "
                  "belongs to this model (its image embeddings must be as wide as the "
                  "model's).").format(name=path.name, reason=f": {reason}" if reason else ""))
        if not mtmd.mtmd_support_vision(ctx):
            mtmd.mtmd_free(ctx)
            raise ModelLoadError(_("{name} cannot read images.").format(name=path.name))
        return cls(info, ctx, mtmd)

    @property
    def uses_mrope(self) -> bool:
        return bool(self._mtmd.mtmd_decode_use_mrope(self._ctx))

    def tokenize(self, prompt: str, images: Sequence[ImagePart], *,
                 add_special: bool) -> PromptChunks:
        """Split ``prompt`` at its markers (one per image, in order) and tokenize it."""
        mtmd = self._mtmd
        bitmaps = [self._bitmap(part) for part in images]
        chunks = mtmd.mtmd_input_chunks_init()
        try:
            text = mtmd.mtmd_input_text()
            encoded = prompt.encode("utf-8")
            text.text, text.text_len = encoded, len(encoded)
            text.add_special, text.parse_special = add_special, True
            array = (mtmd.mtmd_bitmap_p_ctypes * max(1, len(bitmaps)))(*bitmaps)
            status = mtmd.mtmd_tokenize(self._ctx, chunks, ctypes.byref(text), array,
                                        len(bitmaps))
            if status != 0:
                raise EngineError(_("The images could not be placed in the prompt (llama.cpp "
                                    "said {code}): send one image per marker.").format(
                    code=status))
            return self._read_chunks(chunks, images)
        except BaseException:
            mtmd.mtmd_input_chunks_free(chunks)
            raise
        finally:
            for bitmap in bitmaps:
                mtmd.mtmd_bitmap_free(bitmap)

    def _bitmap(self, part: ImagePart) -> Any:
        """Decode with Pillow (the image was checked on the way in) into an RGB bitmap."""
        from PIL import Image

        with Image.open(io.BytesIO(part.read())) as image:
            rgb = image.convert("RGB")
        raw = rgb.tobytes()
        bitmap = self._mtmd.mtmd_bitmap_init(rgb.width, rgb.height,
                                             (ctypes.c_uint8 * len(raw)).from_buffer_copy(raw))
        if not bitmap:
            raise EngineError(_("llama.cpp could not take the image. Attach it again."))
        sha = part.sha256 or hashlib.sha256(raw).hexdigest()
        self._mtmd.mtmd_bitmap_set_id(bitmap, sha.encode())
        return bitmap

    def _read_chunks(self, chunks: Any, images: Sequence[ImagePart]) -> PromptChunks:
        mtmd = self._mtmd
        tokens: list[int] = []
        spans: list[ImageSpan] = []
        for i in range(mtmd.mtmd_input_chunks_size(chunks)):
            chunk = mtmd.mtmd_input_chunks_get(chunks, i)
            kind = mtmd.mtmd_input_chunk_get_type(chunk)
            if kind == mtmd.MTMD_INPUT_CHUNK_TYPE_TEXT:
                count = ctypes.c_size_t()
                pointer = mtmd.mtmd_input_chunk_get_tokens_text(chunk, ctypes.byref(count))
                tokens.extend(pointer[j] for j in range(count.value))
                continue
            ident = (mtmd.mtmd_input_chunk_get_id(chunk) or b"").decode() or "0"
            n_pos = mtmd.mtmd_input_chunk_get_n_pos(chunk)
            n_tokens = mtmd.mtmd_input_chunk_get_n_tokens(chunk)
            spans.append(ImageSpan(len(tokens), len(tokens) + n_pos, n_tokens, chunk))
            tokens.extend([image_id(ident)] * n_pos)
        return PromptChunks(tokens, spans, chunks, mtmd.mtmd_input_chunks_free)

    def evaluate(self, span: ImageSpan, llama_ctx: Any, n_batch: int) -> float:
        """Encode the image of ``span`` and write it into the KV cache at its place;
        returns the seconds it took."""
        import llama_cpp

        started = time.perf_counter()
        new_n_past = llama_cpp.llama_pos(0)
        status = self._mtmd.mtmd_helper_eval_chunk_single(
            self._ctx, llama_ctx, span.chunk, llama_cpp.llama_pos(span.start),
            llama_cpp.llama_seq_id(0), n_batch, False, ctypes.byref(new_n_past))
        if status != 0:
            raise EngineError(_("llama.cpp could not read the image (error {code}). Try a "
                                "smaller image, or a shorter conversation.").format(
                code=status))
        return time.perf_counter() - started

    def close(self) -> None:
        if self._ctx:
            self._mtmd.mtmd_free(self._ctx)
        self._ctx = None


def _projector_reason(log: str) -> str:
    """The line of llama.cpp's log that says why a projector did not load."""
    for line in reversed(log.splitlines()):
        low = line.lower()
        if "mismatch" in low or "error" in low or "failed" in low or "unknown" in low:
            return line.split(": ", 1)[-1].strip()
    return ""
