"""``hearth bench decode``: Hearth's streaming path against a raw llama-cpp-python loop.

Both run on the same ``Llama`` object, prompt, sampling and thread count, in pairs whose
order flips every round (ABBA...), so machine load hits both alike. Rates count tokens
after the first (decode only). ``ratio`` is the median of the rounds' Hearth ÷ raw
ratios, ``spread`` their standard deviation.
"""

from __future__ import annotations

import time

import click

from app.bench.common import emit, json_option, median, model_option, pick_model
from app.bench.serve import alternate, spread
from app.engines.base import ChatParams, Done, LoadParams, Message, ModelRef
from app.engines.llamacpp import LlamaCppEngine

PROMPT = "Write a long story about a lighthouse keeper who finds a message in a bottle."


def raw_rate(engine: LlamaCppEngine, tokens: list[int], n: int) -> float:
    """Tokens/s of a bare ``Llama.generate`` loop (the reference)."""
    llm = engine._llm
    llm.reset()
    llm._ctx.kv_cache_seq_rm(-1, 0, -1)
    llm.set_seed(1)
    count, first = 0, 0.0
    generator = llm.generate(tokens, temp=0.7, top_p=0.95, top_k=40, min_p=0.05,
                             repeat_penalty=1.0)
    for _ in generator:
        count += 1
        if count == 1:
            first = time.perf_counter()
        if count >= n:
            break
    generator.close()
    return (count - 1) / (time.perf_counter() - first)


def app_rate(engine: LlamaCppEngine, n: int) -> float:
    """Tokens/s of Hearth's streaming chat path (events, text decoding, stop strings)."""
    params = ChatParams(temperature=0.7, top_p=0.95, max_tokens=n, seed=1, reuse_prefix=False)
    done = None
    for event in engine.chat([Message("user", PROMPT)], params):
        if isinstance(event, Done):
            done = event
    if done is None or not done.stats.tok_s:
        raise click.ClickException("The streaming path produced no reply.")
    return done.stats.tok_s


@click.command()
@model_option
@click.option("--tokens", "n_tokens", default=128, show_default=True, help="Tokens per run.")
@click.option("--repeats", default=5, show_default=True, help="Pairs of runs (order flipped "
              "every pair).")
@click.option("--threads", default=0, help="CPU threads (0: one per core).")
@json_option
def decode(model_path, n_tokens, repeats, threads, as_json) -> None:
    """Decode speed: Hearth's streaming path vs a raw llama-cpp-python token loop."""
    path = pick_model(model_path)
    engine = LlamaCppEngine()
    engine.load(ModelRef(path.stem, path), LoadParams(n_threads=threads, n_ctx=2048))
    tokens = engine.tokenize(engine.render([Message("user", PROMPT)]))
    app_rates: list[float] = []
    raw_rates: list[float] = []
    for n in range(repeats):
        alternate(n, lambda: raw_rates.append(raw_rate(engine, tokens, n_tokens)),
                  lambda: app_rates.append(app_rate(engine, n_tokens)))
    engine.close()
    ratios = [a / r for a, r in zip(app_rates, raw_rates, strict=True)]
    emit({"ratio": round(median(ratios), 3), "spread": round(spread(ratios), 3),
          "app_tok_s": round(median(app_rates), 2), "raw_tok_s": round(median(raw_rates), 2),
          "rounds": repeats}, as_json)
