"""One SQLite database for conversations, timings, models and the knowledge base."""

from app.store.db import DatabaseTooNewError, open_db

__all__ = ["DatabaseTooNewError", "open_db"]
