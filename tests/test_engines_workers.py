"""Workers for real: llama-cpp-python's OpenAI-compatible server started through the same
code path as vLLM / LMDeploy / TensorRT-LLM (LaunchSpec -> guard -> readiness -> client)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.engines.base import CancelToken, ChatParams, Done, Error, Message, ModelRef, Token
from app.engines.workers import (
    LaunchSpec,
    RestartPolicy,
    Worker,
    WorkerEngine,
    WorkerError,
    WorkerParams,
    build_spec,
    cleanup_stale,
    diagnose,
    find_engine,
    free_port,
)
from app.store.timings import load_history

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals in these tests")


def running(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(pid: int, timeout: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if not running(pid):
            return time.monotonic() - start
        time.sleep(0.05)
    return None


@pytest.fixture(scope="module")
def llama_server():
    install = find_engine("llama-cpp-server")
    if install is None:
        pytest.fail("llama-cpp-python is not installed")
    return install


def params(name: str = "smollm2") -> WorkerParams:
    return WorkerParams(served_name=name, max_context=1024, device="cpu")


@pytest.fixture(scope="module")
def engine(llama_server, smollm2_path, tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("workers")
    eng = WorkerEngine(llama_server, params(), run_dir=run_dir, ready_timeout_s=60,
                       stall_timeout_s=30)
    eng.report = eng.load(ModelRef("smollm2", smollm2_path))
    yield eng
    eng.close()


def test_ready_with_cold_start_phases(engine):
    report = engine.report
    assert report.engine == "llama-cpp-server" and report.model == "smollm2"
    assert 0 < report.spawn_s < report.ready_s and report.load_s > 0
    assert report.warmup_s is not None and report.warmup_s > 0
    assert engine.status.state == "ready" and engine.worker.alive
    assert engine.client.models() == ["smollm2"]


def test_cold_start_is_recorded(llama_server, smollm2_path, db, tmp_path):
    eng = WorkerEngine(llama_server, params(), db=db, run_dir=tmp_path, warmup=False)
    try:
        report = eng.load(ModelRef("smollm2", smollm2_path))
    finally:
        eng.close()
    (row,) = load_history(db, "smollm2")
    assert row["engine"] == "llama-cpp-server"
    assert row["spawn_s"] == pytest.approx(report.spawn_s)
    assert row["load_s"] == pytest.approx(report.load_s)
    assert row["ready_s"] == pytest.approx(report.ready_s)
    assert not eng.worker and eng.status.state == "stopped"


def test_loading_again_replaces_the_worker(llama_server, smollm2_path, tmp_path):
    eng = WorkerEngine(llama_server, run_dir=tmp_path, warmup=False, device="cpu")
    try:
        first = eng.load(ModelRef("smollm2-a", smollm2_path))
        first_pid = eng.worker.pid
        assert first.device == "cpu" and eng.client.models() == ["smollm2-a"]
        second = eng.load(ModelRef("smollm2-b", smollm2_path))
        assert wait_gone(first_pid, 10) is not None
        assert eng.client.models() == ["smollm2-b"] and second.model == "smollm2-b"
        assert eng.status.state == "ready" and eng.worker.pid != first_pid
    finally:
        eng.close()


def test_streaming_reply(engine):
    events = list(engine.chat([Message("user", "Say hello.")],
                              ChatParams(max_tokens=24, temperature=0.0)))
    tokens = [e.text for e in events if isinstance(e, Token)]
    done = events[-1]
    assert isinstance(done, Done), done
    assert len(tokens) > 1 and done.text == "".join(tokens)
    assert done.stats.ttft_s is not None and done.stats.completion_tokens >= len(tokens) - 1


def test_cancel_mid_stream(engine):
    cancel = CancelToken()
    events = []
    for event in engine.chat([Message("user", "Count from one to one hundred.")],
                             ChatParams(max_tokens=60, temperature=0.0), cancel):
        events.append(event)
        if sum(isinstance(e, Token) for e in events) == 3:
            cancel.cancel()
    done = events[-1]
    assert isinstance(done, Done) and done.stats.finish_reason == "cancelled"
    assert sum(isinstance(e, Token) for e in events) == 3
    # the worker is still healthy afterwards
    again = list(engine.chat([Message("user", "Hi")], ChatParams(max_tokens=4)))
    assert isinstance(again[-1], Done)


def test_kill_worker_mid_reply_reports_and_restarts(llama_server, smollm2_path, tmp_path):
    eng = WorkerEngine(llama_server, params(), run_dir=tmp_path, warmup=False,
                       restart=RestartPolicy(backoff_s=(0.2,)))
    try:
        eng.load(ModelRef("smollm2", smollm2_path))
        first_pid = eng.worker.pid
        killed_at = None
        events = []
        for event in eng.chat([Message("user", "Write a long story about a dragon.")],
                              ChatParams(max_tokens=500, temperature=0.0)):
            events.append(event)
            if isinstance(event, Token) and killed_at is None:
                os.kill(first_pid, signal.SIGKILL)
                killed_at = time.monotonic()
        error = events[-1]
        assert isinstance(error, Error), error
        assert time.monotonic() - killed_at < 10
        assert "stopped in the middle of the reply" in error.message
        assert "SIGKILL" in error.message
        assert eng.wait_ready(60), eng.status
        assert eng.status.restarts == 1 and eng.worker.pid != first_pid
        assert isinstance(list(eng.chat([Message("user", "Hi")],
                                        ChatParams(max_tokens=4)))[-1], Done)
    finally:
        eng.close()


def test_restart_gives_up_after_the_policy(tmp_path):
    script = "import sys, time; time.sleep(0.3); sys.exit(3)"
    spec = LaunchSpec("vllm", (sys.executable, "-c", script), free_port(), "/health", "x")
    worker = Worker(spec, run_dir=tmp_path, ready_timeout_s=10)
    with pytest.raises(WorkerError, match=r"stopped while starting \(exit status 3\)"):
        worker.start()


PARENT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from app.engines.workers import Worker, build_spec, find_engine, free_port, WorkerParams
    spec = build_spec(find_engine("llama-cpp-server"), {model!r}, free_port(),
                      WorkerParams("smollm2", device="cpu"))
    worker = Worker(spec, run_dir=Path({run_dir!r}))
    worker.spawn()
    print(worker.pid, flush=True)
    time.sleep(600)
""")


