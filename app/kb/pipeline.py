"""One indexing run, the same for every front: ``hearth kb add``, ``hearth kb watch``, the
window's Knowledge page and the folder watcher all index through :func:`index_pending`.

Registering files (:func:`app.kb.ingest.add_paths`, :func:`~app.kb.ingest.sync_paths`)
only marks documents pending; a run then loads the embedding model the user chose,
extracts, chunks, embeds and indexes the pending documents with progress, frees the
model, and says which files failed in this run and why.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

import sqlite_utils

from app.kb.embed import opened_configured_embedder
from app.kb.ingest import IngestControl, IngestProgress, ingest


@dataclass(frozen=True)
class Failure:
    """A file that could not be indexed, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class IndexOutcome:
    """What an indexing run did: its last progress event (None when there was nothing to
    report) and the files that failed in it."""

    last: IngestProgress | None
    failures: tuple[Failure, ...] = ()

    @property
    def indexed(self) -> int:
        """How many files were indexed in this run."""
        return self.last.files_done - self.last.files_failed if self.last else 0


def index_pending(
    db: sqlite_utils.Database,
    *,
    documents: Collection[int] | None = None,
    control: IngestControl | None = None,
    on_progress: Callable[[IngestProgress], None] | None = None,
) -> IndexOutcome:
    """Index every pending document (or the pending ones among ``documents``) with the
    configured embedding model (none: full-text only), calling ``on_progress`` with each
    event. Blocks for as long as the work takes: run it off the GUI thread.

    Raises FileNotFoundError with advice when the chosen embedding model has gone.
    """
    last = None
    failures: list[Failure] = []
    with opened_configured_embedder(db) as embedder:
        for event in ingest(db, embedder, control=control, documents=documents):
            last = event
            if event.failure:
                failures.append(Failure(event.current, event.failure))
            if on_progress is not None:
                on_progress(event)
    return IndexOutcome(last, tuple(failures))
