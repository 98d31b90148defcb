"""``hearth --selftest [--model PATH]``: check, headless, that this Hearth works.

Written for the frozen build, where a missing native library, data file or Qt plugin only
shows when the installed app runs. Each check prints one line; the process exits 0 when
every check passed and 1 otherwise, and the failing lines say what is broken. All files
are written under a temporary ``HEARTH_HOME``, so the user's own data is never touched.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Modules every Hearth needs; a frozen build that lacks one is broken.
REQUIRED_MODULES = ("app.cli", "app.commands.chat", "app.commands.models", "app.commands.kb",
                    "app.commands.engines", "app.commands.doctor", "app.engines.llamacpp", "app.models.validate", "app.store",
                    "llama_cpp", "sqlean", "sqlite_utils", "gguf", "jinja2", "pydantic",
                    "numpy", "platformdirs", "psutil", "click")
#: Qt's platform plugin the window needs on each OS (file name starts with it).
QT_PLATFORM_PLUGIN = {"linux": "libqxcb", "win32": "qwindows", "darwin": "libqcocoa"}
PROMPT = "Say hello."


class CheckFailed(Exception):
    """A check found something broken; the message says what."""


class CheckSkipped(Exception):
    """A check does not apply to this build; the message says why."""


@dataclass
class Outcome:
    name: str
    status: str  # "ok", "skip" or "FAIL"
    detail: str
    seconds: float

    def line(self) -> str:
        return f"{self.status:<4} {self.name:<10} {self.detail} ({self.seconds:.2f} s)"


# the checks ------------------------------------------------------------------------------


def check_imports() -> str:
    """Import every required module, and the window's modules when this build has them."""
    for name in REQUIRED_MODULES:
        try:
            importlib.import_module(name)
        except Exception as exc:  # a broken native library raises OSError, not ImportError
            raise CheckFailed(f"cannot import {name}: {exc!r}") from exc
    import llama_cpp

    device = "GPU offload" if llama_cpp.llama_supports_gpu_offload() else "CPU"
    extra = [name for name in ("sqlite_vec", "app.commands.gui", "app.ui")
             if _import_if_present(name)]
    return (f"{len(REQUIRED_MODULES) + len(extra)} modules; "
            f"llama-cpp-python {llama_cpp.__version__} ({device})")


def _import_if_present(name: str) -> bool:
    parent = name.rpartition(".")[0]
    if parent and not _import_if_present(parent):
        return False
    if importlib.util.find_spec(name) is None:
        return False
    try:
        importlib.import_module(name)
    except Exception as exc:
        raise CheckFailed(f"{name} is bundled but does not import: {exc!r}") from exc
    return True


def check_database() -> str:
    """Create and migrate a database in the temporary home; write and read one row."""
    from app.paths import get_paths
    from app.store import open_db
    from app.store.conversations import ConversationStore

    db = open_db()
    try:
        applied = db["_sqlite_migrations"].count
        store = ConversationStore(db)
        conversation = store.create(title="selftest")
        if store.get(conversation.id).title != "selftest":
            raise CheckFailed("a conversation written to the database did not read back")
        vec = _sqlite_vec_version(db)
    finally:
        db.close()
    return (f"{get_paths().database.name}: {applied} migrations applied"
            + (f", sqlite-vec {vec}" if vec else ""))


def _sqlite_vec_version(db) -> str | None:
    if importlib.util.find_spec("sqlite_vec") is None:
        return None
    import sqlite_vec

    try:
        db.conn.enable_load_extension(True)
        sqlite_vec.load(db.conn)
        db.conn.enable_load_extension(False)
        return db.execute("select vec_version()").fetchone()[0]
    except Exception as exc:
        raise CheckFailed(f"sqlite-vec is bundled but its extension does not load: {exc!r}"
                          ) from exc


