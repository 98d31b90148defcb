"""The one OpenAI-compatible client against a real server with an API key, and remote
endpoint settings whose keys live in the keyring (an in-memory backend in tests, never
the real keychain)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from app.commands.engines import engines
from app.engines.base import ChatParams, Done, EngineError, Error, Message, ModelLoadError, ModelRef
from app.engines.openai_http import OpenAIEngine
from app.engines.remotes import KEYRING_SERVICE, api_key, load_config
from app.engines.workers import Worker, WorkerParams, build_spec, find_engine, free_port
from tests.memory_keyring import installed_memory_keyring


@pytest.fixture
def memory_keyring():
    with installed_memory_keyring() as backend:
        yield backend


@pytest.fixture(scope="module")
def keyed_server(smollm2_path, tmp_path_factory):
    """llama-cpp-python's server behind an API key: a stand-in for a remote endpoint."""
    install = find_engine("llama-cpp-server")
    params = WorkerParams("smollm2", max_context=512, device="cpu",
                          extra_args=("--api_key", "s3cret"))
    spec = build_spec(install, str(smollm2_path), free_port(), params)
    worker = Worker(spec, run_dir=tmp_path_factory.mktemp("remote"), ready_timeout_s=60)
    # with a key, /v1/models needs it too; readiness only needs the socket to answer
    object.__setattr__(spec, "health_path", "/docs")
    worker.start()
    yield spec
    worker.stop()


def test_remote_with_key_streams(keyed_server):
    client = OpenAIEngine(keyed_server.base_url, "s3cret")
    assert client.models() == ["smollm2"]
    client.load(ModelRef("smollm2"))
    done = list(client.chat([Message("user", "Hi")], ChatParams(max_tokens=5)))[-1]
    assert isinstance(done, Done) and done.text


def test_wrong_key_is_a_clear_error(keyed_server):
    client = OpenAIEngine(keyed_server.base_url, "wrong")
    with pytest.raises(EngineError, match="refused the API key"):
        client.models()
    client.model = "smollm2"
    error = list(client.chat([Message("user", "Hi")]))[-1]
    assert isinstance(error, Error) and "refused the API key" in error.message


def test_unknown_model_lists_what_is_offered(keyed_server):
    client = OpenAIEngine(keyed_server.base_url, "s3cret")
    with pytest.raises(ModelLoadError, match="offers: smollm2"):
        client.load(ModelRef("gpt-9"))


def test_unreachable_endpoint():
    client = OpenAIEngine(f"http://127.0.0.1:{free_port()}/v1", "k")
    with pytest.raises(EngineError, match="unreachable"):
        client.models()


def test_add_remote_keeps_the_key_in_the_keyring(memory_keyring, hearth_home):
    runner = CliRunner()
    result = runner.invoke(engines, ["add-remote", "cluster", "https://vllm.example:8000/v1",
                                     "--model", "llama-70b", "--api-key", "sk-123"])
    assert result.exit_code == 0, result.output
    assert memory_keyring.store[(KEYRING_SERVICE, "cluster")] == "sk-123"
    on_disk = (hearth_home / "config" / "engines.json").read_text()
    assert "sk-123" not in on_disk
    assert json.loads(on_disk)["remotes"]["cluster"]["model"] == "llama-70b"
    assert api_key("cluster") == "sk-123"
    listed = runner.invoke(engines, ["remotes"])
    assert "cluster" in listed.output and "key set" in listed.output
    assert "sk-123" not in listed.output
    assert runner.invoke(engines, ["remove-remote", "cluster"]).exit_code == 0
    assert load_config().remotes == {} and api_key("cluster") is None


def test_add_remote_rejects_a_bad_url(memory_keyring):
    result = CliRunner().invoke(engines, ["add-remote", "x", "ftp://host", "--no-key"])
    assert result.exit_code != 0 and "not an http(s) URL" in result.output


def test_no_keyring_backend_says_what_to_do(hearth_home):
    import keyring.backends.fail

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        result = CliRunner().invoke(engines, ["add-remote", "c", "http://h:1/v1",
                                              "--api-key", "k"])
    finally:
        keyring.set_keyring(previous)
    assert result.exit_code != 0 and "No OS keyring is available" in result.output
    assert load_config().remotes == {}


def test_engines_list_and_choose(smollm2_path):
    runner = CliRunner()
    listed = runner.invoke(engines, ["list", "--json", "--no-ollama"])
    assert listed.exit_code == 0, listed.output
    rows = {row["engine"]: row for row in json.loads(listed.output)}
    assert rows["llama.cpp"]["usable"] and rows["llama.cpp"]["version"]
    assert set(rows) == {"llama.cpp", "vllm", "lmdeploy", "tensorrt-llm", "sglang",
                         "llama-cpp-server", "remote"}
    assert rows["llama-cpp-server"]["usable"]
    assert "hearth engines install vllm" in rows["vllm"]["why"] or rows["vllm"]["found"]
    chosen = runner.invoke(engines, ["choose", str(smollm2_path)])
    assert chosen.exit_code == 0 and chosen.output.startswith("llama.cpp in-process")


def test_engines_use_saves_the_choice_for_the_next_start(db, memory_keyring):
    from app.engines.targets import DEFAULT, EngineTarget
    from app.services.runtime import Runtime

    runner = CliRunner()
    used = runner.invoke(engines, ["use", "llama-cpp-server"])
    assert used.exit_code == 0, used.output
    assert "Chats now run on llama-cpp-python server worker" in used.output
    assert load_config().active == {"engine": "llama-cpp-server", "remote": None, "model": None}
    assert Runtime(db).target == EngineTarget("llama-cpp-server")

    refused = runner.invoke(engines, ["use", "remote"])
    assert refused.exit_code != 0 and "Name the remote endpoint" in refused.output
    unknown = runner.invoke(engines, ["use", "remote", "--remote", "nope"])
    assert unknown.exit_code != 0 and "No remote endpoint named 'nope'" in unknown.output

    assert runner.invoke(engines, ["add-remote", "lan", "http://10.0.0.5:8000/v1",
                                   "--no-key"]).exit_code == 0
    assert runner.invoke(engines, ["use", "remote", "--remote", "lan"]).exit_code == 0
    assert Runtime(db).target == EngineTarget("remote", remote="lan")
    listed = runner.invoke(engines, ["list", "--no-ollama"])
    assert any(line.startswith("remote:lan") and "http" not in line.split()[0]
               for line in listed.output.splitlines()), listed.output
    assert runner.invoke(engines, ["use", "llama.cpp"]).exit_code == 0
    assert load_config().active["engine"] == "llama.cpp"
    assert Runtime(db).target == EngineTarget("llama.cpp")
    back = runner.invoke(engines, ["use", "auto"])
    assert back.exit_code == 0 and "Hearth chooses the engine for each model" in back.output
    assert load_config().active is None and Runtime(db).target == DEFAULT
    assert runner.invoke(engines, ["use", "auto", "--model", "x"]).exit_code != 0
