"""``hearth backup`` / ``hearth backup restore``: everything but the model files, in one
zip file, and back."""

from __future__ import annotations

import time
from pathlib import Path

import click

from app.services.backup import BackupError, backup_to, restore_from


@click.group(invoke_without_command=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="The backup file to write (default: hearth-backup-DATE.zip here).")
@click.pass_context
def backup(ctx: click.Context, output: str | None) -> None:
    """Back up conversations, knowledge base, settings and server lists (not the model
    files: they can be downloaded again). Hearth may be running."""
    if ctx.invoked_subcommand is not None:
        return
    target = Path(output or f"hearth-backup-{time.strftime('%Y%m%d-%H%M%S')}.zip")
    try:
        info = backup_to(target)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up {info.conversations} conversation"
               f"{'s' if info.conversations != 1 else ''} to {target}.")


@backup.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def restore(path: str) -> None:
    """Replace Hearth's data and settings with a backup's. Close Hearth first; the current
    folders are moved aside (…before-restore-DATE), not deleted."""
    try:
        info = restore_from(Path(path))
    except BackupError as exc:
        raise click.ClickException(f"{exc} Nothing was changed.") from exc
    click.echo(f"Restored {info.conversations} conversation"
               f"{'s' if info.conversations != 1 else ''} from {path}. The previous data "
               "was kept beside it (before-restore).")
