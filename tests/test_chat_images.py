"""Images through the chat service: stored with the user's message in its transaction,
kept or replaced by an edit, carried to the engine as image parts — with the real
starter model, a real database and real image files made with Pillow."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.engines.base import Error, ImagePart, TextPart
from app.services.chat import Saved
from app.services.images import attach_bytes


def png(colour=(200, 30, 30), size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def service(services):
    return services.chat


def drain(events):
    return [e for e in events]


def test_send_stores_the_images_with_the_user_message(service):
    conv = service.create()
    red = attach_bytes(png((255, 0, 0)), "red.png").part
    blue = attach_bytes(png((0, 0, 255)), "blue.png").part
    events = drain(service.send(conv.id, "What colours?", images=[red, blue]))
    user = service.thread(conv.id)[0]
    assert user.role == "user" and user.content == "What colours?"
    assert [p.sha256 for p in user.images] == [red.sha256, blue.sha256]
    # the starter model cannot see: the reply says so before generating, and the
    # message with its images stays
    errors = [e for e in events if isinstance(e, Error)]
    assert errors and "cannot read images" in errors[0].message
    assert isinstance(events[-1], Saved) and events[-1].message.status == "error"


def test_engine_messages_carry_text_and_image_parts(service):
    conv = service.create()
    part = attach_bytes(png(), "photo.png").part
    drain(service.send(conv.id, "Describe it.", images=[part]))
    drain(service.send(conv.id, "Just text now."))
    leaf = service.get(conv.id).current_leaf_id
    messages = service.engine_messages(conv.id, leaf)
    with_image = messages[0]
    assert with_image.role == "user" and with_image.has_images
    assert isinstance(with_image.parts[0], TextPart) and with_image.parts[0].text == "Describe it."
    image = with_image.parts[1]
    assert isinstance(image, ImagePart) and image.sha256 == part.sha256
    assert image.read() == png() and (image.width, image.height) == (40, 30)
    text_only = [m for m in messages if m.content == "Just text now."][0]
    assert text_only.parts == (TextPart("Just text now."),) and not text_only.has_images


def test_edit_keeps_the_images_unless_given_new_ones(service):
    conv = service.create()
    first = attach_bytes(png((1, 1, 1)), "first.png").part
    drain(service.send(conv.id, "Look.", images=[first]))
    original = service.thread(conv.id)[0]

    drain(service.edit(original.id, "Look closely."))
    kept = service.thread(conv.id)[0]
    assert kept.id != original.id and kept.content == "Look closely."
    assert [p.sha256 for p in kept.images] == [first.sha256]

    second = attach_bytes(png((2, 2, 2)), "second.png").part
    drain(service.edit(original.id, "This one instead.", images=[second]))
    replaced = service.thread(conv.id)[0]
    assert [p.sha256 for p in replaced.images] == [second.sha256]

    drain(service.edit(original.id, "No picture.", images=()))
    assert service.thread(conv.id)[0].images == ()
    # the original branch keeps its image
    assert [p.sha256 for p in service.store.message(original.id).images] == [first.sha256]


def test_an_image_given_as_bytes_is_kept_before_it_is_stored(service):
    conv = service.create()
    in_memory = ImagePart(media_type="image/png", data=png((5, 6, 7)))
    drain(service.send(conv.id, "From memory.", images=[in_memory]))
    stored = service.thread(conv.id)[0].images[0]
    assert stored.path and stored.read() == png((5, 6, 7))
