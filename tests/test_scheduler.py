"""The model scheduler with real llama.cpp models (SmolLM2 and Gemma 3 270M) and SQLite:
load on first request, keep what fits, least recently used goes first, idle unload, a
fair bounded queue, and a cancelled wait that leaves the queue."""

from __future__ import annotations

import threading
import time

import pytest

from app.engines.base import CancelToken, CompletionRequest, Done, Message, Sampling, Token
from app.services.completion import Started
from app.services.scheduler import (
    LoadStarted,
    Queued,
    QueueFullError,
    Scheduler,
    WaitCancelled,
)
from app.settings import Settings


@pytest.fixture
def settings():
    return Settings(max_tokens=8, n_ctx=512, idle_unload_minutes=30, max_queued_replies=2)


def make(db, settings, fits=lambda ref, n_ctx, others: True):
    return Scheduler(db, settings, fits=fits)


def test_loads_on_first_request_and_keeps_two_models_that_fit(db, settings, smollm2_path,
                                                              gemma_path):
    scheduler = make(db, settings)
    heard = []
    try:
        with scheduler.lease(None, notify=heard.append) as smol:
            assert smol.model.name == "smollm2-135m-instruct"
        assert isinstance(heard[0], LoadStarted) and heard[-1].model == "smollm2-135m-instruct"
        with scheduler.lease(str(gemma_path)) as gemma:
            assert gemma is not smol and gemma.model.path == gemma_path
        assert sorted(r.model for r in scheduler.residents()) == sorted(
            ["smollm2-135m-instruct", gemma_path.stem])
        heard.clear()
        with scheduler.lease(None, notify=heard.append) as again:
            assert again is smol  # still resident: no load
        assert not any(isinstance(h, LoadStarted) for h in heard)
    finally:
        scheduler.close()


def test_least_recently_used_goes_first_when_the_next_does_not_fit(db, settings, smollm2_path,
                                                                   gemma_path):
    scheduler = make(db, settings, fits=lambda ref, n_ctx, others: len(others) < 1)
    try:
        with scheduler.lease(None):
            pass
        with scheduler.lease(str(gemma_path)):
            pass
        assert [r.model for r in scheduler.residents()] == [gemma_path.stem]
    finally:
        scheduler.close()


def test_idle_models_are_unloaded_after_the_setting(db, settings, smollm2_path):
    scheduler = make(db, settings)
    try:
        with scheduler.lease(None) as runtime:
            assert scheduler.unload_idle(time.monotonic() + 3600) == []  # leased: kept
        assert scheduler.unload_idle(time.monotonic() + 29 * 60) == []
        assert scheduler.unload_idle(time.monotonic() + 31 * 60) == ["smollm2-135m-instruct"]
        assert scheduler.residents() == [] and runtime.model is None
        settings.idle_unload_minutes = 0  # never
        with scheduler.lease(None):
            pass
        assert scheduler.unload_idle(time.monotonic() + 10**6) == []
    finally:
        scheduler.close()


def test_the_queue_is_first_come_first_served_and_bounded(db, settings, smollm2_path):
    scheduler = make(db, settings)
    order, entered = [], threading.Event()
    release = threading.Event()

    def hold():
        with scheduler.lease(None):
            entered.set()
            release.wait(30)
            order.append("first")

    def wait_then(name, heard):
        with scheduler.lease(None, notify=heard.append):
            order.append(name)

    try:
        holder = threading.Thread(target=hold)
        holder.start()
        assert entered.wait(60)
        heard_a, heard_b = [], []
        a = threading.Thread(target=wait_then, args=("a", heard_a))
        a.start()
        while scheduler.residents()[0].waiting < 1:
            time.sleep(0.01)
        b = threading.Thread(target=wait_then, args=("b", heard_b))
        b.start()
        while scheduler.residents()[0].waiting < 2:
            time.sleep(0.01)
        with pytest.raises(QueueFullError, match="already waiting"):
            with scheduler.lease(None):
                pass
        release.set()
        for t in (holder, a, b):
            t.join(60)
        assert order == ["first", "a", "b"]
        assert isinstance(heard_a[0], Queued) and heard_a[0].ahead == 1
        assert heard_b[0].ahead == 2
    finally:
        release.set()
        scheduler.close()


def test_a_cancelled_wait_leaves_the_queue(db, settings, smollm2_path):
    scheduler = make(db, settings)
    entered, release = threading.Event(), threading.Event()

    def hold():
        with scheduler.lease(None):
            entered.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    try:
        holder.start()
        assert entered.wait(60)
        cancel = CancelToken()
        threading.Timer(0.2, cancel.cancel).start()
        with pytest.raises(WaitCancelled):
            with scheduler.lease(None, cancel=cancel):
                pass
        assert scheduler.residents()[0].waiting == 0
    finally:
        release.set()
        holder.join(60)
        scheduler.close()


def test_two_requests_on_one_model_both_complete(services):
    """Two replies at once on one model: the second waits its turn, both finish."""
    results: dict[str, Done] = {}

    def ask(name: str) -> None:
        request = CompletionRequest([Message("user", f"Say {name}.")],
                                    sampling=Sampling(max_tokens=6, seed=1))
        for event in services.completion.stream(request):
            if isinstance(event, Done):
                results[name] = event

    threads = [threading.Thread(target=ask, args=(n,)) for n in ("one", "two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert set(results) == {"one", "two"}
    assert all(d.stats.finish_reason in ("stop", "length") for d in results.values())
    assert max(d.stats.queued_s for d in results.values()) > 0


def test_completion_names_the_model_and_engine_before_streaming(services):
    request = CompletionRequest([Message("user", "Hi")], sampling=Sampling(max_tokens=4))
    events = list(services.completion.stream(request))
    assert isinstance(events[0], Started) and events[0].engine == "llama.cpp"
    assert any(isinstance(e, Token) for e in events) and isinstance(events[-1], Done)


def test_a_model_loaded_by_an_engine_switch_is_not_loaded_again(db, settings, smollm2_path):
    from app.engines.targets import LLAMA_CPP

    scheduler = make(db, settings)
    try:
        scheduler.switch(LLAMA_CPP, None, persist=False)
        heard = []
        with scheduler.lease(None, notify=heard.append) as runtime:
            assert runtime is scheduler.primary and runtime.model.name == "smollm2-135m-instruct"
        assert not any(isinstance(h, LoadStarted) for h in heard)
        assert len(scheduler.residents()) == 1
    finally:
        scheduler.close()
