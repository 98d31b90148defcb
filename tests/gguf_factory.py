"""Small GGUF files made with the ``gguf`` package's writer, good and bad on purpose."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import numpy as np
from gguf import GGUFWriter


def tiny_gguf(path: Path, *, template: str | None = None, arch: str = "llama") -> Path:
    """A structurally valid GGUF with one tensor and no real hyperparameters."""
    writer = GGUFWriter(str(path), arch)
    writer.add_name("tiny test model")
    if template is not None:
        writer.add_chat_template(template)
    writer.add_tensor("token_embd.weight", np.zeros((8, 16), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def truncated(source: Path, path: Path, fraction: float = 0.5) -> Path:
    """A copy of ``source`` cut at ``fraction`` of its length (an interrupted download)."""
    size = source.stat().st_size
    with source.open("rb") as src, path.open("wb") as dst:
        dst.write(src.read(int(size * fraction)))
    return path


def with_header(source: Path, path: Path, *, tensor_count: int | None = None,
                magic: bytes | None = None) -> Path:
    """A copy of ``source`` with its magic or tensor count overwritten."""
    shutil.copyfile(source, path)
    with path.open("r+b") as handle:
        if magic is not None:
            handle.write(magic)
        if tensor_count is not None:
            handle.seek(8)
            handle.write(struct.pack("<Q", tensor_count))
    return path
