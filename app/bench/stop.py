"""``hearth bench stop``: how soon Stop takes effect during prompt processing.

An ~800-token prompt is sent with prefix reuse off; Stop is pressed ``--after`` seconds
in (while the prompt is still being processed). Measured: the time from Stop to the
reply's end. The reference, taken in the same run and interleaved with it, is the time
from the same moment to the first token of an uncancelled reply, which is how long Stop
took when it was honoured only between generated tokens. Target: stop ≤ 0.5 s.
"""

from __future__ import annotations

import statistics
import threading
import time

import click

from app.bench.common import emit, json_option, median, model_option, pick_model
from app.engines.base import CancelToken, ChatParams, Done, LoadParams, Message, ModelRef, Token
from app.engines.llamacpp import LlamaCppEngine

#: about 800 tokens with SmolLM2's tokenizer
PROMPT = ("Summarise the following notes in one sentence.\n\n"
          + "The lighthouse keeper logged the weather, trimmed the lamp and watched for "
            "ships every night, and wrote each detail into a leather book. " * 28)


def stop_latency(engine: LlamaCppEngine, after: float) -> float:
    """Seconds from Stop (pressed ``after`` s in) to the end of the reply."""
    cancel = CancelToken()
    pressed: list[float] = []

    def press() -> None:
        pressed.append(time.perf_counter())
        cancel.cancel()

    timer = threading.Timer(after, press)
    params = ChatParams(max_tokens=32, seed=1, reuse_prefix=False)
    timer.start()
    for event in engine.chat([Message("user", PROMPT)], params, cancel):
        if isinstance(event, Done):
            ended = time.perf_counter()
    timer.join()
    return ended - pressed[0] if pressed else 0.0


def first_token_after(engine: LlamaCppEngine, after: float) -> float:
    """Seconds from ``after`` s in to the first token (the old Stop's latency)."""
    params = ChatParams(max_tokens=2, seed=1, reuse_prefix=False)
    started = time.perf_counter()
    for event in engine.chat([Message("user", PROMPT)], params):
        if isinstance(event, Token | Done):
            return max(0.0, time.perf_counter() - started - after)
    return 0.0


@click.command()
@model_option
@click.option("--after", default=0.2, show_default=True,
              help="Seconds into prompt processing when Stop is pressed.")
@click.option("--repeats", default=5, show_default=True, help="Interleaved runs of each.")
@click.option("--threads", default=0, help="CPU threads (0: one per physical core).")
@json_option
def stop(model_path, after, repeats, threads, as_json) -> None:
    """Stop during a long prompt vs waiting for its first token."""
    path = pick_model(model_path)
    engine = LlamaCppEngine()
    engine.load(ModelRef(path.stem, path), LoadParams(n_threads=threads, n_ctx=2048))
    prompt_tokens = len(engine.tokenize(engine.render([Message("user", PROMPT)])))
    stops, olds = [], []
    try:
        for _ in range(repeats):
            stops.append(stop_latency(engine, after))
            olds.append(first_token_after(engine, after))
    finally:
        engine.close()
    emit({"prompt_tokens": prompt_tokens,
          "stop_s_median": round(median(stops), 3),
          "stop_s_spread": round(statistics.pstdev(stops), 3),
          "stop_s_max": round(max(stops), 3),
          "until_first_token_s_median": round(median(olds), 3),
          "ratio": round(median(stops) / median(olds), 3) if median(olds) else None,
          "target_met": max(stops) <= 0.5, "runs": repeats}, as_json)
