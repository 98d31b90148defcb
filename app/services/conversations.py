"""What the window reads about conversations, models and collections, through the door.

Re-exports of value types (a conversation, a stored message) and a few small reads the
window's chat journeys need, so ``app/ui`` imports nothing below ``app/services``.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from app.models.builtin import STARTER_NAME
from app.models.library import ModelNotFoundError
from app.paths import get_paths
from app.services.knowledge import list_collections
from app.store.conversations import Conversation, NotFoundError, StoredMessage
from app.store.timings import load_history, reply_history, reply_timing

__all__ = ["STARTER_NAME", "Conversation", "ModelNotFoundError", "NotFoundError",
           "StoredMessage", "collection_names", "load_history", "reply_history",
           "reply_timing", "window_state_file"]


def collection_names(db: Database) -> list[str]:
    """The names of every knowledge collection, as the chat header offers them."""
    return [c.name for c in list_collections(db)]


def window_state_file() -> Path:
    """Where the window keeps its geometry and last conversation (an INI file)."""
    return get_paths().ensure().config / "window.ini"
