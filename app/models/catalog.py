"""The curated model catalog (``resources/catalog.json``), checked against its schema on load.

An entry names a model once and lists where its file lives on each hub (Hugging Face, and
ModelScope where the same files are published there). ``resolve_pull`` turns what a user
types after ``hearth models pull`` into a :class:`PullTarget` (one GGUF file: a catalog
name, or any GGUF on the Hugging Face hub written ``owner/repo/file.gguf``, as Ollama and
LM Studio allow) or a :class:`FolderTarget` (a Hugging Face folder for the GPU engines: a
catalog entry of format hf-safetensors/awq/gptq, or any repo written ``owner/repo``).

``HEARTH_CATALOG`` names another catalog file (same schema) to use instead of the shipped
one, e.g. an organisation's own curated list.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

_REPO_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class CatalogError(Exception):
    """The catalog file is missing or does not match its schema (a packaging bug)."""


class UnknownModelError(LookupError):
    """What the user asked to pull is neither a catalog name nor a hub path."""


def resources_dir() -> Path:
    """``resources/`` from a source checkout or inside the PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


@dataclass(frozen=True)
class Source:
    """One hub's copy: ``repo`` (owner/name), ``file`` inside it, and the revision."""

    repo: str
    file: str | None = None
    revision: str | None = None


@dataclass(frozen=True)
class Verified:
    """Which of an entry's fields a public page confirmed (``source``), and on which day.

    ``approximate`` names fields the page showed only rounded, e.g. a size of "2.02 GB".
    """

    source: str
    checked: str
    fields: tuple[str, ...]
    approximate: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    note: str = ""

    def confirms(self, field_name: str) -> bool:
        """True when the page showed ``field_name`` exactly."""
        return field_name in self.fields and field_name not in self.approximate


@dataclass(frozen=True)
class Projector:
    """A vision model's second file: the projector (llama.cpp's ``mmproj`` GGUF).

    It has its own copy on each hub, size and (where a page showed it) SHA-256, and is
    downloaded, verified and removed together with the model. ``vision`` holds the
    encoder's published shape (image and patch size, merge factor, width, heads,
    feed-forward) for the fit estimate before the file is here.
    """

    sources: dict[str, Source]
    size_bytes: int
    sha256: str | None = None
    vision: dict[str, int] | None = None
    verified: Verified | None = None

    @property
    def file_name(self) -> str | None:
        for source in self.sources.values():
            if source.file:
                return Path(source.file).name
        return None


@dataclass(frozen=True)
class CatalogEntry:
    """One curated model. ``size_bytes`` is approximate; ``sha256`` only where certain."""

    name: str
    title: str
    family: str
    kind: str
    parameters: int
    quantization: str
    format: str
    engines: tuple[str, ...]
    size_bytes: int
    sha256: str | None
    license: str
    context_length: int
    languages: tuple[str, ...]
    sources: dict[str, Source] = field(default_factory=dict)
    package: str | None = None
    ollama: str | None = None
    arch: dict[str, int] | None = None
    notes: str = ""
    verified: Verified | None = None
    projector: Projector | None = None

    @property
    def vision(self) -> bool:
        """True when the model sees images (it comes with a projector)."""
        return self.projector is not None

    @property
    def verification(self) -> str:
        """How far the entry was checked against a public page, in a word or two.

        "sha256 checked" (the download is held to a published hash), "verified" (the repo and
        file, or the folder, exist as written), "repo only", or "unverified".
        """
        checked = self.verified.fields if self.verified else ()
        if self.sha256 and "sha256" in checked:
            return "sha256 checked"
        needed = ("repo",) if self.format != "gguf" else ("repo", "file")
        if all(f in checked for f in needed):
            return "verified"
        return "repo only" if "repo" in checked else "unverified"

    @property
    def file_name(self) -> str | None:
        for source in self.sources.values():
            if source.file:
                return Path(source.file).name
        return None

    def matches(self, words: list[str]) -> bool:
        """True when every word appears in the name, title, family, kind or languages."""
        haystack = " ".join([self.name, self.title, self.family, self.kind, self.quantization,
                             self.format, *self.languages, *self.engines,
                             *(("vision", "images") if self.vision else ())]).lower()
        return all(word.lower() in haystack for word in words)


def _entry(raw: dict[str, Any]) -> CatalogEntry:
    sources_raw = dict(raw["sources"])
    package = sources_raw.pop("package", None)
    sources = {hub: Source(**spec) for hub, spec in sources_raw.items()}
    return CatalogEntry(
        name=raw["name"], title=raw["title"], family=raw["family"], kind=raw["kind"],
        parameters=raw["parameters"], quantization=raw["quantization"], format=raw["format"],
        engines=tuple(raw["engines"]), size_bytes=raw["size_bytes"], sha256=raw["sha256"],
        license=raw["license"], context_length=raw["context_length"],
        languages=tuple(raw["languages"]), sources=sources, package=package,
        ollama=raw.get("ollama"), arch=raw.get("arch"), notes=raw.get("notes", ""),
        verified=_verified(raw.get("verified")),
        projector=_projector(raw.get("projector")),
    )


def _projector(raw: dict[str, Any] | None) -> Projector | None:
    if raw is None:
        return None
    return Projector(sources={hub: Source(**spec) for hub, spec in raw["sources"].items()},
                     size_bytes=raw["size_bytes"], sha256=raw["sha256"],
                     vision=raw.get("vision"), verified=_verified(raw.get("verified")))


