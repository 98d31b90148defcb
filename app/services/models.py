"""The one door for models: the library, imports, the catalog, pulls, Ollama's models.

The window (the Models page, File ▸ Import, a file dropped on the window) and
``hearth models`` call these functions and nothing below them. Every function may block
(a child process checks a GGUF, a pull downloads gigabytes, SQL): run it off the GUI
thread. Functions that take ``library=None`` open a connection of their own and close it,
so they are safe on any worker thread.

The value types and errors the fronts need are re-exported here, so no front imports
``app.models``, ``app.store``, ``app.paths`` or ``app.control``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.control import PauseControl
from app.i18n import N_, _
from app.models.builtin import STARTER_NAME
from app.models.catalog import CatalogEntry, UnknownModelError, get_entry, load_catalog
from app.models.catalog import search as search_entries
from app.models.download import (
    DownloadCancelled,
    DownloadControl,
    DownloadError,
    DownloadProgress,
    DownloadStatus,
    EventSink,
)
from app.models.fit import (
    FitEstimate,
    Memory,
    available_memory,
    cpu_bandwidth,
    fit_for_entry,
    fit_for_model,
)
from app.models.gguf_meta import InvalidModelError
from app.models.library import DiskUsage, Library, LibraryModel, ModelNotFoundError, reveal_argv
from app.models.ollama_store import (
    OllamaPullError,
    OllamaUnavailableError,
    StoreModel,
    StoreScan,
    daemon_models,
    daemon_pull,
    register_store_model,
    scan_store,
)
from app.models.projector import ProjectorMismatchError, name_fit
from app.models.pull import interrupted_bytes
from app.models.pull import pull as pull_into
from app.models.validate import validate_gguf
from app.paths import get_paths
from app.settings import load_settings
from app.store import open_db
from app.store.db import connect

__all__ = [
    "STARTER_NAME", "CatalogEntry", "CatalogRow", "DiskUsage", "DownloadCancelled",
    "DownloadControl", "DownloadError", "DownloadProgress", "DownloadStatus", "FitEstimate",
    "Installed", "InstalledModel", "InvalidModelError", "Library", "LibraryModel",
    "ModelNameTakenError", "ModelNotFoundError", "OllamaPullError", "OllamaUnavailableError",
    "PauseControl", "StoreModel", "StoreScan", "UnknownModelError", "catalog", "default_n_ctx",
    "ProjectorMismatchError", "delete_model", "disk_usage", "find_model", "free_name",
    "import_files", "import_gguf", "installed",
    "interrupted_bytes", "ollama_daemon_models", "ollama_pull", "ollama_store", "open_library",
    "pick_store_models", "pull", "register_ollama_model", "reveal_command"
]


class ModelNameTakenError(InvalidModelError):
    """An import asked for a name another model's file already holds."""


@dataclass(frozen=True)
class InstalledModel:
    """A model in the library with its fit estimate on this machine."""

    model: LibraryModel
    fit: FitEstimate


@dataclass(frozen=True)
class Installed:
    """What the library view shows: every model with its fit, and the disk they take."""

    models: list[InstalledModel]
    usage: DiskUsage


@dataclass(frozen=True)
class CatalogRow:
    """A catalog entry with its fit estimate and the bytes a paused pull left to resume."""

    entry: CatalogEntry
    fit: FitEstimate
    kept_bytes: int = 0


# connections --------------------------------------------------------------------------


@contextmanager
def open_library(*, migrate: bool = True) -> Iterator[Library]:
    """A Library on a connection of its own, closed afterwards.

    ``migrate`` opens the database as the CLI does (migrations run once); a window worker
    passes False, because the window migrated at start-up.
    """
    db = open_db() if migrate else connect(get_paths().database)
    try:
        yield Library(db)
    finally:
        db.close()


@contextmanager
def _library_or_own(library: Library | None) -> Iterator[Library]:
    if library is not None:
        yield library
        return
    with open_library(migrate=False) as own:
        yield own


def default_n_ctx() -> int:
    """The context length the fit estimates assume unless told (the ``n_ctx`` setting)."""
    return load_settings().n_ctx


# the library --------------------------------------------------------------------------


