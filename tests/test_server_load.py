"""Many streaming clients against a real ``hearth serve`` process (``app/bench/load.py``,
the same code as ``hearth bench load``), and that code's statistics.

The load test asserts what every request must see, never how fast: each one completes
(200 with a finish_reason) or is refused with 503 and Retry-After, none hangs past its
deadline, the clients that hang up mid-stream leave the engine free for the next request.
"""

from __future__ import annotations

import pytest

from app.bench.load import (
    LoadPlan,
    LoadRun,
    Outcome,
    counts,
    is_openai_error,
    percentile,
    retry_delay,
    run_load,
    summarize,
)
from app.bench.servers import HearthServer, write_hearth_settings
from app.models.builtin import STARTER_NAME

# ---------------------------------------------------------------------------- statistics


def test_percentile_interpolates_between_ranks_like_numpy():
    values = [4.0, 1.0, 3.0, 2.0]
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 4.0
    assert percentile(values, 50) == 2.5
    assert percentile(values, 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


def test_counts_lists_every_outcome_kind():
    outcomes = [Outcome("completed"), Outcome("busy"), Outcome("completed")]
    assert counts(outcomes) == {"completed": 2, "busy": 1, "disconnected": 0, "hung": 0,
                                "other": 0}


def test_summary_times_completed_requests_only():
    run = LoadRun(outcomes=[
        Outcome("completed", 200, latency_s=1.0, ttft_s=0.5, tokens=10),
        Outcome("completed", 200, latency_s=3.0, ttft_s=1.5, tokens=20),
        Outcome("disconnected", 200, latency_s=0.1, ttft_s=0.1),
        Outcome("busy", 503, retry_after="1"),
        Outcome("hung", detail="no end within 60 s"),
    ], elapsed_s=10.0, after=Outcome("completed", 200, latency_s=0.4))
    result = summarize(run)
    assert result["requests"] == 5
    assert result["outcomes"]["completed"] == 2 and result["outcomes"]["hung"] == 1
    assert result["completed_per_s"] == 0.2
    assert result["tokens_per_s"] == 3.0
    assert result["latency_s_p50"] == 2.0
    assert result["ttft_s_p50"] == 1.0
    assert result["retry_after_values"] == ["1"]
    assert result["other_details"] == ["no end within 60 s"]
    assert result["after_run"] == {"outcome": "completed", "latency_s": 0.4}


def test_retry_delay_honours_retry_after_up_to_the_cap():
    assert retry_delay("1", 2.0) == 1.0
    assert retry_delay("30", 2.0) == 2.0
    assert retry_delay("Wed, 21 Oct 2026 07:28:00 GMT", 2.0) == 2.0
    assert retry_delay(None, 0.5) == 0.5


def test_openai_error_shape():
    assert is_openai_error(b'{"error": {"message": "busy", "type": "server_error"}}')
    assert not is_openai_error(b'{"detail": "busy"}')
    assert not is_openai_error(b"Service Unavailable")


# ---------------------------------------------------------------------------- the load


@pytest.fixture
def hearth_server(hearth_home, smollm2_path):
    """``hearth serve`` on the starter model, one llama.cpp thread (the clients, the
    server's event loop and the model share this machine's cores)."""
    write_hearth_settings(hearth_home, n_threads=1, n_ctx=2048)
    with HearthServer(hearth_home, STARTER_NAME) as server:
        yield server
    assert server.stopped_cleanly, "hearth serve did not stop on SIGINT"


def test_sixteen_clients_each_complete_or_are_refused_with_retry_after(hearth_server):
    plan = LoadPlan(hearth_server.base_url, STARTER_NAME, clients=16, duration_s=15.0,
                    max_tokens=16, disconnect_every=4, request_timeout_s=90.0)
    run = run_load(plan)
    seen = counts(run.outcomes)
    details = summarize(run)["other_details"]
    assert seen["hung"] == 0, details
    assert seen["other"] == 0, details
    assert seen["completed"] >= 1
    assert seen["disconnected"] >= 1  # the run did hang up on some replies mid-stream
    assert all(o.retry_after for o in run.outcomes if o.kind == "busy")
    # the replies the clients walked away from were cancelled: the engine is free
    assert run.after is not None and run.after.kind == "completed", run.after
