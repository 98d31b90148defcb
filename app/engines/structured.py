"""Structured output and tool calls: what a reply must look like, checked before it is
generated, and the grammars that make it so.

Every front hands the engine seam OpenAI's shapes (``response_format``, ``tools``,
``tool_choice``); this module checks them once, with messages that say what to fix, and
turns them into:

- :class:`OutputFormat` (``text`` / ``json`` / ``json_schema`` / ``grammar``) that an
  engine constrains its reply to — in-process through llguidance (the constraint library
  of vLLM, SGLang and llama.cpp's optional backend: JSON schema and Lark grammars, with
  GBNF converted), Ollama through ``format``, workers through their own
  ``response_format`` / guided decoding;
- :class:`ToolSpec` and a tool choice, rendered into the prompt and, in-process, a grammar
  under which every tool call the model writes parses and matches its schema.

Tool calls are written in the Hermes format (``<tool_call>{"name": ..., "arguments":
{...}}</tool_call>``) that Qwen, Hermes and SmolLM3 templates teach; a model whose template
has no tools section is told the format in its system message.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from app.engines.base import EngineError, Message, ToolCallPart, ToolResultPart
from app.i18n import _


class ConstraintError(EngineError):
    """A response format, grammar or tool definition that cannot be used; the message says
    what is wrong and what to do."""


# output formats --------------------------------------------------------------------------

#: bounds on what a caller can hand the constraint compiler
MAX_SCHEMA_CHARS = 200_000
MAX_GRAMMAR_CHARS = 200_000


@dataclass(frozen=True)
class OutputFormat:
    """What the reply must be. ``kind``: "text" (free), "json" (any JSON object),
    "json_schema" (JSON valid against ``schema``), "grammar" (text in the GBNF ``grammar``)."""

    kind: Literal["text", "json", "json_schema", "grammar"] = "text"
    schema: dict[str, Any] | None = None
    grammar: str | None = None
    name: str = ""
    strict: bool = False

    @property
    def constrained(self) -> bool:
        return self.kind != "text"

    @classmethod
    def parse(cls, response_format: dict[str, Any] | None) -> OutputFormat:
        """Check an OpenAI ``response_format`` (plus Hearth's ``{"type": "grammar",
        "grammar": GBNF}``); raises :class:`ConstraintError` saying what to fix."""
        if not response_format:
            return cls()
        if not isinstance(response_format, dict):
            raise ConstraintError(_("response_format must be an object such as "
                                    '{"type": "json_object"}.'))
        kind = response_format.get("type", "text")
        if kind == "text":
            return cls()
        if kind == "json_object":
            return cls("json")
        if kind == "json_schema":
            spec = response_format.get("json_schema")
            if not isinstance(spec, dict) or not isinstance(spec.get("schema"), dict):
                raise ConstraintError(_(
                    'A json_schema response format needs {"json_schema": {"name": ..., '
                    '"schema": {...}}}: the schema is missing.'))
            schema = spec["schema"]
            check_schema(schema)
            return cls("json_schema", schema=schema, name=str(spec.get("name") or ""),
                       strict=bool(spec.get("strict")))
        if kind == "grammar":
            grammar = response_format.get("grammar")
            if not isinstance(grammar, str) or not grammar.strip():
                raise ConstraintError(_('A grammar response format needs {"type": '
                                        '"grammar", "grammar": "root ::= ..."} (GBNF text).'))
            check_grammar(grammar)
            return cls("grammar", grammar=grammar)
        raise ConstraintError(_("Unknown response format type {kind}: use text, json_object, "
                                "json_schema or grammar.").format(kind=repr(kind)))

    def response_format(self) -> dict[str, Any] | None:
        """The OpenAI ``response_format`` for this format (None for free text; a grammar
        has no OpenAI form: workers pass it their own way)."""
        if self.kind == "json":
            return {"type": "json_object"}
        if self.kind == "json_schema":
            spec: dict[str, Any] = {"name": self.name or "reply", "schema": self.schema}
            if self.strict:
                spec["strict"] = True
            return {"type": "json_schema", "json_schema": spec}
        return None


#: the schema a plain "JSON" request stands for
ANY_OBJECT: dict[str, Any] = {"type": "object"}


def check_schema(schema: dict[str, Any]) -> None:
    """A schema the validator accepts and the constraint compiler can follow."""
    schema_json = json.dumps(schema)
    if len(schema_json) > MAX_SCHEMA_CHARS:
        raise ConstraintError(_("The JSON schema is too large (over {limit} characters). "
                                "Simplify it.").format(limit=f"{MAX_SCHEMA_CHARS:,}"))
    _check_schema_json(schema_json)


@functools.lru_cache(maxsize=64)
def _check_schema_json(schema_json: str) -> None:
    """check_schema's work, once per schema: checking against the meta-schema takes tens of
    milliseconds, and every request checks its format twice (the service, then the engine)."""
    import jsonschema

    schema = json.loads(schema_json)
    try:
        jsonschema.validators.validator_for(schema).check_schema(schema)
    except jsonschema.SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or _("the top level")
        raise ConstraintError(_("The JSON schema is not valid at {where}: {reason}. Fix the "
                                "schema and try again.").format(where=where,
                                                                reason=exc.message)) from None
    _compile_checked(_schema_grammar(schema_json), "schema")


def check_grammar(gbnf: str) -> None:
    """A GBNF grammar that converts and compiles."""
    if len(gbnf) > MAX_GRAMMAR_CHARS:
        raise ConstraintError(_("The grammar is too large (over {limit} characters). "
                                "Simplify it.").format(limit=f"{MAX_GRAMMAR_CHARS:,}"))
    _compile_checked(_gbnf_grammar(gbnf), "grammar")


def _compile_checked(grammar: str, what: Literal["schema", "grammar"]) -> None:
    import llguidance

    is_error, messages = llguidance.LLMatcher.validate_grammar_with_warnings(grammar)
    if is_error:
        first = (messages[0] if messages else "").strip().splitlines()
        reason = first[0] if first else _("unknown error")
        if what == "schema":
            raise ConstraintError(_("The JSON schema cannot be used to constrain replies: "
                                    "{reason}.").format(reason=reason))
        raise ConstraintError(_("The grammar cannot be used to constrain replies: {reason}.")
                              .format(reason=reason))


@functools.lru_cache(maxsize=64)
def _schema_grammar(schema_json: str) -> str:
    import llguidance

    try:
        return llguidance.LLMatcher.grammar_from_json_schema(
            schema_json, defaults={"whitespace_flexible": False})
    except ValueError as exc:
        raise ConstraintError(_("The JSON schema cannot be used to constrain replies: "
                                "{reason}.").format(reason=exc)) from None


@functools.lru_cache(maxsize=64)
def _gbnf_grammar(gbnf: str) -> str:
    from llguidance.gbnf_to_lark import any_to_lark

    try:
        lark = any_to_lark(gbnf)
    except Exception as exc:  # noqa: BLE001 - the converter raises bare Exception too
        # (an undefined rule, a duplicate rule, no root rule)
        raise ConstraintError(_("The grammar does not parse as GBNF: {reason}. Check its "
                                "rules (root ::= ...).").format(reason=exc)) from None
    return _lark_grammar(lark)


@functools.lru_cache(maxsize=64)
def _lark_grammar(lark: str) -> str:
    import llguidance

    try:
        return llguidance.LLMatcher.grammar_from_lark(lark)
    except ValueError as exc:
        raise ConstraintError(_("The grammar cannot be compiled: {reason}.").format(
            reason=exc)) from None


# tools ---------------------------------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")


@dataclass(frozen=True)
class ToolSpec:
    """One function the model may call: ``parameters`` is its JSON schema."""

    name: str
    description: str = ""
    parameters: dict[str, Any] | None = None

    def openai(self) -> dict[str, Any]:
        """The OpenAI ``tools`` entry (what templates and workers read)."""
        return {"type": "function", "function": {
            "name": self.name, "description": self.description,
            "parameters": self.parameters or {"type": "object", "properties": {}}}}

    def call_schema(self) -> dict[str, Any]:
        """The JSON schema of one call to this tool: its name and valid arguments."""
        return {"type": "object", "properties": {
            "name": {"const": self.name},
            "arguments": self.parameters or {"type": "object"}},
            "required": ["name", "arguments"], "additionalProperties": False}


ToolChoice = Literal["auto", "none", "required"] | str


def parse_tools(tools: Sequence[dict[str, Any]] | None) -> list[ToolSpec]:
    """Check OpenAI ``tools`` (``{"type": "function", "function": {...}}``) or the bare
    function objects; raises :class:`ConstraintError` naming the bad entry."""
    specs: list[ToolSpec] = []
    for i, tool in enumerate(tools or ()):
        if not isinstance(tool, dict):
            raise ConstraintError(_("Tool {number} is not an object.").format(number=i + 1))
        function = tool.get("function", tool) if tool.get("type", "function") == "function" \
            else None
        if not isinstance(function, dict):
            raise ConstraintError(_("Tool {number} has type {type}: only function tools are "
                                    "supported.").format(number=i + 1,
                                                         type=repr(tool.get("type"))))
        name = function.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise ConstraintError(_("Tool {number} needs a name of letters, digits, _ . : or "
                                    "- (got {name}).").format(number=i + 1, name=repr(name)))
        parameters = function.get("parameters")
        if parameters is not None:
            if not isinstance(parameters, dict):
                raise ConstraintError(_("The parameters of tool {name} must be a JSON schema "
                                        "object.").format(name=name))
            try:
                check_schema(parameters)
            except ConstraintError as exc:
                raise ConstraintError(_("Tool {name}: {reason}").format(
                    name=name, reason=exc)) from None
        specs.append(ToolSpec(name, str(function.get("description") or ""), parameters))
    if len({s.name for s in specs}) != len(specs):
        raise ConstraintError(_("Two tools have the same name; give each tool its own name."))
    return specs


def parse_tool_choice(choice: Any, tools: Sequence[ToolSpec]) -> ToolChoice:
    """"auto" / "none" / "required" or a tool's name (OpenAI's ``{"type": "function",
    "function": {"name": ...}}`` and Anthropic's ``{"type": "tool", "name": ...}`` too)."""
    if choice is None:
        return "auto"
    if isinstance(choice, dict):
        kind = choice.get("type")
        if kind in ("auto", "none"):
            return kind
        if kind == "any":
            return "required"
        name = (choice.get("function") or {}).get("name") if kind == "function" \
            else choice.get("name")
        if not isinstance(name, str):
            raise ConstraintError(_("tool_choice names no tool."))
        choice = name
    if choice in ("auto", "none", "required"):
        if choice == "required" and not tools:
            raise ConstraintError(_('tool_choice is "required" but no tools were given.'))
        return choice
    if isinstance(choice, str) and any(t.name == choice for t in tools):
        return choice
    raise ConstraintError(_("tool_choice names {choice}, which is not among the tools "
                            "given.").format(choice=repr(choice)))