def installed(library: Library, n_ctx: int, memory: Memory | None = None) -> Installed:
    """Every installed model with its fit at ``n_ctx`` tokens, and the disk they use."""
    memory = memory or available_memory()
    bandwidth = cpu_bandwidth(library.db)
    kv = load_settings().kv_cache_type
    rows = [InstalledModel(m, fit_for_model(m, n_ctx, memory, gpu=m.is_folder,
                                            bandwidth=bandwidth, kv_cache_type=kv))
            for m in library.list()]
    return Installed(rows, library.disk_usage())


def find_model(library: Library, name: str) -> LibraryModel:
    """The model called ``name``; ModelNotFoundError (saying where to look) if none."""
    model = library.get(name)
    if model is None:
        raise ModelNotFoundError(f"There is no model called '{name}'. See `hearth models list`.")
    return model


def delete_model(library: Library, name: str, *, delete_file: bool = True) -> int:
    """Remove ``name``; its file goes only if Hearth owns it. Returns the bytes freed."""
    return library.delete(name, delete_file=delete_file)


def disk_usage(library: Library) -> DiskUsage:
    """Bytes of model files Hearth owns and of files it links to."""
    return library.disk_usage()


def reveal_command(model: LibraryModel) -> list[str]:
    """The command that shows the model's file in the system's file manager (run detached)."""
    return reveal_argv(Path(model.path))


# importing a GGUF ---------------------------------------------------------------------


def import_gguf(path: Path | str, name: str | None = None, *, library: Library | None = None,
                copy: bool = False, timeout_s: float | None = None,
                on_progress: Callable[[int, int], None] | None = None,
                projector: Path | str | None = None,
                for_model: str | None = None) -> LibraryModel:
    """Check a local GGUF in a child process, then add it to the library: the one import.

    The window's drop, File ▸ Import, the Models page and ``hearth models import`` all
    come here, so a file is checked the same way (the ``validate_timeout_s`` setting
    unless ``timeout_s``) and a bad one fails with the same :class:`InvalidModelError`.
    The name defaults to the file name in lower case; when another file already holds
    that name, ``-2``, ``-3``… is added, so an import never replaces a different model
    (a ``name`` given and held by another file raises :class:`ModelNameTakenError`).
    ``copy`` copies the file into Hearth's models folder (Hearth then owns it); otherwise
    it is linked in place and never deleted by Hearth.

    A vision model comes as two files: the model and its ``projector`` (``mmproj``),
    given here, or found beside the model as ``mmproj*.gguf``. Both are checked before
    either is registered, and a projector whose width does not match is refused with
    both numbers. A projector given alone as ``path`` is attached to the installed model
    it belongs to (``for_model``, else the one whose width and name fit), or refused
    with a reason.
    """
    path = Path(path).expanduser()
    if timeout_s is None:
        timeout_s = load_settings().validate_timeout_s
    with _library_or_own(library) as lib:
        if projector is None and (for_model or _is_projector(path, timeout_s)):
            return lib.import_projector(path, model_name=for_model, copy=copy,
                                        timeout_s=timeout_s)
        if projector is not None and _is_projector(path, timeout_s):
            path, projector = Path(projector).expanduser(), path  # given the other way round
        chosen = _given_name(lib, name, path) if name else free_name(lib, path.stem.lower(), path)
        return lib.import_file(path, chosen, timeout_s=timeout_s, copy=copy,
                               on_progress=on_progress,
                               projector=Path(projector) if projector else None)


def import_files(paths: list[Path] | list[str], *, library: Library | None = None,
                 copy: bool = False, timeout_s: float | None = None) -> list[LibraryModel]:
    """Import files given together (several chosen or dropped at once): each model with
    the projector among them that fits it, then any projector left over alone."""
    files = [Path(p).expanduser() for p in paths]
    if timeout_s is None:
        timeout_s = load_settings().validate_timeout_s
    projectors = [p for p in files if _is_projector(p, timeout_s)]
    models = [p for p in files if p not in projectors]
    done: list[LibraryModel] = []
    with _library_or_own(library) as lib:
        for model in models:
            mine = _projector_among(model, projectors, timeout_s)
            if mine is not None:
                projectors.remove(mine)
            done.append(import_gguf(model, library=lib, copy=copy, timeout_s=timeout_s,
                                    projector=mine))
        for projector in projectors:
            done.append(import_gguf(projector, library=lib, copy=copy, timeout_s=timeout_s))
    return done


def _is_projector(path: Path, timeout_s: float) -> bool:
    """True when the file is a vision projector (read in the validation child)."""
    try:
        return validate_gguf(path, timeout_s, projector=None).is_projector
    except InvalidModelError:
        return False  # the import itself reports what is wrong with the file


