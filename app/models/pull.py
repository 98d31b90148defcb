"""``pull``: a catalog name or a hub path in, a verified model in the library out.

This is the call behind ``hearth models pull`` and the library view's Download button. It
blocks (run it off the GUI thread), reports :class:`~app.models.download.DownloadProgress`
and :class:`~app.models.download.DownloadStatus` through ``on_event``, and stops when the
``DownloadControl`` passed in is cancelled (or waits while it is paused).
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from app.models.builtin import STARTER_NAME
from app.models.catalog import PullTarget, resolve_pull
from app.models.download import (
    DownloadControl,
    DownloadStatus,
    EventSink,
    NotFoundError,
    download_file,
    endpoint_order,
    target_urls,
)
from app.models.library import Library, LibraryModel
from app.paths import get_paths
from app.settings import load_settings


def pull(db: Database, spec: str, *, endpoint: str | None = None,
         on_event: EventSink | None = None, control: DownloadControl | None = None,
         models_dir: Path | None = None, force: bool = False,
         **download_options) -> LibraryModel:
    """Download ``spec`` (catalog name or ``owner/repo/file.gguf``) and register it.

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
    urls = target_urls(target, endpoint_order(endpoint or settings.download_endpoint,
                                              settings.download_fallback_order))
    if not urls:
        raise NotFoundError(f"No download location is known for {target.name}.")
    folder = models_dir or get_paths().ensure().models
    download_options.setdefault("validate_timeout_s", settings.validate_timeout_s)
    result = download_file([url for _, url in urls], folder / target.file_name,
                           sha256=target.sha256, on_event=on_event,
                           control=control or DownloadControl(), **download_options)
    served_by = next(name for name, url in urls if url == result.url)
    return _register(library, target, result, served_by)


def _register(library: Library, target: PullTarget, result, served_by: str) -> LibraryModel:
    from app.models.gguf_meta import read_metadata

    info = result.info or read_metadata(result.path)
    return library.register(
        target.name, result.path, served_by, info, sha256=result.sha256, linked=False,
        origin=result.url, catalog_name=target.entry.name if target.entry else None,
        sha256_source=result.sha256_source)
