"""Conversations out of Hearth and back in: a JSON file that keeps the whole tree.

An export holds each conversation with its settings, the names of the knowledge
collections it consults, and every message of its tree (branches included: regenerated
and edited turns stay), each with its parent and all stored columns (status, timings,
citations, how it ended, tool parts...). Ids are the file's own; an import gives the
conversations new ids, keeps the tree and the branch the user was on, and never touches
the conversations already there. A file that is not a Hearth export, or is damaged, is
refused as a whole with the reason; nothing is half-imported.

Images (format version 2): the file's ``images`` list holds each image once (its
``sha256``, ``media_type``, size and the bytes as base64 ``data``) and a message's
``images`` names them by hash, in order. An import checks every image (decodes whole,
matches its hash, passes ``app.media.images.check_image``) before it writes anything;
one bad image refuses the whole file. A file without images is written as version 1, so
an older Hearth still reads it.

Markdown is offered too, for reading and sharing (the current branch only; it cannot be
imported back); its images are files beside it, linked.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app.engines.base import ImagePart
from app.i18n import N_, _
from app.media.images import CheckedImage, ImageError, check_image, image_path, store_image
from app.store import images as image_refs

FORMAT = "hearth-conversations"
#: the newest format this Hearth writes and reads (2: images)
VERSION = 2
#: the largest file an import reads
MAX_IMPORT_BYTES = 512 * 2**20
ROLES = ("system", "user", "assistant", "tool")
#: message columns the file's own ids replace
_KEYS = ("id", "conversation_id", "parent_id")


class TransferError(ValueError):
    """A file that cannot be imported; the message says why and what to do."""


@dataclass
class ImportResult:
    """What an import made: the new conversations' ids, and collections it could not
    attach (they do not exist here)."""

    conversation_ids: list[int] = field(default_factory=list)
    messages: int = 0
    missing_collections: list[str] = field(default_factory=list)


def _columns(db: Database, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()]


def export_conversations(db: Database, ids: list[int] | None = None) -> dict[str, Any]:
    """The export of conversations ``ids`` (None: all), oldest first."""
    rows = db.execute("SELECT id FROM conversations ORDER BY created_at, id").fetchall()
    wanted = [r[0] for r in rows] if ids is None else list(dict.fromkeys(ids))
    known = {r[0] for r in rows}
    missing = [i for i in wanted if i not in known]
    if missing:
        raise TransferError(_("There is no conversation {id}; `hearth chats list` shows "
                              "their numbers.").format(id=missing[0]))
    columns = _columns(db, "messages")
    conversations = []
    shown: dict[str, ImagePart] = {}
    for conversation_id in wanted:
        title, model, settings, leaf, created, updated = db.execute(
            "SELECT title, model, settings, current_leaf_id, created_at, updated_at "
            "FROM conversations WHERE id = ?", [conversation_id]).fetchone()
        messages = []
        for row in db.execute(f"SELECT {', '.join(columns)} FROM messages WHERE "
                              "conversation_id = ? ORDER BY id", [conversation_id]).fetchall():
            values = dict(zip(columns, row, strict=True))
            message = {"id": values["id"], "parent": values["parent_id"]}
            message.update({k: v for k, v in values.items() if k not in _KEYS and v is not None})
            messages.append(message)
        by_message = image_refs.images_of(db, (m["id"] for m in messages))
        for message in messages:
            parts = by_message.get(message["id"], ())
            if parts:
                message["images"] = [p.sha256 for p in parts]
                shown.update({p.sha256: p for p in parts})
        collections = [name for (name,) in db.execute(
            "SELECT c.name FROM conversation_collections cc JOIN kb_collections c "
            "ON c.id = cc.collection_id WHERE cc.conversation_id = ? ORDER BY c.name",
            [conversation_id]).fetchall()]
        conversations.append({
            "title": title, "model": model, "settings": json.loads(settings or "{}"),
            "created_at": created, "updated_at": updated, "current_leaf": leaf,
            "collections": collections, "messages": messages})
    export: dict[str, Any] = {"format": FORMAT, "version": VERSION if shown else 1,
                              "exported_at": time.time(), "conversations": conversations}
    if shown:
        export["images"] = [_image_entry(p) for p in shown.values()]
    return export


def _image_entry(part: ImagePart) -> dict[str, Any]:
    try:
        data = part.read()
    except OSError as exc:
        raise TransferError(_("The image {sha} of these conversations can no longer be read "
                              "({reason}); delete the message that shows it, or restore a "
                              "backup, and export again.").format(
            sha=part.sha256[:12], reason=exc.strerror or exc)) from None
    return {"sha256": part.sha256, "media_type": part.media_type, "width": part.width,
            "height": part.height, "data": base64.b64encode(data).decode("ascii")}


def import_conversations(db: Database, data: Any) -> ImportResult:
    """Add the conversations of an export (new ids; the tree and current branch kept).
    All or nothing: :class:`TransferError` leaves the database as it was."""
    conversations = _checked(data)
    images = _checked_images(data, conversations)
    columns = set(_columns(db, "messages")) - set(_KEYS)
    result = ImportResult()
    conn = db.conn
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    written: list[Path] = []
    try:
        parts = _keep_files(images, written)
        for conversation in conversations:
            result.conversation_ids.append(
                _import_one(db, conversation, columns, result, parts))
    except BaseException:
        conn.rollback()
        for path in written:  # files this import wrote, which no row now keeps
            path.unlink(missing_ok=True)
        raise
    conn.commit()
    result.missing_collections = sorted(set(result.missing_collections))
    return result


def _keep_files(images: dict[str, CheckedImage], written: list[Path]) -> dict[str, ImagePart]:
    """Write the file's images under the data folder (before the commit that refers to
    them); ``written`` gains the files that were not there before."""
    parts = {}
    for sha256, checked in images.items():
        target = image_path(checked.sha256, checked.media_type)
        existed = target.exists()
        parts[sha256] = store_image(checked)
        if not existed:
            written.append(target)
    return parts


def _import_one(db: Database, conversation: dict, columns: set[str],
                result: ImportResult, images: dict[str, ImagePart]) -> int:
    now = time.time()
    cursor = db.execute(
        "INSERT INTO conversations (title, model, settings, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [str(conversation.get("title") or ""), conversation.get("model"),
         json.dumps(conversation.get("settings") or {}),
         float(conversation.get("created_at") or now),
         float(conversation.get("updated_at") or now)])
    new_id = int(cursor.lastrowid or 0)
    ids: dict[Any, int] = {}
    for message in _parents_first(conversation["messages"]):
        values = {k: v for k, v in message.items() if k in columns and k not in ("id", "parent")}
        unknown = set(message) - columns - {"id", "parent", "images"}
        if unknown - _LATER_COLUMNS:
            raise TransferError(_("A message has fields this Hearth does not know "
                                  "({fields}); update Hearth to import it.").format(
                                      fields=", ".join(sorted(unknown))))
        values.setdefault("created_at", now)
        values.setdefault("status", "complete")
        if values["status"] == "streaming":  # an export taken while a reply streamed
            values["status"] = "cancelled"
        names = ["conversation_id", "parent_id", *values]
        cursor = db.execute(
            f"INSERT INTO messages ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [new_id, ids.get(message["parent"]), *values.values()])
        ids[message["id"]] = int(cursor.lastrowid or 0)
        image_refs.add_references(db, ids[message["id"]],
                                  [images[sha] for sha in message.get("images") or ()])
        result.messages += 1
    leaf = ids.get(conversation.get("current_leaf"))
    if leaf is None and ids:
        leaf = list(ids.values())[-1]
    db.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?", [leaf, new_id])
    for name in conversation.get("collections") or []:
        row = db.execute("SELECT id FROM kb_collections WHERE name = ?", [name]).fetchone()
        if row is None:
            result.missing_collections.append(str(name))
        else:
            db.execute("INSERT OR IGNORE INTO conversation_collections "
                       "(conversation_id, collection_id) VALUES (?, ?)", [new_id, row[0]])
    return new_id


#: fields a newer Hearth may write that an older one can drop without losing the thread
_LATER_COLUMNS: set[str] = set()


def _parents_first(messages: list[dict]) -> list[dict]:
    """The messages ordered so each comes after its parent."""
    by_id = {m["id"]: m for m in messages}
    done: set[Any] = set()
    ordered: list[dict] = []
    for message in messages:
        chain = []
        current: dict | None = message
        while current is not None and current["id"] not in done:
            chain.append(current)
            parent = current["parent"]
            current = by_id.get(parent) if parent is not None else None
        for item in reversed(chain):
            done.add(item["id"])
            ordered.append(item)
    return ordered


def _checked(data: Any) -> list[dict]:
    """The conversations of a well-formed export; TransferError saying what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError(_("This is not a Hearth conversations file (export one with "
                              "`hearth chats export` or File › Export all chats)."))
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise TransferError(_("This file was written by a newer Hearth (format version "
                              "{version}); update Hearth to import it.").format(
                                  version=data.get("version")))
    conversations = data.get("conversations")
    if not isinstance(conversations, list):
        raise TransferError(_("The file has no list of conversations."))
    for number, conversation in enumerate(conversations, 1):
        if not isinstance(conversation, dict) or not isinstance(conversation.get("messages"), list):
            raise TransferError(_("The file is damaged: conversation {number} has no messages "
                                  "list.").format(number=number))
        if not isinstance(conversation.get("settings", {}), dict):
            raise TransferError(_("The file is damaged: conversation {number} has settings "
                                  "that are not an object.").format(number=number))
        seen: set[Any] = set()
        for message in conversation["messages"]:
            if not isinstance(message, dict) or "id" not in message or "parent" not in message:
                raise TransferError(_("The file is damaged: a message of conversation {number} "
                                      "has no id or parent.").format(number=number))
            if message["id"] in seen:
                raise TransferError(_("The file is damaged: conversation {number} has two "
                                      "messages with id {id}.").format(number=number,
                                                                       id=message["id"]))
            seen.add(message["id"])
            if message.get("role") not in ROLES or not isinstance(message.get("content"), str):
                raise TransferError(_("The file is damaged: message {id} of conversation "
                                      "{number} has no valid role or text.").format(
                                          id=message["id"], number=number))
        for message in conversation["messages"]:
            if message["parent"] is not None and message["parent"] not in seen:
                raise TransferError(_("The file is damaged: message {id} of conversation "
                                      "{number} answers a message that is not in the file.")
                                    .format(id=message["id"], number=number))
        _check_acyclic(conversation["messages"], number)
    return conversations