# tool calls in the text of a reply ------------------------------------------------------

CALL_OPEN = "<tool_call>"
CALL_CLOSE = "</tool_call>"
RESULT_OPEN = "<tool_response>"
RESULT_CLOSE = "</tool_response>"


def tools_instruction(tools: Sequence[ToolSpec]) -> str:
    """The system-message section that teaches a model without a tools template the call
    format (the Hermes wording, as Qwen's template renders it)."""
    listed = "\n".join(json.dumps(t.openai(), ensure_ascii=False) for t in tools)
    return ("# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
            "You are provided with function signatures within <tools></tools> XML tags:\n"
            f"<tools>\n{listed}\n</tools>\n\n"
            "For each function call, return a json object with function name and arguments "
            "within <tool_call></tool_call> XML tags:\n<tool_call>\n"
            '{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>')


def template_knows_tools(template: str | None) -> bool:
    """Whether a chat template renders ``tools`` and teaches the Hermes call format."""
    return bool(template) and "tools" in template and CALL_OPEN in template  # type: ignore[operator]


def messages_for_template(messages: Sequence[Message], tools: Sequence[ToolSpec],
                          native: bool) -> list[Message]:
    """Messages a template without tool roles can render: tool calls become Hermes text in
    the assistant's message, tool results a ``tool_response`` user turn, and the tools'
    instruction joins the system message. With ``native`` (the template renders tools
    itself) only the call text is added to assistant messages."""
    out: list[Message] = []
    for m in messages:
        calls = [p for p in m.parts if isinstance(p, ToolCallPart)]
        results = [p for p in m.parts if isinstance(p, ToolResultPart)]
        if m.role == "assistant" and calls:
            text = m.content + "".join(
                f"{CALL_OPEN}\n{json.dumps({'name': c.name, 'arguments': _loads(c.arguments)}, ensure_ascii=False)}\n{CALL_CLOSE}"
                for c in calls)
            out.append(Message("assistant", text))
        elif results or m.role == "tool":
            if native:  # the template wraps each result itself
                for content in [r.content for r in results] or [m.content]:
                    out.append(Message("tool", content))
                continue
            body = "\n".join(f"{RESULT_OPEN}\n{r.content}\n{RESULT_CLOSE}" for r in results) \
                or f"{RESULT_OPEN}\n{m.content}\n{RESULT_CLOSE}"
            if out and out[-1].role == "user" and out[-1].content.startswith(RESULT_OPEN):
                out[-1] = Message("user", out[-1].content + "\n" + body)
            else:
                out.append(Message("user", body))
        else:
            out.append(m)
    if tools and not native:
        instruction = tools_instruction(tools)
        if out and out[0].role == "system":
            out[0] = Message("system", out[0].content.rstrip() + "\n\n" + instruction)
        else:
            out.insert(0, Message("system", instruction))
    return out


