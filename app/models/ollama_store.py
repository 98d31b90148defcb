"""Ollama's models: the daemon's list and pull, and its on-disk store without the daemon.

When the daemon runs, Hearth lists and pulls through the official ``ollama`` client (its
host comes from ``OLLAMA_HOST`` like Ollama's own CLI). When it does not, the models a
user already pulled are still on disk, content-addressed the way Ollama lays them out::

    <models>/manifests/<registry>/<namespace>/<model>/<tag>   JSON (docker manifest v2)
    <models>/blobs/sha256-<hex>                               one file per layer

A manifest's layer with media type ``application/vnd.ollama.image.model`` is the GGUF
weights. Hearth validates that blob in a child process and registers it linked in place,
so gigabytes are never copied, and deleting it from Hearth never deletes Ollama's file.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.models.download import DownloadControl, DownloadProgress, DownloadStatus
from app.models.gguf_meta import InvalidModelError
from app.models.library import Library, LibraryModel
from app.models.validate import validate_gguf, validate_projector

DEFAULT_REGISTRY = "registry.ollama.ai"
DEFAULT_NAMESPACE = "library"
MODEL_MEDIA_TYPE = "application/vnd.ollama.image.model"
PROJECTOR_MEDIA_TYPE = "application/vnd.ollama.image.projector"
TEMPLATE_MEDIA_TYPE = "application/vnd.ollama.image.template"


class OllamaUnavailableError(Exception):
    """The Ollama daemon did not answer; the message says what to do."""


class OllamaPullError(Exception):
    """The daemon refused or failed a pull; the message is Ollama's, with advice."""


@dataclass(frozen=True)
class StoreModel:
    """A model found in Ollama's store: its name, weights blob and manifest."""

    name: str
    blob: Path
    size: int
    digest: str
    manifest: Path
    projector: Path | None = None

    @property
    def library_name(self) -> str:
        return f"ollama/{self.name}"


@dataclass(frozen=True)
class StoreScan:
    """What a scan found, and manifests it had to skip (with the reason)."""

    root: Path
    models: list[StoreModel]
    skipped: list[tuple[str, str]]


def ollama_models_dir() -> Path:
    """``OLLAMA_MODELS`` or the default store for this OS and install kind."""
    configured = os.environ.get("OLLAMA_MODELS")
    if configured:
        return Path(configured).expanduser()
    home = Path.home() / ".ollama" / "models"
    if sys.platform.startswith("linux") and not home.exists():
        service = Path("/usr/share/ollama/.ollama/models")  # the Linux installer's service user
        if service.exists():
            return service
    return home


def blob_path(root: Path, digest: str) -> Path:
    """Where Ollama keeps a blob (``sha256-<hex>``; older stores used ``sha256:<hex>``)."""
    new = root / "blobs" / digest.replace(":", "-")
    old = root / "blobs" / digest
    return old if not new.exists() and old.exists() else new


def display_name(manifest: Path, manifests_root: Path) -> str:
    """The name Ollama shows: ``model:tag``, ``namespace/model:tag`` or ``host/ns/model:tag``."""
    parts = manifest.relative_to(manifests_root).parts
    *prefix, model, tag = parts
    if prefix[:2] == [DEFAULT_REGISTRY, DEFAULT_NAMESPACE]:
        return f"{model}:{tag}"
    if prefix[:1] == [DEFAULT_REGISTRY]:
        return "/".join(prefix[1:] + [model]) + f":{tag}"
    return "/".join(prefix + [model]) + f":{tag}"


def scan_store(root: Path | None = None) -> StoreScan:
    """Every model in the store whose weights blob is present and of the right size."""
    root = Path(root) if root is not None else ollama_models_dir()
    manifests_root = root / "manifests"
    models, skipped = [], []
    if not manifests_root.is_dir():
        return StoreScan(root, [], [])
    for manifest in sorted(p for p in manifests_root.rglob("*") if p.is_file()):
        try:
            models.append(_read_manifest(root, manifest, manifests_root))
        except (ValueError, KeyError, OSError) as exc:
            skipped.append((str(manifest.relative_to(manifests_root)), str(exc)))
    return StoreScan(root, models, skipped)


