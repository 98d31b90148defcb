"""The command line, run as a user would: real processes, the real starter model."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def hearth(*args: str, input: str | None = None, timeout: float = 300):
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          input=input, timeout=timeout, env={**os.environ})


def test_chat_with_a_prompt_streams_and_saves(smollm2_path):
    done = hearth("chat", "--max-tokens", "12", "Say hi.")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert "ready in" in done.stderr and "first token" in done.stderr
    assert "Engine: llama.cpp in-process on the CPU (no NVIDIA GPU here)" in done.stderr
    listed = hearth("models", "list")
    assert "smollm2-135m-instruct" in listed.stdout


def test_interactive_chat_keeps_history_and_resumes(smollm2_path):
    first = hearth("chat", "--max-tokens", "6", input="Hello\nHow are you?\n/quit\n")
    assert first.returncode == 0, first.stderr
    assert "Conversation 1." in first.stderr
    resumed = hearth("chat", "-c", "1", "--max-tokens", "6", input="/quit\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "user> Hello" in resumed.stdout and "user> How are you?" in resumed.stdout
    assert resumed.stdout.count("assistant> ") == 2


def test_chat_with_a_bad_model_path_says_what_to_do(tmp_path):
    bad = tmp_path / "x.gguf"
    bad.write_text("<html></html>" + " " * 50)
    done = hearth("chat", "--model", str(bad), "hi")
    assert done.returncode != 0
    assert "web page" in done.stderr and "Traceback" not in done.stderr


def test_unknown_model_name_lists_what_exists(smollm2_path):
    done = hearth("chat", "--model", "no-such-model", "hi")
    assert done.returncode != 0
    assert "no model called 'no-such-model'" in done.stderr
    assert "smollm2-135m-instruct" in done.stderr


def test_doctor_reports_paths_and_engines(hearth_home):
    done = hearth("doctor", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["paths"]["data"].startswith(str(hearth_home))
    assert report["engines"]["llama.cpp"]["found"] is True
    assert "AVX" in report["llama_cpp_system_info"] or "CPU" in report["llama_cpp_system_info"]


def test_bench_decode_reports_a_ratio(smollm2_path):
    done = hearth("bench", "decode", "--tokens", "16", "--repeats", "1", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"app_tok_s", "raw_tok_s", "ratio", "spread", "rounds"}
    assert result["ratio"] > 0 and result["rounds"] == 1


def test_every_lazily_registered_command_imports():
    import click

    from app.cli import bench, cli

    for group in (cli, bench):
        ctx = click.Context(group)
        for name in group.lazy:
            assert isinstance(group.get_command(ctx, name), click.Command), name
