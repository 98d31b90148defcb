"""The servers the API benchmarks talk to, each a real process of its own.

:class:`HearthServer` runs ``hearth serve --port 0`` with its own ``HEARTH_HOME`` and reads
the address from the line it prints once listening; :class:`LlamaCppServer` runs
llama-cpp-python's own OpenAI server on a free port and waits for ``/v1/models``. Both
follow the life of any worker: spawn, wait for readiness with a deadline (noticing an
early exit), serve, stop (SIGINT, then kill if it lingers). Output goes to a log file whose
tail is quoted when something fails.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from pathlib import Path
from typing import IO, Any

from app.engines.registry import HOST
from app.engines.workers import free_port

LISTENING = re.compile(r"listening on (http://\S+?/v1)\b")
#: the folder that holds the ``app`` package, so ``python -m app`` runs this checkout
SOURCE_ROOT = Path(__file__).resolve().parents[2]


class ServerFailed(RuntimeError):
    """A server did not start, or died; the message quotes its log."""


def log_tail(path: Path, lines: int = 20) -> str:
    """The last ``lines`` lines of a log file ('' if there is none)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def write_hearth_settings(home: Path, **fields: Any) -> Path:
    """Write ``settings.json`` under ``home`` (the layout of :func:`app.paths.get_paths`)
    with ``fields`` over the defaults; what ``hearth serve`` reads at start."""
    from app.settings import Settings, save_settings

    path = home / "config" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    save_settings(Settings(**fields), path)
    return path


def bench_threads(threads: int) -> int:
    """``threads``, or for 0 one fewer than Hearth's default (at least 1), which leaves
    a core for the client and the HTTP server: llama.cpp spins when a core is busy."""
    from app.engines.llamacpp import default_threads

    return threads or max(1, default_threads() - 1)


class ServerProcess:
    """One server subprocess: its ``base_url`` (…/v1) once ready, and ``stop()``."""

    name = "server"

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.base_url = ""
        self.process: subprocess.Popen[str] | None = None
        self.exit_code: int | None = None
        self.stopped_cleanly: bool | None = None

    def _spawn(self, argv: list[str], env: dict[str, str], stdout: int | IO[str]) -> None:
        self._log = open(self.log_path, "a", encoding="utf-8")  # closed in stop()
        self.process = subprocess.Popen(argv, env=env, stdout=stdout, stderr=self._log,
                                        text=True, cwd=SOURCE_ROOT)

    def _fail(self, what: str) -> ServerFailed:
        self.stop()
        return ServerFailed(f"{self.name} {what} (exit code {self.exit_code}). "
                            f"Its log ({self.log_path}) ends:\n{log_tail(self.log_path)}")

    def stop(self, grace_s: float = 15.0) -> None:
        """SIGINT, then SIGKILL after ``grace_s``; records whether it stopped by itself."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(grace_s)
                self.stopped_cleanly = True
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                self.stopped_cleanly = False
        self.exit_code = process.returncode
        self.process = None
        self._log.close()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class HearthServer(ServerProcess):
    """``python -m app serve --port 0 --model MODEL`` with ``HEARTH_HOME=home``."""

    name = "hearth serve"

    def __init__(self, home: Path, model: str, extra_args: tuple[str, ...] = (),
                 ready_timeout_s: float = 180.0) -> None:
        super().__init__(home / "serve.log")
        self.home = home
        self.stdout_lines: deque[str] = deque(maxlen=200)
        env = {**os.environ, "HEARTH_HOME": str(home),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(SOURCE_ROOT),
                                                           os.environ.get("PYTHONPATH")]))}
        argv = [sys.executable, "-m", "app", "serve", "--host", HOST, "--port", "0",
                "--model", model, *extra_args]
        home.mkdir(parents=True, exist_ok=True)
        self._spawn(argv, env, subprocess.PIPE)
        self.base_url = self._wait_listening(ready_timeout_s)

    def _wait_listening(self, timeout_s: float) -> str:
        found: list[str] = []
        ready = threading.Event()

        def read() -> None:  # keeps draining stdout after the line, so the pipe never fills
            assert self.process is not None and self.process.stdout is not None
            for line in self.process.stdout:
                self.stdout_lines.append(line.rstrip())
                match = LISTENING.search(line)
                if match and not found:
                    found.append(match.group(1))
                    ready.set()
            ready.set()

        threading.Thread(target=read, name="hearth-serve-stdout", daemon=True).start()
        if not ready.wait(timeout_s):
            raise self._fail(f"printed no 'listening on' line within {timeout_s:.0f} s")
        if not found:
            stdout = "\n".join(self.stdout_lines)
            raise self._fail(f"exited before listening; its output:\n{stdout}\n")
        return found[0]


class LlamaCppServer(ServerProcess):
    """``python -m llama_cpp.server`` on a free 127.0.0.1 port (one slot; it re-processes
    the prompt from the first token that differs from the previous request's)."""

    name = "llama_cpp.server"

    def __init__(self, gguf: Path, log_path: Path, n_ctx: int, n_threads: int, n_batch: int,
                 alias: str, ready_timeout_s: float = 180.0) -> None:
        super().__init__(log_path)
        port = free_port()
        argv = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf),
                "--model_alias", alias, "--host", HOST, "--port", str(port),
                "--n_ctx", str(n_ctx), "--n_threads", str(n_threads),
                "--n_threads_batch", str(n_threads), "--n_batch", str(n_batch),
                "--n_ubatch", str(n_batch)]
        self._spawn(argv, dict(os.environ), subprocess.DEVNULL)
        self.base_url = f"http://{HOST}:{port}/v1"
        self._wait_models(ready_timeout_s)

    def _wait_models(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise self._fail("exited before answering /v1/models")
            if models_answer(self.base_url):
                return
            time.sleep(0.2)
        raise self._fail(f"did not answer /v1/models within {timeout_s:.0f} s")


def models_answer(base_url: str) -> bool:
    """True when ``GET base_url/models`` answers 200 with a JSON list."""
    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=2) as response:
            return response.status == 200 and "data" in json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError):
        return False