def _read_manifest(root: Path, manifest: Path, manifests_root: Path) -> StoreModel:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    layers = {layer["mediaType"]: layer for layer in data.get("layers", [])}
    weights = layers.get(MODEL_MEDIA_TYPE)
    if weights is None:
        raise ValueError("no model layer (an adapter or a cloud model)")
    blob = blob_path(root, weights["digest"])
    if not blob.is_file():
        raise ValueError(f"weights blob {blob.name} is missing; pull the model again")
    if blob.stat().st_size != int(weights["size"]):
        raise ValueError(f"weights blob {blob.name} is {blob.stat().st_size:,} bytes, the "
                         f"manifest says {int(weights['size']):,}; pull the model again")
    projector = layers.get(PROJECTOR_MEDIA_TYPE)
    return StoreModel(
        name=display_name(manifest, manifests_root), blob=blob, size=blob.stat().st_size,
        digest=weights["digest"], manifest=manifest,
        projector=blob_path(root, projector["digest"]) if projector else None)


def register_store_model(library: Library, model: StoreModel,
                         timeout_s: float = 60.0) -> LibraryModel:
    """Validate the blob in a child process and register it, linked in place (no copy)."""
    try:
        info = validate_gguf(model.blob, timeout_s=timeout_s)
    except InvalidModelError as exc:
        raise InvalidModelError(f"Ollama's {model.name}: {exc}") from exc
    row = library.register(model.library_name, model.blob, "ollama", info,
                           sha256=model.digest.split(":", 1)[-1], linked=True,
                           origin=f"ollama:{model.name}", sha256_source="server")
    if model.projector is None or not model.projector.is_file():
        return row
    try:  # a vision model: its projector layer, linked in place like the weights
        projector = validate_projector(model.projector, timeout_s)
        return library.attach_projector(row.name, model.projector, projector, linked=True)
    except InvalidModelError:
        return row  # a projector llama.cpp cannot pair: the model still chats in text


# the daemon ------------------------------------------------------------------------------


def _client(host: str | None, timeout_s: float | None):
    import ollama

    return ollama.Client(host=host, timeout=timeout_s)


def daemon_models(host: str | None = None, timeout_s: float = 3.0) -> list[dict]:
    """The daemon's models (``/api/tags``): name, size, digest, family, parameters, quant."""
    try:
        listed = _client(host, timeout_s).list()
    except (ConnectionError, OSError) as exc:
        raise _unavailable(host) from exc
    except Exception as exc:
        if type(exc).__module__.startswith("httpx"):
            raise _unavailable(host) from exc
        raise
    rows = []
    for m in listed.models:
        details = m.details
        rows.append({
            "name": m.model, "size": m.size, "digest": m.digest,
            "modified_at": m.modified_at.isoformat() if m.modified_at else None,
            "family": details.family if details else None,
            "parameter_size": details.parameter_size if details else None,
            "quantization": details.quantization_level if details else None,
        })
    return rows


def daemon_pull(name: str, on_event: Callable[[DownloadProgress | DownloadStatus], None]
                | None = None, control: DownloadControl | None = None,
                host: str | None = None) -> str:
    """Pull ``name`` with the daemon, reporting progress; returns the final status.

    Cancelling the control closes the stream, which makes Ollama stop the pull.
    """
    import ollama

    control = control or DownloadControl()
    status = ""
    try:
        stream = _client(host, None).pull(name, stream=True)
        for part in stream:
            status = part.status or status
            _emit_pull_event(on_event, part)
            if control.cancelled:
                stream.close()
                return "cancelled"
    except ollama.ResponseError as exc:
        raise OllamaPullError(
            f"Ollama could not pull {name}: {exc.error}. Check the name on "
            "https://ollama.com/library, or the daemon's network.") from exc
    except (ConnectionError, OSError) as exc:
        raise _unavailable(host) from exc
    return status


def _emit_pull_event(on_event, part) -> None:
    if on_event is None:
        return
    if part.total:
        on_event(DownloadProgress(part.completed or 0, part.total, None, None))
    else:
        on_event(DownloadStatus("ollama", part.status or ""))


def _unavailable(host: str | None) -> OllamaUnavailableError:
    where = host or os.environ.get("OLLAMA_HOST") or "127.0.0.1:11434"
    return OllamaUnavailableError(
        f"The Ollama daemon is not answering at {where}. Start Ollama (or set OLLAMA_HOST), "
        "or run the models it already pulled in-process: `hearth models ollama list`.")
