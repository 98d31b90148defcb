"""`hearth serve` as a user runs it: a real process, the official client, Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import openai
import pytest

from tests.conftest import REPO

MODEL = "smollm2-135m-instruct"


def _serve(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "app", "serve", *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _listening_url(process: subprocess.Popen, timeout_s: float = 120) -> str:
    deadline = time.monotonic() + timeout_s
    seen = []
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        found = re.search(r"listening on (http://\S+/v1)", line)
        if found:
            return found.group(1)
    process.kill()
    raise AssertionError("hearth serve did not start:\n" + "".join(seen))


def test_hearth_serve_answers_the_openai_client_and_stops_on_ctrl_c(smollm2_path):
    process = _serve("--port", "0", "--model", MODEL, "--ctx-size", "512", "--threads", "1")
    try:
        url = _listening_url(process)
        client = openai.OpenAI(base_url=url, api_key="not-needed", max_retries=0)
        assert MODEL in [m.id for m in client.models.list().data]
        reply = client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Hi"}], max_tokens=4)
        assert reply.choices[0].message.content
        # --ctx-size applies: a message longer than 512 tokens does not fit
        with pytest.raises(openai.BadRequestError) as caught:
            client.chat.completions.create(
                model=MODEL, max_tokens=4,
                messages=[{"role": "user", "content": "tea and biscuits " * 300}])
        assert caught.value.body["code"] == "context_length_exceeded"
        assert "512" in caught.value.body["message"]
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_hearth_serve_refuses_a_reachable_address_without_a_key(smollm2_path):
    process = _serve("--host", "0.0.0.0", "--port", "0")
    output, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "without a key" in output and "127.0.0.1" in output
