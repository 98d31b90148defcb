"""Structured output and tool calls through the local API, with the official `openai` and
`anthropic` clients against a real server on 127.0.0.1 and real SmolLM2 (llama.cpp,
constrained by llguidance)."""

from __future__ import annotations

import json

import anthropic
import jsonschema
import openai
import pytest

MODEL = "smollm2-135m-instruct"

WEATHER = {
    "type": "object",
    "properties": {"city": {"type": "string", "maxLength": 20},
                   "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
    "required": ["city", "unit"], "additionalProperties": False}
TIME = {"type": "object", "properties": {"zone": {"type": "string", "maxLength": 12}},
        "required": ["zone"], "additionalProperties": False}
TOOLS = [
    {"type": "function", "function": {"name": "get_weather", "description":
                                      "Current weather in a city.", "parameters": WEATHER}},
    {"type": "function", "function": {"name": "get_time", "description":
                                      "Current time in a time zone.", "parameters": TIME}},
]
SCHEMAS = {"get_weather": WEATHER, "get_time": TIME}
ASK = [{"role": "user", "content": "What is the weather in Paris?"}]
#: room for one call (about 37 tokens in the Hermes layout); a second call the model
#: starts is cut off and left out
CALL_TOKENS = 50

PERSON = {"type": "object", "properties": {
    "name": {"type": "string", "maxLength": 20},
    "age": {"type": "integer", "minimum": 0, "maximum": 120},
    "role": {"type": "string", "enum": ["admin", "user", "guest"]}},
    "required": ["name", "age", "role"], "additionalProperties": False}


def valid_call(call) -> dict:
    """The arguments of an OpenAI tool call, checked against its tool's schema."""
    assert call.type == "function" and call.id
    arguments = json.loads(call.function.arguments)
    jsonschema.validate(arguments, SCHEMAS[call.function.name])
    return arguments


# OpenAI: tools ---------------------------------------------------------------------------


def test_required_tool_calls_always_parse_and_validate(client):
    for _ in range(10):
        reply = client.chat.completions.create(
            model=MODEL, messages=ASK, tools=TOOLS, tool_choice="required", max_tokens=CALL_TOKENS,
            temperature=0.8)
        choice = reply.choices[0]
        assert choice.finish_reason == "tool_calls"
        assert choice.message.tool_calls
        for call in choice.message.tool_calls:
            valid_call(call)


def test_a_named_function_is_the_one_called(client):
    for _ in range(3):
        reply = client.chat.completions.create(
            model=MODEL, messages=ASK, tools=TOOLS, max_tokens=CALL_TOKENS, temperature=0.8,
            tool_choice={"type": "function", "function": {"name": "get_time"}})
        calls = reply.choices[0].message.tool_calls
        assert calls and {c.function.name for c in calls} == {"get_time"}
        for call in calls:
            valid_call(call)


def test_a_streamed_tool_call_accumulates_in_the_client(client):
    with client.chat.completions.stream(
            model=MODEL, messages=ASK, tools=TOOLS, tool_choice="required", max_tokens=80,
            temperature=0.8, parallel_tool_calls=False) as stream:
        for _ in stream:
            pass
        final = stream.get_final_completion()
    choice = final.choices[0]
    assert choice.finish_reason == "tool_calls"
    (call,) = choice.message.tool_calls  # parallel_tool_calls false: one call at most
    valid_call(call)


def test_raw_stream_chunks_carry_index_id_name_and_arguments(client):
    chunks = list(client.chat.completions.create(
        model=MODEL, messages=ASK, tools=TOOLS, max_tokens=CALL_TOKENS, temperature=0,
        tool_choice={"type": "function", "function": {"name": "get_weather"}}, stream=True))
    deltas = [d for c in chunks if c.choices for d in c.choices[0].delta.tool_calls or ()]
    assert deltas[0].index == 0 and deltas[0].id and deltas[0].type == "function"
    assert deltas[0].function.name == "get_weather"
    arguments = "".join(d.function.arguments or "" for d in deltas if d.index == 0)
    jsonschema.validate(json.loads(arguments), WEATHER)
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


def test_a_tool_result_goes_back_and_the_model_answers(client):
    first = client.chat.completions.create(
        model=MODEL, messages=ASK, tools=TOOLS, max_tokens=CALL_TOKENS, temperature=0,
        tool_choice={"type": "function", "function": {"name": "get_weather"}})
    call = first.choices[0].message.tool_calls[0]
    follow = [*ASK,
              {"role": "assistant", "content": None, "tool_calls": [
                  {"id": call.id, "type": "function",
                   "function": {"name": call.function.name,
                                "arguments": call.function.arguments}}]},
              {"role": "tool", "tool_call_id": call.id,
               "content": json.dumps({"temperature": 18, "sky": "clear"})}]
    answer = client.chat.completions.create(model=MODEL, messages=follow, tools=TOOLS,
                                            tool_choice="none", max_tokens=16, temperature=0)
    choice = answer.choices[0]
    assert choice.finish_reason in ("stop", "length")
    assert choice.message.content and not choice.message.tool_calls


# OpenAI: response formats ---------------------------------------------------------------


def test_a_json_schema_reply_parses_and_validates(client):
    for _ in range(3):
        reply = client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Describe a user of the site."}],
            response_format={"type": "json_schema", "json_schema": {
                "name": "person", "schema": PERSON, "strict": True}},
            max_tokens=80, temperature=0.8)
        jsonschema.validate(json.loads(reply.choices[0].message.content), PERSON)


