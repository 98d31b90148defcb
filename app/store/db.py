"""Open Hearth's database: an extension-capable SQLite, WAL, foreign keys, migrations.

The standard library's ``sqlite3`` cannot load extensions on every platform (this
machine's build and python.org's macOS builds among them), and the knowledge base loads
sqlite-vec, so the connection comes from ``sqlean.py``; sqlite-utils accepts it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import sqlean
import sqlite_utils

from app.paths import get_paths
from app.store.migrations import MIGRATION_SETS

_MIGRATE_LOCK = threading.Lock()


class DatabaseTooNewError(Exception):
    """The database was written by a newer Hearth; it is left untouched."""


def connect(path: Path, *, check_same_thread: bool = False) -> sqlite_utils.Database:
    """A configured connection without running migrations (used by workers and tests)."""
    conn = sqlean.connect(str(path), timeout=30.0, check_same_thread=check_same_thread)
    conn.enable_load_extension(True)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    # FULL: a reply reported saved survives a crash of the app and of the OS.
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=30000")
    return db


def open_db(path: Path | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database. Refuses one from a newer Hearth."""
    if path is None:
        path = get_paths().ensure().database
    path.parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    with _MIGRATE_LOCK:
        refuse_if_newer(db, path)
        if db["_sqlite_migrations"].exists() and any(m.pending(db) for m in MIGRATION_SETS):
            backup_before_upgrade(db, path)
        for migrations in MIGRATION_SETS:
            migrations.apply(db)
    return db


#: how many pre-upgrade copies are kept beside the database
KEEP_UPGRADE_BACKUPS = 3


def backup_before_upgrade(db: sqlite_utils.Database, path: Path) -> Path:
    """Copy the database (SQLite's online backup: consistent, WAL included) to
    ``backups/hearth-before-upgrade-<time>.db`` before a new Hearth changes its schema;
    the newest :data:`KEEP_UPGRADE_BACKUPS` are kept."""
    import time

    folder = path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"hearth-before-upgrade-{time.strftime('%Y%m%d-%H%M%S')}.db"
    copy_database(db, target)
    old = sorted(folder.glob("hearth-before-upgrade-*.db"))
    for stale in old[:-KEEP_UPGRADE_BACKUPS]:
        stale.unlink(missing_ok=True)
    return target


def copy_database(db: sqlite_utils.Database, target: Path) -> None:
    """A consistent copy of an open database, through SQLite's backup API."""
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    copy = sqlean.connect(str(tmp))
    try:
        db.conn.backup(copy)
    finally:
        copy.close()
    tmp.replace(target)


def refuse_if_newer(db: sqlite_utils.Database, path: Path) -> None:
    """Raise if the database holds migrations this Hearth does not know."""
    if not db["_sqlite_migrations"].exists():
        return
    known = {(m.name, mig.name) for m in MIGRATION_SETS for mig in m._migrations}
    unknown = [
        f"{row['migration_set']}/{row['name']}"
        for row in db["_sqlite_migrations"].rows
        if row["migration_set"].startswith("hearth")
        and (row["migration_set"], row["name"]) not in known
    ]
    if unknown:
        raise DatabaseTooNewError(
            f"The database {path} was written by a newer version of Hearth "
            f"(it has changes this version does not know: {', '.join(unknown[:3])}). "
            "Install the newer Hearth again; your data has not been changed."
        )
