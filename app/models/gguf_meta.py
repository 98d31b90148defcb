"""GGUF headers and metadata, read with the ``gguf`` package.

``check_header`` is cheap and runs in the app's process: it turns the common wrong files
(an HTML page saved as .gguf, a truncated download, garbage) into clear messages before
anything heavier touches them. ``read_metadata`` parses the whole tensor table and checks
every tensor lies inside the file; it runs in the validation child (see validate.py),
because a malicious file can make any parser misbehave.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType, GGUFValueType

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
MAX_TENSORS = 200_000
MAX_KV = 100_000
HEADER_SIZE = 24

# llama.cpp's LLAMA_FTYPE values, as written to general.file_type
FILE_TYPES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
    10: "Q2_K", 11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M",
    16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S",
    22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M",
    28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0",
    37: "TQ2_0", 38: "MXFP4",
}

# special tokens that identify a chat format when the file carries no template
MARKER_TOKENS = ("<|im_start|>", "<|start_header_id|>", "<start_of_turn>", "<|user|>", "<|end|>")


class InvalidModelError(Exception):
    """The file is not a usable model; the message says why and what to do."""


@dataclass
class GGUFInfo:
    """What Hearth needs to know about a GGUF file."""

    path: str
    file_size: int
    version: int
    architecture: str
    name: str = ""
    parameters: int = 0
    quantization: str = ""
    context_length: int | None = None
    embedding_length: int | None = None
    n_layers: int | None = None
    n_head_kv: int | None = None
    n_head: int | None = None
    n_tensors: int = 0
    chat_template: str | None = None
    bos_token: str = ""
    eos_token: str = ""
    marker_tokens: list[str] = field(default_factory=list)
    pooling: str | None = None
    #: a vision projector (``general.architecture == "clip"``, llama.cpp's ``mmproj``)
    projector_type: str | None = None
    has_vision_encoder: bool = False
    #: the width of the embeddings the projector hands the language model
    projection_dim: int | None = None
    image_size: int | None = None
    patch_size: int | None = None
    #: the vision encoder's own width, heads and layers (for the image pass's memory)
    vision_width: int | None = None
    vision_heads: int | None = None
    vision_ffn: int | None = None
    #: idefics3 (SmolVLM) and others: patches merged per side before the language model
    scale_factor: int | None = None

    @property
    def is_projector(self) -> bool:
        """True for a vision projector (``mmproj``), which is not a model on its own."""
        return self.architecture == "clip"

    @property
    def patches(self) -> int | None:
        """Patches the encoder sees in one image (``(image_size / patch_size)²``)."""
        if not self.image_size or not self.patch_size:
            return None
        return (self.image_size // self.patch_size) ** 2

    @property
    def image_tokens(self) -> int | None:
        """Tokens one image takes in the language model's context (see :func:`merge_factor`)."""
        patches = self.patches
        if patches is None:
            return None
        return max(1, patches // merge_factor(self.projector_type, self.scale_factor))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GGUFInfo:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def check_header(path: Path) -> tuple[int, int, int]:
    """Check magic, version and counts; returns (version, tensor_count, kv_count)."""
    path = Path(path)
    if not path.is_file():
        raise InvalidModelError(f"{path} does not exist or is not a file. Check the path.")
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(HEADER_SIZE)
    if len(head) < HEADER_SIZE:
        raise InvalidModelError(
            f"{path.name} is only {size} bytes: it is empty or cut short, not a model. "
            "Download it again.")
    if head[:4] != GGUF_MAGIC:
        raise InvalidModelError(_wrong_magic_message(path.name, head))
    version, tensor_count, kv_count = struct.unpack("<IQQ", head[4:24])
    if version not in SUPPORTED_VERSIONS:
        raise InvalidModelError(
            f"{path.name} is GGUF version {version}; Hearth reads versions 2 and 3. "
            "Convert it again with a current llama.cpp.")
    if tensor_count == 0 or tensor_count > MAX_TENSORS or kv_count > MAX_KV:
        raise InvalidModelError(
            f"{path.name} claims {tensor_count} tensors and {kv_count} metadata entries, which "
            "no real model has: the file is damaged or was made to crash model loaders. "
            "Delete it and download it again from a source you trust.")
    return version, tensor_count, kv_count


def _wrong_magic_message(name: str, head: bytes) -> str:
    text = head.lstrip().lower()
    if text.startswith((b"<!doctype", b"<html", b"<head", b"<?xml")):
        return (f"{name} is a web page, not a model: the download was probably redirected "
                "to a login or error page. Download the file again, or from another mirror.")
    if head.startswith(b"PK"):
        return f"{name} is a zip archive, not a GGUF model. Unpack it and choose the .gguf inside."
    if head.startswith((b"{", b"[")):
        return f"{name} is a JSON file, not a GGUF model. Choose the .gguf weights file."
    return (f"{name} is not a GGUF model (it does not start with 'GGUF'). Hearth runs GGUF "
            "files; convert other formats with llama.cpp's convert_hf_to_gguf.py.")


def read_metadata(path: Path) -> GGUFInfo:
    """Parse the header, metadata and tensor table; check each tensor lies inside the file.

    The type codes and quantisation block sizes come from the ``gguf`` package. Its
    ``GGUFReader`` builds a NumPy view per string, which takes 45 s on Gemma's 262k-token
    vocabulary here, so this walks the same layout with ``struct`` over a memory map
    (well under a second) and bounds-checks every length before trusting it.
    """
    path = Path(path)
    version, tensor_count, kv_count = check_header(path)
    size = path.stat().st_size
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        scanner = _Scanner(mm, path.name)
        try:
            fields = scanner.read_fields(kv_count)
            tensors = scanner.read_tensor_infos(tensor_count)
        except (struct.error, IndexError, ValueError, UnicodeDecodeError) as exc:
            raise InvalidModelError(
                f"{path.name} has a damaged header or tensor table ({exc}). "
                "Download it again.") from exc
        alignment = int(fields.get("general.alignment", 32) or 32)
        if alignment <= 0 or alignment & (alignment - 1):
            raise InvalidModelError(f"{path.name} declares an invalid alignment ({alignment}).")
        data_start = -(-scanner.offset // alignment) * alignment
        fields["_bos"] = scanner.token_text(fields.get("tokenizer.ggml.bos_token_id"))
        fields["_eos"] = scanner.token_text(fields.get("tokenizer.ggml.eos_token_id"))
        fields["_markers"] = scanner.markers()
    parameters = _check_tensor_extents(tensors, data_start, path.name, size)
    return _info_from_fields(fields, path, size, version, len(tensors), parameters)


class _Scanner:
    """Sequential, bounds-checked reads of GGUF's little-endian layout."""

    _SCALARS = {
        GGUFValueType.UINT8: "<B", GGUFValueType.INT8: "<b", GGUFValueType.UINT16: "<H",
        GGUFValueType.INT16: "<h", GGUFValueType.UINT32: "<I", GGUFValueType.INT32: "<i",
        GGUFValueType.FLOAT32: "<f", GGUFValueType.BOOL: "<?", GGUFValueType.UINT64: "<Q",
        GGUFValueType.INT64: "<q", GGUFValueType.FLOAT64: "<d",
    }
    #: arrays kept whole (the rest are skipped); tokens are only searched for markers
    _KEEP_ARRAYS = {"general.tags", "general.languages"}

    def __init__(self, mm: mmap.mmap, name: str) -> None:
        self.mm = mm
        self.name = name
        self.offset = HEADER_SIZE
        self.tokens: list[bytes] = []

    def _take(self, n: int) -> int:
        start = self.offset
        if n < 0 or start + n > len(self.mm):
            raise ValueError(f"a length field points past the end of the file (byte {start:,})")
        self.offset += n
        return start

    def scalar(self, fmt: str) -> Any:
        size = struct.calcsize(fmt)
        return struct.unpack_from(fmt, self.mm, self._take(size))[0]

    def string(self) -> bytes:
        length = self.scalar("<Q")
        start = self._take(length)
        return self.mm[start:start + length]

    def value(self, vtype: int, key: str) -> Any:
        vtype = GGUFValueType(vtype)
        if vtype == GGUFValueType.STRING:
            return self.string().decode("utf-8", "replace")
        if vtype == GGUFValueType.ARRAY:
            return self.array(key)
        return self.scalar(self._SCALARS[vtype])

    def array(self, key: str) -> Any:
        item_type = GGUFValueType(self.scalar("<I"))
        count = self.scalar("<Q")
        if item_type == GGUFValueType.STRING:
            items = [self.string() for _ in range(count)]
            if key == "tokenizer.ggml.tokens":
                self.tokens = items
            if key in self._KEEP_ARRAYS:
                return [item.decode("utf-8", "replace") for item in items]
            return count
        if item_type == GGUFValueType.ARRAY:
            return [self.array(key) for _ in range(count)]
        fmt = self._SCALARS[item_type]
        self._take(struct.calcsize(fmt) * count)
        return count

    def read_fields(self, kv_count: int) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for _ in range(kv_count):
            key = self.string().decode("utf-8", "replace")
            fields[key] = self.value(self.scalar("<I"), key)
        return fields

    def token_text(self, token_id: Any) -> str:
        if not isinstance(token_id, int) or not 0 <= token_id < len(self.tokens):
            return ""
        return self.tokens[token_id].decode("utf-8", "replace")

    def markers(self) -> list[str]:
        return sorted({t.decode() for t in self.tokens if t in _MARKER_BYTES})

    def read_tensor_infos(self, count: int) -> list[tuple[str, int, int, int]]:
        """(name, n_elements, ggml type, relative offset) for every tensor."""
        tensors = []
        for _ in range(count):
            name = self.string().decode("utf-8", "replace")
            n_dims = self.scalar("<I")
            if n_dims > 8:
                raise ValueError(f"tensor {name!r} claims {n_dims} dimensions")
            n_elements = 1
            for _ in range(n_dims):
                n_elements *= self.scalar("<Q")
            ggml_type = self.scalar("<I")
            offset = self.scalar("<Q")
            tensors.append((name, n_elements, ggml_type, offset))
        return tensors


_MARKER_BYTES = {m.encode() for m in MARKER_TOKENS}


def _check_tensor_extents(tensors: list[tuple[str, int, int, int]], data_start: int,
                          name: str, size: int) -> int:
    """Raise if a tensor's bytes fall outside the file; return the parameter count."""
    parameters = 0
    for tensor_name, n_elements, ggml_type, offset in tensors:
        try:
            block, type_size = GGML_QUANT_SIZES[GGMLQuantizationType(ggml_type)]
        except (ValueError, KeyError):
            raise InvalidModelError(
                f"{name}: tensor '{tensor_name}' has an unknown type ({ggml_type}). The file "
                "is damaged or needs a newer Hearth.") from None
        n_bytes = n_elements * type_size // block
        end = data_start + offset + n_bytes
        if end > size:
            raise InvalidModelError(
                f"{name} is cut short: tensor '{tensor_name}' ends at byte {end:,} but the "
                f"file has {size:,} bytes. The download is incomplete; download it again.")
        parameters += n_elements
    return parameters


def _info_from_fields(fields: dict[str, Any], path: Path, size: int, version: int,
                      n_tensors: int, parameters: int) -> GGUFInfo:
    arch = str(fields.get("general.architecture") or "unknown")
    return GGUFInfo(
        path=str(path),
        file_size=size,
        version=version,
        architecture=arch,
        name=str(fields.get("general.name") or path.stem),
        parameters=parameters,
        quantization=FILE_TYPES.get(_int_or_none(fields.get("general.file_type")) or -1, ""),
        context_length=_int_or_none(fields.get(f"{arch}.context_length")),
        embedding_length=_int_or_none(fields.get(f"{arch}.embedding_length")),
        n_layers=_int_or_none(fields.get(f"{arch}.block_count")),
        n_head=_int_or_none(fields.get(f"{arch}.attention.head_count")),
        n_head_kv=_int_or_none(fields.get(f"{arch}.attention.head_count_kv")),
        n_tensors=n_tensors,
        chat_template=fields.get("tokenizer.chat_template"),
        bos_token=fields["_bos"],
        eos_token=fields["_eos"],
        marker_tokens=fields["_markers"],
        pooling=_pooling(fields.get(f"{arch}.pooling_type")),
        **(_projector_fields(fields) if arch == "clip" else {}),
    )


def _projector_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The ``clip.*`` keys Hearth uses, from a projector's metadata."""
    kind = fields.get("clip.projector_type")
    return {
        "projector_type": str(kind) if kind is not None else None,
        "has_vision_encoder": bool(fields.get("clip.has_vision_encoder")),
        "projection_dim": _int_or_none(fields.get("clip.vision.projection_dim")),
        "image_size": _int_or_none(fields.get("clip.vision.image_size")),
        "patch_size": _int_or_none(fields.get("clip.vision.patch_size")),
        "vision_width": _int_or_none(fields.get("clip.vision.embedding_length")),
        "vision_heads": _int_or_none(fields.get("clip.vision.attention.head_count")),
        "vision_ffn": _int_or_none(fields.get("clip.vision.feed_forward_length")),
        "scale_factor": _int_or_none(fields.get("clip.vision.projector.scale_factor")),
    }


#: patches merged into one token by projector type, where the projector does not say
#: (llama.cpp's clip.cpp): Gemma 3 pools 4 x 4, the Qwen2-VL family and MobileVLM's LDP
#: merge 2 x 2, Idefics3 (SmolVLM) shuffles 3 x 3 pixels unless the file gives its factor,
#: Llama 4 and InternVL shuffle 2 x 2; others (LLaVA's MLP) keep one token per patch
MERGE_BY_TYPE = {"gemma3": 16, "qwen2vl_merger": 4, "qwen2.5vl_merger": 4, "qwen25vl": 4,
                 "qwen3vl_merger": 4, "ldp": 4, "ldpv2": 4, "idefics3": 9, "llama4": 4,
                 "internvl": 4, "pixtral": 1, "mlp": 1, "mlp_norm": 1}


def merge_factor(projector_type: str | None, scale_factor: int | None = None) -> int:
    """Patches per image token: the file's scale factor squared when it gives one, else
    :data:`MERGE_BY_TYPE`, else 1 (an unknown type: counted high, never low)."""
    if scale_factor and scale_factor > 0:
        return scale_factor * scale_factor
    return MERGE_BY_TYPE.get((projector_type or "").lower(), 1)


def _pooling(value: Any) -> str | None:
    names = {0: "none", 1: "mean", 2: "cls", 3: "last", 4: "rank"}
    return names.get(value) if isinstance(value, int) else None


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
