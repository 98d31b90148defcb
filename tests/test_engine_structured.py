"""Structured output and tool calls in the in-process engine, on the real SmolLM2: replies
constrained by llguidance token masks parse and validate every time."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from app.bench.structured import WORST_CASE_TOKENS, cases, validates
from app.engines.base import ChatParams, Done, Error, LoadParams, Message, ModelRef, Token
from app.engines.llamacpp import LlamaCppEngine
from app.engines.structured import (
    CALL_OPEN,
    ConstraintError,
    OutputFormat,
    check_grammar,
    parse_tools,
)

#: one thread: these tests check what replies are, not how fast they come, and one
#: thread stays steady when other processes share the cores (two threads then wait on
#: each other at every step)
FAST = LoadParams(n_ctx=2048, n_batch=64, n_threads=1)
#: enough for a reply in any of the tests' formats written with ordinary tokens
MAX_TOKENS = 160


@pytest.fixture(scope="module")
def smol(smollm2_path, tmp_path_factory):
    import os

    os.environ["HEARTH_HOME"] = str(tmp_path_factory.mktemp("home"))
    engine = LlamaCppEngine()
    engine.load(ModelRef("smollm2", smollm2_path), FAST)
    yield engine
    engine.close()


def reply(engine, prompt, **params) -> tuple[str, Done | Error]:
    streamed, outcome = [], None
    for event in engine.chat([Message("user", prompt)], ChatParams(**params)):
        if isinstance(event, Token):
            streamed.append(event.text)
        elif isinstance(event, Done | Error):
            outcome = event
    assert outcome is not None
    return "".join(streamed), outcome


def lenient_json(text: str):
    """What a forgiving client would extract: the text between the first ``{`` and the
    last ``}`` (code fences and chatter around it ignored)."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no object")
    return json.loads(text[start:end + 1])


# JSON schemas ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tally():
    """Counts over the 50 prompts, printed when the module ends (run with -s to see)."""
    counts = {"prompts": 0, "constrained": 0, "free": 0, "free_lenient": 0}
    yield counts
    print(f"\nOf {counts['prompts']} prompts: constrained {counts['constrained']} valid; "
          f"unconstrained {counts['free']} valid as the whole reply, "
          f"{counts['free_lenient']} with the JSON cut out of the text")


CASES = cases()


@pytest.mark.parametrize("index", range(len(CASES)),
                         ids=[f"{c.schema_name}-{i % 10}" for i, c in enumerate(CASES)])
def test_every_constrained_reply_validates_against_its_schema(smol, tally, index):
    """50 prompts over five schemas; the same prompt unconstrained is counted, not
    asserted: a small model seldom gets it right."""
    case = CASES[index]
    # room for the longest reply the schema allows, so none is cut short
    text, done = reply(smol, case.prompt, max_tokens=WORST_CASE_TOKENS, temperature=0.7,
                       seed=index, response_format=case.response_format())
    assert isinstance(done, Done), done
    assert text == done.text
    _, free = reply(smol, case.prompt, max_tokens=MAX_TOKENS, temperature=0.7, seed=index)
    assert isinstance(free, Done), free
    tally["prompts"] += 1
    tally["free"] += validates(free.text.strip(), case.schema)
    try:
        jsonschema.validate(lenient_json(free.text), case.schema)
        tally["free_lenient"] += 1
    except (ValueError, jsonschema.ValidationError):
        pass
    assert done.stats.finish_reason == "stop", done
    assert validates(done.text, case.schema), done.text
    tally["constrained"] += 1


