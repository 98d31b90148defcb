"""The services the desktop window talks to, wired once (Qt-free).

Two database connections: one for the store worker (conversation list, threads, renames)
and one for the model worker (the chat service writes replies as they end). WAL lets
them work side by side; each lane uses only its own connection.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from app.models.library import Library
from app.paths import get_paths
from app.services.chat import ChatService
from app.services.runtime import Runtime
from app.settings import Settings
from app.store import open_db
from app.store.conversations import ConversationStore
from app.store.db import connect


@dataclass
class DesktopServices:
    """What the window needs: settings, the store, the library, the runtime, chat."""

    settings: Settings
    store_db: Database
    model_db: Database
    store: ConversationStore
    library: Library
    runtime: Runtime
    chat: ChatService

    @classmethod
    def open(cls, settings: Settings) -> DesktopServices:
        """Open (and migrate) the database and wire everything; loads no model."""
        store_db = open_db()
        model_db = connect(get_paths().database)
        runtime = Runtime(model_db, settings.model_copy())
        return cls(settings=settings, store_db=store_db, model_db=model_db,
                   store=ConversationStore(store_db), library=Library(store_db),
                   runtime=runtime, chat=ChatService(runtime))

    def close(self) -> None:
        self.runtime.close()
        self.store_db.close()
        self.model_db.close()
