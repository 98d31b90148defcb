"""The door for moving conversations out of Hearth and back in (``hearth chats export``
/ ``import``, the window's File menu): files written atomically, read with a size limit,
refused whole with a reason (see ``app.store.transfer``). A Markdown export writes the
images its messages show beside it, in ``<name>.images/<sha256>.<ext>``, and links them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlite_utils import Database

from app.atomic import write_atomic
from app.engines.base import ImagePart
from app.services.language import _
from app.store.conversations import ConversationStore, StoredMessage
from app.store.transfer import (
    MAX_IMPORT_BYTES,
    ImportResult,
    TransferError,
    export_conversations,
    import_conversations,
    to_markdown,
)

__all__ = ["ImportResult", "TransferError", "export_file", "import_file"]


def export_file(db: Database, path: Path, ids: list[int] | None = None,
                fmt: str = "json") -> int:
    """Write conversations ``ids`` (None: all) to ``path``; returns how many. ``fmt``:
    "json" (the whole trees, importable) or "md" (the current branch of each, to read)."""
    path = Path(path)
    data = export_conversations(db, ids)
    try:
        if fmt == "md":
            text = _markdown(db, path, ids)
        else:
            text = json.dumps(data, ensure_ascii=False, indent=1)
        write_atomic(path, text)
    except OSError as exc:
        raise TransferError(_("Could not write {path}: {reason}. Choose another place, or "
                              "free some disk space.").format(
                                  path=path, reason=exc.strerror or exc)) from exc
    return len(data["conversations"])


def _markdown(db: Database, path: Path, ids: list[int] | None) -> str:
    """The current branch of each conversation as Markdown; the images its messages show
    are copied into ``<name>.images`` beside ``path`` first."""
    store = ConversationStore(db)
    wanted = ids if ids is not None else [c.id for c in reversed(store.list(limit=10**6))]
    folder = path.with_name(f"{path.stem}.images")
    pages = []
    for conversation_id in wanted:
        thread = store.thread(conversation_id)
        pages.append(to_markdown(store.get(conversation_id).title, [
            (m.role, m.content, _copied(m, folder)) for m in thread]))
    return "\n---\n\n".join(pages)


def _copied(message: StoredMessage, folder: Path) -> list[str]:
    """Copy ``message``'s images into ``folder``; their links relative to the .md file."""
    links = []
    for part in message.images:
        name = Path(part.path).name
        target = folder / name
        if not target.exists():
            folder.mkdir(parents=True, exist_ok=True)
            _copy(part, target)
        links.append(f"{folder.name}/{name}")
    return links


def _copy(part: ImagePart, target: Path) -> None:
    part_file = target.with_name(target.name + ".part")
    try:
        shutil.copyfile(part.path, part_file)
        part_file.replace(target)
    except OSError:
        part_file.unlink(missing_ok=True)
        raise


def import_file(db: Database, path: Path) -> ImportResult:
    """Add the conversations of an export file; nothing is added when it is refused."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise TransferError(_("{name} is larger than {limit} MB, more than Hearth "
                                  "imports at once. Export fewer conversations per file (or "
                                  "fewer images) and import those.").format(
                                      name=path.name, limit=MAX_IMPORT_BYTES // 2**20))
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TransferError(_("{name} is not a text file; choose a file exported by Hearth "
                              "(.json).").format(name=path.name)) from None
    except OSError as exc:
        raise TransferError(_("Could not read {path}: {reason}.").format(
            path=path, reason=exc.strerror or exc)) from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise TransferError(_("{name} is not valid JSON (line {line}); it may be damaged or "
                              "cut short.").format(name=path.name,
                                                   line=getattr(exc, "lineno", "?"))) from None
    return import_conversations(db, data)
