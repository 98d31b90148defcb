"""Turn any exception into a sentence a person can act on (shown by the window)."""

from __future__ import annotations

import errno
import sqlite3

from app.engines.base import EngineError
from app.kb.collections import CollectionError
from app.models.gguf_meta import InvalidModelError
from app.models.library import ModelNotFoundError
from app.settings import SettingsError
from app.store.conversations import NotFoundError

DISK_FULL = ("The disk is full, so Hearth could not save. Free some space and try again; "
             "nothing saved before was lost.")


def _is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    text = str(exc).lower()
    return "database or disk is full" in text or "no space left" in text


def describe_error(exc: BaseException) -> str:
    """What happened and what to do, in one or two sentences."""
    if _is_disk_full(exc):
        return DISK_FULL
    from app.services.serving import ServeRefused

    if isinstance(exc, EngineError | InvalidModelError | ModelNotFoundError | SettingsError
                  | NotFoundError | CollectionError | ServeRefused):
        return str(exc)
    if isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("sqlean"):
        return (f"The database reported a problem ({exc}). Your saved conversations are "
                "safe; try again, and if it keeps happening run `hearth doctor`.")
    if isinstance(exc, PermissionError):
        return f"Hearth is not allowed to use {exc.filename or 'a file'}. Check its permissions."
    if isinstance(exc, FileNotFoundError):
        return f"The file {exc.filename or ''} is not there any more. Choose it again."
    if isinstance(exc, MemoryError):
        return "The computer ran out of memory. Close other programs or pick a smaller model."
    return (f"Something went wrong: {exc.__class__.__name__}: {exc}. Try again; if it keeps "
            "happening, run `hearth doctor` and report what it prints.")
