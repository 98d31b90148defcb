"""``hearth bench multiturn``: time to first token of a growing conversation.

Once with prefix reuse (Hearth's default) and once with it off, in the same run. Then the
cost of coming back to a conversation after talking in another (its saved KV state is
restored instead of recomputing the prompt).
"""

from __future__ import annotations

import click

from app.bench.common import emit, json_option, model_option, pick_model
from app.engines.base import ChatParams, Done, LoadParams, Message, ModelRef
from app.engines.llamacpp import LlamaCppEngine

PARAGRAPH = ("Here is another part of my notes on the history of lighthouses, their keepers, "
             "the lenses they used, and how ships found their way along dangerous coasts at "
             "night before radio and satellite navigation existed. Please keep it in mind. ")


def _ttft(engine: LlamaCppEngine, messages: list[Message], params: ChatParams) -> tuple[float, str]:
    done = None
    for event in engine.chat(messages, params):
        if isinstance(event, Done):
            done = event
    if done is None or done.stats.ttft_s is None:
        raise click.ClickException("The model produced no reply.")
    return done.stats.ttft_s, done.text


def run_turns(engine: LlamaCppEngine, turns: int, reuse: bool, session: str) -> list[float]:
    messages: list[Message] = [Message("system", "You are a concise assistant.")]
    ttfts = []
    for turn in range(turns):
        messages.append(Message("user", f"Turn {turn + 1}. " + PARAGRAPH * 2))
        params = ChatParams(max_tokens=16, temperature=0.0, seed=1, session=session,
                            reuse_prefix=reuse)
        ttft, text = _ttft(engine, messages, params)
        messages.append(Message("assistant", text or "OK."))
        ttfts.append(round(ttft, 4))
    return ttfts


@click.command()
@model_option
@click.option("--turns", default=10, show_default=True)
@click.option("--threads", default=0, help="CPU threads (0: one per core).")
@json_option
def multiturn(model_path, turns, threads, as_json) -> None:
    """TTFT per turn with and without prefix reuse, and the cost of switching back."""
    path = pick_model(model_path)
    engine = LlamaCppEngine()
    engine.load(ModelRef(path.stem, path), LoadParams(n_threads=threads, n_ctx=8192))
    with_reuse = run_turns(engine, turns, True, "bench-a")
    without = run_turns(engine, turns, False, "bench-b")
    # bench-b's state is current; going back to bench-a restores its saved state
    messages = [Message("system", "You are a concise assistant."),
                Message("user", "Turn 1. " + PARAGRAPH * 2)]
    switch_back, _ = _ttft(engine, messages, ChatParams(max_tokens=4, temperature=0.0,
                                                        session="bench-a"))
    engine.close()
    emit({"ttft_s": with_reuse, "ttft_noreuse_s": without,
          "last_over_first": round(with_reuse[-1] / with_reuse[0], 3),
          "noreuse_last_over_first": round(without[-1] / without[0], 3),
          "switch_back_ttft_s": round(switch_back, 4)}, as_json)