def test_kill_parent_takes_the_worker_down(smollm2_path, tmp_path):
    code = PARENT.format(repo=str(REPO), model=str(smollm2_path), run_dir=str(tmp_path))
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        worker_pid = int(parent.stdout.readline())
        assert running(worker_pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        gone_after = wait_gone(worker_pid, 5.0)
        assert gone_after is not None, "worker outlived its parent by 5 s"
    finally:
        parent.kill()


def test_port_already_taken(llama_server, smollm2_path, tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        spec = build_spec(llama_server, str(smollm2_path), port, params())
        with pytest.raises(WorkerError, match=f"Port {port} on 127.0.0.1 is taken"):
            Worker(spec, run_dir=tmp_path).start()


def test_worker_that_never_becomes_ready(tmp_path):
    never = "import time; print('loading weights...', flush=True); time.sleep(600)"
    spec = LaunchSpec("vllm", (sys.executable, "-c", never), free_port(), "/health", "x")
    worker = Worker(spec, run_dir=tmp_path, ready_timeout_s=2.0, stall_timeout_s=60)
    with pytest.raises(WorkerError, match="was not ready after 2 s") as err:
        worker.start()
    assert "loading weights" in str(err.value) and str(worker.log_path) in str(err.value)
    assert worker.wait_exit(10) and not worker.pidfile.exists()


def test_stalled_worker_is_stopped(tmp_path):
    stall = "import time; print('starting', flush=True); time.sleep(600)"
    spec = LaunchSpec("vllm", (sys.executable, "-c", stall), free_port(), "/health", "x")
    worker = Worker(spec, run_dir=tmp_path, ready_timeout_s=60, stall_timeout_s=1.0)
    with pytest.raises(WorkerError, match="stalled: no output and no answer for 1 s"):
        worker.start()
    assert worker.wait_exit(10)


def test_known_failure_becomes_a_plain_message(tmp_path):
    oom = ("import sys; print('torch.OutOfMemoryError: CUDA out of memory. Tried to allocate "
           "2.00 GiB', file=sys.stderr); sys.exit(1)")
    spec = LaunchSpec("vllm", (sys.executable, "-c", oom), free_port(), "/health", "x")
    with pytest.raises(WorkerError, match="out of GPU memory: choose a smaller"):
        Worker(spec, run_dir=tmp_path, ready_timeout_s=30).start()


def test_missing_model_is_reported_by_the_real_server(llama_server, tmp_path):
    spec = build_spec(llama_server, str(tmp_path / "nope.gguf"), free_port(), params())
    with pytest.raises(WorkerError, match="model not found"):
        Worker(spec, run_dir=tmp_path, ready_timeout_s=60).start()


@pytest.mark.parametrize("log,expected", [
    ("ERROR:    [Errno 98] error while attempting to bind on address ('127.0.0.1', 5): "
     "address already in use", "port 5 is taken"),
    ("RuntimeError: CUDA error: no kernel image is available for execution on the device",
     "not supported by vLLM"),
    ("ValueError: Bfloat16 is only supported on GPUs with compute capability of at least 8.0",
     "not supported by vLLM"),
    ("RuntimeError: Found no NVIDIA driver on your system.", "NVIDIA driver is missing"),
    ("OSError: /m does not appear to have a file named config.json", "model not found"),
    ("ModuleNotFoundError: No module named 'vllm._C'", "missing Python module 'vllm._C'"),
    ("INFO: all good", None),
])
def test_diagnose_known_failures(log, expected):
    spec = LaunchSpec("vllm", ("vllm",), 5, "/health", "x")
    message = diagnose(log, spec)
    assert (message is None) if expected is None else (expected in message)


def _wait_for_exec(pid: int, argv: list[str], timeout_s: float = 10.0) -> None:
    """Between fork and exec a child still shows its parent's command line."""
    import psutil

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).cmdline()[-1:] == argv[-1:]:
                return
        except psutil.Error:
            pass
        time.sleep(0.01)
    raise AssertionError("the stale worker never started")


def test_stale_worker_found_by_pidfile_and_command_line(tmp_path):
    argv = [sys.executable, "-c", "import time; time.sleep(600)", "hearth-stale-test"]
    stale = subprocess.Popen(argv, start_new_session=True)
    _wait_for_exec(stale.pid, argv)
    # a pidfile left by a Hearth that crashed, for a live worker...
    (tmp_path / "vllm-1.json").write_text(json.dumps(
        {"guard_pid": 999_999_999, "pid": stale.pid, "argv": argv, "started": 0}))
    # ...and one whose pid now belongs to another program (this test): never touched
    (tmp_path / "vllm-2.json").write_text(json.dumps(
        {"guard_pid": 999_999_998, "pid": os.getpid(), "argv": ["vllm", "serve", "/m"],
         "started": 0}))
    try:
        stopped = cleanup_stale(tmp_path)
        assert stopped == [stale.pid]
        assert stale.wait(5) == -signal.SIGKILL
        assert not list(tmp_path.glob("*.json"))
    finally:
        stale.kill()


def test_close_during_a_restart_leaves_no_worker_running(llama_server, smollm2_path, tmp_path):
    """A restart that is still starting when the engine closes stops what it started."""
    import psutil

    others = {p.pid for p in _llama_servers(psutil)}  # other tests' workers (module fixture)
    eng = WorkerEngine(llama_server, params(), run_dir=tmp_path, warmup=False,
                       restart=RestartPolicy(backoff_s=(0.0,)))
    try:
        eng.load(ModelRef("smollm2", smollm2_path))
        os.kill(eng.worker.pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while eng.status.restarts == 0 and time.monotonic() < deadline:
            time.sleep(0.01)  # the restart has begun launching a new worker
        assert eng.status.restarts == 1
    finally:
        eng.close()
    ours = lambda: [p for p in _llama_servers(psutil) if p.pid not in others]  # noqa: E731
    deadline = time.monotonic() + 60
    while ours() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not ours()
    assert eng.worker is None and eng.status.state != "ready"


def _llama_servers(psutil) -> list:
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if "llama_cpp.server" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            pass
    return found