def test_json_object_reply_is_an_object(client):
    reply = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "Give me a JSON object."}],
        response_format={"type": "json_object"}, max_tokens=40, temperature=0)
    if reply.choices[0].finish_reason == "stop":
        assert isinstance(json.loads(reply.choices[0].message.content), dict)
    else:  # cut off by max_tokens: still the start of an object
        assert reply.choices[0].message.content.lstrip().startswith("{")


def test_a_streamed_json_schema_reply_validates(client):
    stream = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "Describe a guest."}],
        response_format={"type": "json_schema", "json_schema": {"name": "person",
                                                                "schema": PERSON}},
        max_tokens=80, temperature=0.8, stream=True)
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    jsonschema.validate(json.loads(text), PERSON)


def test_a_gbnf_grammar_is_followed(client):
    grammar = 'root ::= "<answer>" ("yes" | "no") "</answer>"'
    reply = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "Is the sky blue?"}],
        response_format={"type": "grammar", "grammar": grammar}, max_tokens=20,
        temperature=0.8)
    assert reply.choices[0].message.content in ("<answer>yes</answer>", "<answer>no</answer>")


def test_llama_server_grammar_and_json_schema_fields(client):
    reply = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "Pick a colour."}], max_tokens=20,
        extra_body={"grammar": 'root ::= "red" | "green" | "blue"'})
    assert reply.choices[0].message.content in ("red", "green", "blue")
    reply = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "Describe an admin."}],
        max_tokens=80, extra_body={"json_schema": PERSON})
    jsonschema.validate(json.loads(reply.choices[0].message.content), PERSON)


def test_an_invalid_schema_is_a_400_with_a_sentence(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model=MODEL, messages=ASK, max_tokens=8,
            response_format={"type": "json_schema", "json_schema": {
                "name": "bad", "schema": {"type": "object", "properties": {
                    "n": {"type": "integer", "minimum": "zero"}}}}})
    error = caught.value.body
    assert error["type"] == "invalid_request_error" and error["param"] == "response_format"
    assert "schema" in error["message"] and error["message"].endswith(".")


def test_a_bad_grammar_and_an_unknown_tool_choice_are_400s(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model=MODEL, messages=ASK, max_tokens=8,
            response_format={"type": "grammar", "grammar": "root ::= ( unclosed"})
    assert "grammar" in caught.value.body["message"].lower()
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model=MODEL, messages=ASK, tools=TOOLS, max_tokens=8,
            tool_choice={"type": "function", "function": {"name": "launch_rocket"}})
    assert caught.value.body["param"] == "tool_choice"
    assert "launch_rocket" in caught.value.body["message"]


