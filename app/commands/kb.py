"""``hearth kb``: collections of documents to ask questions about."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import click

from app.services import knowledge
from app.services.knowledge import DEFAULT_COLLECTION, CollectionError, Failure, IndexOutcome


@contextmanager
def _user_errors() -> Iterator[None]:
    """A knowledge-base error the user can act on ends the command with its message."""
    try:
        yield
    except (CollectionError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc


def _db():
    return knowledge.open_db()


def _choose_model(db, path: Path | None) -> None:
    if path is not None:
        with _user_errors():
            knowledge.choose_embedding_model(db, path)


def _show_progress(event) -> None:
    if not sys.stderr.isatty():
        return
    eta = f", {event.eta_s:.0f} s left" if event.eta_s is not None else ""
    line = (f"{event.stage}: {event.files_done}/{event.files_total} files, "
            f"{event.chunks_done} chunks, {event.chunks_per_s:.1f} chunks/s{eta}")
    click.echo("\r" + line.ljust(78), nl=False, err=True)


def _run_ingest(db) -> IndexOutcome:
    """Index what is pending (the one pipeline), with a progress line on a terminal;
    prints a summary and each file that failed in this run."""
    with _user_errors():
        outcome = knowledge.index_pending(db, on_progress=_show_progress)
    last = outcome.last
    if last is not None and sys.stderr.isatty():
        click.echo(err=True)
    if last is not None and last.files_total:
        click.echo(f"Indexed {outcome.indexed} of {last.files_total} "
                   f"files ({last.chunks_done} chunks, {last.chunks_per_s:.1f} chunks/s).")
    elif last is not None and last.chunks_done:  # a new embedding model
        click.echo(f"Embedded {last.chunks_done} chunks ({last.chunks_per_s:.1f} chunks/s).")
    _print_failures(outcome.failures)
    return outcome


def _print_failures(failures: Iterable[Failure]) -> None:
    for failure in failures:
        click.echo(f"failed: {failure.path}: {failure.reason}", err=True)


@click.group()
def kb() -> None:
    """Collections of documents that conversations can ask about."""


@kb.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-c", "--collection", default=DEFAULT_COLLECTION, show_default=True)
@click.option("--embedding-model", type=click.Path(path_type=Path),
              help="GGUF embedding model; remembered for later searches.")
def add(paths: tuple[Path, ...], collection: str, embedding_model: Path | None) -> None:
    """Add files and folders to a collection and index them.

    Exits with status 1 when a path is not there or a file could not be indexed (each
    is named, with why; a file that failed before and is unchanged is not tried again).
    """
    db = _db()
    with _user_errors():
        result = knowledge.add_paths(db, collection, paths)
    for line in result.skipped:
        click.echo(f"skipped: {line}", err=True)
    earlier = knowledge.failed_before(db, collection, result.unchanged)
    before = (f" ({len(earlier)} of them failed before: `hearth kb ls -c {collection}` "
              "says why)") if earlier else ""
    click.echo(f"{len(result.pending)} to index, {len(result.unchanged)} unchanged{before}, "
               f"{len(result.removed)} removed.")
    _choose_model(db, embedding_model)
    if _run_ingest(db).failures or result.skipped:
        sys.exit(1)


@kb.command()
def resume() -> None:
    """Finish indexing that was interrupted (by a crash, a kill or a cancel)."""
    if _run_ingest(_db()).failures:
        sys.exit(1)


@kb.command("ls")
@click.option("-c", "--collection", help="List this collection's documents.")
@click.option("--json", "as_json", is_flag=True)
def ls(collection: str | None, as_json: bool) -> None:
    """List collections, or the documents of one."""
    db = _db()
    if collection is None:
        _list_collections(db, as_json)
        return
    with _user_errors():
        docs = knowledge.documents(db, collection)
        watched = knowledge.watched_folders(db, collection)
    if as_json:
        click.echo(json.dumps([asdict(d) for d in docs], ensure_ascii=False, indent=2))
        return
    for folder in watched:
        click.echo(f"watching {folder.path}")
    for doc in docs:
        click.echo(f"{doc.status:8} {doc.n_chunks:5} {doc.path}")
    for doc in docs:
        if doc.error:
            click.echo(f"  {doc.path}: {doc.error}")


def _list_collections(db, as_json: bool) -> None:
    found = knowledge.list_collections(db)
    if as_json:
        click.echo(json.dumps([asdict(c) for c in found], ensure_ascii=False, indent=2))
        return
    for c in found:
        click.echo(f"{c.name}: {c.documents} documents, {c.chunks} chunks")
        for folder in c.watched:
            click.echo(f"  watching {folder}")


@kb.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-c", "--collection", help="Only in this collection (default: all).")
def rm(paths: tuple[Path, ...], collection: str | None) -> None:
    """Remove documents (a file, or every document under a folder) from the index."""
    removed = knowledge.remove_paths(_db(), paths, collection)
    if not removed:
        raise click.ClickException(
            "No indexed document matches; `hearth kb ls -c NAME` lists them."
        )
    click.echo(f"Removed {removed} document(s).")


@kb.command()
@click.argument("query")
@click.option("-c", "--collection", "collection_names", multiple=True,
              help="Search only these collections (repeatable; default: all).")
@click.option("-k", "--limit", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True, help="Print the chunks as JSON.")
def search(query: str, collection_names: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search the knowledge base (full-text, and by meaning when a model is chosen)."""
    with _user_errors():
        hits = knowledge.search(_db(), query, collection_names, limit=limit)
    if as_json:
        keys = ("path", "page", "char_start", "char_end", "collection", "heading", "score",
                "fts_rank", "vector_rank", "text", "chunk_id", "document_id")
        click.echo(json.dumps([{k: h.as_dict()[k] for k in keys} for h in hits],
                              ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("No matches.")
    for n, hit in enumerate(hits, 1):
        page = f", page {hit.page}" if hit.page is not None else ""
        click.echo(f"[{n}] {hit.path}{page} (score {hit.score:.4f})")
        click.echo("    " + " ".join(hit.text.split())[:300])


@kb.command()
def rebuild() -> None:
    """Rebuild the full-text and vector indexes from the stored chunks."""
    counts = knowledge.rebuild(_db())
    click.echo(f"Rebuilt: {counts['chunks']} chunks, {counts['vectors']} vectors.")


@kb.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--none", "use_none", is_flag=True, help="Full-text search only.")
def model(path: Path | None, use_none: bool) -> None:
    """Choose the embedding model (re-embeds every chunk) or show the current one."""
    db = _db()
    if use_none:
        knowledge.use_full_text_only(db)
        click.echo("The knowledge base now uses full-text search only.")
        return
    if path is None:
        with _user_errors():
            click.echo(knowledge.embedding_model(db) or "none (full-text search only)")
        return
    _choose_model(db, path)
    _run_ingest(db)


@kb.group("collections", invoke_without_command=True)
@click.pass_context
def collections_group(ctx: click.Context) -> None:
    """List, create or delete collections; choose a conversation's collections."""
    if ctx.invoked_subcommand is None:
        _list_collections(_db(), as_json=False)


@collections_group.command("create")
@click.argument("name")
def create_collection(name: str) -> None:
    """Create an empty collection."""
    with _user_errors():
        knowledge.create_collection(_db(), name)
    click.echo(f"Collection {name!r} is ready.")


@collections_group.command("delete")
@click.argument("name")
def delete_collection(name: str) -> None:
    """Delete a collection and its index (the files themselves are not touched)."""
    with _user_errors():
        detached = knowledge.delete_collection(_db(), name)
    click.echo(f"Deleted collection {name!r}.")
    if detached:
        click.echo(f"{len(detached)} conversation(s) no longer search it: "
                   + ", ".join(map(str, detached)) + ".")


@collections_group.command("use")
@click.argument("conversation_id", type=int)
@click.argument("names", nargs=-1)
def use_collections(conversation_id: int, names: tuple[str, ...]) -> None:
    """Choose the collections a conversation searches (none: it uses no documents)."""
    with _user_errors():
        knowledge.attach_collections(_db(), conversation_id, list(names))
    click.echo(f"Conversation {conversation_id} uses: {', '.join(names) or 'no documents'}.")


@kb.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("-c", "--collection", default=DEFAULT_COLLECTION, show_default=True)
@click.option("--no-follow", is_flag=True,
              help="Index the folder now and exit; the window watches it while it runs.")
def watch(path: Path | None, collection: str, no_follow: bool) -> None:
    """Watch a folder: what changes in it is re-indexed (until Ctrl-C).

    Without PATH, watch every folder already added. The folder is scanned first, so
    files changed while nothing was watching are caught.
    """
    db = _db()
    if path is not None:
        with _user_errors():
            folder = knowledge.watch_folder(db, collection, path)
        click.echo(f"Collection {folder.collection!r} watches {folder.path}.")
    if no_follow:
        _scan_watched_now(db, path)
        return
    _follow(db)


def _follow(db) -> None:
    """Run the folder watcher in the foreground until Ctrl-C (or SIGTERM)."""
    import signal
    import time

    folders = knowledge.watched_folders(db)
    if not folders:
        raise click.ClickException("No folder is watched yet: `hearth kb watch PATH` adds one.")
    with _user_errors():  # a missing model is reported now, not at the first change
        knowledge.embedding_model(db)
    watcher = knowledge.folder_watcher(_print_report)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    click.echo(f"Watching {len(folders)} folder(s); Ctrl-C stops.")
    watcher.start()
    interrupted = False
    try:
        while watcher.running:
            time.sleep(1)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        watcher.stop()
    if not interrupted:
        raise click.ClickException("The folder watcher stopped on an error (above); "
                                   "run `hearth kb watch` again.")
    click.echo("Stopped watching.")


def _print_report(report) -> None:
    where = f"{report.folder} ({report.collection})"
    if report.kind == "scanned":
        click.echo(f"Scanned {where}: {len(report.pending)} indexed, "
                   f"{len(report.removed)} removed.")
    elif report.kind == "reindexed":
        parts = [f"{verb} " + ", ".join(Path(p).name for p in paths)
                 for verb, paths in (("re-indexed", report.pending), ("removed", report.removed))
                 if paths]
        click.echo(f"{where}: " + "; ".join(parts) + ".")
    elif report.kind in ("missing", "error"):
        click.echo(report.message, err=True)
    elif report.kind == "unwatched":
        click.echo(f"No longer watching {where}.")
    for path in report.failed:
        click.echo(f"failed: {path} (`hearth kb ls -c {report.collection}` says why)", err=True)


def _scan_watched_now(db, path: Path | None) -> None:
    for folder, result in knowledge.scan_watched(db, path):
        for line in result.skipped:
            click.echo(f"skipped: {line}", err=True)
        click.echo(f"{folder.path}: {len(result.pending)} to index, "
                   f"{len(result.unchanged)} unchanged, {len(result.removed)} removed.")
    if _run_ingest(db).failures:
        sys.exit(1)


@kb.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("-c", "--collection", help="Only for this collection (default: all).")
def unwatch(path: Path, collection: str | None) -> None:
    """Stop watching a folder; its documents stay indexed (`hearth kb rm` removes them)."""
    with _user_errors():
        removed = knowledge.unwatch_folder(_db(), path, collection)
    for folder in removed:
        click.echo(f"Collection {folder.collection!r} no longer watches {folder.path}; its "
                   f"documents stay (`hearth kb rm {folder.path}` removes them).")
