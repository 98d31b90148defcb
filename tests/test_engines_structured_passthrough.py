"""Structured output and tool calls handed to engines that constrain and parse on their
own side: Ollama (``format``, ``tools``; against tests/ollama_stub.py, which follows
Ollama's /api/chat) and OpenAI-compatible workers (``response_format``, ``tools``,
``tool_choice``, vLLM's and SGLang's grammar fields; against tests/vllm_cpu_standin.py,
which answers as vLLM's server does)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from app.engines.base import (
    ChatParams,
    CompletionRequest,
    Done,
    Error,
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


# OpenAI-compatible workers ---------------------------------------------------------------

STANDIN = Path(__file__).with_name("vllm_cpu_standin.py")


@pytest.fixture
def vllm(tmp_path):
    """A vLLM worker (the CPU stand-in, launched as Hearth launches vLLM) and the file of
    the request bodies it received."""
    from app.engines.workers import EngineInstall, WorkerEngine, WorkerParams

    record = tmp_path / "requests.jsonl"
    model = tmp_path / "Qwen2.5-0.5B-Instruct"
    model.mkdir()
    (model / "config.json").write_text('{"model_type": "qwen2"}')
    (tmp_path / "run").mkdir()
    engine = WorkerEngine(
        EngineInstall("vllm", (sys.executable, str(STANDIN))),
        WorkerParams("qwen", 2048, device="cpu", env=(("HEARTH_STANDIN_RECORD", str(record)),)),
        run_dir=tmp_path / "run", ready_timeout_s=60, stall_timeout_s=30, warmup=False,
        device="cpu")
    engine.load(ModelRef("qwen", path=model))
    yield engine, record
    engine.close()


def sent(record: Path) -> dict:
    return json.loads(record.read_text().splitlines()[-1])


def test_vllm_declares_formats_grammar_and_tools_and_launches_its_tool_parser(vllm):
    engine, _ = vllm
    caps = engine.capabilities
    assert caps.structured_output and caps.grammar and caps.tools
    argv = list(engine.worker.spec.argv)
    assert argv[argv.index("--tool-call-parser") + 1] == "hermes"
    assert "--enable-auto-tool-choice" in argv


def test_vllm_json_schema_goes_as_response_format(vllm):
    engine, record = vllm
    fmt = {"type": "json_schema", "json_schema": {"name": "w", "schema": WEATHER,
                                                  "strict": True}}
    done = list(engine.chat([Message("user", "Where?")], ChatParams(response_format=fmt)))[-1]
    assert isinstance(done, Done) and json.loads(done.text) == {"city": "Paris"}
    assert sent(record)["response_format"] == fmt
    list(engine.chat([Message("user", "x")], ChatParams(response_format={
        "type": "json_object"})))
    assert sent(record)["response_format"] == {"type": "json_object"}


def test_vllm_grammar_goes_as_structured_outputs(vllm):
    engine, record = vllm
    grammar = 'root ::= "yes" | "no"'
    list(engine.chat([Message("user", "x")], ChatParams(response_format={
        "type": "grammar", "grammar": grammar})))
    body = sent(record)
    assert body["structured_outputs"] == {"grammar": grammar}
    assert "response_format" not in body and "guided_grammar" not in body


@pytest.mark.parametrize("choice,name", [
    ("required", "get_weather"), ("auto", "get_weather"),
    ({"type": "function", "function": {"name": "get_time"}}, "get_time")])
def test_vllm_streamed_tool_call_is_gathered(vllm, choice, name):
    engine, record = vllm
    events = list(engine.chat([Message("user", "Weather?")],
                              ChatParams(tools=TOOLS, tool_choice=choice)))
    done = events[-1]
    assert isinstance(done, Done), done
    assert done.stats.finish_reason == "tool_calls"  # vLLM says "stop" for a named call
    (call,) = done.tool_calls
    assert call.id == "chatcmpl-tool-5f1e0c" and call.name == name
    assert json.loads(call.arguments) == ({"city": "Paris"} if name == "get_weather" else {})
    body = sent(record)
    assert body["tools"] == [{"type": "function", "function": {
        "name": t["function"]["name"], "description": t["function"].get("description", ""),
        "parameters": t["function"]["parameters"]}} for t in TOOLS]
    assert body["tool_choice"] == choice


def test_vllm_gets_calls_and_results_back_in_openai_shape(vllm):
    engine, record = vllm
    history = [Message("user", "Weather?"),
               Message("assistant", parts=(ToolCallPart("call_1", "get_weather",
                                                        '{"city": "Oslo"}'),)),
               Message("tool", parts=(ToolResultPart("call_1", "4 degrees"),))]
    done = list(engine.chat(history, ChatParams(tools=TOOLS, tool_choice="none")))[-1]
    assert isinstance(done, Done) and done.text == "Red, green and blue (cpu)."
    messages = sent(record)["messages"]
    assert messages[1] == {"role": "assistant", "content": None, "tool_calls": [
        {"id": "call_1", "type": "function",
         "function": {"name": "get_weather", "arguments": '{"city": "Oslo"}'}}]}
    assert messages[2] == {"role": "tool", "tool_call_id": "call_1", "content": "4 degrees"}


def test_vllm_refusal_of_auto_without_a_parser_reaches_the_user(tmp_path):
    from app.engines.workers import EngineInstall, WorkerEngine, WorkerParams

    model = tmp_path / "SmolLM2"
    model.mkdir()
    (model / "config.json").write_text('{"model_type": "llama"}')
    engine = WorkerEngine(EngineInstall("vllm", (sys.executable, str(STANDIN))),
                          WorkerParams("smol", device="cpu"), run_dir=tmp_path,
                          ready_timeout_s=60, warmup=False, device="cpu")
    try:
        engine.load(ModelRef("smol", path=model))
        assert "--tool-call-parser" not in engine.worker.spec.argv
        error = list(engine.chat([Message("user", "x")], ChatParams(tools=TOOLS)))[-1]
        assert isinstance(error, Error) and "--enable-auto-tool-choice" in error.message
    finally:
        engine.close()


def test_sglang_sends_a_grammar_as_ebnf():
    from app.engines import registry

    client = registry.require("sglang").client_class()("http://127.0.0.1:9", name="sglang")
    assert registry.require("sglang").capabilities.grammar
    request = client._request([Message("user", "x")], ChatParams(response_format={
        "type": "grammar", "grammar": 'root ::= "a"'}))
    assert request["extra_body"] == {"ebnf": 'root ::= "a"'}


def test_engines_without_a_grammar_say_so_before_generating():
    from app.engines import registry

    for name in ("lmdeploy", "tensorrt-llm", "remote", "ollama"):
        caps = registry.require(name).capabilities
        assert caps.structured_output and not caps.grammar, name


def test_tensorrt_llm_starts_with_its_guided_decoding_backend(hearth_home):
    from app.engines.workers import EngineInstall, WorkerParams, build_spec

    spec = build_spec(EngineInstall("tensorrt-llm", ("trtllm-serve",)), "/m/Llama", 41234,
                      WorkerParams("llama", 4096))
    argv = list(spec.argv)
    options = Path(argv[argv.index("--extra_llm_api_options") + 1])
    assert options.is_relative_to(hearth_home)
    import yaml

    assert yaml.safe_load(options.read_text()) == {"guided_decoding_backend": "xgrammar"}