def _projector_among(model: Path, projectors: list[Path], timeout_s: float) -> Path | None:
    """The projector given with ``model`` that fits it by width (and name, among several)."""
    if not projectors:
        return None
    info = validate_gguf(model, timeout_s, projector=None)
    fitting = [p for p in projectors
               if validate_gguf(p, timeout_s,
                                projector=None).projection_dim == info.embedding_length]
    if len(fitting) <= 1:
        return fitting[0] if fitting else (projectors[0] if len(projectors) == 1 else None)
    fitting.sort(key=lambda p: -name_fit(p, [model.name, info.name]))
    return fitting[0]


def free_name(library: Library, wanted: str, path: Path) -> str:
    """``wanted`` if it is free or already names ``path``; else ``wanted-2``, ``-3``…"""
    candidate, n = wanted, 1
    while (taken := library.get(candidate)) is not None and not _same_file(taken, path):
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate


def _given_name(library: Library, name: str, path: Path) -> str:
    taken = library.get(name)
    if taken is not None and not _same_file(taken, path):
        raise ModelNameTakenError(
            f"There is already a model called '{name}' ({taken.path}). Choose another name, "
            f"or remove that one first with `hearth models rm {name}`.")
    return name


def _same_file(model: LibraryModel, path: Path) -> bool:
    # by path only: a copy Hearth owns is another file, even when it was copied from path
    return Path(model.path) == path.resolve()


# the catalog and pulls ----------------------------------------------------------------


def catalog(query: str | None = None, *, kind: str | None = None, n_ctx: int,
            memory: Memory | None = None, with_kept: bool = False) -> list[CatalogRow]:
    """Catalog entries, each with its fit estimate at ``n_ctx`` tokens.

    With a ``query`` (or a ``kind``): the entries holding every word, smallest first (the
    CLI's search). Without: the whole catalog in its own order (the Models page).

    ``with_kept`` also reports the bytes an interrupted pull left to resume (the Models
    page shows "paused at …" and offers "Resume download").
    """
    memory = memory or available_memory()
    entries = (load_catalog() if query is None and kind is None
               else search_entries(query or "", kind=kind))
    bandwidth = _measured_bandwidth()
    kv = load_settings().kv_cache_type
    return [CatalogRow(e, fit_for_entry(e, n_ctx, memory, gpu=e.format != "gguf",
                                        bandwidth=bandwidth, kv_cache_type=kv),
                       interrupted_bytes(e.name) if with_kept else 0) for e in entries]


def _measured_bandwidth():
    """The CPU's decode bandwidth from this user's replies (a default before the first)."""
    if not get_paths().database.exists():
        return cpu_bandwidth(None)
    with open_library(migrate=False) as library:
        return cpu_bandwidth(library.db)


def pull(spec: str, *, library: Library | None = None, endpoint: str | None = None,
         on_event: EventSink | None = None, control: DownloadControl | None = None,
         force: bool = False, **download_options) -> LibraryModel:
    """Download a catalog name, ``owner/repo/file.gguf`` or ``owner/repo`` and register it.

    Resumable: an interrupted or stopped pull continues where it ended. ``control``
    pauses, resumes, cancels (the partial file removed) or stops (kept to resume) it from
    another thread; ``on_event`` gets DownloadProgress and DownloadStatus events. Raises
    UnknownModelError or a DownloadError.
    """
    with _library_or_own(library) as lib:
        return pull_into(lib.db, spec, endpoint=endpoint, on_event=on_event, control=control,
                         force=force, **download_options)


# Ollama -------------------------------------------------------------------------------


def ollama_daemon_models(host: str | None = None) -> list[dict]:
    """The running daemon's models; OllamaUnavailableError when it does not answer."""
    return daemon_models(host)


def ollama_store(store_dir: Path | str | None = None) -> StoreScan:
    """The models in Ollama's store on disk (default: OLLAMA_MODELS or ~/.ollama/models)."""
    return scan_store(Path(store_dir) if store_dir else None)


