"""``hearth chats list|show|rename|delete``: the saved conversations, from the terminal."""

from __future__ import annotations

import json
import time

import click

from app.services.desktop import Services
from app.services.errors import describe_error
from app.services.settings import load_settings

#: how a reply's end is labelled (``StoredMessage.end_reason``)
END_LABELS = {
    "user": "stopped by you",
    "length": "length limit reached",
    "closed": "Hearth was closed",
    "error": "engine error",
}


def _services() -> Services:
    try:
        return Services.open(load_settings())
    except Exception as exc:  # noqa: BLE001 - shown to the user
        raise click.ClickException(describe_error(exc)) from exc


@click.group()
def chats() -> None:
    """List, show, rename and delete saved conversations."""


@chats.command("list")
@click.option("--search", "-s", default=None, help="Only conversations whose title or text has this.")
@click.option("--limit", "-n", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_chats(search, limit, as_json) -> None:
    """Conversations, most recent first: id, when, model, title."""
    services = _services()
    try:
        found = services.chat.search(search, limit) if search else services.chat.list(limit)
        if as_json:
            click.echo(json.dumps([{"id": c.id, "title": c.title, "model": c.model,
                                    "updated_at": c.updated_at} for c in found], indent=2))
            return
        if not found:
            click.echo("No conversations." if not search else "No matches.")
            return
        for conv in found:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(conv.updated_at))
            click.echo(f"{conv.id:>5}  {when}  {conv.model or '(default model)':<28}  "
                       f"{conv.title or 'New conversation'}")
    finally:
        services.close()


@chats.command("show")
@click.argument("conversation_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show_chat(conversation_id, as_json) -> None:
    """The conversation's visible thread, with how each reply ended."""
    services = _services()
    try:
        try:
            conv = services.chat.get(conversation_id)
        except LookupError as exc:
            raise click.ClickException(f"{exc} See `hearth chats list`.") from exc
        thread = services.chat.thread(conv.id)
        if as_json:
            click.echo(json.dumps({
                "id": conv.id, "title": conv.title, "model": conv.model,
                "collections": services.chat.collections(conv.id),
                "messages": [{"id": m.id, "role": m.role, "content": m.content,
                              "status": m.status, "end_reason": m.end_reason,
                              "citations": m.citation_list(),
                              "images": [{"path": p.path, "media_type": p.media_type,
                                          "width": p.width, "height": p.height,
                                          "sha256": p.sha256} for p in m.images]}
                             for m in thread]},
                indent=2, ensure_ascii=False))
            return
        click.echo(f"# {conv.title or 'New conversation'} (conversation {conv.id})")
        for m in thread:
            label = END_LABELS.get(m.end_reason or "")
            click.echo(f"\n{m.role}> {m.content}" + (f"\n[{label}]" if label else ""))
            for p in m.images:
                click.echo(f"  [image {p.width} × {p.height}] {p.path}")
            for c in m.citation_list():
                page = f", page {c['page']}" if c.get("page") else ""
                click.echo(f"  [{c.get('number')}] {c.get('path')}{page}")
    finally:
        services.close()


@chats.command("rename")
@click.argument("conversation_id", type=int)
@click.argument("title")
def rename_chat(conversation_id, title) -> None:
    """Give a conversation a new title."""
    services = _services()
    try:
        services.chat.get(conversation_id)
        services.chat.rename(conversation_id, title)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        services.close()


@chats.command("delete")
@click.argument("conversation_id", type=int)
def delete_chat(conversation_id) -> None:
    """Delete a conversation and all its messages."""
    services = _services()
    try:
        services.chat.get(conversation_id)
        services.chat.delete(conversation_id)
        click.echo(f"Deleted conversation {conversation_id}.")
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        services.close()


@chats.command("export")
@click.argument("conversation_ids", type=int, nargs=-1)
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), required=True,
              help="The file to write (.json keeps whole conversations; .md is for reading).")
@click.option("--format", "fmt", type=click.Choice(["json", "md"]), default=None,
              help="json (importable, every branch) or md (the current branch, to read); "
                   "by default from the file's extension.")
@click.option("--all", "everything", is_flag=True, help="Every conversation.")
def export_chats(conversation_ids, output, fmt, everything) -> None:
    """Save conversations to a file: the ones named (see `hearth chats list`), or --all."""
    from pathlib import Path

    from app.services.transfer import TransferError, export_file

    if not conversation_ids and not everything:
        raise click.UsageError("Name the conversations to export (hearth chats list shows "
                               "their numbers), or use --all.")
    fmt = fmt or ("md" if output.lower().endswith(".md") else "json")
    services = _services()
    try:
        count = export_file(services.store_db, Path(output), list(conversation_ids) or None, fmt)
        click.echo(f"Exported {count} conversation{'s' if count != 1 else ''} to {output}.")
    except TransferError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        services.close()


@chats.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_chats(path) -> None:
    """Add the conversations of a file written by `hearth chats export` (new numbers;
    the conversations already here are not touched)."""
    from pathlib import Path

    from app.services.transfer import TransferError, import_file

    services = _services()
    try:
        result = import_file(services.store_db, Path(path))
    except TransferError as exc:
        raise click.ClickException(f"{exc} Nothing was imported.") from exc
    finally:
        services.close()
    ids = ", ".join(map(str, result.conversation_ids)) or "none"
    click.echo(f"Imported {len(result.conversation_ids)} conversation"
               f"{'s' if len(result.conversation_ids) != 1 else ''} ({result.messages} "
               f"messages): {ids}.")
    if result.missing_collections:
        click.echo("Not attached (no such knowledge collection here): "
                   + ", ".join(result.missing_collections), err=True)
