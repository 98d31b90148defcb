"""``hearth bench contention``: decode speed when another program keeps a core busy.

On a small machine a user's other programs (a build, a browser tab, a test run) hold
cores while Hearth answers. llama.cpp's OpenMP threads spin while they wait for each
other, and a spinning thread steals the time of the one it waits for: decoding used to
collapse to a few tokens a second. Hearth sets passive waiting (``app/__init__.py``) and
one thread per physical core.

Each measurement is a fresh process (OpenMP reads its waiting policy once, at start) that
loads the model and decodes ``--tokens`` tokens at temperature 0. Per round, in an order
flipped every round: Hearth's settings idle, and with one CPU-bound competing process.
Reported: ``ratio`` = busy ÷ idle decode tok/s (median over rounds, with its ``spread``;
target ≥ 0.4), and the same for spinning waits (``OMP_WAIT_POLICY=ACTIVE``, llama.cpp's
default) as the reference, measured in the same rounds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import contextmanager

import click

from app.bench.common import emit, json_option, median, model_option, pick_model
from app.bench.serve import spread

#: one decode, in a child process: prints {"tok_s": ...}
CHILD = r"""
import json, sys, time
from app.engines.base import ChatParams, Done, LoadParams, Message, ModelRef
from app.engines.llamacpp import LlamaCppEngine
path, tokens, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
engine = LlamaCppEngine()
engine.load(ModelRef("m", __import__("pathlib").Path(path)),
            LoadParams(n_ctx=1024, n_threads=threads, validate=False))
done = None
for event in engine.chat([Message("user", "Write a long story about a lighthouse keeper.")],
                         ChatParams(temperature=0.0, max_tokens=tokens, seed=1)):
    if isinstance(event, Done):
        done = event
print(json.dumps({"tok_s": done.stats.tok_s if done else None}))
"""

#: a competing program: one core, busy
BUSY = "while True:\n    pass\n"


def _decode(path: str, tokens: int, threads: int, policy: str | None) -> float:
    env = dict(os.environ)
    if policy:
        env["OMP_WAIT_POLICY"] = policy
    else:
        env.pop("OMP_WAIT_POLICY", None)  # Hearth's own default applies
    done = subprocess.run([sys.executable, "-c", CHILD, path, str(tokens), str(threads)],
                          capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:
        raise click.ClickException(f"The decode run failed: {done.stderr.strip()[-400:]}")
    rate = json.loads(done.stdout.strip().splitlines()[-1])["tok_s"]
    if not rate:
        raise click.ClickException("The decode run produced no tokens.")
    return float(rate)


@contextmanager
def _competitor(on: bool):
    if not on:
        yield
        return
    busy = subprocess.Popen([sys.executable, "-c", BUSY])
    try:
        yield
    finally:
        busy.kill()
        busy.wait()


@click.command()
@model_option
@click.option("--tokens", default=96, show_default=True, help="Tokens per decode.")
@click.option("--rounds", default=5, show_default=True, help="Pairs of idle/busy runs.")
@click.option("--threads", default=0, help="CPU threads (0: Hearth's default).")
@click.option("--no-reference", is_flag=True, help="Skip the spinning-wait reference.")
@json_option
def contention(model_path, tokens, rounds, threads, no_reference, as_json) -> None:
    """Decode with one competing busy process ÷ idle, Hearth's waits vs spinning ones."""
    path = str(pick_model(model_path))
    policies = {"hearth": None} if no_reference else {"hearth": None, "spin": "ACTIVE"}
    rates: dict[str, dict[bool, list[float]]] = {p: {False: [], True: []} for p in policies}
    for n in range(rounds):
        order = (False, True) if n % 2 == 0 else (True, False)
        for busy in order:
            with _competitor(busy):
                for name, policy in policies.items():
                    rates[name][busy].append(_decode(path, tokens, threads, policy))
    result: dict = {}
    for name in policies:
        ratios = [b / i for i, b in zip(rates[name][False], rates[name][True], strict=True)]
        prefix = "" if name == "hearth" else f"{name}_"
        result[f"{prefix}ratio"] = round(median(ratios), 3)
        result[f"{prefix}spread"] = round(spread(ratios), 3)
        result[f"{prefix}idle_tok_s"] = round(median(rates[name][False]), 2)
        result[f"{prefix}busy_tok_s"] = round(median(rates[name][True]), 2)
    from app.engines.llamacpp import default_threads

    result["threads"] = threads or default_threads()
    result["rounds"] = rounds
    emit(result, as_json)