def pick_store_models(scan: StoreScan, names: tuple[str, ...] | list[str],
                      everything: bool = False) -> list[StoreModel]:
    """The store's models called ``names`` (``:latest`` optional), or all of them.

    Raises ModelNotFoundError naming what is missing and what the store holds.
    """
    wanted = scan.models if everything else [
        m for m in scan.models if m.name in names or m.name.removesuffix(":latest") in names]
    found = {m.name for m in wanted} | {m.name.removesuffix(":latest") for m in wanted}
    missing = set(names) - found
    if missing or not wanted:
        held = ", ".join(m.name for m in scan.models) or "none"
        raise ModelNotFoundError(f"Not in Ollama's store at {scan.root}: "
                                 f"{', '.join(sorted(missing)) or 'nothing chosen'}. "
                                 f"Found: {held}.")
    return wanted


def register_ollama_model(model: StoreModel, *, library: Library | None = None,
                          timeout_s: float | None = None) -> LibraryModel:
    """Check an Ollama blob and register it, linked in place (nothing is copied)."""
    if timeout_s is None:
        timeout_s = load_settings().validate_timeout_s
    with _library_or_own(library) as lib:
        return register_store_model(lib, model, timeout_s=timeout_s)


def ollama_pull(name: str, on_event: EventSink | None = None,
                control: DownloadControl | None = None, host: str | None = None) -> str:
    """Pull ``name`` with the Ollama daemon, reporting progress; returns its last status."""
    return daemon_pull(name, on_event=on_event, control=control, host=host)


# which languages a model speaks ---------------------------------------------------------

#: Unicode ranges of scripts that tell a language apart from English (code, ranges)
_SCRIPTS: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    ("ja", ((0x3040, 0x30FF),)),                      # kana (checked before Han)
    ("ko", ((0xAC00, 0xD7AF), (0x1100, 0x11FF))),     # Hangul
    ("zh", ((0x4E00, 0x9FFF), (0x3400, 0x4DBF))),     # Han
    ("ru", ((0x0400, 0x04FF),)),                      # Cyrillic
    ("ar", ((0x0600, 0x06FF),)),                      # Arabic
)
LANGUAGE_NAMES = {"en": N_("English"), "zh": N_("Chinese"), "ja": N_("Japanese"),
                  "ko": N_("Korean"), "ru": N_("Russian"), "ar": N_("Arabic"),
                  "fr": N_("French"), "es": N_("Spanish"), "de": N_("German"),
                  "pt": N_("Portuguese"), "it": N_("Italian")}


def script_language(text: str) -> str | None:
    """The language a message is written in, when its script says so (at least a third of
    its letters), else None (Latin script: not told apart here)."""
    letters = [ord(c) for c in text if c.isalpha()]
    if not letters:
        return None
    for code, ranges in _SCRIPTS:
        hits = sum(any(low <= c <= high for low, high in ranges) for c in letters)
        if hits and hits * 3 >= len(letters):
            return code
    return None


def language_hint(model: str | None, text: str, n_ctx: int = 4096) -> str | None:
    """A sentence when ``model`` (a catalog name) was not trained on the language ``text``
    is written in, naming the smallest catalog model that speaks it and fits here; None
    when the model speaks it or its languages are unknown (an imported file)."""
    language = script_language(text)
    entry = get_entry(model) if model and language else None
    if entry is None or language is None or language in entry.languages:
        return None
    name = _(LANGUAGE_NAMES.get(language, language))
    speakers = [row for row in catalog(n_ctx=n_ctx)
                if row.entry.kind == "chat" and row.entry.format == "gguf"
                and language in row.entry.languages and row.fit.label == "fits"]
    speakers.sort(key=lambda row: row.entry.size_bytes)
    advice = (" " + _("For {language}, download {title} ({size} MB) on the Models page, or "
                      "run `hearth models pull {name}`.").format(
        language=name, title=speakers[0].entry.title,
        size=f"{speakers[0].entry.size_bytes / 2**20:,.0f}", name=speakers[0].entry.name)
        if speakers else "")
    spoken = ", ".join(_(LANGUAGE_NAMES.get(code, code)) for code in entry.languages)
    return _("{title} was trained on {languages} only, so it cannot answer in {language} "
             "well.").format(title=entry.title, languages=spoken, language=name) + advice


#: a few words in each interface language, to ask :func:`language_hint` about it
_UI_SAMPLES = {"zh_CN": "中文"}


def starter_note(model: str | None, ui_language: str, n_ctx: int = 4096) -> str | None:
    """A sentence when ``model`` cannot speak the interface's language (the English-only
    starter in a Chinese window), naming the smallest catalog model that can; else None."""
    sample = _UI_SAMPLES.get(ui_language)
    return language_hint(model, sample, n_ctx) if sample else None
