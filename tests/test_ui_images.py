"""Images in the window: paste, drop and the Image… button attach them (checked off the
GUI thread, refusals said in the composer), thumbnails in the composer and in sent
messages, the full-size view, the vision check before sending, the image time in the
reply's footer. Real window, real SQLite, real image files made with Pillow."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage

from tests.ui_helpers import close_window, open_window


def png(size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (40, 30), (i * 60, 0, 0)) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    return buffer.getvalue()


def files_mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop(page, mime: QMimeData) -> None:
    """A drop of ``mime`` on the chat (the caller keeps ``mime`` alive)."""
    page.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                              Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def drag_enter(page, mime: QMimeData) -> bool:
    """Whether the chat takes a drag of ``mime``."""
    event = QDragEnterEvent(page.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    event.setAccepted(False)
    page.dragEnterEvent(event)
    return event.isAccepted()


def images_on_disk() -> list[Path]:
    from app.media.images import images_folder

    folder = images_folder()
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def paste(qtbot, page, image: QImage):
    """Ctrl+V of a picture in the message box (the clipboard holds an image)."""
    mime = QMimeData()
    mime.setImageData(image)
    QGuiApplication.clipboard().setMimeData(mime)
    page.input.setFocus()
    with qtbot.waitSignal(page.attach_finished, timeout=30_000) as attached:
        if QGuiApplication.clipboard().mimeData().hasImage():
            qtbot.keyClick(page.input, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        else:  # a platform without a clipboard: what Ctrl+V hands the box
            page.input.insertFromMimeData(mime)
    return attached.args[0]


def test_paste_shows_a_thumbnail_then_the_sent_message_keeps_the_image(
        qtbot, smollm2_path, hearth_home, monkeypatch):
    # the answer for a model whose sight Hearth cannot tell (a remote endpoint's): send
    monkeypatch.setattr("app.ui.main_window.model_sight", lambda runtime, model: None)
    window = open_window(qtbot)
    window.new_conversation()
    page = window.chat_page
    attached = paste(qtbot, page, QImage.fromData(png()))
    part = attached.part
    assert page.images() == [part]
    assert Path(part.path).exists() and (part.width, part.height) == (64, 48)
    assert not page.attach_note.isVisibleTo(window)  # a plain PNG: nothing to say
    assert page.input.toPlainText() == ""  # the picture is not pasted as text
    thumb = page.attachments.thumbs[0]
    assert page.attachments.isVisibleTo(window)
    qtbot.waitUntil(lambda: thumb.loaded, timeout=30_000)

    with qtbot.waitSignal(page.image_opened, timeout=30_000) as opened:
        thumb.picture.click()
    viewer = opened.args[0]
    qtbot.waitUntil(lambda: viewer.picture.pixmap() is not None
                    and not viewer.picture.pixmap().isNull(), timeout=30_000)
    assert viewer.picture.pixmap().width() == 64  # small: shown at its own size
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    assert not viewer.isVisible()

    with qtbot.waitSignal(window.reply_finished, timeout=120_000):
        window.send("What is in this picture?")
    assert page.images() == [] and not page.attachments.isVisibleTo(window)
    stored = window.services.store.thread(window.conversation.id)
    user = stored[0]
    assert user.role == "user" and user.content == "What is in this picture?"
    assert [(p.sha256, p.media_type) for p in user.images] == [(part.sha256, "image/png")]
    bubble = window.chat_page.view.views[0]
    assert [p.sha256 for p in bubble.images.parts] == [part.sha256]
    qtbot.waitUntil(lambda: bubble.images.thumbs[0].loaded, timeout=30_000)
    # SmolLM2 has no projector: the engine says so, after the message was kept
    assert "cannot read images with this model" in \
        window.chat_page.view.views[-1].status_label.text()
    close_window(window)


def test_drop_attaches_image_files_and_says_why_a_bad_one_is_refused(
        qtbot, smollm2_path, hearth_home, tmp_path):
    window = open_window(qtbot)
    page = window.chat_page
    good = tmp_path / "red.png"
    good.write_bytes(png())
    page_html = tmp_path / "photo.png"
    page_html.write_text("<!DOCTYPE html><html><body>Not a picture</body></html>")

    good_mime, bad_mime = files_mime([good]), files_mime([page_html])
    assert drag_enter(page, good_mime)
    # dropped on the welcome page (the window): a new chat opens with the image attached
    assert window.current_page() == "welcome"
    with qtbot.waitSignal(page.attach_finished, timeout=30_000) as result:
        drop(window, good_mime)
    assert window.current_page() == "chat"
    assert page.images() == [result.args[0].part]
    assert not page.attach_note.isVisibleTo(window)

    with qtbot.waitSignal(page.attach_finished, timeout=30_000) as result:
        drop(page, bad_mime)
    assert isinstance(result.args[0], Exception)
    note = page.attach_note.text()
    assert "photo.png is a web page or text file, not an image" in note
    assert page.attach_note.isVisibleTo(window) and page.attach_note.property("kind") == "error"
    assert len(page.images()) == 1  # the good one stays, nothing else was added
    assert len(images_on_disk()) == 1  # the refused one was never stored

    # the same image again is not attached twice; × removes it
    with qtbot.waitSignal(page.attach_finished, timeout=30_000):
        drop(page, good_mime)
    assert len(page.images()) == 1
    page.attachments.thumbs[0].remove_button.click()
    assert page.images() == [] and not page.attachments.isVisibleTo(window)

    # dropped together, a good image finishing last does not hide the bad one's sentence
    other = tmp_path / "blue.png"
    other.write_bytes(png(colour=(20, 20, 220)))
    both = files_mime([page_html, other])
    finished = []
    page.attach_finished.connect(finished.append)
    drop(page, both)
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=30_000)
    assert len(page.images()) == 1
    assert "photo.png is a web page or text file" in page.attach_note.text()
    assert page.attach_note.property("kind") == "error"

    # a model file is not an image: the chat leaves it to the window's import
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    assert not drag_enter(page, files_mime([model]))
    close_window(window)


def test_an_animated_image_is_attached_with_a_note(qtbot, smollm2_path, tmp_path):
    window = open_window(qtbot)
    page = window.chat_page
    gif = tmp_path / "spinner.gif"
    gif.write_bytes(animated_gif())
    with qtbot.waitSignal(page.attach_finished, timeout=30_000):
        page.attach_files([gif])
    assert len(page.images()) == 1 and page.images()[0].media_type == "image/png"
    assert "spinner.gif is animated; only its first frame is sent." in page.attach_note.text()
    assert page.attach_note.property("kind") == "note"
    close_window(window)


def test_pasting_copied_image_files_attaches_them(qtbot, smollm2_path, tmp_path):
    window = open_window(qtbot)
    page = window.chat_page
    paths = []
    for n, colour in enumerate(((10, 200, 10), (10, 10, 200))):
        path = tmp_path / f"picture-{n}.png"
        path.write_bytes(png(colour=colour))
        paths.append(path)
    mime = files_mime(paths)
    assert page.input.canInsertFromMimeData(mime)
    finished = []
    page.attach_finished.connect(finished.append)
    page.input.insertFromMimeData(mime)
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=30_000)
    assert len(page.images()) == 2 and page.input.toPlainText() == ""
    close_window(window)


def test_a_model_that_cannot_see_is_said_in_the_composer_and_nothing_is_sent(
        qtbot, smollm2_path):
    pytest.importorskip("app.services.vision", reason="the vision check is not merged yet")
    window = open_window(qtbot)
    window.new_conversation()
    page = window.chat_page
    paste(qtbot, page, QImage.fromData(png()))
    page.input.setPlainText("Describe it.")
    with qtbot.waitSignal(window.sight_refused, timeout=60_000) as refused:
        window.send("Describe it.")
    model = refused.args[0]
    assert page.attach_note.text() == (f"{model} cannot see images. Choose a vision model, "
                                       "or remove the images.")
    assert page.input.toPlainText() == "Describe it." and len(page.images()) == 1
    assert window.conversation is None and window.services.store.list() == []
    page.attachments.thumbs[0].remove_button.click()
    assert not page.attach_note.isVisibleTo(window)  # the images are gone: so is the sentence
    close_window(window)


def test_the_footer_shows_the_time_images_took(qapp):
    from app.services.conversations import StoredMessage
    from app.ui.message_view import footer_text, image_seconds

    reply = StoredMessage(1, 1, None, "assistant", "A red square.", model="vlm",
                          engine="llama.cpp", ttft_s=0.5, tok_s=20.0)
    assert "images" not in footer_text(reply)
    timing = {"image_prep_s": 0.15, "image_encode_s": 0.25, "ttft_s": 0.5}
    assert footer_text(reply, image_seconds(timing)).endswith(" · images 0.4 s")
    assert image_seconds({"image_prep_s": None, "image_encode_s": 0.0}) is None


def test_an_image_reaches_a_model_that_sees_it(qtbot, smollm2_path, tmp_path):
    """SmolLM2 imported with the test projector (app/bench/projector.py: a seeded CLIP ViT
    whose 16 image tokens go into SmolLM2's embeddings): the window sends the pasted
    image through the real llama.cpp multimodal path."""
    from app.bench.projector import IMAGE_TOKENS, write_projector
    from app.services.models import import_gguf
    from app.store import open_db

    open_db().close()  # the database, migrated, before the import registers the pair
    projector = write_projector(tmp_path / "mmproj-smollm2-test.gguf", 576)
    seeing = import_gguf(smollm2_path, "smollm2-sees", projector=projector)
    window = open_window(qtbot, default_model=seeing.name)
    page = window.chat_page
    window.new_conversation()
    with qtbot.waitSignal(window.reply_finished, timeout=120_000):
        window.send("What is in this picture?")
    text_only = window.services.store.thread(window.conversation.id)[-1]

    window.new_conversation()
    part = paste(qtbot, page, QImage.fromData(png(colour=(30, 120, 220)))).part
    with qtbot.waitSignal(window.reply_finished, timeout=120_000):
        window.send("What is in this picture?")
    user, reply = window.services.store.thread(window.conversation.id)
    assert [p.sha256 for p in user.images] == [part.sha256]
    assert reply.status == "complete" and reply.model == "smollm2-sees"
    assert reply.prompt_tokens >= text_only.prompt_tokens + IMAGE_TOKENS
    bubble, answer = window.chat_page.view.views
    assert [p.sha256 for p in bubble.images.parts] == [part.sha256]
    from app.services.conversations import reply_timing
    from app.ui.message_view import image_seconds

    seconds = image_seconds(reply_timing(window.services.store_db, reply.id))
    assert seconds is not None and seconds > 0  # scaling and the projector's pass took time
    assert answer.footer.text().endswith(f" · images {seconds:.1f} s")
    close_window(window)


def test_many_images_scroll_sideways_and_the_window_stays_narrow(qtbot, smollm2_path,
                                                                 tmp_path):
    window = open_window(qtbot)
    window.new_conversation()
    page = window.chat_page
    paths = []
    for n in range(14):
        path = tmp_path / f"picture-{n}.png"
        path.write_bytes(png(colour=(n * 15, 100, 200)))
        paths.append(path)
    finished = []
    page.attach_finished.connect(finished.append)
    page.attach_files(paths)
    qtbot.waitUntil(lambda: len(finished) == len(paths), timeout=60_000)
    assert len(page.images()) == len(paths)
    assert window.minimumSizeHint().width() <= 700
    window.resize(700, 520)
    qtbot.waitUntil(lambda: window.width() == 700, timeout=10_000)
    # they scroll (once the layout has run)
    qtbot.waitUntil(lambda: page.attachments.horizontalScrollBar().maximum() > 0,
                    timeout=10_000)
    # the strip makes room for its scroll bar only when it needs one
    from app.ui.image_strip import THUMB_SIDE

    qtbot.waitUntil(lambda: page.attachments.height() > THUMB_SIDE + 8, timeout=10_000)
    for thumb in page.attachments.thumbs[1:]:
        thumb.remove_button.click()
    qtbot.waitUntil(lambda: page.attachments.height() == THUMB_SIDE + 8, timeout=10_000)
    close_window(window)


def test_editing_a_message_brings_its_images_back_to_the_composer(qtbot, smollm2_path):
    from app.services.images import attach_bytes

    window = open_window(qtbot)
    store = window.services.store
    part = attach_bytes(png(), "red.png").part
    conversation = store.create("With a picture")
    store.add_message(conversation.id, "user", "Look at this.", images=[part])
    with qtbot.waitSignal(window.thread_shown, timeout=30_000):
        window.open_conversation(conversation.id)
    page = window.chat_page
    bubble = page.view.views[0]
    assert [p.sha256 for p in bubble.images.parts] == [part.sha256]
    assert bubble.images.isVisibleTo(window)
    with qtbot.waitSignal(page.image_opened, timeout=30_000):
        bubble.images.thumbs[0].picture.click()  # a sent image opens full size too
    page.viewer.close()

    bubble.edit_button.click()
    assert page.input.toPlainText() == "Look at this."
    assert [p.sha256 for p in page.images()] == [part.sha256]
    window.escape()  # leaving the edit leaves its images behind
    assert page.images() == [] and page.input.toPlainText() == ""

    # edited without its image: the new branch's message has none, the old one keeps it
    page.view.views[0].edit_button.click()
    page.attachments.thumbs[0].remove_button.click()
    with qtbot.waitSignal(window.reply_finished, timeout=120_000):
        window.send("Now without a picture.")
    edited = store.thread(conversation.id)[0]
    assert edited.content == "Now without a picture." and edited.images == ()
    first = [m for m in store.siblings(edited.id) if m.id != edited.id][0]
    assert [p.sha256 for p in first.images] == [part.sha256]
    assert page.view.views[0].images.parts == []
    close_window(window)
