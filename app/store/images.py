"""Which messages show which images, and the image files' lives.

An image file is kept once under ``<data>/images`` by content hash (``app.media.images``);
the ``images`` table has a row per kept file and ``message_images`` the references from
messages, in order (migration 007). A reference is written in the same transaction as
its message. Deleting messages cascades to their references, and a trigger removes an
image's row with its last reference; the file itself is deleted after that commit
(:func:`remove_unused_files`), so a rolled-back delete never loses a file. A crash
between the commit and the unlink leaves a file in no row: :func:`sweep` removes those
at start-up, sparing files younger than :data:`SWEEP_GRACE_S` (an attach in progress
writes its file before its message).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlite_utils import Database

from app.engines.base import ImagePart
from app.i18n import _
from app.media.images import ImageError, image_path, images_folder

#: files in the images folder younger than this are never swept (an attach in progress)
SWEEP_GRACE_S = 60.0


def add_references(db: Database, message_id: int, parts: Sequence[ImagePart]) -> None:
    """Refer message ``message_id`` to ``parts`` (kept files), inside the caller's
    transaction; :class:`ImageError` when a file is no longer there."""
    now = time.time()
    for position, part in enumerate(parts):
        path = image_path(part.sha256, part.media_type)
        if not part.sha256 or not path.is_file():
            raise ImageError(_("An attached image is no longer kept by Hearth (it was "
                               "removed with the last message that used it). Attach it "
                               "again.")) from None
        db.execute(
            "INSERT OR IGNORE INTO images (sha256, media_type, width, height, bytes, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [part.sha256, part.media_type, part.width, part.height, path.stat().st_size, now])
        db.execute("INSERT INTO message_images (message_id, position, sha256) VALUES (?, ?, ?)",
                   [message_id, position, part.sha256])


def images_of(db: Database, message_ids: Iterable[int]) -> dict[int, tuple[ImagePart, ...]]:
    """Each message's images, in order, as parts whose path is the kept file."""
    ids = list(dict.fromkeys(message_ids))
    found: dict[int, list[ImagePart]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = db.execute(
            "SELECT mi.message_id, i.sha256, i.media_type, i.width, i.height "
            "FROM message_images mi JOIN images i ON i.sha256 = mi.sha256 "
            f"WHERE mi.message_id IN ({', '.join('?' for _ in chunk)}) "
            "ORDER BY mi.message_id, mi.position", chunk).fetchall()
        for message_id, sha256, media_type, width, height in rows:
            found.setdefault(message_id, []).append(ImagePart(
                path=str(image_path(sha256, media_type)), media_type=media_type,
                sha256=sha256, width=width, height=height))
    return {k: tuple(v) for k, v in found.items()}


def hashes_of_conversation(db: Database, conversation_id: int) -> set[str]:
    """The images the conversation's messages show (candidates before deleting it)."""
    return {row[0] for row in db.execute(
        "SELECT DISTINCT mi.sha256 FROM message_images mi JOIN messages m "
        "ON m.id = mi.message_id WHERE m.conversation_id = ?", [conversation_id]).fetchall()}


def hashes_of_subtree(db: Database, message_id: int) -> set[str]:
    """The images shown by a message and every reply under it."""
    return {row[0] for row in db.execute(
        """
        WITH RECURSIVE subtree(id) AS (
            SELECT ? UNION ALL SELECT m.id FROM messages m JOIN subtree s ON m.parent_id = s.id
        )
        SELECT DISTINCT sha256 FROM message_images WHERE message_id IN (SELECT id FROM subtree)
        """, [message_id]).fetchall()}


def remove_unused_files(db: Database, hashes: Iterable[str],
                        folder: Path | None = None) -> int:
    """After a delete has committed: remove the files of ``hashes`` that no row keeps
    any more; returns how many went."""
    removed = 0
    for sha256 in hashes:
        if db.execute("SELECT 1 FROM images WHERE sha256 = ?", [sha256]).fetchone():
            continue
        removed += _unlink_kept(sha256, folder)
    return removed


def _unlink_kept(sha256: str, folder: Path | None) -> int:
    removed = 0
    parent = image_path(sha256, "image/png", folder).parent
    for path in parent.glob(f"{sha256}.*") if parent.is_dir() else ():
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


def sweep(db: Database, folder: Path | None = None,
          grace_s: float = SWEEP_GRACE_S) -> int:
    """Remove files in the images folder that no row keeps (left by a crash between a
    delete's commit and its unlink, or by an attach whose message was never sent) and
    temporary files of interrupted writes, older than ``grace_s``; returns how many."""
    folder = folder or images_folder()
    if not folder.is_dir():
        return 0
    kept = {row[0] for row in db.execute("SELECT sha256 FROM images").fetchall()}
    cutoff = time.time() - grace_s
    removed = 0
    for path in folder.glob("*/*"):
        if not path.is_file() or path.stem in kept:
            continue
        try:
            if path.stat().st_mtime > cutoff:
                continue
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed
