"""A verified F16 copy of a quantized GGUF embedding model, made once, because it is faster.

On an AVX2 CPU (Zen3, no AVX-512) llama.cpp spends about 20% less CPU per chunk on
MiniLM-L6 with F16 weights than with the Q8_0 file they come from (54 against 65 ms per
~130-token chunk, one thread; F32 66 ms; Q4_0 and IQ4_NL save as much as F16 but their
vectors drift to cosine 0.96-0.97). Embedding models are small (MiniLM: 22M parameters,
25 MB as Q8_0, 46 MB as F16), so Hearth dequantizes the weights once with the ``gguf``
package and keeps the copy in its data folder, named after the source file's SHA-256.

A copy is used only after its vectors for a set of probe texts match the original's
(cosine >= :data:`MIN_COSINE`); the outcome is remembered next to it, so a model whose
copy failed is not converted again. The copy holds the Q8_0 weights exactly up to F16
rounding (its vectors equal an exact F32 copy's to cosine 1.00000); what differences
there are come from the Q8_0 file's own run, which also rounds activations to 8 bits
(cosine 0.9997-0.9999 on chunks and queries, 0.9991 on a one-letter text).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from app.kb.ingest import file_sha256
from app.paths import get_paths

MIN_COSINE = 0.999
MAX_PARAMETERS = 600_000_000  # bigger models are not embedding models we should copy
FORMAT = 1  # bump when the copy's recipe changes, so old copies are remade
PROBE_TEXTS = [
    "How do I prune an apple tree in winter?",
    "The telescope mirror must be cleaned with distilled water before observing a nebula.",
    "机器学习是人工智能的一个分支，它让计算机从数据中学习。",
    "def add(a, b):\n    return a + b  # adds two numbers",
    "Levees hold back floods on the delta; when they fail, the river takes the lowlands. "
    * 6,
    "pruning apple trees",
]


@dataclass
class CopyRecord:
    """What was decided about one source file's copy (saved as JSON beside it)."""

    source: str
    sha256: str
    ok: bool
    reason: str
    min_cosine: float | None = None
    format: int = FORMAT


def copies_dir() -> Path:
    """Where the copies live (under Hearth's data folder)."""
    return get_paths().data / "embedding-models"


def prepared_copy(source: Path) -> Path | None:
    """The verified F16 copy of ``source``, made now if it was never tried; else None.

    None means: use the source itself (it has no quantized weights, it is too big, the
    copy could not be made, or its vectors did not match).
    """
    sha = file_sha256(source)
    folder = copies_dir()
    copy, record_path = folder / f"{sha}.f16.gguf", folder / f"{sha}.json"
    record = _read_record(record_path)
    if record is None or (record.ok and not copy.is_file()):
        record = make_copy(source, copy, sha)
        folder.mkdir(parents=True, exist_ok=True)
        _write_json(record_path, asdict(record))
    return copy if record.ok and copy.is_file() else None


def _read_record(path: Path) -> CopyRecord | None:
    try:
        record = CopyRecord(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    return record if record.format == FORMAT else None


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def make_copy(source: Path, copy: Path, sha: str) -> CopyRecord:
    """Write the F16 copy of ``source`` to ``copy`` and verify it; the outcome."""
    reason = conversion_obstacle(source)
    if reason:
        return CopyRecord(str(source), sha, False, reason)
    copy.parent.mkdir(parents=True, exist_ok=True)
    partial = copy.with_name(f"{copy.name}.{os.getpid()}.partial")
    try:
        write_f16_copy(source, partial)
        cosine = min_cosine(source, partial)
    except (NotImplementedError, ValueError, RuntimeError, OSError) as exc:
        partial.unlink(missing_ok=True)
        return CopyRecord(str(source), sha, False, f"conversion failed: {exc}")
    if cosine < MIN_COSINE:
        partial.unlink(missing_ok=True)
        return CopyRecord(str(source), sha, False, "vectors differ", cosine)
    os.replace(partial, copy)
    return CopyRecord(str(source), sha, True, "verified", cosine)


def conversion_obstacle(source: Path) -> str:
    """Why ``source`` should not be copied ('' when it should)."""
    from gguf import GGMLQuantizationType, GGUFReader

    reader = GGUFReader(source)
    params = sum(int(np.prod(t.shape)) for t in reader.tensors)
    if params > MAX_PARAMETERS:
        return f"too big to copy ({params / 1e6:.0f}M parameters)"
    plain = {GGMLQuantizationType.F32, GGMLQuantizationType.F16}
    if all(t.tensor_type in plain for t in reader.tensors if len(t.shape) > 1):
        return "its weights are already F16 or F32"
    return ""


def write_f16_copy(source: Path, dest: Path) -> None:
    """The same GGUF with every quantized tensor dequantized to F16 (others unchanged)."""
    from gguf import GGMLQuantizationType, GGUFReader, GGUFValueType, GGUFWriter, LlamaFileType
    from gguf.quants import dequantize

    reader = GGUFReader(source)
    writer = GGUFWriter(dest, str(reader.fields["general.architecture"].contents()))
    for field in reader.fields.values():
        if field.name.startswith("GGUF.") or field.name == "general.architecture":
            continue
        kind = field.types[0]
        sub_type = field.types[-1] if kind == GGUFValueType.ARRAY else None
        value = field.contents()
        if field.name == "general.file_type":
            value = int(LlamaFileType.MOSTLY_F16)
        writer.add_key_value(field.name, value, kind, sub_type=sub_type)
    for tensor in reader.tensors:
        if tensor.tensor_type in (GGMLQuantizationType.F32, GGMLQuantizationType.F16):
            writer.add_tensor(tensor.name, np.array(tensor.data))
        else:
            weights = dequantize(tensor.data, tensor.tensor_type).astype(np.float16)
            writer.add_tensor(tensor.name, weights)
    try:
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
    finally:
        writer.close()


def min_cosine(source: Path, copy: Path, texts: list[str] | None = None) -> float:
    """The lowest cosine between the two models' vectors for ``texts`` (probe texts)."""
    from app.kb.embed import LlamaCppEmbedder

    probes = texts or PROBE_TEXTS
    vectors = []
    for path in (source, copy):
        embedder = LlamaCppEmbedder(path, n_threads=1)
        try:
            vectors.append(embedder.embed(probes))
        finally:
            embedder.close()
    return float(np.min(np.sum(vectors[0] * vectors[1], axis=1)))