def test_properties_come_in_the_schema_order(smol):
    """The schema's order is the reply's (a "reasoning" field before an "answer" one is
    written first), as OpenAI's structured outputs do."""
    schema = {"type": "object", "additionalProperties": False,
              "required": ["role", "name", "age"],
              "properties": {"role": {"enum": ["admin", "viewer"]},
                             "name": {"type": "string", "maxLength": 20},
                             "age": {"type": "integer", "minimum": 0, "maximum": 99}}}
    _, done = reply(smol, "Describe a user as JSON: role, name, age.", max_tokens=MAX_TOKENS,
                    temperature=0.7, seed=2, response_format={
                        "type": "json_schema", "json_schema": {"name": "u", "schema": schema}})
    assert isinstance(done, Done) and done.stats.finish_reason == "stop", done
    assert list(json.loads(done.text)) == ["role", "name", "age"]


def test_json_object_replies_are_json_objects(smol):
    prompts = ["Reply with a JSON object about a cat: its name and age.",
               "Give me a JSON object with a city and its country.",
               "Describe a car as a JSON object with make, model and year.",
               "Reply in JSON: an object with a colour and a fruit."]
    for i, prompt in enumerate(prompts):
        _, done = reply(smol, prompt, max_tokens=MAX_TOKENS, temperature=0.0, seed=i,
                        response_format={"type": "json_object"})
        assert isinstance(done, Done), done
        if done.stats.finish_reason == "length":
            continue  # a long object cut off is reported as such, never claimed whole
        assert done.stats.finish_reason == "stop"
        assert isinstance(json.loads(done.text), dict), done.text


def test_a_length_cut_is_reported_as_length_not_as_a_valid_reply(smol):
    case = cases()[10]  # the nested order schema: far longer than 8 tokens
    _, done = reply(smol, case.prompt, max_tokens=8, temperature=0.7, seed=1,
                    response_format=case.response_format())
    assert isinstance(done, Done)
    assert done.stats.finish_reason == "length"
    assert done.stats.completion_tokens == 8
    assert not validates(done.text, case.schema)


# GBNF ---------------------------------------------------------------------------------

XML_GRAMMAR = r"""
root ::= "<person><name>" name "</name><age>" age "</age><city>" city "</city></person>"
name ::= [A-Z] [a-z]{1,12} (" " [A-Z] [a-z]{1,12})?
age ::= [1-9] [0-9]?
city ::= [A-Z] [a-z]{1,15}
"""
XML_REPLY = re.compile(r"<person><name>[A-Z][a-z]{1,12}( [A-Z][a-z]{1,12})?</name>"
                       r"<age>[1-9][0-9]?</age><city>[A-Z][a-z]{1,15}</city></person>")


def test_gbnf_grammar_replies_match_the_format_every_time(smol):
    fmt = {"type": "grammar", "grammar": XML_GRAMMAR}
    for seed in range(8):
        _, done = reply(smol, "Describe a person in XML: name, age and city.",
                        max_tokens=MAX_TOKENS, temperature=0.9, seed=seed, response_format=fmt)
        assert isinstance(done, Done), done
        assert done.stats.finish_reason == "stop"
        assert XML_REPLY.fullmatch(done.text), done.text


# refusals with a sentence ---------------------------------------------------------------

