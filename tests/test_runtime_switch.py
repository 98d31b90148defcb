"""Switching engines without restarting: in-process llama.cpp -> a llama_cpp.server worker
(a real subprocess through the worker path) -> a "remote" endpoint (another
llama_cpp.server on 127.0.0.1, key from the keyring) -> Ollama (tests/ollama_stub.py,
the daemon cannot be installed here) -> back; the chat streams through each and the
conversation keeps every message. Failing switches report why and keep the previous
engine."""

from __future__ import annotations

import socket
import stat
import sys
import time
from pathlib import Path

import pytest

from app.engines.base import Done, EngineError
from app.engines.remotes import add_remote, load_config, set_engine_env
from app.engines.targets import DEFAULT, LLAMA_CPP, EngineFactory, EngineTarget, saved_target
from app.engines.workers import Worker, WorkerParams, build_spec, find_engine, free_port
from app.services.chat import ChatService
from app.services.runtime import EngineSwitchError, Runtime
from app.settings import Settings
from app.store.timings import load_history
from tests.memory_keyring import installed_memory_keyring
from tests.ollama_stub import OllamaStub

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX worker scripts")


@pytest.fixture
def memory_keyring():
    with installed_memory_keyring() as backend:
        yield backend


@pytest.fixture
def runtime(db, tmp_path):
    factory = EngineFactory(ready_timeout_s=60, stall_timeout_s=30, run_dir=tmp_path / "run")
    (tmp_path / "run").mkdir()
    rt = Runtime(db, Settings(n_ctx=512, max_tokens=8, temperature=0.0), factory=factory)
    yield rt
    rt.close()


@pytest.fixture(scope="module")
def remote_server(smollm2_path, tmp_path_factory):
    """llama-cpp-python's server behind an API key: the "remote" endpoint."""
    params = WorkerParams("smollm2-remote", max_context=512, device="cpu",
                          extra_args=("--api_key", "remote-key"))
    spec = build_spec(find_engine("llama-cpp-server"), str(smollm2_path), free_port(), params)
    object.__setattr__(spec, "health_path", "/docs")  # /v1/models needs the key
    worker = Worker(spec, run_dir=tmp_path_factory.mktemp("remote"), ready_timeout_s=60)
    worker.start()
    yield spec
    worker.stop()


def send(service: ChatService, conversation_id: int, text: str) -> Done:
    events = list(service.send(conversation_id, text))
    done = [e for e in events if isinstance(e, Done)]
    assert done, events
    return done[0]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_switch_through_every_engine_and_back(runtime, db, smollm2_path, remote_server,
                                             memory_keyring, monkeypatch):
    model = str(smollm2_path)
    service = ChatService.on_runtime(runtime)
    conversation = service.store.create(model=model)
    runtime.ensure(model)
    llama = runtime.engine
    assert runtime.target == DEFAULT and send(service, conversation.id, "Hi").text

    # 1. a llama_cpp.server worker, started through the worker path
    report = runtime.switch(EngineTarget("llama-cpp-server"))
    assert report.engine == "llama-cpp-server" and report.device == "cpu"
    assert report.spawn_s and report.load_s and report.ready_s >= report.spawn_s
    assert not llama.loaded, "llama.cpp's model was not freed"
    assert runtime.reason.startswith("llama-cpp-python server worker on cpu: your choice")
    worker_pid = runtime.engine.worker.pid
    assert send(service, conversation.id, "Hello?").text
    assert load_config().active == {"engine": "llama-cpp-server", "remote": None, "model": None}

    # 2. a remote endpoint; its key comes from the keyring
    add_remote("lan-box", remote_server.base_url, "remote-key")
    report = runtime.switch(EngineTarget("remote", remote="lan-box"))
    assert gone_within(worker_pid, 10), "the worker was not stopped"
    assert report.engine == "remote" and report.model == "smollm2-remote"
    assert runtime.reason.startswith(f"remote endpoint lan-box (127.0.0.1:{remote_server.port})")
    assert send(service, conversation.id, "And now?").text

    # 3. Ollama, where OLLAMA_HOST says
    with OllamaStub() as stub:
        monkeypatch.setenv("OLLAMA_HOST", stub.url)
        report = runtime.switch(EngineTarget("ollama", model="gemma3:270m"))
        assert report.engine == "ollama" and report.load_s == pytest.approx(0.12)
        assert runtime.reason.startswith(f"Ollama at {stub.url}: your choice, serving gemma3:270m")
        done = send(service, conversation.id, "Ollama?")
        assert done.text == " ".join(stub.state.reply_text.split(" ")[:8])  # max_tokens 8

        # 4. back to llama.cpp: Ollama is asked to free its model (keep_alive 0)
        report = runtime.switch(DEFAULT)
        unloads = [body for path, body in stub.state.requests
                   if path == "/api/generate" and body.get("keep_alive") == 0]
        assert unloads and unloads[-1]["model"] == "gemma3:270m"
    assert report.engine == "llama.cpp" and runtime.engine.loaded
    assert send(service, conversation.id, "Back home.").text
    assert load_config().active is None

    replies = [m for m in service.store.thread(conversation.id) if m.role == "assistant"]
    assert [(m.engine, m.status) for m in replies] == [
        ("llama.cpp", "complete"), ("llama-cpp-server", "complete"), ("remote", "complete"),
        ("ollama", "complete"), ("llama.cpp", "complete")]
    assert replies[2].model == "smollm2-remote" and replies[3].model == "gemma3:270m"
    engines = {row["engine"] for row in load_history(db)}
    assert engines == {"llama.cpp", "llama-cpp-server", "remote", "ollama"}


