"""The engine registry: every engine Hearth knows is one declaration in one module.

A module in :mod:`app.engines.declared` sets ``ENGINE = EngineSpec(...)``: the engine's
name and label, its capabilities, its selection rules, how it is found (``detection``),
launched (``launch``: argv, environment, health path), installed (``install``) and spoken
to (``client``). Everything that lists engines reads this registry: the selector's rules,
the engine targets and factory, the inventory (``hearth engines list``, the Engines page),
the worker launcher, the environment installer and the ``engine_preference`` setting.
Adding an engine is adding one module there; :func:`register` adds one at run time
(tests, plugins).

This module imports nothing heavy: the declarations are read when first asked for.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.engines.base import Capabilities
from app.engines.rules import Rule

if TYPE_CHECKING:
    from app.engines.hardware import Hardware
    from app.engines.remotes import EngineConfig
    from app.engines.workers import WorkerParams

#: Where worker engines listen (never another interface).
HOST = "127.0.0.1"

#: The kinds of engine: loaded into Hearth's process, a daemon Hearth talks to, a worker
#: process Hearth launches, an endpoint somewhere else.
IN_PROCESS, DAEMON, WORKER, REMOTE = "in-process", "daemon", "worker", "remote"
OPENAI_CLIENT = "app.engines.openai_http:OpenAIEngine"


@dataclass(frozen=True)
class EngineEntry:
    """One row of the inventory: an engine found or not, and why it can or cannot run."""

    engine: str
    found: bool
    version: str | None
    where: str
    usable: bool
    why: str
    #: a remote endpoint's name ("" for the other engines)
    name: str = ""
    #: the models it offers, where the engine says (Ollama's list)
    models: tuple[str, ...] = ()
    #: the devices the build found runs on ("cpu" for vLLM's CPU build; () when not found)
    devices: tuple[str, ...] = ()
    #: the Python environment it was found in ("" when none or not a worker)
    env: str = ""


@dataclass(frozen=True)
class Detection:
    """How a worker engine is found in its Python environment (or on PATH).

    ``package`` is what must import there; ``distribution`` carries the version. The
    engine runs as the console script ``executable``, or as ``python -m module`` with the
    environment's Python. A distribution named in ``cpu_distributions``, or a version
    with a ``+cpu`` local tag, marks a build that runs on the CPU only.
    """

    package: str
    distribution: str
    executable: str | None = None
    module: str | None = None
    cpu_distributions: tuple[str, ...] = ()
    #: found in Hearth's own environment, never in one of its own
    in_hearth: bool = False


def no_env(params: WorkerParams) -> dict[str, str]:
    """A launch that needs no environment variables."""
    return {}


@dataclass(frozen=True)
class Launch:
    """How a worker is started: the arguments after its command, extra environment
    variables, and the path that answers 200 once it is ready."""

    argv: Callable[[str, int, WorkerParams], list[str]]
    health_path: str
    env: Callable[[WorkerParams], dict[str, str]] = no_env


@dataclass(frozen=True)
class PipInstall:
    """What ``hearth engines install`` puts in the engine's own environment."""

    packages: tuple[str, ...]
    pip_args: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ("linux",)


@dataclass(frozen=True)
class EngineSpec:
    """One engine, declared once."""

    name: str
    label: str
    kind: str
    #: where it is listed (lower first)
    order: int
    #: one line: what it runs, for the lists
    summary: str
    #: "module:Class" of what Hearth speaks to it with
    client: str
    capabilities: Capabilities = Capabilities()
    rules: tuple[Rule, ...] = ()
    detection: Detection | None = None
    launch: Launch | None = None
    install: PipInstall | None = None
    #: devices its usual build runs on ("cuda", "ascend", "cpu")
    devices: tuple[str, ...] = ("cpu",)
    #: the NVIDIA compute capability its GPU build needs (None: no GPU needed)
    min_capability: tuple[int, int] | None = None
    #: runs on an Ascend NPU too (LMDeploy)
    ascend: bool = False
    #: the rows of a non-worker engine for the inventory (hardware, config, ask the
    #: daemon?) -> entries; workers are found from ``detection``
    probe: Callable[[Hardware, EngineConfig, bool], list[EngineEntry]] | None = None
    #: offered to ``hearth engines use`` and the Engines page
    selectable: bool = True

    @property
    def is_worker(self) -> bool:
        return self.kind == WORKER

    @property
    def has_env(self) -> bool:
        """Lives in a Python environment of its own (which ``engines env set`` can name)."""
        return self.detection is not None and not self.detection.in_hearth

    def client_class(self) -> type:
        """The class Hearth speaks to this engine with (imported now)."""
        module, _, name = self.client.partition(":")
        return getattr(importlib.import_module(module), name)


