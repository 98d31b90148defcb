"""Structured output and tool calls handed to engines that constrain and parse on their
own side: Ollama (``format``, ``tools``; against tests/ollama_stub.py, which follows
Ollama's /api/chat) and OpenAI-compatible workers (``response_format``, ``tools``,
``tool_choice``, vLLM's and SGLang's grammar fields; against tests/vllm_cpu_standin.py,
which answers as vLLM's server does)."""

from __future__ import annotations

import json

import pytest

from app.engines.base import (
    ChatParams,
    CompletionRequest,
    Done,
    Message,
    ModelRef,
    Token,
    ToolCallPart,
    ToolResultPart,
)
from app.engines.ollama import OllamaEngine
from tests.ollama_stub import OllamaStub

WEATHER = {"type": "object", "properties": {"city": {"type": "string"}},
           "required": ["city"]}
TOOLS = [{"type": "function", "function": {"name": "get_weather", "description":
                                           "Weather in a city.", "parameters": WEATHER}},
         {"type": "function", "function": {"name": "get_time", "parameters": {
             "type": "object", "properties": {}}}}]


@pytest.fixture
def ollama():
    with OllamaStub() as stub:
        engine = OllamaEngine(stub.url)
        engine.load(ModelRef("gemma3:270m"))
        yield stub, engine
        engine.close()


def last_chat(stub) -> dict:
    return next(body for path, body in reversed(stub.state.requests) if path == "/api/chat")


# Ollama ----------------------------------------------------------------------------------


def test_ollama_json_schema_goes_as_format(ollama):
    stub, engine = ollama
    stub.state.reply_text = '{"city": "Paris"}'
    params = ChatParams(response_format={"type": "json_schema", "json_schema": {
        "name": "w", "schema": WEATHER}})
    events = list(engine.chat([Message("user", "Where?")], params))
    assert json.loads(events[-1].text) == {"city": "Paris"}
    assert last_chat(stub)["format"] == WEATHER


def test_ollama_json_object_is_format_json_and_free_text_sends_none(ollama):
    stub, engine = ollama
    list(engine.chat([Message("user", "x")], ChatParams(response_format={
        "type": "json_object"})))
    assert last_chat(stub)["format"] == "json"
    list(engine.chat([Message("user", "x")], ChatParams()))
    assert "format" not in last_chat(stub) or not last_chat(stub)["format"]
    assert not last_chat(stub).get("tools")


def test_ollama_tool_calls_come_back_with_ids(ollama):
    stub, engine = ollama
    stub.state.tool_calls = [{"name": "get_weather", "arguments": {"city": "Paris"}},
                             {"name": "get_time", "arguments": {}}]
    events = list(engine.chat([Message("user", "Weather and time?")],
                              ChatParams(tools=TOOLS)))
    done = events[-1]
    assert isinstance(done, Done) and done.stats.finish_reason == "tool_calls"
    assert [(c.name, json.loads(c.arguments)) for c in done.tool_calls] == [
        ("get_weather", {"city": "Paris"}), ("get_time", {})]
    assert all(c.id.startswith("call_") for c in done.tool_calls)
    assert len({c.id for c in done.tool_calls}) == 2
    assert not [e for e in events if isinstance(e, Token)]
    sent = last_chat(stub)["tools"]
    assert [t["function"]["name"] for t in sent] == ["get_weather", "get_time"]
    assert sent[0]["function"]["parameters"] == WEATHER


def test_ollama_tool_choice_none_and_named(ollama):
    stub, engine = ollama
    list(engine.chat([Message("user", "x")], ChatParams(tools=TOOLS, tool_choice="none")))
    assert not last_chat(stub).get("tools")
    list(engine.chat([Message("user", "x")], ChatParams(tools=TOOLS, tool_choice={
        "type": "function", "function": {"name": "get_time"}})))
    assert [t["function"]["name"] for t in last_chat(stub)["tools"]] == ["get_time"]


def test_ollama_gets_calls_and_results_back_in_its_shape(ollama):
    stub, engine = ollama
    history = [Message("user", "Weather?"),
               Message("assistant", parts=(ToolCallPart("call_1", "get_weather",
                                                        '{"city": "Oslo"}'),)),
               Message("tool", parts=(ToolResultPart("call_1", "4 degrees"),))]
    events = list(engine.chat(history, ChatParams(tools=TOOLS)))
    assert isinstance(events[-1], Done) and events[-1].text == stub.state.reply_text
    sent = last_chat(stub)["messages"]
    assert sent[1]["role"] == "assistant"
    assert sent[1]["tool_calls"] == [{"function": {"name": "get_weather",
                                                   "arguments": {"city": "Oslo"}}}]
    assert sent[2] == {"role": "tool", "content": "4 degrees", "tool_name": "get_weather"}


def test_a_grammar_on_ollama_is_refused_with_a_sentence():
    from app.services.completion import unsupported_parts

    class Runtime:
        engine = OllamaEngine("http://127.0.0.1:9")
        engine_name = "Ollama"

    request = CompletionRequest([Message("user", "x")], response_format={
        "type": "grammar", "grammar": 'root ::= "a"'})
    reason = unsupported_parts(request, Runtime())  # type: ignore[arg-type]
    assert reason and "grammar" in reason and "JSON" in reason
    request.response_format = {"type": "json_object"}
    request.tools = TOOLS
    assert unsupported_parts(request, Runtime()) is None  # type: ignore[arg-type]
