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


# scaling before the engine: the real llama.cpp multimodal path with the test projector


@pytest.fixture(scope="module")
def projector_file(tmp_path_factory, smollm2_path):
    from app.bench.projector import write_projector

    return write_projector(tmp_path_factory.mktemp("projector") / "mmproj-smollm2-test.gguf",
                           576)


@pytest.fixture
def seeing_chat(db, smollm2_path, projector_file):
    """A chat service whose runtime holds SmolLM2 loaded with the test projector (the
    library does not pair projectors yet, so the engine is loaded here and handed over)."""
    from app.engines.base import LoadParams, ModelRef
    from app.engines.llamacpp import LlamaCppEngine
    from app.services.chat import ChatService
    from app.services.runtime import Runtime
    from app.settings import Settings

    engine = LlamaCppEngine()
    report = engine.load(ModelRef("smollm2-vision", smollm2_path, projector=projector_file),
                         LoadParams(n_ctx=2048, n_batch=64))
    runtime = Runtime(db, Settings(max_tokens=8, n_ctx=2048), engine=engine)
    runtime.model, runtime.last_load = runtime.library.resolve(str(smollm2_path)), report
    received: list[list] = []
    real_chat = engine.chat

    def recording_chat(messages, params, cancel=None):
        received.append(list(messages))
        return real_chat(messages, params, cancel)

    engine.chat = recording_chat  # type: ignore[method-assign]
    chat = ChatService.on_runtime(runtime)
    yield chat, received
    chat.close()
    engine.close()


def test_images_are_scaled_to_what_the_projector_reads_before_the_engine(seeing_chat, db,
                                                                          smollm2_path):
    from app.bench.projector import IMAGE_SIZE, IMAGE_TOKENS
    from app.store.timings import reply_timing

    chat, received = seeing_chat
    conv = chat.create(model=str(smollm2_path))
    big = attach_bytes(png((250, 120, 0), (200, 150)), "big.png").part
    events = drain(chat.send(conv.id, "What is this?", images=[big]))
    done = [e for e in events if type(e).__name__ == "Done"][0]

    sent = [p for p in received[-1][-1].parts if isinstance(p, ImagePart)]
    assert [(p.width, p.height) for p in sent] == [(IMAGE_SIZE, 24)]
    with Image.open(io.BytesIO(sent[0].read())) as decoded:
        assert decoded.size == (IMAGE_SIZE, 24)
    assert sent[0].sha256 == big.sha256 and sent[0].data is not None
    # the kept file is not changed: the stored message still shows the whole image
    stored = chat.thread(conv.id)[0].images[0]
    with Image.open(stored.path) as original:
        assert original.size == (200, 150)
    assert done.stats.image_tokens == IMAGE_TOKENS
    assert done.stats.image_prep_s > 0
    reply = chat.thread(conv.id)[-1]
    timing = reply_timing(db, reply.id)
    assert timing is not None
    assert timing["image_tokens"] == IMAGE_TOKENS
    assert timing["image_prep_s"] == done.stats.image_prep_s
    assert timing["image_encode_s"] == done.stats.image_encode_s


def test_a_text_only_request_reaches_the_engine_untouched(seeing_chat, db, smollm2_path):
    from app.store.timings import reply_timing

    chat, received = seeing_chat
    conv = chat.create(model=str(smollm2_path))
    events = drain(chat.send(conv.id, "Hello."))
    done = [e for e in events if type(e).__name__ == "Done"][0]
    assert received[-1] == chat.engine_messages(conv.id, chat.thread(conv.id)[0].id)
    assert done.stats.image_prep_s == 0.0 and done.stats.image_tokens == 0
    timing = reply_timing(db, chat.thread(conv.id)[-1].id)
    assert timing is not None and timing["image_tokens"] == 0
    assert timing["draft_tokens"] == done.stats.draft_tokens


def test_an_image_small_enough_is_sent_as_stored():
    from app.engines.base import Message
    from app.services.completion import scaled_for_model

    part = attach_bytes(png((9, 9, 9), (20, 10)), "small.png").part
    messages, _seconds = scaled_for_model([Message("user", parts=(TextPart("hi"), part))], 32)
    sent = messages[0].parts[1]
    assert isinstance(sent, ImagePart) and sent.read() == part.read()
    assert (sent.width, sent.height) == (20, 10)
    unscaled, _ = scaled_for_model([Message("user", parts=(part,))], None)
    assert unscaled[0].parts[0].read() == part.read()


def test_an_image_whose_file_went_missing_is_an_error_not_a_crash(seeing_chat,
                                                                  smollm2_path):
    chat, _received = seeing_chat
    conv = chat.create(model=str(smollm2_path))
    part = attach_bytes(png((60, 70, 80), (50, 50)), "lost.png").part
    drain(chat.send(conv.id, "First look.", images=[part]))
    import os

    os.remove(part.path)  # removed behind Hearth's back
    events = drain(chat.send(conv.id, "And again?"))
    errors = [e for e in events if isinstance(e, Error)]
    assert errors and "can no longer be read" in errors[0].message
    assert chat.thread(conv.id)[-1].status == "error"