def test_two_formats_in_one_request_are_refused(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model=MODEL, messages=ASK, max_tokens=8, response_format={"type": "json_object"},
            extra_body={"grammar": 'root ::= "a"'})
    assert caught.value.body["param"] == "grammar"


# Anthropic -----------------------------------------------------------------------------

CLAUDE_TOOLS = [{"name": "get_weather", "description": "Current weather in a city.",
                 "input_schema": WEATHER},
                {"name": "get_time", "description": "Current time in a time zone.",
                 "input_schema": TIME}]
CLAUDE_ASK = [{"role": "user", "content": "What is the weather in Paris?"}]
#: room for one call (about 37 tokens in the Hermes layout); a second call the model
#: starts is cut off and left out
CALL_TOKENS = 50


def test_anthropic_any_tool_gives_a_tool_use_block_that_validates(claude):
    for _ in range(3):
        message = claude.messages.create(
            model=MODEL, max_tokens=CALL_TOKENS, extra_body={"temperature": 0.8},
            messages=CLAUDE_ASK,
            tools=CLAUDE_TOOLS, tool_choice={"type": "any"})
        assert message.stop_reason == "tool_use"
        uses = [b for b in message.content if b.type == "tool_use"]
        assert uses
        for use in uses:
            assert use.id.startswith("toolu_")
            jsonschema.validate(use.input, SCHEMAS[use.name])


def test_anthropic_streamed_tool_use_accumulates_in_the_client(claude):
    with claude.messages.stream(
            model=MODEL, max_tokens=CALL_TOKENS, extra_body={"temperature": 0.8},
            messages=CLAUDE_ASK,
            tools=CLAUDE_TOOLS, tool_choice={"type": "tool", "name": "get_weather"}) as stream:
        kinds = [event.type for event in stream]
        message = stream.get_final_message()
    assert "content_block_start" in kinds and "message_stop" in kinds
    assert message.stop_reason == "tool_use"
    uses = [b for b in message.content if b.type == "tool_use"]
    assert [u.name for u in uses] == ["get_weather"] * len(uses) and uses
    jsonschema.validate(uses[0].input, WEATHER)


def test_anthropic_tool_result_round_trip(claude):
    first = claude.messages.create(
        model=MODEL, max_tokens=CALL_TOKENS, extra_body={"temperature": 0}, messages=CLAUDE_ASK,
        tools=CLAUDE_TOOLS,
        tool_choice={"type": "tool", "name": "get_weather"})
    use = next(b for b in first.content if b.type == "tool_use")
    answer = claude.messages.create(
        model=MODEL, max_tokens=16, extra_body={"temperature": 0}, tools=CLAUDE_TOOLS,
        tool_choice={"type": "none"},
        messages=[*CLAUDE_ASK,
                  {"role": "assistant", "content": [b.model_dump() for b in first.content]},
                  {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use.id,
                                                "content": "18 degrees, clear sky"}]}])
    assert answer.stop_reason in ("end_turn", "max_tokens")
    assert [b.type for b in answer.content] == ["text"] and answer.content[0].text


def test_anthropic_output_config_json_schema(claude):
    message = claude.messages.create(
        model=MODEL, max_tokens=80, extra_body={"temperature": 0.8},
        messages=[{"role": "user", "content": "Describe a guest."}],
        output_config={"format": {"type": "json_schema", "schema": PERSON}})
    jsonschema.validate(json.loads(message.content[0].text), PERSON)


def test_anthropic_invalid_tool_schema_is_a_400(claude):
    with pytest.raises(anthropic.BadRequestError) as caught:
        claude.messages.create(
            model=MODEL, max_tokens=8, messages=CLAUDE_ASK,
            tools=[{"name": "bad", "input_schema": {"type": "object",
                                                    "required": "everything"}}])
    error = caught.value.body["error"]
    assert error["type"] == "invalid_request_error" and "bad" in error["message"]
