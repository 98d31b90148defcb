"""A conversation's structured output, read from what a user hands a front: a flag for
"any JSON object", a JSON schema file, or a GBNF grammar file.

The result is the conversation's ``response_format`` setting (OpenAI's shape, or
``{"type": "grammar", "grammar": GBNF}``), checked with the same rules the engines apply
(:meth:`app.engines.structured.OutputFormat.parse`), so a bad file is refused with a
sentence before any model loads or any conversation is made.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.engines.structured import ConstraintError, OutputFormat


class FormatError(ValueError):
    """A structured-output option that cannot be used; the message says what to fix."""


def format_from_files(json_flag: bool, schema_path: str | Path | None,
                      grammar_path: str | Path | None) -> dict[str, Any] | None:
    """The ``response_format`` that the options ask for (None: free text). At most one of
    them may be given."""
    chosen = [name for name, given in (("--json", json_flag), ("--json-schema", schema_path),
                                       ("--grammar", grammar_path)) if given]
    if len(chosen) > 1:
        raise FormatError(f"Choose one structured output: {' or '.join(chosen)}, not both.")
    if json_flag:
        response_format: dict[str, Any] | None = {"type": "json_object"}
    elif schema_path:
        response_format = schema_format(Path(schema_path))
    elif grammar_path:
        response_format = grammar_format(Path(grammar_path))
    else:
        return None
    return checked(response_format)


def schema_format(path: Path) -> dict[str, Any]:
    """A ``json_schema`` response format from a file holding a JSON schema (or OpenAI's
    ``{"name": ..., "schema": {...}, "strict": ...}``)."""
    data = _json_file(path)
    if not isinstance(data, dict):
        raise FormatError(f"{path} does not hold a JSON schema: its top level must be an "
                          'object such as {"type": "object", "properties": {...}}.')
    if isinstance(data.get("schema"), dict) and "name" in data:
        spec = dict(data)
    else:
        spec = {"name": _name(path), "schema": data}
    return {"type": "json_schema", "json_schema": spec}


def grammar_format(path: Path) -> dict[str, Any]:
    """A ``grammar`` response format from a GBNF file."""
    return {"type": "grammar", "grammar": _text_file(path)}


def checked(response_format: dict[str, Any] | None) -> dict[str, Any] | None:
    """``response_format`` when an engine can follow it; else :class:`FormatError`."""
    try:
        OutputFormat.parse(response_format)
    except ConstraintError as exc:
        raise FormatError(str(exc)) from None
    return response_format


def _json_file(path: Path) -> Any:
    text = _text_file(path)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise FormatError(f"{path} is not valid JSON ({exc}). Fix the file and try "
                          "again.") from None


def _text_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormatError(f"{path} does not exist. Give the path of an existing file.") \
            from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"{path} cannot be read ({exc}). Give a UTF-8 text file.") from None


def _name(path: Path) -> str:
    """A schema name OpenAI accepts (letters, digits, _ and -), from the file's name."""
    name = "".join(c if c.isalnum() or c in "_-" else "_" for c in path.stem)[:64]
    return name or "reply"