def _checked_images(data: dict, conversations: list[dict]) -> dict[str, CheckedImage]:
    """Every image of the file, decoded and checked, by the hash the file names it with;
    TransferError for the first one that is damaged, is not what its hash says, or is
    not an image Hearth takes (nothing has been written yet)."""
    entries = data.get("images") or []
    if not isinstance(entries, list):
        raise TransferError(_("The file is damaged: its images are not a list."))
    checked: dict[str, CheckedImage] = {}
    for entry in entries:
        if (not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str)
                or not isinstance(entry.get("data"), str)):
            raise TransferError(_("The file is damaged: an image has no hash or data."))
        sha256 = entry["sha256"]
        try:
            raw = base64.b64decode(entry["data"], validate=True)
        except (binascii.Error, ValueError):
            raise TransferError(_("The file is damaged: the data of image {sha} is not "
                                  "base64.").format(sha=sha256[:12])) from None
        try:
            image = check_image(raw, _("Image {sha}").format(sha=sha256[:12]))
        except ImageError as exc:
            raise TransferError(_("The file has an image that cannot be used: {reason}")
                                .format(reason=exc)) from None
        if hashlib.sha256(raw).hexdigest() != sha256:
            raise TransferError(_("The file is damaged: image {sha} does not match its hash "
                                  "(its data was changed or cut).").format(sha=sha256[:12]))
        checked[sha256] = image
    for number, conversation in enumerate(conversations, 1):
        for message in conversation["messages"]:
            shown = message.get("images")
            if shown is None:
                continue
            if not isinstance(shown, list) or any(s not in checked for s in shown):
                raise TransferError(_("The file is damaged: message {id} of conversation "
                                      "{number} shows an image that is not in the file.")
                                    .format(id=message["id"], number=number))
    return checked


