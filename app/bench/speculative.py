"""``hearth bench speculative``: prompt-lookup drafting on a rewrite task.

The model is asked to repeat a ~400-token text with one word changed, at temperature 0,
with speculative decoding by prompt lookup (Hearth's default for greedy replies) and
without it, on one loaded model, in pairs whose order flips every round. Reported:
``ratio`` = drafted ÷ plain decode tok/s (median over rounds, with its ``spread``; target
≥ 1.5), the share of drafted tokens the model accepted, and whether every drafted reply
was identical to the plain one (it must be: drafts are only kept where they are the
model's own greedy pick). A draft-model option (a smaller model drafting for a larger
one) is not built; this bench measures prompt lookup only.
"""

from __future__ import annotations

import click

from app.bench.common import emit, json_option, median, model_option, pick_model
from app.bench.serve import alternate, spread
from app.engines.base import ChatParams, Done, LoadParams, Message, ModelRef
from app.engines.llamacpp import LlamaCppEngine

TEXT = ("The lighthouse stood on a rocky point at the edge of the bay. Every night the keeper "
        "climbed the spiral stairs, trimmed the wick, wound the clockwork that turned the "
        "lens, and wrote the weather in his log. Ships passing in the dark saw the beam "
        "sweep across the water every ten seconds, and the fishermen of the village set "
        "their clocks by it. In winter the storms came from the north, and the spray "
        "reached the lantern room itself; the keeper would wipe the glass with a cloth "
        "soaked in spirit and listen to the foghorn answering from the far headland. ") * 3
ASK = ("Repeat the following text exactly as it is, word for word, but write 'warden' "
       "instead of 'keeper':\n\n")


def _reply(engine: LlamaCppEngine, mode: str, max_tokens: int) -> Done:
    engine.params.speculative = mode
    done = None
    for event in engine.chat([Message("user", ASK + TEXT)],
                             ChatParams(temperature=0.0, max_tokens=max_tokens,
                                        reuse_prefix=True, session=f"bench-{mode}")):
        if isinstance(event, Done):
            done = event
    if done is None or not done.stats.tok_s:
        raise click.ClickException("The model produced no reply.")
    return done


@click.command()
@model_option
@click.option("--rounds", default=5, show_default=True)
@click.option("--tokens", default=400, show_default=True, help="Reply length cap.")
@click.option("--threads", default=0, help="CPU threads (0: one per physical core).")
@json_option
def speculative(model_path, rounds, tokens, threads, as_json) -> None:
    """Rewrite task: prompt-lookup drafting against plain greedy decoding."""
    path = pick_model(model_path)
    engine = LlamaCppEngine()
    engine.load(ModelRef(path.stem, path), LoadParams(n_ctx=4096, n_threads=threads))
    drafted: list[Done] = []
    plain: list[Done] = []
    try:
        for n in range(rounds):
            alternate(n, lambda: drafted.append(_reply(engine, "auto", tokens)),
                      lambda: plain.append(_reply(engine, "off", tokens)))
    finally:
        engine.close()
    ratios = [d.stats.tok_s / p.stats.tok_s for d, p in zip(drafted, plain, strict=True)
              if d.stats.tok_s and p.stats.tok_s]
    proposed = sum(d.stats.draft_tokens for d in drafted)
    emit({"ratio": round(median(ratios), 3), "spread": round(spread(ratios), 3),
          "drafted_tok_s": round(median([d.stats.tok_s or 0.0 for d in drafted]), 2),
          "plain_tok_s": round(median([p.stats.tok_s or 0.0 for p in plain]), 2),
          "accepted_share": round(sum(d.stats.draft_accepted for d in drafted)
                                  / proposed, 3) if proposed else 0.0,
          "identical": all(d.text == p.text for d, p in zip(drafted, plain, strict=True)),
          "reply_tokens": drafted[0].stats.completion_tokens, "rounds": rounds,
          "draft_model": "not built (prompt lookup only)"}, as_json)
