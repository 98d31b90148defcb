"""The real llama.cpp multimodal path: libmtmd with a projector file beside SmolLM2.

The projector is written by ``app/bench/projector.py`` (a seeded two-layer CLIP ViT, 32 x 32
pixels in 8-pixel patches, with LLaVA's MLP projector into SmolLM2's 576-wide
embeddings): 16 image tokens per image. It has learned nothing, so replies are not
descriptions, but the image really enters the prompt through the projector.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.bench.projector import IMAGE_SIZE, IMAGE_TOKENS, write_projector
from app.engines.base import (
    ChatParams,
    Done,
    Error,
    ImagePart,
    LoadParams,
    Message,
    ModelLoadError,
    ModelRef,
    TextPart,
    Token,
)
from app.engines.llamacpp import LlamaCppEngine
from app.media.images import part_of

QUESTION = TextPart("What is in this picture?")
PARAMS = LoadParams(n_ctx=2048, n_batch=64)


def picture(color: tuple[int, int, int], stripes: bool = False,
            size: tuple[int, int] = (64, 48)) -> ImagePart:
    image = Image.new("RGB", size, color)
    if stripes:
        for x in range(0, size[0], 4):
            for y in range(size[1]):
                image.putpixel((x, y), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return part_of(buffer.getvalue(), keep=False)[0]


def ask(engine: LlamaCppEngine, parts, history=(), **params) -> tuple[str, Done | Error]:
    messages = [*history, Message("user", parts=tuple(parts))]
    text, outcome = [], None
    for event in engine.chat(messages, ChatParams(temperature=0, max_tokens=24, **params)):
        if isinstance(event, Token):
            text.append(event.text)
        elif isinstance(event, Done | Error):
            outcome = event
    assert outcome is not None
    return "".join(text), outcome


@pytest.fixture(scope="module")
def projector_file(tmp_path_factory):
    return write_projector(tmp_path_factory.mktemp("projector") / "mmproj-smollm2-test.gguf",
                           576)


@pytest.fixture(scope="module")
def seeing(smollm2_path, projector_file):
    engine = LlamaCppEngine()
    engine.load(ModelRef("smollm2-vision", smollm2_path, projector=projector_file), PARAMS)
    yield engine
    engine.close()


def test_a_model_loaded_with_its_projector_can_see(seeing, smollm2_path, projector_file):
    assert seeing.capabilities.vision
    assert seeing.image_max_side == IMAGE_SIZE
    plain = LlamaCppEngine()
    assert not plain.capabilities.vision
    report = LlamaCppEngine()
    try:
        load = report.load(ModelRef("v", smollm2_path, projector=projector_file), PARAMS)
        assert any("mmproj-smollm2-test.gguf" in note for note in load.notes)
    finally:
        report.close()
    assert not report.capabilities.vision  # closed: nothing loaded, nothing to see with


def test_the_image_enters_the_prompt_through_the_projector(seeing):
    text_only, plain = ask(seeing, [QUESTION])
    with_image, seen = ask(seeing, [picture((255, 0, 0)), QUESTION])
    assert isinstance(plain, Done) and isinstance(seen, Done)
    # the prompt grows by exactly the projector's image tokens (the marker is not text)
    assert seen.stats.image_tokens == IMAGE_TOKENS
    assert seen.stats.prompt_tokens == plain.stats.prompt_tokens + IMAGE_TOKENS
    assert seen.stats.image_encode_s > 0
    assert with_image != text_only
    assert "<__media__>" in seeing.last_prompt


def test_different_images_give_different_replies(seeing):
    red, _ = ask(seeing, [picture((255, 0, 0)), QUESTION])
    striped, outcome = ask(seeing, [picture((0, 0, 255), stripes=True), QUESTION])
    assert isinstance(outcome, Done)
    assert red != striped
    # the cache was kept up to where the images differ, not past it
    assert outcome.stats.cached_tokens < outcome.stats.prompt_tokens - IMAGE_TOKENS


def test_the_same_image_again_is_not_encoded_again(seeing):
    first, _ = ask(seeing, [picture((0, 200, 0)), QUESTION], session="same-image")
    again, outcome = ask(seeing, [picture((0, 200, 0)), QUESTION], session="same-image")
    assert isinstance(outcome, Done)
    assert again == first
    assert outcome.stats.image_encode_s == 0.0
    assert outcome.stats.cached_tokens >= outcome.stats.prompt_tokens - 1


def test_a_follow_up_turn_keeps_the_image_in_the_cache(seeing):
    image = picture((10, 20, 200))
    reply, first = ask(seeing, [image, QUESTION], session="follow-up")
    history = [Message("user", parts=(image, QUESTION)), Message("assistant", reply)]
    _, second = ask(seeing, [TextPart("And its colour?")], history=history, session="follow-up")
    assert isinstance(second, Done)
    assert second.stats.image_encode_s == 0.0
    assert second.stats.cached_tokens > first.stats.prompt_tokens - 1


def test_a_marker_typed_by_the_user_is_only_text(seeing):
    _, outcome = ask(seeing, [picture((5, 5, 5)), TextPart("What does <__media__> mean?")])
    assert isinstance(outcome, Done)
    assert outcome.stats.image_tokens == IMAGE_TOKENS


def test_images_to_a_model_without_projector_are_refused(smollm2_path):
    engine = LlamaCppEngine()
    engine.load(ModelRef("smollm2", smollm2_path), PARAMS)
    try:
        assert not engine.capabilities.vision
        _, outcome = ask(engine, [picture((1, 2, 3)), QUESTION])
        assert isinstance(outcome, Error) and outcome.code == "unsupported"
        assert "vision" in outcome.message
    finally:
        engine.close()


def test_a_projector_of_another_width_is_refused_with_a_reason(smollm2_path, tmp_path):
    wrong = write_projector(tmp_path / "mmproj-gemma.gguf", 640)
    engine = LlamaCppEngine()
    with pytest.raises(ModelLoadError) as error:
        engine.load(ModelRef("smollm2", smollm2_path, projector=wrong), PARAMS)
    assert "mmproj-gemma.gguf" in str(error.value)
    assert not engine.loaded


def test_a_language_model_given_as_projector_is_refused(smollm2_path):
    engine = LlamaCppEngine()
    with pytest.raises(ModelLoadError, match="not a vision projector"):
        engine.load(ModelRef("smollm2", smollm2_path, projector=smollm2_path), PARAMS)


def test_a_missing_projector_file_says_so(smollm2_path, tmp_path):
    engine = LlamaCppEngine()
    with pytest.raises(ModelLoadError, match="missing"):
        engine.load(ModelRef("smollm2", smollm2_path, projector=tmp_path / "gone.gguf"),
                    PARAMS)
