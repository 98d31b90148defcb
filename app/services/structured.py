"""Structured output for the fronts: check what a conversation asks its replies to look
like, and show a JSON reply formatted.

The window's "Structured output" dialog checks the schema or grammar being typed through
here (one sentence saying what to fix, or None); the checks themselves are the engine
seam's (:mod:`app.engines.structured`), so the dialog accepts exactly what a reply can be
constrained by.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from app.engines.structured import ConstraintError, OutputFormat, check_grammar, check_schema

FormatKind = Literal["text", "json", "json_schema", "grammar"]


def format_problem(response_format: dict[str, Any] | None) -> str | None:
    """Why ``response_format`` (OpenAI's shape, or ``{"type": "grammar", ...}``) cannot
    constrain a reply, or None when it can."""
    try:
        OutputFormat.parse(response_format)
    except ConstraintError as exc:
        return str(exc)
    except Exception as exc:  # a checker's own failure still reads as a sentence
        return f"The format cannot be used: {exc}. Fix it and try again."
    return None


def schema_problem(text: str) -> str | None:
    """Why the JSON schema typed as ``text`` cannot be used, or None."""
    if not text.strip():
        return "Write a JSON schema, or start from an example."
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as exc:
        return (f"This is not JSON yet: {exc.msg} at line {exc.lineno}, column {exc.colno}.")
    if not isinstance(schema, dict):
        return 'A JSON schema is an object, such as {"type": "object", "properties": {...}}.'
    try:
        check_schema(schema)
    except ConstraintError as exc:
        return str(exc)
    except Exception as exc:
        return f"The JSON schema cannot be used: {exc}. Fix it and try again."
    return None


def grammar_problem(text: str) -> str | None:
    """Why the GBNF grammar ``text`` cannot be used, or None."""
    if not text.strip():
        return "Write a GBNF grammar (root ::= ...), or start from an example."
    try:
        check_grammar(text)
    except ConstraintError as exc:
        return str(exc)
    except Exception as exc:  # llguidance's converter raises plain exceptions for some
        return f"The grammar does not parse as GBNF: {exc}. Check its rules (root ::= ...)."
    return None


def format_kind(response_format: dict[str, Any] | None) -> FormatKind:
    """Which kind of output a stored ``response_format`` asks for ("text" when it is
    missing or unusable)."""
    if not isinstance(response_format, dict):
        return "text"
    kind = response_format.get("type")
    return {"json_object": "json", "json_schema": "json_schema",
            "grammar": "grammar"}.get(str(kind), "text")  # type: ignore[return-value]


def schema_of(response_format: dict[str, Any] | None) -> dict[str, Any] | None:
    """The JSON schema of a ``json_schema`` format, else None."""
    if format_kind(response_format) != "json_schema":
        return None
    spec = response_format.get("json_schema") if response_format else None
    schema = spec.get("schema") if isinstance(spec, dict) else None
    return schema if isinstance(schema, dict) else None


def schema_format(schema_text: str, name: str = "reply") -> dict[str, Any]:
    """OpenAI's ``response_format`` for the schema typed as ``schema_text`` (checked first
    with :func:`schema_problem`)."""
    return {"type": "json_schema",
            "json_schema": {"name": name or "reply", "schema": json.loads(schema_text),
                            "strict": True}}


def grammar_format(gbnf: str) -> dict[str, Any]:
    """Hearth's grammar ``response_format``."""
    return {"type": "grammar", "grammar": gbnf}


def wants_json(response_format: dict[str, Any] | None) -> bool:
    """True when replies are asked to be JSON (plain or with a schema)."""
    return format_kind(response_format) in ("json", "json_schema")


def pretty_json(text: str) -> str | None:
    """``text`` indented as JSON, or None when it is not a JSON object or array (free
    text, or a reply cut short)."""
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return None
    try:
        value = json.loads(stripped)
    except ValueError:
        return None
    return json.dumps(value, indent=2, ensure_ascii=False)
