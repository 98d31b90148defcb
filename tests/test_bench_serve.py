"""The helpers of ``hearth bench serve`` (the bench itself needs two servers and minutes)."""

from __future__ import annotations

import pytest

from app.bench.serve import (
    Conversations,
    alternate,
    decode_rate,
    spread,
    summary,
    system_prompt,
    ttft_by_turn,
    user_message,
)
from app.bench.servers import LISTENING


def test_decode_rate_counts_tokens_after_the_first():
    assert decode_rate(11, 1.0, 2.0) == 10.0
    assert decode_rate(1, 1.0, 2.0) is None
    assert decode_rate(5, None, 2.0) is None
    assert decode_rate(5, 2.0, 2.0) is None


def test_summary_gives_median_spread_and_runs():
    result = summary("x", [1.0, 2.0, 4.0], digits=2)
    assert result == {"x_median": 2.0, "x_spread": pytest.approx(1.25, abs=0.01),
                      "x_runs": [1.0, 2.0, 4.0]}
    assert spread([3.0]) == 0.0


def test_alternate_flips_the_order_every_round():
    order: list[str] = []
    for round_no in range(3):
        alternate(round_no, lambda: order.append("a"), lambda: order.append("b"))
    assert order == ["a", "b", "b", "a", "a", "b"]


def test_conversations_differ_by_round_and_side():
    prompts = {system_prompt(r, c) for r in range(3) for c in (0, 1)}
    assert len(prompts) == 6
    assert user_message(0, 0) != user_message(0, 1) != user_message(1, 1)


def test_ttft_by_turn_takes_the_median_over_rounds_and_conversations():
    first, second = Conversations(2), Conversations(2)
    first.ttft_s = [[1.0, 2.0], [3.0, 4.0]]
    second.ttft_s = [[5.0, 6.0], [7.0, 8.0]]
    assert ttft_by_turn([first, second]) == [4.0, 5.0]
    assert first.last_turn_ttft() == 3.0


def test_listening_line_gives_the_api_address():
    line = "Hearth API listening on http://127.0.0.1:54321/v1 (model smollm2-135m-instruct)"
    match = LISTENING.search(line)
    assert match and match.group(1) == "http://127.0.0.1:54321/v1"
