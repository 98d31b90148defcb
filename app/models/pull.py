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

from pathlib import Path

from sqlite_utils import Database

from app.models.builtin import STARTER_NAME
from app.models.catalog import FolderTarget, PullTarget, resolve_pull
from app.models.download import (
    DownloadControl,
    DownloadStatus,
    EventSink,
    NotFoundError,
    download_file,
    endpoint_order,
    part_path,
    target_urls,
)
from app.models.library import Library, LibraryModel
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
    result = download_file([url for _, url in urls], folder / target.file_name,
                           sha256=target.sha256, on_event=on_event, control=control, **options)
    served_by = next(name for name, url in urls if url == result.url)
    return _register(library, target, result, served_by)


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
    try:
        return part_path(folder / target.file_name).stat().st_size
    except OSError:
        return 0