# ---------------------------------------------------------------------------- the registry

_lock = threading.RLock()
_declared: dict[str, EngineSpec] | None = None
_added: dict[str, EngineSpec] = {}


def _declared_specs() -> dict[str, EngineSpec]:
    """Every ``ENGINE`` in a module of :mod:`app.engines.declared` (read once)."""
    global _declared
    with _lock:
        if _declared is None:
            from app.engines import declared

            found: dict[str, EngineSpec] = {}
            for info in sorted(pkgutil.iter_modules(declared.__path__), key=lambda i: i.name):
                module = importlib.import_module(f"{declared.__name__}.{info.name}")
                spec = getattr(module, "ENGINE", None)
                if isinstance(spec, EngineSpec):
                    found[spec.name] = spec
            _declared = found
        return _declared


def reload() -> None:
    """Read the declarations again (after a module was added to the package's path)."""
    global _declared
    with _lock:
        _declared = None


def register(spec: EngineSpec) -> None:
    """Add ``spec`` (or replace the engine of that name) for the rest of this process."""
    with _lock:
        _added[spec.name] = spec


def unregister(name: str) -> None:
    """Forget an engine added with :func:`register`."""
    with _lock:
        _added.pop(name, None)


def engines() -> tuple[EngineSpec, ...]:
    """Every engine, in listing order."""
    with _lock:
        specs = {**_declared_specs(), **_added}
    return tuple(sorted(specs.values(), key=lambda s: (s.order, s.name)))


def get(name: str) -> EngineSpec | None:
    """The engine called ``name``, or None."""
    return next((spec for spec in engines() if spec.name == name), None)


def require(name: str) -> EngineSpec:
    """The engine called ``name``; KeyError naming the known ones if there is none."""
    spec = get(name)
    if spec is None:
        raise KeyError(f"Hearth has no engine called {name!r}; it knows "
                       f"{', '.join(names())}.")
    return spec


def names() -> tuple[str, ...]:
    return tuple(spec.name for spec in engines())


def label(name: str) -> str:
    """'vLLM' for 'vllm'; the name itself for an engine Hearth does not know."""
    spec = get(name)
    return spec.label if spec is not None else name


def selectable() -> tuple[str, ...]:
    """What a user can choose to run chats on (``hearth engines use``, the setting)."""
    return tuple(spec.name for spec in engines() if spec.selectable)


def workers() -> tuple[EngineSpec, ...]:
    return tuple(spec for spec in engines() if spec.is_worker)


def with_env() -> tuple[EngineSpec, ...]:
    """The engines that live in a Python environment of their own."""
    return tuple(spec for spec in engines() if spec.has_env)


def installable() -> tuple[EngineSpec, ...]:
    """The engines ``hearth engines install`` can put in an environment."""
    return tuple(spec for spec in engines() if spec.install is not None)


def gpu_workers() -> tuple[EngineSpec, ...]:
    """Workers the selector may pick (those with selection rules)."""
    return tuple(spec for spec in workers() if spec.rules)


def all_rules() -> tuple[Rule, ...]:
    """Every engine's selection rules, in rank order (first match wins)."""
    rules = [rule for spec in engines() for rule in spec.rules]
    return tuple(sorted(rules, key=lambda rule: rule.rank))


def worker_labels(specs: tuple[EngineSpec, ...] | None = None) -> str:
    """'vLLM, LMDeploy, TensorRT-LLM or SGLang'."""
    labels = [spec.label for spec in (gpu_workers() if specs is None else specs)]
    if len(labels) < 2:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} or {labels[-1]}"


def iter_site_packages(env_dir: Path) -> Iterator[Path]:
    """The site-packages folders of a Python environment (POSIX and Windows layouts)."""
    yield from env_dir.glob("lib/python3*/site-packages")
    yield from env_dir.glob("lib64/python3*/site-packages")
    yield env_dir / "Lib" / "site-packages"


def describe(spec: EngineSpec) -> dict[str, Any]:
    """What the declaration says, as plain data (``hearth engines list --declared``)."""
    return {"name": spec.name, "label": spec.label, "kind": spec.kind, "summary": spec.summary,
            "client": spec.client, "devices": list(spec.devices),
            "health": spec.launch.health_path if spec.launch else None,
            "install": list(spec.install.packages) if spec.install else None}


def flag(name: str, value: object | None) -> list[str]:
    """``[name, value]``, or nothing when the value is not set (for argv builders)."""
    return [] if value is None else [name, str(value)]
