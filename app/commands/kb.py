"""``hearth kb``: collections of documents to ask questions about."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from app.kb import collections as colls
from app.kb.collections import DEFAULT_COLLECTION, CollectionError


def _db():
    from app.store import open_db

    return open_db()


def _embedder(db, model: str | None):
    from app.kb.embed import MODEL_PATH_KEY, configured_embedder, load_embedder
    from app.kb.index import set_state

    if model is None:
        try:
            return configured_embedder(db)
        except FileNotFoundError as exc:
            raise click.ClickException(str(exc)) from exc
    path = Path(model).expanduser().resolve()
    if not path.is_file():
        raise click.ClickException(f"No embedding model at {path}.")
    set_state(db, MODEL_PATH_KEY, str(path))
    db.conn.commit()
    return load_embedder(path)


def _run_ingest(db, embedder) -> None:
    from app.kb.ingest import ingest

    last = None
    for event in ingest(db, embedder):
        last = event
        eta = f", {event.eta_s:.0f} s left" if event.eta_s is not None else ""
        line = (f"{event.stage}: {event.files_done}/{event.files_total} files, "
                f"{event.chunks_done} chunks, {event.chunks_per_s:.1f} chunks/s{eta}")
        if sys.stderr.isatty():
            click.echo("\r" + line.ljust(78), nl=False, err=True)
    if last is not None and sys.stderr.isatty():
        click.echo(err=True)
    if last is not None:
        click.echo(f"Indexed {last.files_done - last.files_failed} of {last.files_total} "
                   f"files ({last.chunks_done} chunks, {last.chunks_per_s:.1f} chunks/s).")
    failed = db.execute(
        "SELECT path, error FROM kb_documents WHERE status = 'failed' ORDER BY path"
    ).fetchall()
    for path, error in failed:
        click.echo(f"failed: {path}: {error}", err=True)


@click.group()
def kb() -> None:
    """Collections of documents that conversations can ask about."""


@kb.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-c", "--collection", default=DEFAULT_COLLECTION, show_default=True)
@click.option("--embedding-model", type=click.Path(path_type=Path),
              help="GGUF embedding model; remembered for later searches.")
def add(paths: tuple[Path, ...], collection: str, embedding_model: Path | None) -> None:
    """Add files and folders to a collection and index them."""
    from app.kb.ingest import add_paths

    db = _db()
    try:
        collection_id = colls.get_or_create(db, collection)
    except CollectionError as exc:
        raise click.ClickException(str(exc)) from exc
    result = add_paths(db, collection_id, paths)
    for line in result.skipped:
        click.echo(f"skipped: {line}", err=True)
    click.echo(f"{len(result.pending)} to index, {len(result.unchanged)} unchanged, "
               f"{len(result.removed)} removed.")
    _run_ingest(db, _embedder(db, str(embedding_model) if embedding_model else None))


@kb.command()
def resume() -> None:
    """Finish indexing that was interrupted (by a crash, a kill or a cancel)."""
    db = _db()
    _run_ingest(db, _embedder(db, None))


@kb.command("ls")
@click.option("-c", "--collection", help="List this collection's documents.")
@click.option("--json", "as_json", is_flag=True)
def ls(collection: str | None, as_json: bool) -> None:
    """List collections, or the documents of one."""
    db = _db()
    if collection is None:
        found = colls.list_collections(db)
        if as_json:
            _emit([c.__dict__ for c in found], True, "")
        for c in [] if as_json else found:
            click.echo(f"{c.name}: {c.documents} documents, {c.chunks} chunks")
            for folder in c.watched:
                click.echo(f"  watching {folder}")
        return
    try:
        collection_id = colls.find(db, collection)
    except CollectionError as exc:
        raise click.ClickException(str(exc)) from exc
    for folder in [] if as_json else colls.watched_folders(db, collection_id):
        click.echo(f"watching {folder.path}")
    rows = [dict(r) for r in db.query(
        "SELECT id, path, status, kind, pages, n_chunks, error FROM kb_documents "
        "WHERE collection_id = ? ORDER BY path", [collection_id])]
    _emit(rows, as_json, "{status:8} {n_chunks:5} {path}")
    for row in rows:
        if row["error"] and not as_json:
            click.echo(f"  {row['path']}: {row['error']}")


def _emit(rows: list[dict], as_json: bool, template: str) -> None:
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            click.echo(template.format(**row))


@kb.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-c", "--collection", help="Only in this collection (default: all).")
def rm(paths: tuple[Path, ...], collection: str | None) -> None:
    """Remove documents (a file, or every document under a folder) from the index."""
    from app.kb.ingest import remove_documents

    db = _db()
    ids = []
    for path in paths:
        target = str(path.expanduser().resolve())
        rows = db.execute(
            "SELECT d.id FROM kb_documents d JOIN kb_collections c ON c.id = d.collection_id "
            "WHERE (d.path = ? OR substr(d.path, 1, ?) = ?) AND (? IS NULL OR c.name = ?)",
            [target, len(target) + 1, target.rstrip("/") + "/", collection, collection],
        ).fetchall()
        ids += [doc_id for (doc_id,) in rows]
    removed = remove_documents(db, ids)
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
    from app.kb.search import search as run_search

    db = _db()
    try:
        ids = [colls.find(db, n) for n in collection_names] or None
    except CollectionError as exc:
        raise click.ClickException(str(exc)) from exc
    hits = run_search(db, query, ids, limit=limit, embedder=_embedder(db, None))
    if as_json:
        keys = ("path", "page", "char_start", "char_end", "collection", "heading", "score",
                "fts_rank", "vector_rank", "text", "chunk_id", "document_id")
        click.echo(json.dumps([{k: h.as_dict()[k] for k in keys} for h in hits],
                              ensure_ascii=False, indent=2))
        return
    for n, hit in enumerate(hits, 1):
        page = f", page {hit.page}" if hit.page is not None else ""
        click.echo(f"[{n}] {hit.path}{page} (score {hit.score:.4f})")
        click.echo("    " + " ".join(hit.text.split())[:300])


@kb.command()
def rebuild() -> None:
    """Rebuild the full-text and vector indexes from the stored chunks."""
    from app.kb.index import load_vec
    from app.kb.index import rebuild as run_rebuild

    db = _db()
    load_vec(db)
    counts = run_rebuild(db)
    click.echo(f"Rebuilt: {counts['chunks']} chunks, {counts['vectors']} vectors.")


@kb.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--none", "use_none", is_flag=True, help="Full-text search only.")
def model(path: Path | None, use_none: bool) -> None:
    """Choose the embedding model (re-embeds every chunk) or show the current one."""
    from app.kb.embed import MODEL_PATH_KEY
    from app.kb.index import clear_vector_model, get_state, load_vec, set_state

    db = _db()
    load_vec(db)
    if use_none:
        clear_vector_model(db)
        set_state(db, MODEL_PATH_KEY, None)
        db.conn.commit()
        click.echo("The knowledge base now uses full-text search only.")
        return
    if path is None:
        click.echo(get_state(db, MODEL_PATH_KEY) or "none (full-text search only)")
        return
    _run_ingest(db, _embedder(db, str(path)))


@kb.group("collections", invoke_without_command=True)
@click.pass_context
def collections_group(ctx: click.Context) -> None:
    """List, create or delete collections; choose a conversation's collections."""
    if ctx.invoked_subcommand is None:
        for c in colls.list_collections(_db()):
            click.echo(f"{c.name}: {c.documents} documents, {c.chunks} chunks")


