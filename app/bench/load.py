"""``hearth bench load``: many streaming clients against one ``hearth serve``.

N clients (default 16) loop for D seconds, each sending a streamed chat request, reading
it to the end and sending the next. The model runs one reply at a time and queues a few,
so most requests wait and some are refused: a refusal must be HTTP 503 with
``Retry-After`` (the client then waits that long, capped, and tries again). Every
``--disconnect-every``-th request a client gets answered closes its connection after the
first text chunk, as a user closing a tab would; the server must cancel that reply. Every
request has a deadline: one that passes it is counted as hung. After the run, one more
request must complete, which shows the engine was left free.

Outcomes: ``completed`` (200, the stream ended with a finish_reason and ``[DONE]``),
``busy`` (503 with Retry-After and an OpenAI-shaped error), ``disconnected`` (closed by
the client on purpose), ``hung`` (past the deadline) and ``other`` (anything else).
``tests/test_server_load.py`` runs this same code, shorter, and asserts on the outcomes.
"""

from __future__ import annotations

import asyncio
import json
import math
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from app.bench.common import emit, json_option, model_option, pick_model
from app.bench.servers import HearthServer, bench_threads, write_hearth_settings
from app.models.builtin import STARTER_NAME

OUTCOMES = ("completed", "busy", "disconnected", "hung", "other")
PROMPT = "Tell me a short story about a lighthouse keeper and a storm."


@dataclass
class Outcome:
    """How one request ended, with its timings (seconds from sending it)."""

    kind: str
    status: int | None = None
    latency_s: float | None = None
    ttft_s: float | None = None
    tokens: int = 0
    retry_after: str | None = None
    detail: str = ""


@dataclass
class LoadPlan:
    """What the clients do."""

    base_url: str
    model: str
    clients: int = 16
    duration_s: float = 60.0
    max_tokens: int = 32
    #: every this-many-th answered request of a client hangs up after its first text chunk
    #: (0: never)
    disconnect_every: int = 4
    #: a request not finished this long after it was sent is hung
    request_timeout_s: float = 60.0
    #: the longest a refused client waits before trying again, whatever Retry-After says
    max_backoff_s: float = 2.0
    api_key: str | None = None


@dataclass
class LoadRun:
    """Every request's outcome, the run's length and the request sent afterwards."""

    outcomes: list[Outcome] = field(default_factory=list)
    elapsed_s: float = 0.0
    after: Outcome | None = None


# ---------------------------------------------------------------------------- statistics


