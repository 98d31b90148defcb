"""The door for moving conversations out of Hearth and back in (``hearth chats export``
/ ``import``, the window's File menu): files written atomically, read with a size limit,
refused whole with a reason (see ``app.store.transfer``)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlite_utils import Database

from app.atomic import write_atomic
from app.store.conversations import ConversationStore
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
    data = export_conversations(db, ids)
    if fmt == "md":
        store = ConversationStore(db)
        wanted = ids if ids is not None else [c.id for c in reversed(store.list(limit=10**6))]
        text = "\n---\n\n".join(
            to_markdown(store.get(i).title, [(m.role, m.content) for m in store.thread(i)])
            for i in wanted)
    else:
        text = json.dumps(data, ensure_ascii=False, indent=1)
    try:
        write_atomic(Path(path), text)
    except OSError as exc:
        raise TransferError(f"Could not write {path}: {exc.strerror or exc}. Choose another "
                            "place, or free some disk space.") from exc
    return len(data["conversations"])


def import_file(db: Database, path: Path) -> ImportResult:
    """Add the conversations of an export file; nothing is added when it is refused."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise TransferError(f"{path.name} is larger than {MAX_IMPORT_BYTES // 2**20} MB; "
                                "that is not a conversations file Hearth wrote.")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TransferError(f"{path.name} is not a text file; choose a file exported "
                            "by Hearth (.json).") from None
    except OSError as exc:
        raise TransferError(f"Could not read {path}: {exc.strerror or exc}.") from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise TransferError(f"{path.name} is not valid JSON (line {getattr(exc, 'lineno', '?')}"
                            "); it may be damaged or cut short.") from None
    return import_conversations(db, data)
