"""The services every front talks to, wired once (Qt-free): the window, ``hearth chat``
and the local API open the same :class:`Services`.

The front's own connection (``store_db``) serves the conversation list, threads,
renames and the knowledge pages; each streaming reply opens a connection of its own
(WAL lets them work side by side), and the model scheduler owns every loaded engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from app.models.library import Library
from app.services.chat import ChatService, database_file
from app.services.completion import CompletionService
from app.services.mcp import McpService
from app.services.runtime import Runtime
from app.services.scheduler import Scheduler
from app.settings import Settings
from app.store import open_db
from app.store.conversations import ConversationStore
from app.store.db import connect


@dataclass
class Services:
    """Settings, the store, the library, the scheduler, completions and conversations."""

    settings: Settings
    store_db: Database
    store: ConversationStore
    library: Library
    scheduler: Scheduler
    completion: CompletionService
    chat: ChatService
    #: the MCP servers of mcp.json; none runs until enabled and used
    mcp: McpService

    @classmethod
    def open(cls, settings: Settings, scheduler: Scheduler | None = None) -> Services:
        """Open (and migrate) the database and wire everything; loads no model."""
        store_db = open_db()
        # loads record their timings from the reply threads: a connection of their own
        scheduler = scheduler or Scheduler(connect(database_file(store_db)), settings)
        completion = CompletionService(scheduler, store_db)
        mcp = McpService.for_user()
        return cls(settings=settings, store_db=store_db, store=ConversationStore(store_db),
                   library=Library(store_db), scheduler=scheduler, completion=completion,
                   chat=ChatService(completion, store_db, settings, mcp=mcp), mcp=mcp)

    @property
    def runtime(self) -> Runtime:
        """The runtime of the model used last (status bar, Engines page)."""
        return self.scheduler.primary

    def apply_settings(self, settings: Settings) -> bool:
        """Use ``settings`` from now on; True when loaded models must reload (engine
        options changed), which happens at the next reply."""
        old, self.settings = self.settings, settings
        self.scheduler.settings = settings
        self.chat.settings = settings
        reload = (old.n_threads, old.n_ctx, old.n_batch) != (
            settings.n_threads, settings.n_ctx, settings.n_batch)
        if reload:
            self.scheduler.unload_all()
        return reload

    def close(self) -> None:
        self.chat.close()
        self.mcp.close()
        self.scheduler.close()
        if self.scheduler.db is not self.store_db:
            self.scheduler.db.close()
        self.store_db.close()


#: the name the window's code has always used
DesktopServices = Services
