"""``pull``: a catalog name or a hub path in, a verified model in the library out.

``app.services.models.pull`` calls it for ``hearth models pull`` and the Models page's
Download button. It blocks (run it off the GUI thread), reports
:class:`~app.models.download.DownloadProgress` and
:class:`~app.models.download.DownloadStatus` through ``on_event``, waits while the
``DownloadControl`` passed in is paused, and stops when it is cancelled (the partial file
removed) or stopped (the partial file kept for the next pull to resume).

A GGUF (catalog name or ``owner/repo/file.gguf``) is one file; a Hugging Face folder for
the GPU engines (catalog entry of format hf-safetensors/awq/gptq, or ``owner/repo``) is
pulled whole by :mod:`app.models.snapshot`. Both go through the configured endpoint and
proxy (the ``download_endpoint`` and ``proxy`` settings).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from app.i18n import _
from app.models.builtin import STARTER_NAME
from app.models.catalog import FolderTarget, PullTarget, resolve_pull
from app.models.download import (
    BadModelFileError,
    DownloadControl,
    DownloadError,
    DownloadStatus,
    EventSink,
    NotFoundError,
    download_file,
    endpoint_order,
    partial_bytes,
    target_urls,
)
from app.models.gguf_meta import GGUFInfo, InvalidModelError
from app.models.library import Library, LibraryModel
from app.models.projector import check_pair
from app.models.validate import validate_projector
from app.paths import get_paths
from app.settings import Settings, load_settings


def pull(db: Database, spec: str, *, endpoint: str | None = None,
         on_event: EventSink | None = None, control: DownloadControl | None = None,
         models_dir: Path | None = None, force: bool = False,
         **download_options) -> LibraryModel:
    """Download ``spec`` (catalog name, ``owner/repo/file.gguf`` or ``owner/repo``) and register it.

    ``endpoint`` is tried first (default: the ``download_endpoint`` setting), then the
    others that have the file, in the ``download_fallback_order`` setting's order. A model already installed is returned as it is
    unless ``force``. Raises ``UnknownModelError`` or a ``DownloadError`` subclass.
    """
    library = Library(db)
    target = resolve_pull(spec)
    if target.name == STARTER_NAME and (starter := library.ensure_starter()) is not None:
        return starter
    existing = library.get(target.name)
    if existing is not None and existing.present and not force:
        if isinstance(target, PullTarget) and target.projector is not None \
                and not existing.vision:
            return _add_projector(library, existing, target.projector, endpoint, on_event,
                                  control, models_dir, download_options)
        if on_event:
            on_event(DownloadStatus("done", f"{target.name} is already installed"))
        return existing
    settings = load_settings()
    order = endpoint_order(endpoint or settings.download_endpoint,
                           settings.download_fallback_order)
    folder = models_dir or get_paths().ensure().models
    download_options.setdefault("proxy", settings.proxy)
    control = control or DownloadControl()
    if isinstance(target, FolderTarget):
        return _pull_folder(library, target, folder, order, on_event, control, download_options)
    return _pull_file(library, target, folder, order, settings, on_event, control,
                      download_options)


def _pull_file(library: Library, target: PullTarget, folder: Path, order: list[str],
               settings: Settings, on_event: EventSink | None, control: DownloadControl,
               options: dict) -> LibraryModel:
    urls = target_urls(target, order)
    if not urls:
        raise NotFoundError(f"No download location is known for {target.name}.")
    options.setdefault("validate_timeout_s", settings.validate_timeout_s)
    projector = None
    if target.projector is not None:
        projector = _pull_projector(target.projector, folder, order, on_event, control, options)
    dest = folder / target.file_name
    try:
        result = download_file([url for _, url in urls], dest, sha256=target.sha256,
                               on_event=on_event, control=control, **options)
        if projector is not None:
            _check_pair(result, projector, dest)
    except DownloadError:
        if projector is not None and partial_bytes(dest) == 0:
            projector.path.unlink(missing_ok=True)  # nothing left to resume: neither stays
        raise
    served_by = next(name for name, url in urls if url == result.url)
    model = _register(library, target, result, served_by)
    if projector is None:
        return model
    return library.attach_projector(model.name, projector.path, projector.info,
                                    sha256=projector.sha256, linked=False)


@dataclass
class _Projector:
    path: Path
    info: GGUFInfo
    sha256: str


def _pull_projector(target: PullTarget, folder: Path, order: list[str],
                    on_event: EventSink | None, control: DownloadControl,
                    options: dict) -> _Projector:
    """Download a vision model's projector (or keep the verified copy an interrupted pull
    left), before the model: the model is registered only when both are here."""
    dest = folder / target.file_name
    timeout_s = options.get("validate_timeout_s", 60.0)
    kept = _kept_projector(dest, target.sha256, timeout_s)
    if kept is not None:
        if on_event:
            on_event(DownloadStatus("done", _("{file} (the projector, which lets the model "
                                              "see images) is already here").format(
                                                  file=dest.name)))
        return kept
    urls = target_urls(target, order)
    if not urls:
        raise NotFoundError(f"No download location is known for {target.name}'s projector.")
    if on_event:
        on_event(DownloadStatus("projector", _("Downloading {file}, the projector that lets "
                                               "the model see images").format(file=dest.name)))
    result = download_file([url for _, url in urls], dest, sha256=target.sha256,
                           on_event=on_event, control=control,
                           check_file=lambda part: _check_projector(part, timeout_s),
                           **{k: v for k, v in options.items() if k != "validate"})
    return _Projector(dest, validate_projector(dest, timeout_s), result.sha256)


def _check_projector(part: Path, timeout_s: float) -> None:
    validate_projector(part, timeout_s)


def _kept_projector(dest: Path, sha256: str | None, timeout_s: float) -> _Projector | None:
    """The projector an earlier, interrupted pull downloaded and verified, if still whole."""
    if not dest.is_file():
        return None
    try:
        info = validate_projector(dest, timeout_s)
    except InvalidModelError:
        return None
    digest = _sha256_of(dest)
    if sha256 and digest != sha256.lower():
        return None
    return _Projector(dest, info, digest)


def _check_pair(result, projector: _Projector, dest: Path) -> None:
    """Both files arrived whole; refuse (removing both) a pair llama.cpp would refuse."""
    from app.models.gguf_meta import read_metadata

    info = result.info or read_metadata(result.path)
    try:
        check_pair(info, dest.name, projector.info, projector.path.name)
    except InvalidModelError as exc:
        result.path.unlink(missing_ok=True)
        projector.path.unlink(missing_ok=True)
        raise BadModelFileError(str(exc) + " " + _("Both files were removed.")) from exc


def _sha256_of(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            hasher.update(block)
    return hasher.hexdigest()


def _add_projector(library: Library, model: LibraryModel, target: PullTarget,
                   endpoint: str | None, on_event: EventSink | None,
                   control: DownloadControl | None, models_dir: Path | None,
                   options: dict) -> LibraryModel:
    """A model installed before its catalog entry gained a projector: fetch only that."""
    settings = load_settings()
    order = endpoint_order(endpoint or settings.download_endpoint,
                           settings.download_fallback_order)
    folder = models_dir or get_paths().ensure().models
    options.setdefault("proxy", settings.proxy)
    options.setdefault("validate_timeout_s", settings.validate_timeout_s)
    projector = _pull_projector(target, folder, order, on_event, control or DownloadControl(),
                                options)
    try:
        return library.attach_projector(model.name, projector.path, projector.info,
                                        sha256=projector.sha256, linked=False)
    except InvalidModelError as exc:
        projector.path.unlink(missing_ok=True)
        raise BadModelFileError(str(exc) + " " + _("The projector was removed.")) from exc


def _pull_folder(library: Library, target: FolderTarget, folder: Path, order: list[str],
                 on_event: EventSink | None, control: DownloadControl,
                 options: dict) -> LibraryModel:
    from app.models.snapshot import download_folder

    proxy, client = options.pop("proxy", None), options.pop("client", None)
    result = download_folder(target, folder, order, on_event=on_event, control=control,
                             proxy=proxy, client=client, download_options=options)
    listing = result.listing
    return library.register_folder(
        target.name, result.path, listing.endpoint, size_bytes=result.size,
        config=result.config, digest=result.digest,
        origin=f"{listing.repo}@{listing.commit}",
        catalog_name=target.entry.name if target.entry else None)


def _register(library: Library, target: PullTarget, result, served_by: str) -> LibraryModel:
    from app.models.gguf_meta import read_metadata

    info = result.info or read_metadata(result.path)
    return library.register(
        target.name, result.path, served_by, info, sha256=result.sha256, linked=False,
        origin=result.url, catalog_name=target.entry.name if target.entry else None,
        sha256_source=result.sha256_source)


def interrupted_bytes(spec: str, models_dir: Path | None = None) -> int:
    """Bytes a paused or interrupted pull of ``spec`` left to resume (0 when none)."""
    from app.models.snapshot import partial_folder_bytes

    try:
        target = resolve_pull(spec)
    except LookupError:
        return 0
    folder = models_dir or get_paths().models
    if isinstance(target, FolderTarget):
        return partial_folder_bytes(folder, target.folder_name)
    files = [target.file_name] + ([target.projector.file_name] if target.projector else [])
    return sum(partial_bytes(folder / name) for name in files)