def percentile(values: list[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) with linear interpolation between the closest
    ranks (numpy's default); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def counts(outcomes: list[Outcome]) -> dict[str, int]:
    """How many requests ended each way (every kind listed, zeros included)."""
    seen = Counter(o.kind for o in outcomes)
    return {kind: seen.get(kind, 0) for kind in OUTCOMES}


def _rounded(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def summarize(run: LoadRun) -> dict[str, Any]:
    """Throughput, latency and TTFT percentiles of completed requests, outcome counts."""
    done = [o for o in run.outcomes if o.kind == "completed"]
    latencies = [o.latency_s for o in done if o.latency_s is not None]
    ttfts = [o.ttft_s for o in done if o.ttft_s is not None]
    elapsed = run.elapsed_s or float("nan")
    return {
        "requests": len(run.outcomes),
        "outcomes": counts(run.outcomes),
        "elapsed_s": round(run.elapsed_s, 2),
        "completed_per_s": round(len(done) / elapsed, 3),
        "tokens_per_s": round(sum(o.tokens for o in done) / elapsed, 2),
        "latency_s_p50": _rounded(percentile(latencies, 50)),
        "latency_s_p95": _rounded(percentile(latencies, 95)),
        "ttft_s_p50": _rounded(percentile(ttfts, 50)),
        "ttft_s_p95": _rounded(percentile(ttfts, 95)),
        "retry_after_values": sorted({o.retry_after for o in run.outcomes if o.retry_after}),
        "other_details": sorted({o.detail for o in run.outcomes
                                 if o.kind in ("other", "hung")})[:5],
        "after_run": None if run.after is None else {
            "outcome": run.after.kind, "latency_s": _rounded(run.after.latency_s)},
    }


def retry_delay(retry_after: str | None, cap_s: float) -> float:
    """Seconds to wait after a 503: Retry-After (seconds) capped at ``cap_s``."""
    try:
        seconds = float(retry_after) if retry_after else cap_s
    except ValueError:  # an HTTP date: not worth parsing for a capped wait
        seconds = cap_s
    return max(0.0, min(seconds, cap_s))


# ---------------------------------------------------------------------------- one request


def is_openai_error(body: bytes) -> bool:
    """True for ``{"error": {"message": ...}}`` (OpenAI's error shape)."""
    try:
        error = json.loads(body).get("error")
    except (ValueError, AttributeError):
        return False
    return isinstance(error, dict) and isinstance(error.get("message"), str)


async def _refused(response: Any) -> Outcome:
    body = await response.aread()
    retry_after = response.headers.get("retry-after")
    if response.status_code == 503 and retry_after and is_openai_error(body):
        return Outcome("busy", 503, retry_after=retry_after)
    return Outcome("other", response.status_code, retry_after=retry_after,
                   detail=f"HTTP {response.status_code}"
                          f"{'' if retry_after else ' without Retry-After'}: {body[:200]!r}")


async def _stream(client: Any, plan: LoadPlan, disconnect: bool, started: float) -> Outcome:
    body = {"model": plan.model, "stream": True, "max_tokens": plan.max_tokens,
            "messages": [{"role": "user", "content": PROMPT}],
            "stream_options": {"include_usage": True}}
    async with client.stream("POST", f"{plan.base_url}/chat/completions", json=body) as response:
        if response.status_code != 200:
            return await _refused(response)
        ttft = None
        pieces = 0
        usage_tokens = finish = None
        async for line in response.aiter_lines():
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                if finish is None:
                    return Outcome("other", 200, detail="[DONE] without a finish_reason")
                return Outcome("completed", 200, time.perf_counter() - started, ttft,
                               usage_tokens if usage_tokens is not None else pieces)
            chunk = json.loads(data)
            if "error" in chunk:
                return Outcome("other", 200, detail=f"error in stream: {data[:200]}")
            for choice in chunk.get("choices") or ():
                if (choice.get("delta") or {}).get("content"):
                    pieces += 1
                    ttft = ttft if ttft is not None else time.perf_counter() - started
                finish = choice.get("finish_reason") or finish
            if chunk.get("usage"):
                usage_tokens = chunk["usage"].get("completion_tokens")
            if disconnect and pieces:  # leaving the block hangs up mid-reply
                return Outcome("disconnected", 200, time.perf_counter() - started, ttft)
        return Outcome("other", 200, detail="stream ended without [DONE]")


async def request_once(client: Any, plan: LoadPlan, disconnect: bool = False) -> Outcome:
    """Send one streamed chat request and say how it ended (never raises, never waits
    past ``plan.request_timeout_s``)."""
    import httpx

    started = time.perf_counter()
    try:
        return await asyncio.wait_for(_stream(client, plan, disconnect, started),
                                      plan.request_timeout_s)
    except (TimeoutError, httpx.TimeoutException):
        return Outcome("hung", latency_s=time.perf_counter() - started,
                       detail=f"no end within {plan.request_timeout_s:.0f} s")
    except (httpx.HTTPError, ValueError) as exc:
        return Outcome("other", latency_s=time.perf_counter() - started,
                       detail=f"{type(exc).__name__}: {exc}"[:200])


# ---------------------------------------------------------------------------- the run


async def _client_loop(number: int, client: Any, plan: LoadPlan, deadline: float,
                       outcomes: list[Outcome]) -> None:
    answered = 0  # requests the server took (a refused one keeps its turn to hang up)
    while time.perf_counter() < deadline:
        disconnect = bool(plan.disconnect_every) and (
            (answered + number) % plan.disconnect_every == plan.disconnect_every - 1)
        outcome = await request_once(client, plan, disconnect)
        outcomes.append(outcome)
        answered += outcome.kind != "busy"
        if outcome.kind == "busy":
            wait = retry_delay(outcome.retry_after, plan.max_backoff_s)
            await asyncio.sleep(min(wait, max(0.0, deadline - time.perf_counter())))
        elif outcome.kind == "other":
            await asyncio.sleep(0.1)  # a broken server must not turn this into a busy loop


async def run_load_async(plan: LoadPlan) -> LoadRun:
    """The clients for ``plan.duration_s`` (in-flight requests finish), then one more."""
    import httpx

    headers = {"Authorization": f"Bearer {plan.api_key}"} if plan.api_key else {}
    limits = httpx.Limits(max_connections=plan.clients + 4, max_keepalive_connections=0)
    timeout = httpx.Timeout(plan.request_timeout_s, connect=10.0)
    run = LoadRun()
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=timeout) as client:
        started = time.perf_counter()
        deadline = started + plan.duration_s
        await asyncio.gather(*(_client_loop(n, client, plan, deadline, run.outcomes)
                               for n in range(plan.clients)))
        run.elapsed_s = time.perf_counter() - started
        run.after = await request_once(client, plan)
    return run


def run_load(plan: LoadPlan) -> LoadRun:
    """:func:`run_load_async` from synchronous code (the bench, the test)."""
    return asyncio.run(run_load_async(plan))


@click.command()
@model_option
@click.option("--clients", default=16, show_default=True, help="Concurrent streaming clients.")
@click.option("--duration", "duration_s", default=60.0, show_default=True,
              help="Seconds the clients keep sending.")
@click.option("--tokens", "max_tokens", default=32, show_default=True,
              help="max_tokens of each request.")
@click.option("--disconnect-every", default=4, show_default=True,
              help="Every N-th answered request of a client hangs up after its first text "
              "chunk (0: none).")
@click.option("--timeout", "timeout_s", default=60.0, show_default=True,
              help="Seconds after which a request counts as hung.")
@click.option("--threads", default=0,
              help="llama.cpp threads (0: one fewer than the cores, at least 1).")
@json_option
def load(model_path, clients, duration_s, max_tokens, disconnect_every, timeout_s, threads,
         as_json) -> None:
    """Many streaming clients against one hearth serve: throughput, latency, outcomes."""
    gguf = pick_model(model_path)
    model = str(gguf) if model_path else STARTER_NAME
    with tempfile.TemporaryDirectory(prefix="hearth-bench-load-") as tmp:
        home = Path(tmp)
        write_hearth_settings(home, n_threads=bench_threads(threads))
        with HearthServer(home, model) as server:
            plan = LoadPlan(server.base_url, model, clients, duration_s, max_tokens,
                            disconnect_every, timeout_s)
            run = run_load(plan)
        result = {"clients": clients, "duration_s": duration_s, "max_tokens": max_tokens,
                  **summarize(run), "serve_stopped_cleanly": server.stopped_cleanly}
    emit(result, as_json)
