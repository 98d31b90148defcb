"""Run a Hearth module in a child process, from source or from the frozen app.

Work that can crash or hang the process (checking an untrusted GGUF, parsing an untrusted
document) runs in a child. From source the child is ``python -m module``; in the
PyInstaller build there is no interpreter to call, so the frozen executable accepts
``--run-module module`` and dispatches it (see ``app/__main__.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

RUN_MODULE_FLAG = "--run-module"

#: Modules a frozen Hearth agrees to run as children; nothing else is reachable that way.
CHILD_MODULES = {"app.models.validate", "app.kb.extract", "app.engines.guard"}


def child_argv(module: str, *args: str) -> list[str]:
    """The command line that runs ``module`` (which must have a ``main(argv)``) as a child."""
    if module not in CHILD_MODULES:
        raise ValueError(f"{module} is not a child module")
    if getattr(sys, "frozen", False):
        return [sys.executable, RUN_MODULE_FLAG, module, *args]
    return [sys.executable, "-m", module, *args]


@dataclass
class ChildResult:
    returncode: int | None  # None when it was killed for running past its time limit
    stdout: str
    stderr: str
    timed_out: bool = False


def run_child(module: str, *args: str, timeout_s: float, env: dict | None = None) -> ChildResult:
    """Run a child module to completion or until ``timeout_s``; never raises for its failure."""
    full_env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
    try:
        done = subprocess.run(child_argv(module, *args), capture_output=True, text=True,
                              timeout=timeout_s, env=full_env, errors="replace")
    except subprocess.TimeoutExpired as exc:
        return ChildResult(None, _text(exc.stdout), _text(exc.stderr), timed_out=True)
    return ChildResult(done.returncode, done.stdout, done.stderr)


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", "replace")


def run_frozen_child(argv: list[str]) -> int:
    """Dispatch ``--run-module MODULE ARGS...`` inside the frozen executable."""
    import importlib

    module = argv[0]
    if module not in CHILD_MODULES:
        print(f"unknown child module {module}", file=sys.stderr)
        return 2
    status = int(importlib.import_module(module).main(argv[1:]) or 0)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # as `python -m` children do: no waiting on threads blocked in reads