@pytest.mark.parametrize(("response_format", "says"), [
    ({"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "objekt"}}},
     "not valid at type"),
    ({"type": "json_schema", "json_schema": {"name": "x"}}, "schema is missing"),
    ({"type": "grammar", "grammar": 'root ::= "<a>" missing_rule'}, "missing_rule"),
    ({"type": "grammar", "grammar": 'root ::= "<a'}, "does not parse as GBNF"),
    ({"type": "grammar", "grammar": ""}, "GBNF text"),
    ({"type": "yaml"}, "Unknown response format type"),
])
def test_invalid_schemas_and_grammars_are_refused_with_a_sentence(smol, response_format, says):
    with pytest.raises(ConstraintError) as raised:
        OutputFormat.parse(response_format)
    message = str(raised.value)
    assert says in message and message.rstrip().endswith(".")
    _, outcome = reply(smol, "Hi.", max_tokens=4, response_format=response_format)
    assert isinstance(outcome, Error) and outcome.code == "invalid"
    assert says in outcome.message


def test_a_grammar_without_root_is_refused():
    with pytest.raises(ConstraintError, match="root"):
        check_grammar('greeting ::= "hello"')


# tool calls -----------------------------------------------------------------------------

WEATHER_TOOL = {"type": "function", "function": {
    "name": "get_weather", "description": "The current weather in a city.",
    "parameters": {"type": "object", "properties": {
        "city": {"type": "string", "minLength": 1, "maxLength": 40},
        "unit": {"enum": ["celsius", "fahrenheit"]}},
        "required": ["city", "unit"], "additionalProperties": False}}}
TIME_TOOL = {"type": "function", "function": {
    "name": "get_time", "description": "The current time in a timezone.",
    "parameters": {"type": "object", "properties": {
        "timezone": {"type": "string", "maxLength": 40}},
        "required": ["timezone"], "additionalProperties": False}}}
TOOLS = [WEATHER_TOOL, TIME_TOOL]
PARAMETERS = {t["function"]["name"]: t["function"]["parameters"] for t in TOOLS}


def assert_calls_valid(done: Done) -> None:
    for call in done.tool_calls:
        assert call.name in PARAMETERS and call.id.startswith("call_")
        jsonschema.validate(json.loads(call.arguments), PARAMETERS[call.name])
    assert CALL_OPEN not in done.text


def test_required_tool_choice_always_yields_a_valid_call(smol):
    questions = ["What is the weather in Paris?", "Is it raining in Berlin?",
                 "What time is it in Tokyo?", "How warm is it in Madrid, in fahrenheit?",
                 "Tell me the weather in Lima."]
    for seed in range(10):
        _, done = reply(smol, questions[seed % len(questions)], max_tokens=MAX_TOKENS,
                        temperature=0.7, seed=seed, tools=TOOLS, tool_choice="required")
        assert isinstance(done, Done), done
        assert len(done.tool_calls) >= 1, done
        assert_calls_valid(done)
        # the grammar lets a reply make several calls: a model that repeats its call until
        # the token limit ends with "length", and the cut-off call is not among the calls
        assert done.stats.finish_reason in ("tool_calls", "length"), done


def test_a_named_tool_choice_calls_that_tool(smol):
    _, done = reply(smol, "What is the weather in Rome?", max_tokens=MAX_TOKENS,
                    temperature=0.7, seed=3, tools=TOOLS,
                    tool_choice={"type": "function", "function": {"name": "get_weather"}})
    assert isinstance(done, Done) and done.tool_calls
    assert {c.name for c in done.tool_calls} == {"get_weather"}
    assert_calls_valid(done)


def test_auto_tool_choice_never_leaves_an_unparsed_call_in_the_text(smol):
    prompts = ["What is the weather in Paris?", "Hello! How are you?",
               "What time is it in New York?", "Write one sentence about the sea.",
               "Use a tool to find the weather in Oslo."]
    for seed, prompt in enumerate(prompts * 2):
        text, done = reply(smol, prompt, max_tokens=MAX_TOKENS, temperature=0.7, seed=seed,
                           tools=TOOLS, tool_choice="auto")
        assert isinstance(done, Done), done
        assert CALL_OPEN not in text
        assert_calls_valid(done)
        if done.tool_calls:
            assert done.stats.finish_reason == "tool_calls"


def test_tool_choice_none_answers_in_text(smol):
    _, done = reply(smol, "What is the weather in Paris?", max_tokens=24, temperature=0.0,
                    tools=TOOLS, tool_choice="none")
    assert isinstance(done, Done) and done.tool_calls == () and done.text.strip()


def test_tool_definitions_are_checked_with_a_sentence():
    with pytest.raises(ConstraintError, match="Tool 1 needs a name"):
        parse_tools([{"type": "function", "function": {"name": "has space"}}])
    with pytest.raises(ConstraintError, match="Tool bad: The JSON schema is not valid"):
        parse_tools([{"type": "function", "function": {
            "name": "bad", "parameters": {"type": "objekt"}}}])
