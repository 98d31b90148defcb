"""The Ollama engine through the official client, against tests/ollama_stub.py: a real
HTTP server on 127.0.0.1 that follows Ollama's REST API (the daemon cannot be installed
on the test machines)."""

from __future__ import annotations

import pytest

from app.engines.base import (
    CancelToken,
    ChatParams,
    Done,
    Error,
    Message,
    ModelLoadError,
    ModelRef,
    Token,
)
from app.engines.ollama import OllamaEngine, detect, ollama_host
from tests.ollama_stub import OllamaStub


@pytest.fixture
def stub():
    with OllamaStub() as server:
        yield server


def test_ollama_host_follows_the_environment(monkeypatch):
    monkeypatch.delenv("OLLAMA_HOST", raising=False)
    assert ollama_host() == "http://127.0.0.1:11434"
    monkeypatch.setenv("OLLAMA_HOST", "0.0.0.0")
    assert ollama_host() == "http://0.0.0.0:11434"
    monkeypatch.setenv("OLLAMA_HOST", "http://gpu-box:9999")
    assert ollama_host() == "http://gpu-box:9999"


def test_detect_running_daemon_via_ollama_host(stub, monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", stub.url)
    status = detect()
    assert status.running and status.version == "0.12.6"
    assert set(status.models) == {"gemma3:270m", "all-minilm:latest"}


def test_detect_absent_daemon_is_not_an_exception():
    with OllamaStub() as gone:
        url = gone.url
    status = detect(url, timeout_s=1)
    assert not status.running and "not running" in status.error
    assert "ollama serve" in status.error and "Errno" not in status.error


def test_load_reports_ollamas_load_duration(stub):
    engine = OllamaEngine(stub.url, keep_alive="10m")
    report = engine.load(ModelRef("gemma3:270m"))
    assert report.engine == "ollama" and report.load_s == pytest.approx(0.12)
    path, body = stub.state.requests[-1]
    assert path == "/api/generate" and body["keep_alive"] == "10m"
    (running,) = engine.running()
    assert running["model"] == "gemma3:270m"


def test_chat_stream_with_ollama_timings(stub):
    engine = OllamaEngine(stub.url)
    engine.load(ModelRef("gemma3:270m"))
    events = list(engine.chat([Message("user", "hello")],
                              ChatParams(max_tokens=64, temperature=0.2, seed=7)))
    tokens = [e.text for e in events if isinstance(e, Token)]
    done = events[-1]
    assert isinstance(done, Done) and done.text == stub.state.reply_text
    assert "".join(tokens) == stub.state.reply_text
    stats = done.stats
    assert stats.completion_tokens == len(tokens) and stats.prompt_tokens > 0
    assert stats.tok_s and stats.tok_s > 0 and stats.ttft_s == pytest.approx(0.002)
    _, body = stub.state.requests[-1]
    assert body["options"] == {"temperature": 0.2, "top_p": 0.95, "num_predict": 64, "seed": 7}


def test_chat_length_limit_and_cancel(stub):
    stub.state.token_delay_s = 0.05
    engine = OllamaEngine(stub.url)
    engine.load(ModelRef("gemma3:270m"))
    done = list(engine.chat([Message("user", "x")], ChatParams(max_tokens=2)))[-1]
    assert done.stats.finish_reason == "length" and done.stats.completion_tokens == 2
    cancel = CancelToken()
    events = []
    for event in engine.chat([Message("user", "x")], cancel=cancel):
        events.append(event)
        if isinstance(event, Token):
            cancel.cancel()
    assert events[-1].stats.finish_reason == "cancelled" and events[-1].text == "Hello"


def test_unknown_model_says_how_to_get_it(stub):
    engine = OllamaEngine(stub.url)
    with pytest.raises(ModelLoadError, match="ollama pull llama9"):
        engine.load(ModelRef("llama9"))


def test_daemon_gone_mid_session(stub):
    OllamaEngine(stub.url).load(ModelRef("gemma3:270m"))
    stub.shutdown()
    stub.server_close()
    engine = OllamaEngine(stub.url)
    engine.model = "gemma3:270m"  # loaded before the daemon went away
    events = list(engine.chat([Message("user", "x")]))
    assert isinstance(events[-1], Error) and "connection to Ollama" in events[-1].message


def test_embed(stub):
    engine = OllamaEngine(stub.url)
    engine.load(ModelRef("all-minilm:latest"))
    vectors = engine.embed(["one", "two", "one"])
    assert len(vectors) == 3 and vectors[0] == vectors[2] != vectors[1]


def test_stub_pull_streams_status_for_the_models_engineer(stub):
    import ollama

    stub.state.pullable["qwen3:0.6b"] = 1000
    statuses = [p.status for p in ollama.Client(stub.url).pull("qwen3:0.6b", stream=True)]
    assert statuses[0] == "pulling manifest" and statuses[-1] == "success"
    assert "verifying sha256 digest" in statuses
    assert "qwen3:0.6b" in stub.state.models
