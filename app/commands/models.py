"""``hearth models``: the local model library."""

from __future__ import annotations

import click

from app.models.library import Library
from app.store import open_db


@click.group()
def models() -> None:
    """List, import and remove models."""


@models.command("list")
def list_models() -> None:
    """Installed models."""
    library = Library(open_db())
    rows = library.list()
    if not rows:
        click.echo("No models yet. Import one with `hearth models import PATH`.")
        return
    for m in rows:
        size = f"{(m.size_bytes or 0) / 2**20:,.0f} MB"
        state = "" if m.present else "  (file missing)"
        click.echo(f"{m.name:32} {m.quantization or '-':8} {size:>10}  {m.source:8} {m.path}{state}")


@models.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--name", default=None, help="Name in the library (default: the file name).")
def import_model(path: str, name: str | None) -> None:
    """Check a local GGUF file in a child process and add it to the library."""
    from pathlib import Path

    from app.models.gguf_meta import InvalidModelError

    try:
        model = Library(open_db()).import_file(Path(path), name)
    except InvalidModelError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Imported {model.name} ({model.architecture}, {model.quantization}).")