def check_catalog() -> str:
    """Parse ``resources/catalog.json`` when this build ships one."""
    from app.resources import resource

    path = resource("catalog.json")
    if not path.exists():
        raise CheckSkipped(f"no catalog at {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckFailed(f"{path} is unreadable: {exc}") from exc
    entries = data.get("models", data) if isinstance(data, dict) else data
    return f"{len(entries)} entries in {path.name}"


def check_qt_plugins() -> str:
    """The window's Qt platform plugin is where Qt will look for it."""
    if importlib.util.find_spec("app.ui") is None:
        raise CheckSkipped("this build has no window (app.ui)")
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        raise CheckFailed("app.ui is bundled but PySide6 is not")
    roots = [Path(p) for p in spec.submodule_search_locations]
    wanted = QT_PLATFORM_PLUGIN.get(sys.platform, "libqxcb")
    for root in roots:
        for folder in (root / "Qt" / "plugins" / "platforms", root / "plugins" / "platforms"):
            found = sorted(p.name for p in folder.glob("*")) if folder.is_dir() else []
            if any(name.startswith(wanted) for name in found):
                return f"platform plugins: {', '.join(found)}"
    raise CheckFailed(f"Qt's platform plugin {wanted} is missing under {roots}: "
                      "the window cannot open")


def check_validate(model: Path) -> str:
    """Validate the model in a child process (``--run-module`` in the frozen build)."""
    from app.models.gguf_meta import InvalidModelError
    from app.models.validate import validate_gguf

    try:
        info = validate_gguf(model, use_cache=False)
    except InvalidModelError as exc:
        raise CheckFailed(f"validation of {model.name} failed: {exc}") from exc
    return f"{model.name}: {info.architecture}, {info.quantization or '?'}, checked in a child"


def check_generate(model: Path) -> str:
    """Load the model in-process and stream a few tokens."""
    from app.engines.base import ChatParams, Done, Error, LoadParams, Message, ModelRef, Token
    from app.engines.llamacpp import LlamaCppEngine

    engine = LlamaCppEngine()
    try:
        report = engine.load(ModelRef("selftest", model), LoadParams(n_ctx=512, validate=False))
        pieces: list[str] = []
        for event in engine.chat([Message("user", PROMPT)], ChatParams(max_tokens=8, seed=1)):
            if isinstance(event, Token):
                pieces.append(event.text)
            elif isinstance(event, Error):
                raise CheckFailed(f"generation failed: {event.message}")
            elif isinstance(event, Done):
                break
    finally:
        engine.close()
    if not pieces:
        raise CheckFailed(f"{model.name} loaded but produced no token")
    return f"{len(pieces)} tokens {''.join(pieces)!r}, ready in {report.ready_s:.2f} s"


# running them ----------------------------------------------------------------------------


def default_model() -> Path | None:
    """The starter model bundled with this build, if any."""
    from app.models.builtin import smollm2_path

    return smollm2_path()


def run_check(name: str, check: Callable[[], str]) -> Outcome:
    """Run one check; never raises."""
    start = time.perf_counter()
    try:
        status, detail = "ok", check()
    except CheckSkipped as exc:
        status, detail = "skip", str(exc)
    except CheckFailed as exc:
        status, detail = "FAIL", str(exc)
    except Exception as exc:  # anything else is a bug this check exists to find
        status = "FAIL"
        detail = f"{exc!r}\n" + "".join(traceback.format_exception(exc)[-3:])
    return Outcome(name, status, detail, time.perf_counter() - start)


def checks_for(model: Path | None) -> list[tuple[str, Callable[[], str]]]:
    """The checks, in order; the model checks say so when there is no model."""
    def no_model() -> str:
        raise CheckSkipped("no model: pass --model PATH (this build bundles no starter)")

    listed: list[tuple[str, Callable[[], str]]] = [
        ("imports", check_imports), ("database", check_database), ("catalog", check_catalog),
        ("qt", check_qt_plugins)]
    if model is None:
        return [*listed, ("validate", no_model), ("generate", no_model)]
    return [*listed, ("validate", lambda: check_validate(model)),
            ("generate", lambda: check_generate(model))]


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hearth --selftest",
                                     description="Check, headless, that this Hearth works.")
    parser.add_argument("--model", type=Path, default=None,
                        help="GGUF to validate and generate with (default: the bundled starter)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run every check; print one line each; 0 when all passed, 1 when any failed."""
    args = _parse(list(sys.argv[1:] if argv is None else argv))
    model = args.model.expanduser().resolve() if args.model else None
    if model is not None and not model.is_file():
        print(f"FAIL model      {model} does not exist: pass the path of a .gguf file")
        return 1
    saved_home = os.environ.get("HEARTH_HOME")
    with tempfile.TemporaryDirectory(prefix="hearth-selftest-") as home:
        os.environ["HEARTH_HOME"] = home
        try:
            outcomes = []
            for name, check in checks_for(model or default_model()):
                outcomes.append(run_check(name, check))
                print(outcomes[-1].line(), flush=True)
        finally:
            if saved_home is None:
                os.environ.pop("HEARTH_HOME", None)
            else:
                os.environ["HEARTH_HOME"] = saved_home
    failed = [o.name for o in outcomes if o.status == "FAIL"]
    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    if failed:
        print(f"selftest FAILED ({frozen}): {', '.join(failed)}")
        return 1
    print(f"selftest ok ({frozen})")
    return 0