def _loads(arguments: str) -> Any:
    try:
        return json.loads(arguments)
    except ValueError:
        return arguments


def call_grammar(tools: Sequence[ToolSpec], choice: ToolChoice,
                 reply: OutputFormat | None = None) -> str | None:
    """The llguidance grammar of a reply that may (``auto``) or must (``required`` / a
    name) call tools: free text (or, with a JSON ``reply`` format, JSON in that format), or
    text followed by ``<tool_call>`` blocks whose JSON is a valid call. None when no tool
    may be called."""
    if not tools or choice == "none":
        return None
    if reply is not None and reply.kind == "grammar":
        raise ConstraintError(_("A grammar and tools cannot be used in the same request. Send "
                                "the tools without the grammar, or the grammar without tools."))
    chosen = [t for t in tools if choice in ("auto", "required") or t.name == choice]
    schema = (None if reply is None or not reply.constrained
              else json.dumps(reply.schema or ANY_OBJECT))
    # key order kept: the call's "name" comes before its "arguments", and each tool's
    # properties in the order its schema gives them
    return _call_grammar(json.dumps([t.call_schema() for t in chosen]),
                         choice == "auto", schema)


#: the JSON layout inside a tool call (llguidance's schema options)
CALL_JSON_LAYOUT = {"whitespace_flexible": False, "item_separator": ", ", "key_separator": ": "}


