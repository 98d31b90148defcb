"""Images through the local API, with the official ``openai`` and ``anthropic`` clients
against a real Hearth server on 127.0.0.1: OpenAI ``image_url`` parts (data URLs) and
Anthropic ``image`` blocks (base64) are read through the images door, bad images and web
addresses are refused with a 400 that says what to do, a model that cannot see is refused
before generating, and a model that sees gets the bytes (Ollama's wire, against the
stand-in daemon)."""

from __future__ import annotations

import base64
import io

import anthropic
import openai
import pytest
from PIL import Image

from app.engines.targets import EngineTarget
from tests.api_helpers import running_api
from tests.ollama_stub import OllamaStub, vision_model

MODEL = "smollm2-135m-instruct"
HTML = b"<!DOCTYPE html><html><head><title>cat.png</title></head><body></body></html>"


def png(width: int = 16, height: int = 16, colour: str = "teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def data_url(data: bytes, media_type: str = "image/png") -> str:
    return f"data:{media_type};base64,{b64(data)}"


def openai_asking(url: str, **extra) -> list[dict]:
    return [{"role": "user", "content": [
        {"type": "text", "text": "What colour is this?"},
        {"type": "image_url", "image_url": {"url": url, **extra}}]}]


def anthropic_asking(source: dict) -> list[dict]:
    return [{"role": "user", "content": [
        {"type": "image", "source": source},
        {"type": "text", "text": "What colour is this?"}]}]


# OpenAI -----------------------------------------------------------------------------------


@pytest.mark.parametrize("stream", [False, True])
def test_openai_image_to_a_model_that_cannot_see_is_a_400_sentence(client, stream):
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model=MODEL, messages=openai_asking(data_url(png())),
                                       max_tokens=4, stream=stream)
    assert caught.value.status_code == 400
    assert "cannot read images" in caught.value.message
    assert "vision model" in caught.value.message


def test_openai_web_address_is_refused_hearth_fetches_nothing(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model=MODEL, messages=openai_asking("https://example.com/cat.png"), max_tokens=4)
    assert "does not download images" in caught.value.message
    assert "data URL" in caught.value.message
    assert caught.value.param == "messages"


@pytest.mark.parametrize("url,words", [
    (data_url(HTML), "web page or text file, not an image"),
    ("data:image/png;base64,@@not-base64@@", "base64 data is damaged"),
    (data_url(png()[:60]), "damaged"),
    (data_url(b""), "is empty"),
    ("data:image/png,rawbytes", "not base64-encoded"),
])
def test_openai_bad_image_is_a_400_with_the_image_check_sentence(client, url, words):
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model=MODEL, messages=openai_asking(url), max_tokens=4)
    assert words in caught.value.message
    assert caught.value.param == "messages"


def test_an_image_larger_than_the_body_cap_is_a_413_that_says_what_to_change(client):
    big = data_url(bytes(7 * 2**20), "image/jpeg")  # 9.3 MB of base64: over the 8 MB cap
    with pytest.raises(openai.APIStatusError) as caught:
        client.chat.completions.create(model=MODEL, messages=openai_asking(big), max_tokens=4)
    assert caught.value.status_code == 413
    assert "Largest request" in caught.value.message


def test_openai_image_part_without_url_is_a_400(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model=MODEL, max_tokens=4, messages=[
            {"role": "user", "content": [{"type": "image_url", "image_url": {}}]}])
    assert "has no url" in caught.value.message


# Anthropic --------------------------------------------------------------------------------


def test_anthropic_image_to_a_model_that_cannot_see_is_a_400_sentence(claude):
    source = {"type": "base64", "media_type": "image/png", "data": b64(png())}
    with pytest.raises(anthropic.BadRequestError) as caught:
        claude.messages.create(model=MODEL, max_tokens=4, messages=anthropic_asking(source))
    assert caught.value.status_code == 400
    assert caught.value.body["error"]["type"] == "invalid_request_error"
    assert "cannot read images" in caught.value.body["error"]["message"]


@pytest.mark.parametrize("source,words", [
    ({"type": "url", "url": "https://example.com/cat.png"}, "does not download images"),
    ({"type": "file", "file_id": "file_011"}, "'file' are not supported"),
    ({"type": "base64", "media_type": "image/jpeg", "data": b64(png())},
     "data is image/png, but its media_type says image/jpeg"),
    ({"type": "base64", "media_type": "image/bmp", "data": b64(png())},
     "use one of image/jpeg, image/png, image/gif, image/webp"),
    ({"type": "base64", "media_type": "image/png", "data": b64(HTML)},
     "web page or text file, not an image"),
    ({"type": "base64", "media_type": "image/png", "data": "%%%"}, "base64 data is damaged"),
])
def test_anthropic_bad_image_block_is_a_400_that_says_what_to_send(claude, source, words):
    with pytest.raises(anthropic.BadRequestError) as caught:
        claude.messages.create(model=MODEL, max_tokens=4, messages=anthropic_asking(source))
    error = caught.value.body["error"]
    assert error["type"] == "invalid_request_error"
    assert words in error["message"]


