"""Speculative decoding by prompt lookup in the in-process engine."""

from __future__ import annotations

import pytest

from app.engines.base import ChatParams, Done, LoadParams, Message, ModelRef
from app.engines.llamacpp import LlamaCppEngine, prompt_lookup

TEXT = ("The lighthouse stood on a rocky point at the edge of the bay. Every night the keeper "
        "climbed the spiral stairs, trimmed the wick and wrote the weather in his log. ") * 2
REWRITE = [Message("user", "Repeat this text exactly, word for word:\n\n" + TEXT)]


def test_prompt_lookup_drafts_what_followed_the_last_tokens():
    history = [5, 6, 7, 8, 9, 1, 2, 6, 7]
    assert prompt_lookup(history, 3) == [8, 9, 1]
    assert prompt_lookup(history, 1) == [8]
    assert prompt_lookup([1, 2, 3, 4], 5) == []
    assert prompt_lookup(history, 0) == []


def test_prompt_lookup_never_drafts_an_images_positions():
    assert prompt_lookup([3, 4, -7, -7, 9, 3, 4], 4) == []
    assert prompt_lookup([3, 4, 5, -7, 9, 3, 4], 4) == [5]


@pytest.fixture(scope="module")
def engine(smollm2_path):
    engine = LlamaCppEngine()
    engine.load(ModelRef("smollm2", smollm2_path), LoadParams(n_ctx=2048))
    yield engine
    engine.close()


def reply(engine: LlamaCppEngine, messages, mode: str, **params) -> Done:
    engine.params.speculative = mode
    done = None
    for event in engine.chat(messages, ChatParams(**{"temperature": 0, "max_tokens": 120,
                                                      **params})):
        if isinstance(event, Done):
            done = event
    assert done is not None
    return done


def test_drafted_greedy_replies_are_the_plain_ones(engine):
    plain = reply(engine, REWRITE, "off", reuse_prefix=False)
    drafted = reply(engine, REWRITE, "auto", reuse_prefix=False)
    assert plain.stats.draft_tokens == 0
    assert drafted.stats.draft_accepted > 0
    assert drafted.stats.draft_accepted <= drafted.stats.draft_tokens
    assert drafted.text == plain.text
    assert drafted.stats.completion_tokens == plain.stats.completion_tokens


def test_sampled_replies_do_not_draft(engine):
    done = reply(engine, REWRITE, "auto", temperature=0.7, seed=3, max_tokens=24)
    assert done.stats.draft_tokens == 0


def test_a_follow_up_after_a_drafted_reply_reuses_its_cache(engine):
    first = reply(engine, REWRITE, "auto", session="spec", max_tokens=40)
    history = [*REWRITE, Message("assistant", first.text), Message("user", "Thanks!")]
    second = reply(engine, history, "auto", session="spec", max_tokens=8)
    # the drafted reply's tokens are in the cache exactly as if decoded one at a time
    assert second.stats.cached_tokens >= first.stats.prompt_tokens + first.stats.completion_tokens - 1
    plain = reply(engine, history, "off", session="other", max_tokens=8, reuse_prefix=False)
    assert second.text == plain.text