@functools.lru_cache(maxsize=64)
def _call_grammar(schemas_json: str, optional: bool, reply_schema: str | None) -> str:
    schemas = json.loads(schemas_json)
    one = {"anyOf": schemas} if len(schemas) > 1 else dict(schemas[0])
    # %json in a Lark grammar allows any whitespace between tokens: a small model sampled
    # warm fills its token budget with spaces and newlines inside the call. One layout,
    # the Hermes one ({"name": ..., "arguments": {...}}), as a top-level schema has.
    one["x-guidance"] = CALL_JSON_LAYOUT
    if reply_schema is not None:
        reply_schema = json.dumps({**json.loads(reply_schema),
                                   "x-guidance": {"whitespace_flexible": False}})
    lines = [f"calls: call (/\\s{{0,3}}/ \"{CALL_OPEN}\" call)*",
             f'call: "\\n"? %json {json.dumps(one)} "\\n"? "{CALL_CLOSE}"']
    if not optional:
        lines.insert(0, f'start: /\\s{{0,3}}/ "{CALL_OPEN}" calls')
    elif reply_schema is not None:
        # a JSON reply in the requested format, or calls (no free text before them)
        lines.insert(0, f'start: %json {reply_schema} | /\\s{{0,3}}/ "{CALL_OPEN}" calls')
    else:
        lines.insert(0, "start: plain | pre calls")
        lines += [f'pre[suffix="{CALL_OPEN}"]: /(.|\\n)*/', "plain: /(.|\\n)*/"]
    return _lark_grammar("\n".join(lines))


def output_grammar(fmt: OutputFormat) -> str | None:
    """The llguidance grammar of a reply in ``fmt`` (None for free text)."""
    if fmt.kind == "json":
        return _schema_grammar(json.dumps(ANY_OBJECT))
    if fmt.kind == "json_schema":
        return _schema_grammar(json.dumps(fmt.schema))
    if fmt.kind == "grammar":
        assert fmt.grammar is not None
        return _gbnf_grammar(fmt.grammar)
    return None


def split_tool_calls(text: str) -> tuple[str, list[ToolCallPart]]:
    """The text before the first ``<tool_call>`` and the calls after it, parsed. A block
    that does not parse is left out (under a grammar none fails)."""
    at = text.find(CALL_OPEN)
    if at < 0:
        return text, []
    calls: list[ToolCallPart] = []
    for block in re.findall(re.escape(CALL_OPEN) + r"(.*?)" + re.escape(CALL_CLOSE),
                            text[at:], flags=re.S):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            calls.append(ToolCallPart(new_call_id(), data["name"],
                                      json.dumps(data.get("arguments", {}), ensure_ascii=False)))
    return text[:at].rstrip(), calls


def new_call_id() -> str:
    """An id for a tool call, in OpenAI's shape."""
    return "call_" + uuid.uuid4().hex[:24]
