"""Check a GGUF file in a child process before Hearth's own process ever loads it.

The child reads the header and tensor table (every tensor must lie inside the file),
renders the chat template in its sandbox, then does a trial load with llama.cpp. A file
that makes llama.cpp abort with a C assert kills only the child; the parent turns the exit
status and llama.cpp's captured log into a message a person can act on. Results are
remembered per (path, size, modification time), so a file is checked once.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path

from app.atomic import write_atomic
from app.child import run_child
from app.i18n import _
from app.models.gguf_meta import GGUFInfo, InvalidModelError, check_header, read_metadata
from app.paths import get_paths

RESULT_PREFIX = "HEARTH-VALIDATE "
_LOG_HINTS = ("error", "failed", "invalid", "assert", "exception", "unknown", "missing",
              "out of", "corrupt", "not enough", "exceeds")


def validate_gguf(path: Path, timeout_s: float = 60.0, *, trial_load: bool = True,
                  use_cache: bool = True, projector: bool | None = False) -> GGUFInfo:
    """Return the file's metadata if it is a loadable model; raise InvalidModelError if not.

    ``projector`` says what the file must be: False a language model (a vision projector
    is refused with a sentence saying to import it with its model), True a projector
    (``mmproj``: its header and tensor table are checked; llama.cpp cannot load it
    alone, so there is no trial load), None either.
    """
    path = Path(path).expanduser()
    check_header(path)
    key = _cache_key(path)
    if use_cache and (cached := _cache_get(key)) is not None:
        return _of_kind(cached, path, projector)
    args = [str(path)] + ([] if trial_load else ["--no-trial-load"])
    result = run_child("app.models.validate", *args, timeout_s=timeout_s)
    if result.timed_out:
        raise InvalidModelError(
            f"Checking {path.name} took longer than {timeout_s:.0f} s, so it was stopped. The "
            "file may be damaged, or too large for this machine's memory.")
    payload = _parse_result(result.stdout)
    if payload is None:
        raise InvalidModelError(_crash_message(path.name, result.returncode, result.stderr))
    if not payload.get("ok"):
        message = payload.get("error") or f"{path.name} is not a usable model."
        if payload.get("see_log"):
            reason = log_reason(result.stderr)
            message = message.replace("{reason}", f" ({reason})" if reason else "")
        raise InvalidModelError(message)
    info = GGUFInfo.from_dict(payload["info"])
    if trial_load or info.is_projector:  # a model checked without loading is not vouched for
        _cache_put(key, info)
    return _of_kind(info, path, projector)


def validate_projector(path: Path, timeout_s: float = 60.0) -> GGUFInfo:
    """A vision projector's metadata (``clip.*``), checked in the child; raises
    InvalidModelError when the file is damaged or is not a projector."""
    return validate_gguf(path, timeout_s, trial_load=False, projector=True)


def _of_kind(info: GGUFInfo, path: Path, projector: bool | None) -> GGUFInfo:
    if projector is None or projector == info.is_projector:
        return info
    if info.is_projector:
        raise InvalidModelError(projector_alone_message(path.name))
    raise InvalidModelError(_(
        "{name} is a language model ({arch}), not a vision projector. A projector is the "
        "second file of a vision model, usually named mmproj-….gguf.").format(
            name=path.name, arch=info.architecture))


def projector_alone_message(name: str) -> str:
    """What to do with a projector given where a model was expected."""
    return _("{name} is a vision projector, not a model: import it together with its "
             "language model (`hearth models import MODEL.gguf {name}`, or both files at "
             "once in the window), or import the model first and then the projector.").format(
                 name=name)


def _parse_result(stdout: str) -> dict | None:
    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            try:
                return json.loads(line[len(RESULT_PREFIX):])
            except json.JSONDecodeError:
                return None
    return None


def _crash_message(name: str, returncode: int | None, stderr: str) -> str:
    if returncode is not None and returncode < 0:
        try:
            how = f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            how = f"signal {-returncode}"
    else:
        how = f"exit status {returncode}"
    detail = log_reason(stderr)
    return (f"llama.cpp could not load {name} and stopped ({how})"
            + (f": {detail}" if detail else "")
            + ". The file is damaged, or uses a format this version of Hearth does not support. "
            "Hearth itself is unaffected; download the model again or choose another file.")


def log_reason(log: str, limit: int = 300) -> str:
    """The most telling line of a llama.cpp log (the last that names an error)."""
    lines = [line.strip() for line in log.splitlines()
             if line.strip() and not line.startswith(RESULT_PREFIX)]
    telling = [line for line in lines
               if any(hint in line.lower() for hint in _LOG_HINTS) and "Traceback" not in line]
    # llama.cpp ends with a generic "failed to load model"; the line before says why
    specific = [line for line in telling if "failed to load model" not in line] or telling
    if specific:
        return specific[-1].split(": ", 1)[-1][:limit]
    return lines[-1][:limit] if lines else ""


# cache ---------------------------------------------------------------------------------


def remember_valid(path: Path, info: GGUFInfo) -> None:
    """Record that ``path`` (as it is now) passed validation, e.g. after a rename."""
    _cache_put(_cache_key(Path(path)), info)



def _cache_file() -> Path:
    return get_paths().cache / "validated.json"


def _cache_key(path: Path) -> str:
    stat = path.stat()
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def _cache_load() -> dict:
    try:
        return json.loads(_cache_file().read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def _cache_get(key: str) -> GGUFInfo | None:
    entry = _cache_load().get(key)
    return GGUFInfo.from_dict(entry) if isinstance(entry, dict) else None


def _cache_put(key: str, info: GGUFInfo) -> None:
    entries = _cache_load()
    entries[key] = info.as_dict()
    write_atomic(_cache_file(), json.dumps(entries), durable=False)


# the child -----------------------------------------------------------------------------


def _trial_load(path: Path) -> float:
    """Load with llama.cpp (weights memory-mapped, tiny context) and tokenize a word."""
    start = time.perf_counter()
    from llama_cpp import Llama

    llm = Llama(model_path=str(path), n_ctx=64, n_batch=8, n_threads=1, use_mmap=True,
                verbose=True)
    try:
        if not llm.tokenize(b"Hello", add_bos=False):
            raise InvalidModelError(f"{path.name} loaded but its tokenizer produced nothing.")
    finally:
        llm.close()
    return time.perf_counter() - start


def _check(path: Path, trial_load: bool) -> dict:
    from app.models.templates import SAMPLE_CONVERSATION, TemplateRenderError, chat_format_for

    info = read_metadata(path)
    if info.is_projector:
        # llama.cpp loads a projector only together with its model (libmtmd), so the
        # child checks the header and the tensor table, nothing more
        if not info.has_vision_encoder or not info.projection_dim:
            raise InvalidModelError(_(
                "{name} is a CLIP file without a vision encoder or without its output "
                "width (clip.vision.projection_dim), so Hearth cannot use it to see "
                "images. Use the mmproj file published with the model.").format(
                    name=path.name))
        return {"ok": True, "info": info.as_dict(), "projector": True}
    fmt = chat_format_for(info)
    try:
        fmt.render(SAMPLE_CONVERSATION)
    except TemplateRenderError as exc:
        raise InvalidModelError(
            f"{path.name} carries a chat template Hearth will not run: {exc}. "
            "Use a copy of the model from a source you trust.") from exc
    result = {"ok": True, "info": info.as_dict(), "chat_format": fmt.name}
    if trial_load:
        result["trial_load_s"] = _trial_load(path)
    return result


def main(argv: list[str] | None = None) -> int:
    """Child entry point: ``python -m app.models.validate PATH [--no-trial-load]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    trial_load = "--no-trial-load" not in args
    path = Path(next(a for a in args if not a.startswith("--")))
    try:
        result = _check(path, trial_load)
        code = 0
    except InvalidModelError as exc:
        result, code = {"ok": False, "error": str(exc)}, 3
    except ValueError:
        # llama-cpp-python reports every failed load as "Failed to load model from file";
        # the reason is in llama.cpp's log on stderr, which the parent holds.
        result = {"ok": False, "see_log": True,
                  "error": f"llama.cpp could not load {path.name}{{reason}}. The file is damaged "
                  "or not supported; download it again or choose another file."}
        code = 3
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
