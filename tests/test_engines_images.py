"""Images handed to the engines that talk to a server, and "can this model see?".

Ollama gets a message's images as ``images: [<base64>]`` and says which models see in
``/api/show``'s ``capabilities`` (against tests/ollama_stub.py, which follows Ollama's
API); OpenAI-compatible workers get ``image_url`` parts with data URLs and know from the
model folder's ``config.json`` (against tests/vllm_cpu_standin.py, launched as Hearth
launches vLLM, which takes images as vLLM does and refuses them for a text-only model with
vLLM's 400). ``app.services.vision.model_sees`` answers before sending for each engine.
"""

from __future__ import annotations

import base64
import io
import json
import sys
from pathlib import Path

import pytest
from PIL import Image

from app.engines.base import (
    ChatParams,
    CompletionRequest,
    Done,
    Error,
    Message,
    ModelRef,
    TextPart,
)
from app.engines.ollama import OllamaEngine, show_sees
from app.engines.workers import card_sees, config_sees
from app.services.images import attach_bytes
from tests.ollama_stub import OllamaStub, vision_model

STANDIN = Path(__file__).with_name("vllm_cpu_standin.py")

QWEN_VL = {"architectures": ["Qwen2_5_VLForConditionalGeneration"], "model_type": "qwen2_5_vl",
           "image_token_id": 151655, "vision_config": {"depth": 32, "hidden_size": 1280}}
QWEN_TEXT = {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2",
             "hidden_size": 896, "num_hidden_layers": 24}


@pytest.fixture(autouse=True)
def no_kept_copies():
    """Each test scales its own images (the scaled copies are kept between turns)."""
    from app.engines.wire import forget_scaled

    forget_scaled()


def png(width: int = 24, height: int = 16, colour: str = "teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def asking(data: bytes, text: str = "What colour is this?") -> Message:
    """A user message with text and one image, kept as the window keeps it."""
    part = attach_bytes(data, "picture.png").part
    return Message("user", parts=(TextPart(text), part))


def size_of(encoded: str) -> tuple[int, int]:
    with Image.open(io.BytesIO(base64.b64decode(encoded))) as image:
        return image.size


# Ollama ----------------------------------------------------------------------------------


@pytest.fixture
def stub():
    with OllamaStub() as server:
        server.state.models["gemma3:4b"] = vision_model("gemma3:4b")
        yield server


def chats(stub) -> list[dict]:
    return [body for path, body in stub.state.requests if path == "/api/chat"]


def test_ollama_vision_comes_from_show_capabilities(stub):
    engine = OllamaEngine(stub.url)
    engine.load(ModelRef("gemma3:4b"))
    assert engine.capabilities.vision
    engine.load(ModelRef("gemma3:270m"))
    assert not engine.capabilities.vision
    assert engine.capabilities.tools and engine.capabilities.structured_output
    shown = [body["model"] for path, body in stub.state.requests if path == "/api/show"]
    assert shown == ["gemma3:4b", "gemma3:270m"]
    assert show_sees("gemma3:4b", stub.url) is True
    assert show_sees("all-minilm:latest", stub.url) is False
    assert show_sees("no-such-model", stub.url) is None
    engine.close()


def test_ollama_gets_the_image_bytes_as_base64_on_the_message(stub):
    data = png()
    engine = OllamaEngine(stub.url)
    engine.load(ModelRef("gemma3:4b"))
    history = [Message("system", "Be brief."), asking(data)]
    events = list(engine.chat(history, ChatParams(max_tokens=4)))
    assert isinstance(events[-1], Done), events[-1]
    assert chats(stub)[-1]["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "What colour is this?",
         "images": [base64.b64encode(data).decode("ascii")]}]
    engine.close()


def test_ollama_gets_a_large_image_scaled_down(stub):
    engine = OllamaEngine(stub.url)
    engine.load(ModelRef("gemma3:4b"))
    done = list(engine.chat([asking(png(4000, 1000))], ChatParams(max_tokens=2)))[-1]
    assert isinstance(done, Done)
    (sent,) = chats(stub)[-1]["messages"][0]["images"]
    assert size_of(sent) == (2048, 512)
    assert done.stats.image_prep_s > 0  # the scaling is in the reply's timings
    engine.close()


def test_a_follow_up_turn_does_not_scale_the_same_image_again(stub, monkeypatch):
    import app.engines.wire as wire

    calls: list[int] = []
    scale = wire.for_model
    monkeypatch.setattr(wire, "for_model", lambda part, side: calls.append(side) or scale(
        part, side))
    engine = OllamaEngine(stub.url)
    engine.load(ModelRef("gemma3:4b"))
    first = asking(png(3000, 200, "navy"))
    list(engine.chat([first], ChatParams(max_tokens=2)))
    history = [first, Message("assistant", "Navy."), Message("user", "Are you sure?")]
    done = list(engine.chat(history, ChatParams(max_tokens=2)))[-1]
    assert isinstance(done, Done) and done.stats.image_prep_s == 0.0
    assert calls == [wire.MAX_SIDE]  # scaled once, for the first turn only
    first_sent, again = (body["messages"][0]["images"] for body in chats(stub))
    assert first_sent == again and size_of(again[0]) == (2048, 137)
    engine.close()


