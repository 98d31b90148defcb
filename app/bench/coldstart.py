"""``hearth bench coldstart``: from process start to first token, in parts.

A fresh child process imports Hearth, loads the model (file check, weights, warm-up) and
streams until the first token; wall-clock stamps are compared with the moment the parent
started it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

import click

from app.bench.common import emit, json_option, model_option, pick_model


def child_main(model: str, started: float) -> None:
    """Runs in the child: import, load, first token; prints JSON stamps."""
    import llama_cpp  # noqa: F401 - importing the native library is part of the cold start

    from app.engines.base import ChatParams, LoadParams, Message, ModelRef, Token
    from app.engines.llamacpp import LlamaCppEngine

    imported = time.time()
    engine = LlamaCppEngine()
    report = engine.load(ModelRef("bench", __import__("pathlib").Path(model)),
                         LoadParams(n_ctx=2048))
    loaded = time.time()
    for event in engine.chat([Message("user", "Say hello.")], ChatParams(max_tokens=8)):
        if isinstance(event, Token):
            break
    first = time.time()
    print(json.dumps({"imported": imported, "loaded": loaded, "first": first, "started": started,
                      "file_check_s": report.file_check_s, "weights_s": report.load_s,
                      "warmup_s": report.warmup_s}))


@click.command()
@model_option
@click.option("--frozen", "executable", default=None,
              help="Measure a frozen Hearth binary's launch (runs `EXE --version`) instead.")
@json_option
def coldstart(model_path, executable, as_json) -> None:
    """Process start to first token: import, load (check + weights + warm-up), first token."""
    if executable:
        started = time.time()
        subprocess.run([executable, "--version"], check=True, capture_output=True)
        emit({"launch_s": round(time.time() - started, 3)}, as_json)
        return
    path = pick_model(model_path)
    with tempfile.TemporaryDirectory() as home:
        first = _measure(path, home)   # a file never seen: checked in a child process
        again = _measure(path, home)   # a later launch: the check is remembered
    result = _phases(again)
    result.update({"first_load_total_s": _phases(first)["total_s"],
                   "first_load_file_check_s": round(first["file_check_s"], 3)})
    emit(result, as_json)


def _measure(path, home: str) -> dict:
    started = time.time()
    code = f"from app.bench.coldstart import child_main; child_main({str(path)!r}, {started!r})"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "HEARTH_HOME": home})
    if done.returncode != 0:
        raise click.ClickException(f"The measured process failed: {done.stderr[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _phases(stamps: dict) -> dict:
    started = stamps["started"]
    return {"import_s": round(stamps["imported"] - started, 3),
            "load_s": round(stamps["loaded"] - stamps["imported"], 3),
            "ttft_s": round(stamps["first"] - stamps["loaded"], 3),
            "total_s": round(stamps["first"] - started, 3),
            "file_check_s": round(stamps["file_check_s"], 3),
            "weights_s": round(stamps["weights_s"], 3),
            "warmup_s": round(stamps["warmup_s"], 3)}
