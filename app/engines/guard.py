"""The watchdog between Hearth and one worker process (stdlib only, so it starts fast).

Run as ``python -m app.engines.guard PIDFILE -- ARGV...``. It starts ARGV in its own
process group and then watches two things:

- its standard input, a pipe whose other end only Hearth holds: when Hearth exits, by
  ``close()`` or by being killed, the OS closes that end, the guard reads end-of-file and
  stops the worker's whole process group (SIGTERM, then SIGKILL after a grace period);
- the worker itself: when it exits, the guard exits with the same status.

This works the same on Linux, macOS and Windows, and unlike Linux's parent-death signal
it does not fire when merely the *thread* that spawned the worker ends. On Linux the
worker also gets SIGKILL should the guard itself be killed (prctl PR_SET_PDEATHSIG; the
guard's main thread lives as long as the guard, so that signal is safe here). On Windows
Hearth also puts the guard in a kill-on-close job object (winjob.py), which the worker
joins, so both end when Hearth's process does even if this guard cannot act.
The pidfile records the worker's pid and command line for stale-worker cleanup; the
guard removes it when the worker is gone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

GRACE_S = 5.0


def _worker_preexec(guard_pid: int) -> None:
    """In the worker, before exec: own process group; die if the guard dies (Linux)."""
    os.setsid()
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        return
    if os.getppid() != guard_pid:  # the guard died before prctl took effect
        os._exit(1)


def _say(message: str) -> None:
    print(f"[hearth-guard] {message}", file=sys.stderr, flush=True)


def stop_tree(proc: subprocess.Popen, grace_s: float = GRACE_S) -> None:
    """Stop a worker started in its own process group: terminate, wait, then kill."""
    if proc.poll() is not None:
        return
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/T", "/F", "/PID", str(proc.pid)], capture_output=True,
                       check=False)
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    # children of the worker (vLLM's engine core...) share its group: sweep them too
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _watch_stdin(proc: subprocess.Popen, stopping: threading.Event) -> None:
    while os.read(0, 4096):  # os.read, not sys.stdin: no lock to abort on at exit
        pass
    stopping.set()
    _say("Hearth closed the watchdog pipe: stopping the worker")
    stop_tree(proc)


def main(argv: list[str]) -> int:
    """Entry point; returns the worker's exit status."""
    if len(argv) < 3 or argv[1] != "--":
        print("usage: python -m app.engines.guard PIDFILE -- ARGV...", file=sys.stderr)
        return 2
    pidfile, command = argv[0], argv[2:]
    guard_pid = os.getpid()
    kwargs = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined]
              if sys.platform == "win32"
              else {"preexec_fn": lambda: _worker_preexec(guard_pid)})
    try:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, **kwargs)
    except OSError as exc:
        _say(f"could not start {command[0]}: {exc}")
        return 127
    record = {"guard_pid": guard_pid, "pid": proc.pid, "argv": command, "started": time.time()}
    with open(pidfile + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(record, handle)
    os.replace(pidfile + ".tmp", pidfile)
    stopping = threading.Event()
    def on_signal(*_: object) -> None:
        stopping.set()
        stop_tree(proc)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, on_signal)
    threading.Thread(target=_watch_stdin, args=(proc, stopping), daemon=True).start()
    code = proc.wait()
    if not stopping.is_set():
        _say(f"worker exited with status {code}")
    try:
        os.unlink(pidfile)
    except OSError:
        pass
    return 128 - code if code < 0 else code  # killed by signal N: the shell's 128 + N


if __name__ == "__main__":
    status = main(sys.argv[1:])
    sys.stderr.flush()
    os._exit(status)  # not sys.exit: the stdin thread may still be blocked in read
