"""Separate Python environments for GPU engines (``hearth engines install vllm``).

Each engine gets its own virtual environment under Hearth's data folder, the way LM
Studio's runtime manager fetches runtimes: Hearth's own environment is never touched,
and the installers never bundle multi-GB engines. pip's output is turned into
:class:`~app.engines.base.Progress` events as it installs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from app.engines.base import EngineError, Progress
from app.paths import get_paths

#: What ``pip install`` gets for each engine (the same names as pyproject's extras).
PACKAGES: dict[str, tuple[str, ...]] = {
    "vllm": ("vllm",),
    "lmdeploy": ("lmdeploy",),
    "tensorrt-llm": ("tensorrt-llm",),
}
#: Extra pip arguments some engines need (TensorRT-LLM's wheels live on NVIDIA's index).
PIP_ARGS: dict[str, tuple[str, ...]] = {
    "tensorrt-llm": ("--extra-index-url", "https://pypi.nvidia.com"),
}
PLATFORMS: dict[str, tuple[str, ...]] = {
    "vllm": ("linux",), "lmdeploy": ("linux", "win32"), "tensorrt-llm": ("linux",),
}


def env_dir(engine: str, root: Path | None = None) -> Path:
    """Where ``engine``'s environment lives."""
    return (root or get_paths().data / "engines") / engine


def env_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def create_env(folder: Path) -> Path:
    """Create a virtual environment with pip (once); returns its python."""
    python = env_python(folder)
    if not python.exists():
        folder.parent.mkdir(parents=True, exist_ok=True)
        venv.EnvBuilder(with_pip=True, clear=False, symlinks=sys.platform != "win32").create(folder)
    return python


_COLLECTING = re.compile(r"^Collecting (\S+)")
_DOWNLOADING = re.compile(r"^\s*Downloading (\S+)(?: \(([\d.]+ [kMG]?B)\))?")
_INSTALLING = re.compile(r"^Installing collected packages: (.+)")
_DONE = re.compile(r"^Successfully installed (.+)")


def progress_from_pip(line: str) -> Progress | None:
    """A Progress event for one line of pip's output, or None for noise."""
    line = line.rstrip()
    if m := _COLLECTING.match(line):
        return Progress("resolve", None, f"Collecting {m.group(1)}")
    if m := _DOWNLOADING.match(line):
        size = f" ({m.group(2)})" if m.group(2) else ""
        return Progress("download", None, f"Downloading {Path(m.group(1)).name}{size}")
    if m := _INSTALLING.match(line):
        return Progress("install", 0.9, f"Installing {m.group(1)}")
    if m := _DONE.match(line):
        return Progress("done", 1.0, f"Installed {m.group(1)}")
    if line.startswith("ERROR:"):
        return Progress("error", None, line)
    return None


def install(engine: str, *, root: Path | None = None, packages: Sequence[str] | None = None,
            pip_args: Sequence[str] = (), log: Callable[[str], None] | None = None,
            ) -> Iterator[Progress]:
    """Create ``engine``'s environment and pip-install it there, yielding progress.

    ``packages`` overrides what is installed (a pinned version, a local wheel).
    Raises :class:`EngineError` when pip fails, with pip's last error line.
    """
    if engine not in PACKAGES:
        raise EngineError(f"Unknown engine {engine!r}; choose one of {', '.join(PACKAGES)}.")
    if not any(sys.platform.startswith(p) for p in PLATFORMS[engine]):
        yield Progress("warning", None, f"{engine} is not published for {sys.platform}; "
                       "trying anyway")
    folder = env_dir(engine, root)
    yield Progress("environment", 0.0, f"Creating the environment at {folder}")
    python = create_env(folder)
    argv = [str(python), "-m", "pip", "install", "--progress-bar", "off",
            "--disable-pip-version-check", *PIP_ARGS.get(engine, ()), *pip_args,
            *(packages or PACKAGES[engine])]
    yield Progress("pip", 0.05, " ".join(argv[3:]))
    yield from _run_pip(argv, log)


def _run_pip(argv: list[str], log: Callable[[str], None] | None) -> Iterator[Progress]:
    env = {**os.environ, "PIP_NO_INPUT": "1", "PYTHONUNBUFFERED": "1"}
    env.pop("PYTHONPATH", None)  # nothing of Hearth's own environment leaks in
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, bufsize=1)
    errors: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        if log:
            log(line.rstrip())
        event = progress_from_pip(line)
        if event is not None:
            if event.stage == "error":
                errors.append(event.message)
            yield event
    if proc.wait() != 0:
        reason = errors[-1] if errors else f"pip exited with status {proc.returncode}"
        raise EngineError(f"Installing failed: {reason}. The environment is left as it was "
                          "for a retry; delete it from the engines settings to start over.")