def test_ollama_model_without_vision_is_refused_before_sending(stub):
    from app.services.completion import unsupported_parts

    engine = OllamaEngine(stub.url)
    engine.load(ModelRef("gemma3:270m"))

    class Runtime:
        engine_name = "ollama"

    Runtime.engine = engine  # type: ignore[attr-defined]
    reason = unsupported_parts(CompletionRequest([asking(png())]), Runtime())  # type: ignore[arg-type]
    assert reason and "images" in reason and "vision model" in reason
    # sent anyway (a daemon that changed its mind), Ollama's own refusal is a sentence
    error = list(engine.chat([asking(png())]))[-1]
    assert isinstance(error, Error)
    assert "gemma3:270m in Ollama cannot read images" in error.message
    assert chats(stub)[-1]["messages"][0]["images"]  # it was sent, and refused there
    engine.close()


def test_ollama_text_only_messages_carry_no_images_field(stub):
    engine = OllamaEngine(stub.url)
    engine.load(ModelRef("gemma3:4b"))
    list(engine.chat([Message("user", "Hello")], ChatParams(max_tokens=2)))
    assert chats(stub)[-1]["messages"] == [{"role": "user", "content": "Hello"}]
    engine.close()


def test_an_image_whose_file_is_gone_is_a_sentence_not_a_crash(stub):
    engine = OllamaEngine(stub.url)
    engine.load(ModelRef("gemma3:4b"))
    message = asking(png(30, 30, "red"))
    Path(message.parts[1].path).unlink()  # type: ignore[union-attr]
    error = list(engine.chat([message]))[-1]
    assert isinstance(error, Error) and "can no longer be read" in error.message
    assert not chats(stub)
    engine.close()


# OpenAI-compatible workers -----------------------------------------------------------------


def launch_vllm(tmp_path: Path, config: dict, record: Path):
    from app.engines.workers import EngineInstall, WorkerEngine, WorkerParams

    model = tmp_path / str(config["model_type"])
    model.mkdir()
    (model / "config.json").write_text(json.dumps(config))
    run = tmp_path / f"run-{config['model_type']}"
    run.mkdir()
    engine = WorkerEngine(
        EngineInstall("vllm", (sys.executable, str(STANDIN))),
        WorkerParams("qwen", 2048, device="cpu", env=(("HEARTH_STANDIN_RECORD", str(record)),)),
        run_dir=run, ready_timeout_s=60, stall_timeout_s=30, warmup=False, device="cpu")
    engine.load(ModelRef("qwen", path=model))
    return engine


def sent(record: Path) -> dict:
    return json.loads(record.read_text().splitlines()[-1])


def test_a_vision_worker_gets_image_url_parts_with_data_urls(tmp_path):
    record = tmp_path / "requests.jsonl"
    engine = launch_vllm(tmp_path, QWEN_VL, record)
    try:
        assert engine.capabilities.vision and engine.capabilities.grammar
        data = png(20, 20, "orange")
        history = [Message("system", "Be brief."), asking(data)]
        done = list(engine.chat(history, ChatParams(max_tokens=50)))[-1]
        assert isinstance(done, Done), done
        assert done.text.endswith("[1 image]")  # the stand-in saw it arrive
        url = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
        assert sent(record)["messages"] == [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [
                {"type": "text", "text": "What colour is this?"},
                {"type": "image_url", "image_url": {"url": url}}]}]
    finally:
        engine.close()


def test_a_text_only_worker_is_refused_before_sending_and_vllm_would_refuse_too(tmp_path):
    from app.services.completion import unsupported_parts

    record = tmp_path / "requests.jsonl"
    engine = launch_vllm(tmp_path, QWEN_TEXT, record)
    try:
        assert not engine.capabilities.vision

        class Runtime:
            engine_name = "vllm"

        Runtime.engine = engine  # type: ignore[attr-defined]
        request = CompletionRequest([asking(png())])
        reason = unsupported_parts(request, Runtime())  # type: ignore[arg-type]
        assert reason and "vision model" in reason
        # a remote endpoint is not asked first: the server's own error is what the user sees
        assert engine.client is not None and engine.client.capabilities.vision
        error = list(engine.client.chat([asking(png())]))[-1]
        assert isinstance(error, Error)
        assert "answered 400" in error.message and "qwen is not a multimodal model" in error.message
        body = sent(record)
        assert body["messages"][0]["content"][1]["type"] == "image_url"
    finally:
        engine.close()