@collections_group.command("create")
@click.argument("name")
def create_collection(name: str) -> None:
    """Create an empty collection."""
    try:
        colls.get_or_create(_db(), name)
    except CollectionError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Collection {name!r} is ready.")


@collections_group.command("delete")
@click.argument("name")
def delete_collection(name: str) -> None:
    """Delete a collection and its index (the files themselves are not touched)."""
    try:
        detached = colls.delete_collection(_db(), name)
    except CollectionError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Deleted collection {name!r}.")
    if detached:
        click.echo(f"{len(detached)} conversation(s) no longer search it: "
                   + ", ".join(map(str, detached)) + ".")


@collections_group.command("use")
@click.argument("conversation_id", type=int)
@click.argument("names", nargs=-1)
def use_collections(conversation_id: int, names: tuple[str, ...]) -> None:
    """Choose the collections a conversation searches (none: it uses no documents)."""
    db = _db()
    if db.execute("SELECT 1 FROM conversations WHERE id = ?", [conversation_id]).fetchone() is None:
        raise click.ClickException(f"There is no conversation {conversation_id}.")
    try:
        ids = [colls.find(db, n) for n in names]
    except CollectionError as exc:
        raise click.ClickException(str(exc)) from exc
    colls.set_conversation_collections(db, conversation_id, ids)
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
        try:
            colls.watchable_folder(path)
            folder = colls.watch_folder(db, colls.get_or_create(db, collection), path)
        except CollectionError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Collection {folder.collection!r} watches {folder.path}.")
    if no_follow:
        _scan_watched_now(db, path)
        return
    _follow(db)


def _follow(db) -> None:
    """Run the folder watcher in the foreground until Ctrl-C (or SIGTERM)."""
    import signal
    import time

    from app.kb.watch import FolderWatcher
    from app.paths import get_paths

    folders = colls.watched_folders(db)
    if not folders:
        raise click.ClickException("No folder is watched yet: `hearth kb watch PATH` adds one.")
    embedder = _embedder(db, None)  # a missing model is reported now, not at the first change
    if embedder is not None:
        embedder.close()  # the watcher loads it for each run
    watcher = FolderWatcher(get_paths().database, _print_report)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    click.echo(f"Watching {len(folders)} folder(s); Ctrl-C stops.")
    watcher.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
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
    from app.kb.ingest import add_paths

    folders = colls.watched_folders(db)
    if path is not None:
        folders = [f for f in folders if f.path == str(path.expanduser().resolve())]
    for folder in folders:
        result = add_paths(db, folder.collection_id, [Path(folder.path)])
        for line in result.skipped:
            click.echo(f"skipped: {line}", err=True)
        click.echo(f"{folder.path}: {len(result.pending)} to index, "
                   f"{len(result.unchanged)} unchanged, {len(result.removed)} removed.")
    _run_ingest(db, _embedder(db, None))


@kb.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("-c", "--collection", help="Only for this collection (default: all).")
def unwatch(path: Path, collection: str | None) -> None:
    """Stop watching a folder; its documents stay indexed (`hearth kb rm` removes them)."""
    db = _db()
    try:
        collection_id = colls.find(db, collection) if collection else None
        removed = colls.unwatch_folder(db, path, collection_id)
    except CollectionError as exc:
        raise click.ClickException(str(exc)) from exc
    for folder in removed:
        click.echo(f"Collection {folder.collection!r} no longer watches {folder.path}; its "
                   f"documents stay (`hearth kb rm {folder.path}` removes them).")
