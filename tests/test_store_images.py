"""Images in the store: kept once by hash, referenced from messages, removed with the
last message that uses them, swept after a crash; carried by export/import and backups.
Real SQLite, real files made with Pillow."""

from __future__ import annotations

import base64
import io
import json
import os
import time
import zipfile

import pytest
from PIL import Image

from app.media.images import image_path, images_folder
from app.services.images import attach_bytes
from app.store.conversations import ConversationStore
from app.store.images import sweep


def png(colour=(200, 30, 30), size=(32, 24)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def files_in(folder):
    return sorted(p.name for p in folder.glob("*/*") if p.is_file()) if folder.exists() else []


def test_migration_adds_images_tables_and_image_timings(db):
    assert {"images", "message_images"} <= set(db.table_names())
    columns = {c.name for c in db["reply_timings"].columns}
    assert {"image_prep_s", "image_encode_s", "image_tokens"} <= columns


def test_message_keeps_its_images_in_order_after_reopening(db, hearth_home):
    store = ConversationStore(db)
    conv = store.create()
    red, blue = attach_bytes(png((255, 0, 0)), "red.png"), attach_bytes(png((0, 0, 255)), "b.png")
    message = store.add_message(conv.id, "user", "two pictures", images=[blue.part, red.part])
    from app.store import open_db

    reopened = ConversationStore(open_db())
    try:
        again = reopened.message(message.id)
        assert [p.sha256 for p in again.images] == [blue.part.sha256, red.part.sha256]
        assert again.images[0].width == 32 and again.images[0].height == 24
        assert again.images[1].read() == png((255, 0, 0))
        assert reopened.thread(conv.id)[0].images == again.images
    finally:
        reopened.db.close()


def test_an_image_shared_by_two_messages_goes_with_the_last(db):
    store = ConversationStore(db)
    first, second = store.create(), store.create()
    part = attach_bytes(png(), "shared.png").part
    one = store.add_message(first.id, "user", "look", images=[part])
    store.add_message(second.id, "user", "look again", images=[part])
    path = image_path(part.sha256, part.media_type)
    assert db.execute("select count(*) from images").fetchone()[0] == 1

    store.delete_message(one.id)
    assert path.exists()
    assert db.execute("select count(*) from images").fetchone()[0] == 1

    store.delete(second.id)
    assert not path.exists()
    assert db.execute("select count(*) from images").fetchone()[0] == 0
    assert db.execute("select count(*) from message_images").fetchone()[0] == 0


def test_deleting_a_message_removes_the_images_of_its_replies_too(db):
    store = ConversationStore(db)
    conv = store.create()
    root = store.add_message(conv.id, "user", "first")
    reply = store.add_message(conv.id, "assistant", "ok", parent_id=root.id)
    part = attach_bytes(png((1, 2, 3)), "deep.png").part
    store.add_message(conv.id, "user", "deeper", parent_id=reply.id, images=[part])
    store.delete_message(root.id)
    assert not image_path(part.sha256, part.media_type).exists()


def test_a_message_whose_image_file_is_gone_is_refused_and_not_stored(db):
    from app.services.images import ImageError

    store = ConversationStore(db)
    conv = store.create()
    part = attach_bytes(png(), "gone.png").part
    image_path(part.sha256, part.media_type).unlink()
    with pytest.raises(ImageError, match="Attach it again"):
        store.add_message(conv.id, "user", "where is it", images=[part])
    assert store.count_messages(conv.id) == 0
    assert db.execute("select count(*) from images").fetchone()[0] == 0


def test_sweep_removes_old_files_no_row_keeps_and_spares_the_rest(db):
    store = ConversationStore(db)
    conv = store.create()
    used = attach_bytes(png((9, 9, 9)), "used.png").part
    store.add_message(conv.id, "user", "kept", images=[used])
    orphan = attach_bytes(png((8, 8, 8)), "orphan.png").part  # a crash before its message
    fresh = attach_bytes(png((7, 7, 7)), "fresh.png").part    # an attach in progress
    leftover = image_path(used.sha256, used.media_type).with_name(".incoming-xyz")
    leftover.write_bytes(b"half")                             # an interrupted write
    old = time.time() - 3600
    for path in (image_path(used.sha256, used.media_type),
                 image_path(orphan.sha256, orphan.media_type), leftover):
        os.utime(path, (old, old))

    assert sweep(db) == 2
    assert image_path(used.sha256, used.media_type).exists()
    assert image_path(fresh.sha256, fresh.media_type).exists()
    assert not image_path(orphan.sha256, orphan.media_type).exists()
    assert not leftover.exists()


def test_export_import_round_trip_carries_each_image_once(db, tmp_path):
    from app.services.transfer import export_file, import_file

    store = ConversationStore(db)
    conv = store.create(title="pictures")
    part = attach_bytes(png((10, 200, 10)), "green.png").part
    other = attach_bytes(png((10, 10, 200), (16, 16)), "blue.png").part
    first = store.add_message(conv.id, "user", "one", images=[part, other])
    reply = store.add_message(conv.id, "assistant", "seen", parent_id=first.id)
    store.add_message(conv.id, "user", "same again", parent_id=reply.id, images=[part])

    target = tmp_path / "chats.json"
    export_file(db, target, [conv.id])
    data = json.loads(target.read_text())
    assert sorted(i["sha256"] for i in data["images"]) == sorted([part.sha256, other.sha256])
    assert base64.b64decode(data["images"][0]["data"])
    refs = [m.get("images") for m in data["conversations"][0]["messages"]]
    assert refs == [[part.sha256, other.sha256], None, [part.sha256]]

    store.delete(conv.id)
    assert files_in(images_folder()) == []
    result = import_file(db, target)
    thread = store.thread(result.conversation_ids[0])
    assert [[p.sha256 for p in m.images] for m in thread] == [
        [part.sha256, other.sha256], [], [part.sha256]]
    assert thread[0].images[0].read() == png((10, 200, 10))
    assert thread[0].images[1].width == 16


def test_import_with_a_damaged_image_imports_nothing(db, tmp_path):
    from app.services.transfer import TransferError, export_file, import_file

    store = ConversationStore(db)
    conv = store.create(title="pictures")
    part = attach_bytes(png(), "red.png").part
    store.add_message(conv.id, "user", "one", images=[part])
    target = tmp_path / "chats.json"
    export_file(db, target, [conv.id])
    data = json.loads(target.read_text())
    store.delete(conv.id)

    damaged = png()[:60]
    data["images"][0]["data"] = base64.b64encode(damaged).decode()
    target.write_text(json.dumps(data))
    with pytest.raises(TransferError, match="damaged"):
        import_file(db, target)
    assert db.execute("select count(*) from conversations").fetchone()[0] == 0
    assert db.execute("select count(*) from images").fetchone()[0] == 0
    assert files_in(images_folder()) == []


def test_import_refuses_an_image_that_is_not_what_its_hash_says(db, tmp_path):
    from app.services.transfer import TransferError, export_file, import_file

    store = ConversationStore(db)
    conv = store.create()
    store.add_message(conv.id, "user", "one", images=[attach_bytes(png(), "a.png").part])
    target = tmp_path / "chats.json"
    export_file(db, target, [conv.id])
    data = json.loads(target.read_text())
    data["images"][0]["data"] = base64.b64encode(png((0, 0, 0))).decode()
    target.write_text(json.dumps(data))
    with pytest.raises(TransferError, match="hash"):
        import_file(db, target)
    assert db.execute("select count(*) from conversations").fetchone()[0] == 1


def test_markdown_export_writes_the_images_beside_the_file(db, tmp_path):
    from app.services.transfer import export_file

    store = ConversationStore(db)
    conv = store.create(title="pictures")
    part = attach_bytes(png(), "red.png").part
    store.add_message(conv.id, "user", "what is this?", images=[part])
    target = tmp_path / "notes.md"
    export_file(db, target, [conv.id], fmt="md")
    name = f"{part.sha256}.png"
    copied = tmp_path / "notes.images" / name
    assert copied.read_bytes() == part.read()
    assert f"](notes.images/{name})" in target.read_text()


def test_backup_carries_the_images_and_restore_brings_them_back(db, tmp_path):
    from app.paths import get_paths
    from app.services.backup import backup_to, restore_from

    store = ConversationStore(db)
    conv = store.create()
    part = attach_bytes(png((3, 4, 5)), "kept.png").part
    store.add_message(conv.id, "user", "keep this", images=[part])
    archive = tmp_path / "hearth-backup.zip"
    backup_to(archive)
    relative = image_path(part.sha256, part.media_type).relative_to(get_paths().data)
    assert f"data/{relative.as_posix()}" in zipfile.ZipFile(archive).namelist()

    store.delete(conv.id)
    db.close()
    assert not image_path(part.sha256, part.media_type).exists()
    restore_from(archive)
    from app.store import open_db

    restored = open_db()
    try:
        message = ConversationStore(restored).thread(conv.id)[0]
        assert message.images[0].read() == png((3, 4, 5))
    finally:
        restored.close()


def test_attaching_an_image_kept_long_ago_protects_it_from_the_sweep(db):
    part = attach_bytes(png((4, 4, 4)), "again.png").part
    path = image_path(part.sha256, part.media_type)
    old = time.time() - 3600
    os.utime(path, (old, old))  # kept an hour ago, never sent
    again = attach_bytes(png((4, 4, 4)), "again.png").part  # attached again now
    assert again.path == str(path)
    assert sweep(db) == 0 and path.exists()