def _verified(raw: dict[str, Any] | None) -> Verified | None:
    if raw is None:
        return None
    return Verified(source=raw["source"], checked=raw["checked"], fields=tuple(raw["fields"]),
                    approximate=tuple(raw.get("approximate", ())),
                    see_also=tuple(raw.get("see_also", ())), note=raw.get("note", ""))


def load_catalog(path: Path | None = None) -> list[CatalogEntry]:
    """Read and validate the catalog; raises CatalogError naming the first problem."""
    path = path or Path(os.environ.get("HEARTH_CATALOG") or resources_dir() / "catalog.json")
    return list(_load_cached(str(path)))


@lru_cache(maxsize=4)
def _load_cached(path_text: str) -> tuple[CatalogEntry, ...]:
    path = Path(path_text)
    schema_path = resources_dir() / "catalog.schema.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CatalogError(f"The model catalog {path} could not be read ({exc}). "
                           "Reinstall Hearth.") from exc
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise CatalogError(f"The model catalog {path} is invalid at {where}: {error.message}")
    entries = tuple(_entry(raw) for raw in data["models"])
    names = [e.name for e in entries]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise CatalogError(f"The model catalog names {', '.join(duplicates)} more than once.")
    return entries


def get_entry(name: str, catalog: list[CatalogEntry] | None = None) -> CatalogEntry | None:
    """The catalog entry called ``name`` (case-insensitive), or None."""
    for entry in catalog if catalog is not None else load_catalog():
        if entry.name == name.lower():
            return entry
    return None


def search(query: str = "", *, kind: str | None = None,
           catalog: list[CatalogEntry] | None = None) -> list[CatalogEntry]:
    """Entries whose text holds every word of ``query``, smallest first."""
    words = query.split()
    found = [e for e in (catalog if catalog is not None else load_catalog())
             if e.matches(words) and (kind is None or e.kind == kind)]
    return sorted(found, key=lambda e: (e.kind, e.size_bytes))


@dataclass(frozen=True)
class PullTarget:
    """A single GGUF file to download, with its copies on each hub."""

    name: str
    file_name: str
    sources: dict[str, Source]
    sha256: str | None = None
    size_bytes: int | None = None
    entry: CatalogEntry | None = None
    #: a vision model's projector, downloaded together with the model (never alone)
    projector: PullTarget | None = None


@dataclass(frozen=True)
class FolderTarget:
    """A Hugging Face model folder (config, tokenizer, safetensors) for the GPU engines."""

    name: str
    folder_name: str
    sources: dict[str, Source]
    size_bytes: int | None = None
    entry: CatalogEntry | None = None


def resolve_pull(spec: str, catalog: list[CatalogEntry] | None = None
                 ) -> PullTarget | FolderTarget:
    """A catalog name, ``owner/repo/path/file.gguf`` (one GGUF) or ``owner/repo`` (a folder).

    A hub path may carry a revision: ``owner/repo/file.gguf@<commit or branch>``,
    ``owner/repo@<commit or branch>``.
    """
    spec = spec.strip()
    entry = get_entry(spec, catalog)
    if entry is not None:
        return _target_from_entry(entry)
    return _target_from_hub_path(spec)


def _target_from_entry(entry: CatalogEntry) -> PullTarget | FolderTarget:
    if entry.format != "gguf":
        return FolderTarget(name=entry.name, folder_name=entry.name,
                            sources={hub: Source(s.repo, None, s.revision)
                                     for hub, s in entry.sources.items()},
                            size_bytes=entry.size_bytes, entry=entry)
    file_name = entry.file_name
    if not file_name:
        raise UnknownModelError(f"{entry.name} has no downloadable file in the catalog.")
    projector = None
    if entry.projector is not None:
        # saved as mmproj-<model file>.gguf: hubs name many projectors alike
        # (mmproj-F16.gguf, mmproj-model-f16.gguf), and beside the model it is found by name
        projector = PullTarget(name=entry.name, file_name=f"mmproj-{file_name}",
                               sources=dict(entry.projector.sources),
                               sha256=entry.projector.sha256,
                               size_bytes=entry.projector.size_bytes)
    return PullTarget(name=entry.name, file_name=file_name, sources=dict(entry.sources),
                      sha256=entry.sha256, size_bytes=entry.size_bytes, entry=entry,
                      projector=projector)


def _target_from_hub_path(spec: str) -> PullTarget | FolderTarget:
    text, _, revision = spec.partition("@")
    for prefix in ("https://huggingface.co/", "hf.co/", "huggingface.co/"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    parts = [p for p in text.split("/") if p]
    if len(parts) == 2 and all(_REPO_PART.match(p) for p in parts):
        return FolderTarget(name=parts[1].lower(), folder_name="--".join(parts),
                            sources={"huggingface": Source("/".join(parts), None,
                                                           revision or None)})
    if len(parts) < 3 or not parts[-1].lower().endswith(".gguf"):
        names = ", ".join(e.name for e in search(kind="chat")[:6])
        raise UnknownModelError(
            f"'{spec}' is not in the catalog and is not a Hugging Face path. Give a "
            f"catalog name (e.g. {names}; see `hearth models search`), "
            "owner/repo/file.gguf for one GGUF (e.g. Qwen/Qwen2.5-0.5B-Instruct-GGUF/"
            "qwen2.5-0.5b-instruct-q4_k_m.gguf), or owner/repo for a model folder for the "
            "GPU engines (e.g. Qwen/Qwen2.5-1.5B-Instruct).")
    repo, file = "/".join(parts[:2]), "/".join(parts[2:])
    source = Source(repo=repo, file=file, revision=revision or None)
    name = Path(file).stem.lower()
    return PullTarget(name=name, file_name=Path(file).name, sources={"huggingface": source})