# a model that sees: the bytes reach the engine -------------------------------------------------


@pytest.fixture
def seeing(services, monkeypatch):
    """The API with chats running on Ollama's gemma3:4b, a vision model (the stand-in)."""
    with OllamaStub() as stub:
        stub.state.models["gemma3:4b"] = vision_model("gemma3:4b")
        monkeypatch.setenv("OLLAMA_HOST", stub.url)
        services.scheduler.switch(EngineTarget("ollama", model="gemma3:4b"), MODEL,
                                  persist=False)
        with running_api(services) as running:
            yield running, stub
        services.scheduler.switch(EngineTarget("llama.cpp"), MODEL, persist=False)


def images_sent(stub) -> list[list[str]]:
    return [m.get("images", []) for path, body in stub.state.requests if path == "/api/chat"
            for m in body["messages"]]


def test_openai_image_reaches_a_vision_model_as_its_bytes(seeing):
    running, stub = seeing
    client = openai.OpenAI(base_url=running.url, api_key="not-needed", max_retries=0)
    data = png(12, 8, "orange")
    reply = client.chat.completions.create(
        model=MODEL, messages=openai_asking(data_url(data), detail="high"), max_tokens=3)
    assert reply.choices[0].message.content
    assert images_sent(stub)[-1] == [b64(data)]


def test_anthropic_image_reaches_a_vision_model_as_its_bytes(seeing):
    running, stub = seeing
    claude = anthropic.Anthropic(base_url=running.root, api_key="not-needed", max_retries=0)
    data = png(10, 10, "purple")
    message = claude.messages.create(model=MODEL, max_tokens=3, messages=anthropic_asking(
        {"type": "base64", "media_type": "image/png", "data": b64(data)}))
    assert message.content[0].text
    assert images_sent(stub)[-1] == [b64(data)]


# the real multimodal path: SmolLM2 with the test projector, through the API -----------------


@pytest.fixture
def projector_api(services, tmp_path, monkeypatch):
    """The API on the starter SmolLM2 with a projector beside it (the seeded test CLIP of
    ``app/bench/projector.py``: 16 image tokens an image). The library entry's projector
    is what helper "models" adds as a column; until then ``LibraryModel.ref`` hands it on
    here, as the merged library does."""
    from dataclasses import replace

    from app.bench.projector import write_projector
    from app.models.library import LibraryModel

    projector = write_projector(tmp_path / "mmproj-smollm2-test.gguf", 576)
    plain_ref = LibraryModel.ref
    monkeypatch.setattr(LibraryModel, "ref",
                        lambda self: replace(plain_ref(self), projector=projector))
    with running_api(services) as running:
        yield running


def test_a_real_image_enters_smollm2s_prompt_through_the_projector(projector_api, services):
    from app.bench.projector import IMAGE_TOKENS
    from app.services.vision import model_sees

    sight = model_sees(services.runtime, MODEL)
    assert sight.can is True and "mmproj-smollm2-test.gguf" in sight.reason
    client = openai.OpenAI(base_url=projector_api.url, api_key="not-needed", max_retries=0)
    question = {"type": "text", "text": "What is in this picture?"}
    plain = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": [question]}], temperature=0,
        max_tokens=12)
    seen = client.chat.completions.create(
        model=MODEL, temperature=0, max_tokens=12, messages=[{"role": "user", "content": [
            {"type": "image_url", "image_url": {"url": data_url(png(64, 48, "red"))}},
            question]}])
    assert seen.choices[0].message.content
    # the prompt grew by exactly the projector's image tokens
    assert seen.usage.prompt_tokens == plain.usage.prompt_tokens + IMAGE_TOKENS
    claude = anthropic.Anthropic(base_url=projector_api.root, api_key="not-needed",
                                 max_retries=0)
    message = claude.messages.create(model=MODEL, max_tokens=12, messages=[
        {"role": "user", "content": [
            {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                         "data": b64(png(64, 48, "blue"))}},
            {"type": "text", "text": "What is in this picture?"}]}])
    assert message.content[0].text
    assert (message.usage.input_tokens + (message.usage.cache_read_input_tokens or 0)
            == plain.usage.prompt_tokens + IMAGE_TOKENS)
