"""The door to backups of the user's data (``hearth backup``; see ``app.store.backup``)."""

from __future__ import annotations

from pathlib import Path

from app.paths import get_paths
from app.store.backup import BackupError, BackupInfo, create_backup, restore_backup

__all__ = ["BackupError", "BackupInfo", "backup_to", "restore_from"]


def backup_to(target: Path) -> BackupInfo:
    """Back up this user's conversations, knowledge base, settings and server lists."""
    return create_backup(get_paths(), Path(target))


def restore_from(source: Path) -> BackupInfo:
    """Put a backup in place; the current folders are moved aside, never deleted."""
    paths = get_paths()
    paths.data.parent.mkdir(parents=True, exist_ok=True)
    return restore_backup(paths, Path(source))
