"""A backup of everything Hearth keeps for the user, and putting it back.

A backup is one zip file: the database (a consistent copy through SQLite's backup API,
so a running Hearth can be backed up), the settings folder and the small files of the
data folder (the MCP server list, remote endpoints...). Model files are not included —
they are large and can be downloaded again; the library remembers where they were.

Restoring checks the file first (a Hearth backup, a database that is whole and not from
a newer Hearth), then moves the current data and settings folders aside
(``<folder>.before-restore-<time>``) — nothing is deleted — and puts the backup's in their
place. Hearth must not be running while a backup is restored.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.paths import Paths
from app.store.db import DatabaseTooNewError, connect, copy_database, refuse_if_newer

FORMAT = "hearth-backup"
VERSION = 1
MANIFEST = "hearth-backup.json"
#: folders under the data folder a backup leaves out (large or re-creatable)
SKIPPED = {"models", "backups", "cache", "logs"}
MAX_MEMBER_BYTES = 8 * 2**30


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why and what to do."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    conversations: int
    created_at: float


def create_backup(paths: Paths, target: Path) -> BackupInfo:
    """Write a backup of ``paths`` (data less models, and the settings) to ``target``."""
    if not paths.database.exists():
        raise BackupError(_("There is nothing to back up yet: {path} does not exist.")
                          .format(path=paths.database))
    target = Path(target)
    part = target.with_name(target.name + ".part")
    with tempfile.TemporaryDirectory(prefix="hearth-backup-") as tmp:
        snapshot = Path(tmp) / "hearth.db"
        db = connect(paths.database)
        try:
            copy_database(db, snapshot)
            conversations = db.execute("SELECT count(*) FROM conversations").fetchone()[0]
        finally:
            db.close()
        try:
            with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(MANIFEST, json.dumps({
                    "format": FORMAT, "version": VERSION, "created_at": time.time(),
                    "conversations": conversations}))
                archive.write(snapshot, "data/hearth.db")
                for path in _files(paths.data, skip_database=True):
                    archive.write(path, "data/" + path.relative_to(paths.data).as_posix())
                for path in _files(paths.config):
                    archive.write(path, "config/" + path.relative_to(paths.config).as_posix())
            part.replace(target)
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise BackupError(_("Could not write the backup to {path}: {reason}. Choose "
                                "another place, or free some disk space.").format(
                path=target, reason=exc.strerror or exc)) from exc
    return BackupInfo(target, conversations, time.time())


def _files(folder: Path, skip_database: bool = False) -> list[Path]:
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts and relative.parts[0] in SKIPPED:
            continue
        if skip_database and relative.name.startswith("hearth.db"):
            continue  # the consistent copy is written instead (and -wal / -shm are transient)
        if path.is_file() and not path.is_symlink():
            found.append(path)
    return found


def restore_backup(paths: Paths, source: Path) -> BackupInfo:
    """Put a backup in place of the current data and settings (which are moved aside)."""
    source = Path(source)
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(_("{name} is not a Hearth backup (not a zip file).").format(
            name=source.name)) from exc
    with archive, tempfile.TemporaryDirectory(prefix="hearth-restore-",
                                              dir=paths.data.parent) as tmp:
        manifest = _manifest(archive, source)
        staged = Path(tmp)
        for member in archive.infolist():
            name = member.filename
            if name == MANIFEST or name.endswith("/"):
                continue
            parts = Path(name).parts
            if (not parts or parts[0] not in ("data", "config") or ".." in parts
                    or Path(name).is_absolute()):
                raise BackupError(_("{name} holds a file outside Hearth's folders ({member}); "
                                    "it was not restored.").format(name=source.name,
                                                                   member=name))
            if member.file_size > MAX_MEMBER_BYTES:
                raise BackupError(_("{name} holds a file that is far too large ({member}); "
                                    "it was not restored.").format(name=source.name,
                                                                   member=name))
            archive.extract(member, staged)
        _check_database(staged / "data" / "hearth.db", source)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        _swap(paths.data, staged / "data", stamp, keep=SKIPPED)
        _swap(paths.config, staged / "config", stamp)
    return BackupInfo(source, int(manifest.get("conversations") or 0),
                      float(manifest.get("created_at") or 0))


def _manifest(archive: zipfile.ZipFile, source: Path) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise BackupError(_("{name} is not a Hearth backup (it has no {manifest}).").format(
            name=source.name, manifest=MANIFEST)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("{name} is not a Hearth backup.").format(name=source.name))
    if int(manifest.get("version") or 0) > VERSION:
        raise BackupError(_("{name} was made by a newer Hearth; update Hearth to restore "
                            "it.").format(name=source.name))
    if "data/hearth.db" not in archive.namelist():
        raise BackupError(_("{name} has no database in it; it was not restored.").format(
            name=source.name))
    return manifest


def _check_database(path: Path, source: Path) -> None:
    try:
        db = connect(path)
    except Exception as exc:  # noqa: BLE001 - not a database at all
        raise BackupError(_("The database in {name} cannot be read ({problem}); it was not "
                            "restored.").format(name=source.name, problem=exc)) from exc
    try:
        result = db.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupError(_("The database in {name} is damaged ({problem}); it was not "
                                "restored.").format(name=source.name, problem=result))
        refuse_if_newer(db, path)
    except DatabaseTooNewError as exc:
        raise BackupError(_("{name} was made by a newer Hearth; update Hearth to restore "
                            "it.").format(name=source.name)) from exc
    except BackupError:
        raise
    except Exception as exc:  # noqa: BLE001 - not a database at all
        raise BackupError(_("The database in {name} cannot be read ({problem}); it was not "
                            "restored.").format(name=source.name, problem=exc)) from exc
    finally:
        db.close()


def _swap(current: Path, restored: Path, stamp: str, keep: set[str] | None = None) -> None:
    """Move ``current`` aside and put ``restored`` in its place; the folders named in
    ``keep`` (models...) move into the new folder instead of aside."""
    restored.mkdir(parents=True, exist_ok=True)
    if current.exists():
        aside = current.with_name(f"{current.name}.before-restore-{stamp}")
        current.rename(aside)
        for name in keep or ():
            if (aside / name).exists():
                (aside / name).rename(restored / name)
    current.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(restored), str(current))