def _check_acyclic(messages: list[dict], number: int) -> None:
    parents = {m["id"]: m["parent"] for m in messages}
    for start in parents:
        steps, current = 0, start
        while current is not None:
            current = parents.get(current)
            steps += 1
            if steps > len(parents):
                raise TransferError(_("The file is damaged: the messages of conversation "
                                      "{number} form a loop.").format(number=number))


# who speaks, in a Markdown export
_ROLE_NAMES = {"user": N_("You"), "assistant": N_("Assistant"), "system": N_("System"),
               "tool": N_("Tool")}


def to_markdown(title: str, thread: Sequence[tuple[str, str] | tuple[str, str, Sequence[str]]],
                ) -> str:
    """A readable copy of one branch: ``thread`` is (role, text) or (role, text, image
    links relative to the Markdown file) from the first message."""
    parts = ["# " + (title or _("Conversation")) + "\n"]
    image = _("image {number}")
    for role, text, *rest in thread:
        links = "".join(f"![{image.format(number=n)}]({_link(link)})\n\n"
                        for n, link in enumerate(rest[0] if rest else (), 1))
        name = _(_ROLE_NAMES[role]) if role in _ROLE_NAMES else role
        parts.append(f"**{name}:**\n\n{links}{text.strip()}\n")
    return "\n".join(parts)


def _link(target: str) -> str:
    """A Markdown link target; one with spaces is written in angle brackets (CommonMark)."""
    return f"<{target}>" if any(c in target for c in " ()") else target
