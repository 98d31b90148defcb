"""``hearth bench kv``: what a quantized KV cache saves and what it costs.

1. Memory: the KV cache llama.cpp allocates for an 8k context (its own log of the context
   creation), f16 against q8_0 and q4_0. Targets: q8_0 ÷ f16 ≤ 0.55, q4_0 ÷ f16 ≤ 0.3.
2. Decode speed: the same reply (temperature 0) from three loaded copies of the model, one
   per cache type, in an order rotated every round; per round each type's tok/s ÷ f16's,
   reported as the median with its spread (``ratio`` is q8_0's; target ≥ 0.95).
3. Accuracy: the mean log-probability the model gives a fixed 2,000-token text (Hearth's
   own source code, so every installation has it) with each cache type; reported as the
   relative change against f16 (target < 1% at q8_0).
"""

from __future__ import annotations

from pathlib import Path

import click

from app.bench.common import emit, json_option, median, model_option, pick_model
from app.bench.serve import spread
from app.engines.base import ChatParams, Done, LoadParams, Message, ModelRef
from app.engines.llamacpp import LlamaCppEngine, kv_buffer_mb, kv_cache_args, recent_log

KINDS = ("f16", "q8_0", "q4_0")
PROMPT = "Write a long story about a lighthouse keeper who finds a message in a bottle."


def _engine(path: Path, kind: str, n_ctx: int, threads: int) -> tuple[LlamaCppEngine, float]:
    engine = LlamaCppEngine()
    engine.load(ModelRef(path.stem, path), LoadParams(n_ctx=n_ctx, n_threads=threads,
                                                      kv_cache_type=kind, validate=False))
    size = kv_buffer_mb(recent_log())
    if size is None:
        raise click.ClickException("llama.cpp's log did not say the KV cache's size.")
    return engine, size


def _rate(engine: LlamaCppEngine, tokens: int) -> float:
    done = None
    for event in engine.chat([Message("user", PROMPT)],
                             ChatParams(temperature=0.0, max_tokens=tokens, seed=1,
                                        reuse_prefix=False)):
        if isinstance(event, Done):
            done = event
    if done is None or not done.stats.tok_s:
        raise click.ClickException("The model produced no reply.")
    return done.stats.tok_s


def fixed_text() -> str:
    """Hearth's own source, in a fixed order: the same text wherever Hearth is installed."""
    root = Path(__file__).resolve().parents[1]
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.py")))


def mean_logprob(path: Path, kind: str, n_tokens: int, threads: int) -> float:
    """Mean log-probability of the first ``n_tokens`` tokens of :func:`fixed_text`."""
    import numpy as np
    from llama_cpp import Llama

    llm = Llama(model_path=str(path), n_ctx=n_tokens + 16, n_batch=256, n_ubatch=256,
                n_threads=threads or None, logits_all=True, verbose=False,
                **kv_cache_args(kind))
    try:
        tokens = llm.tokenize(fixed_text().encode("utf-8"))[:n_tokens]
        for at in range(0, len(tokens), 256):
            llm.eval(tokens[at: at + 256])
        logits = np.asarray(llm.scores[: len(tokens) - 1], dtype=np.float64)
        top = logits.max(axis=1, keepdims=True)
        log_z = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
        picked = logits[np.arange(len(tokens) - 1), tokens[1:]]
        return float((picked - log_z).mean())
    finally:
        llm.close()


@click.command()
@model_option
@click.option("--rounds", default=5, show_default=True)
@click.option("--tokens", default=96, show_default=True, help="Tokens per decode.")
@click.option("--text-tokens", default=2000, show_default=True,
              help="Length of the text whose log-probability is compared.")
@click.option("--threads", default=0, help="CPU threads (0: one per physical core).")
@json_option
def kv(model_path, rounds, tokens, text_tokens, threads, as_json) -> None:
    """KV-cache memory, decode speed and accuracy: q8_0 and q4_0 against f16."""
    path = pick_model(model_path)
    sizes: dict[str, float] = {}
    for kind in KINDS:  # one at a time: the 8k caches need not coexist
        engine, sizes[kind] = _engine(path, kind, 8192, threads)
        engine.close()
    engines = {kind: _engine(path, kind, 2048, threads)[0] for kind in KINDS}
    ratios: dict[str, list[float]] = {"q8_0": [], "q4_0": []}
    rates: dict[str, list[float]] = {kind: [] for kind in KINDS}
    try:
        for n in range(rounds):
            order = KINDS[n % 3:] + KINDS[: n % 3]
            measured = {kind: _rate(engines[kind], tokens) for kind in order}
            for kind in KINDS:
                rates[kind].append(measured[kind])
            for kind in ratios:
                ratios[kind].append(measured[kind] / measured["f16"])
    finally:
        for engine in engines.values():
            engine.close()
    logprob = {kind: mean_logprob(path, kind, text_tokens, threads) for kind in KINDS}
    emit({"ratio": round(median(ratios["q8_0"]), 3), "spread": round(spread(ratios["q8_0"]), 3),
          "q4_0_ratio": round(median(ratios["q4_0"]), 3),
          "q4_0_spread": round(spread(ratios["q4_0"]), 3),
          **{f"{kind}_tok_s": round(median(rates[kind]), 2) for kind in KINDS},
          "kv_8k_mb": {kind: round(size, 1) for kind, size in sizes.items()},
          "memory_q8_0_over_f16": round(sizes["q8_0"] / sizes["f16"], 3),
          "memory_q4_0_over_f16": round(sizes["q4_0"] / sizes["f16"], 3),
          "mean_logprob": {kind: round(v, 4) for kind, v in logprob.items()},
          "logprob_change_q8_0": round(abs(logprob["q8_0"] / logprob["f16"] - 1), 4),
          "logprob_change_q4_0": round(abs(logprob["q4_0"] / logprob["f16"] - 1), 4),
          "rounds": rounds}, as_json)