@pytest.mark.parametrize("config,sees", [
    (QWEN_VL, True),
    ({"architectures": ["LlavaForConditionalGeneration"], "image_token_index": 32000,
      "vision_config": {"model_type": "clip_vision_model"}}, True),
    ({"architectures": ["Idefics3ForConditionalGeneration"], "model_type": "idefics3",
      "vision_config": {"patch_size": 16}}, True),  # SmolVLM
    ({"architectures": ["Phi3VForCausalLM"], "model_type": "phi3_v"}, True),
    ({"architectures": ["DeepseekVLV2ForCausalLM"]}, True),
    (QWEN_TEXT, False),
    ({"architectures": ["T5ForConditionalGeneration"], "model_type": "t5"}, False),
    ({"architectures": ["RWKV7ForCausalLM"]}, False),
    ({"model_type": "llama"}, False),
])
def test_the_model_card_says_whether_a_folder_sees(config, sees):
    assert config_sees(config) is sees


def test_a_folder_without_a_card_is_unknown(tmp_path):
    assert card_sees(tmp_path) is None
    assert card_sees(tmp_path / "model.gguf") is None
    (tmp_path / "config.json").write_text("not json")
    assert card_sees(tmp_path) is None
    (tmp_path / "config.json").write_text(json.dumps(QWEN_VL))
    assert card_sees(tmp_path) is True


# can this model see? (before sending) --------------------------------------------------------


def runtime_for(db, target):
    from app.services.runtime import Runtime

    return Runtime(db, engine=None, target=target)


def register_folder(db, name: str, folder: Path, config: dict) -> None:
    from app.models.library import Library

    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(config))
    Library(db).register_folder(name, folder, "import", size_bytes=1, config=config)


def test_llama_cpp_sees_when_the_model_has_its_projector(db, smollm2_path, tmp_path,
                                                         monkeypatch):
    from app.engines.targets import LLAMA_CPP
    from app.services.vision import model_sees

    runtime = runtime_for(db, LLAMA_CPP)
    sight = model_sees(runtime, None)
    assert sight.can is False and "no projector (mmproj)" in sight.reason
    # the model's projector, imported as a user would (checked, then attached)
    from app.bench.projector import write_projector

    projector = write_projector(tmp_path / "mmproj-test.gguf", 576)
    name = runtime.library.resolve(runtime.settings.default_model).name
    runtime.library.import_projector(projector, model_name=name)
    sight = model_sees(runtime, None)
    assert sight.can is True and "mmproj-test.gguf" in sight.reason
    projector.unlink()
    sight = model_sees(runtime, None)
    assert sight.can is False and "projector file is gone" in sight.reason


def test_ollama_sees_what_its_show_says(db, smollm2_path, stub, monkeypatch):
    from app.engines.targets import EngineTarget
    from app.services.vision import model_sees

    monkeypatch.setenv("OLLAMA_HOST", stub.url)
    sight = model_sees(runtime_for(db, EngineTarget("ollama", model="gemma3:4b")), None)
    assert sight.can is True and "gemma3:4b" in sight.reason
    sight = model_sees(runtime_for(db, EngineTarget("ollama", model="gemma3:270m")), None)
    assert sight.can is False and "choose a vision model" in sight.reason.lower()
    monkeypatch.setenv("OLLAMA_HOST", "http://127.0.0.1:9")
    sight = model_sees(runtime_for(db, EngineTarget("ollama", model="gemma3:4b")), None)
    assert sight.can is None and "did not say" in sight.reason


def test_a_worker_sees_what_its_model_card_says(db, tmp_path):
    from app.engines.targets import AUTO, EngineTarget
    from app.services.vision import model_sees

    register_folder(db, "qwen-vl", tmp_path / "qwen-vl", QWEN_VL)
    register_folder(db, "qwen-text", tmp_path / "qwen-text", QWEN_TEXT)
    vllm = runtime_for(db, EngineTarget("vllm"))
    assert model_sees(vllm, "qwen-vl").can is True
    sight = model_sees(vllm, "qwen-text")
    assert sight.can is False and "text-only" in sight.reason
    # the automatic choice finds no engine for a folder here: the card still answers
    assert model_sees(runtime_for(db, AUTO), "qwen-vl").can is True


def test_a_remote_endpoint_is_unknown_and_a_missing_model_says_so(db, smollm2_path):
    from app.engines.targets import EngineTarget
    from app.services.vision import model_sees

    sight = model_sees(runtime_for(db, EngineTarget("remote", remote="lan-box")), None)
    assert sight.can is None and "lan-box" in sight.reason
    sight = model_sees(runtime_for(db, EngineTarget("remote", remote="lan-box")), "nope")
    assert sight.can is None and "no model called 'nope'" in sight.reason


def test_an_older_ollama_without_capabilities_is_read_from_its_families():
    from ollama._types import ModelDetails, ShowResponse

    from app.engines.ollama import vision_of

    def shown(families: list[str], info: dict | None = None) -> ShowResponse:
        return ShowResponse(details=ModelDetails(families=families), model_info=info or {})

    assert vision_of(shown(["llama", "clip"]))  # llava before Ollama 0.6.4
    assert vision_of(shown(["mllama"]))  # llama3.2-vision
    assert vision_of(shown(["gemma3"], {"gemma3.vision.image_size": 896}))
    assert not vision_of(shown(["qwen2"], {"qwen2.context_length": 32768}))
    assert not vision_of(ShowResponse(capabilities=["completion", "tools"], model_info={}))