def fake_engine_env(folder: Path, script: str) -> Path:
    """A Python environment whose ``vllm`` console script runs ``script``: a stand-in for
    a vLLM that never becomes ready (vLLM itself cannot run in these tests)."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(parents=True)
    exe = bin_dir / "vllm"
    exe.write_text(f"#!{sys.executable}\n{script}\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return folder


def test_a_worker_that_never_becomes_ready_keeps_the_previous_engine(db, smollm2_path,
                                                                      tmp_path):
    never = "import time; print('INFO loading weights...', flush=True); time.sleep(600)"
    set_engine_env("vllm", fake_engine_env(tmp_path / "vllm-env", never))
    factory = EngineFactory(ready_timeout_s=2, stall_timeout_s=30, run_dir=tmp_path)
    runtime = Runtime(db, Settings(n_ctx=512, max_tokens=8), factory=factory)
    try:
        runtime.ensure(str(smollm2_path))
        with pytest.raises(EngineSwitchError) as failed:
            runtime.switch(EngineTarget("vllm"))
        message = str(failed.value)
        assert message.startswith("Could not switch to vLLM worker: The vLLM worker was not "
                                  "ready after 2 s")
        assert "INFO loading weights" in message and message.endswith("Back on llama.cpp in-process.")
        assert failed.value.report is not None and failed.value.report.engine == "llama.cpp"
        assert runtime.target == DEFAULT and runtime.engine.loaded
        assert not list(tmp_path.glob("vllm-*.json")), "the stalled worker was left running"
        assert load_config().active is None, "a failed switch was saved"
        service = ChatService.on_runtime(runtime)
        conversation = service.store.create(model=str(smollm2_path))
        assert send(service, conversation.id, "Still here?").text
    finally:
        runtime.close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_remote_that_refuses_keeps_the_previous_engine(runtime, smollm2_path, memory_keyring):
    add_remote("down", f"http://127.0.0.1:{closed_port()}/v1")
    runtime.ensure(str(smollm2_path))
    reason = runtime.reason
    with pytest.raises(EngineSwitchError, match=r"Could not switch to remote endpoint down: "
                       r"Lost the connection to http://127\.0\.0\.1:\d+/v1 .* Back on llama\.cpp"):
        runtime.switch(EngineTarget("remote", remote="down"))
    assert runtime.target == DEFAULT and runtime.reason == reason and runtime.engine.loaded


def test_a_switch_before_any_model_is_loaded_fails_cleanly(runtime, smollm2_path,
                                                          memory_keyring):
    runtime.settings.default_model = str(smollm2_path)
    with pytest.raises(EngineSwitchError, match="no remote endpoint named 'gone'.*Hearth keeps "
                       "choosing the engine automatically"):
        runtime.switch(EngineTarget("remote", remote="gone"))
    assert runtime.model is None and runtime.target == DEFAULT


def test_a_saved_choice_that_cannot_start_falls_back_at_the_next_start(db, smollm2_path,
                                                                       memory_keyring):
    add_remote("down", f"http://127.0.0.1:{closed_port()}/v1")
    config = load_config()
    config.active = EngineTarget("remote", remote="down").as_dict()
    from app.engines.remotes import save_config

    save_config(config)
    assert saved_target() == (EngineTarget("remote", remote="down"), "")
    runtime = Runtime(db, Settings(n_ctx=512))
    try:
        assert runtime.engine_name == "remote"
        report = runtime.ensure(str(smollm2_path))
        assert report.engine == "llama.cpp" and runtime.target == LLAMA_CPP
        assert runtime.reason.startswith("remote endpoint down could not start (Lost the "
                                         "connection")
        assert runtime.reason.endswith("using llama.cpp in-process instead")
        assert load_config().active == {"engine": "remote", "remote": "down", "model": None}
    finally:
        runtime.close()


def test_unknown_engines_are_refused():
    with pytest.raises(EngineError, match="no engine called 'no-such-engine'"):
        EngineTarget("no-such-engine")
    with pytest.raises(EngineError, match="Name the remote endpoint"):
        EngineTarget("remote")
