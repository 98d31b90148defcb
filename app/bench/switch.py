"""``hearth bench switch``: what switching engines costs, against llama.cpp's own load.

In a temporary HEARTH_HOME, the runtime loads the model in-process (the reference), then
switches to llama-cpp-python's server as a worker (a real subprocess: spawn, load until
its model list answers, first token) and back, ``--rounds`` times. Each switch includes
releasing the engine before it, except the way back, where stopping the worker is timed
on its own. Reported: medians, and each switch as a multiple of the
in-process load measured in the same run.
"""

from __future__ import annotations

import os
import tempfile
import time

import click

from app.bench.common import emit, json_option, median, model_option, pick_model


@click.command()
@model_option
@click.option("--rounds", default=2, show_default=True, help="Switches there and back.")
@json_option
def switch(model_path, rounds: int, as_json: bool) -> None:
    """In-process load vs. switching to a llama.cpp server worker and back."""
    path = pick_model(model_path)
    with tempfile.TemporaryDirectory() as home:
        os.environ["HEARTH_HOME"] = home
        result = _measure(str(path), rounds)
    emit(result, as_json)


def _measure(model: str, rounds: int) -> dict:
    from app.engines.targets import DEFAULT, EngineTarget
    from app.services.runtime import Runtime
    from app.settings import Settings
    from app.store import open_db

    db = open_db()
    runtime = Runtime(db, Settings(n_ctx=2048), target=DEFAULT)
    worker = EngineTarget("llama-cpp-server")
    inproc, there, back, spawn, ready, stop = [], [], [], [], [], []
    try:
        runtime.ensure(model)  # the file check happens once; later loads are the reference
        for _ in range(rounds):
            runtime.close()
            inproc.append(_timed(lambda: runtime.ensure(model)))
            started = time.perf_counter()
            report = runtime.switch(worker, model, persist=False)
            there.append(time.perf_counter() - started)
            spawn.append(report.spawn_s or 0.0)
            ready.append(report.ready_s)
            stop.append(_timed(runtime.close))  # the worker stops; the choice stays
            back.append(_timed(lambda: runtime.switch(DEFAULT, model, persist=False)))
    finally:
        runtime.close()
        db.close()
    reference = median(inproc)
    return {"inprocess_load_s": round(reference, 3),
            "to_worker_s": round(median(there), 3),
            "worker_spawn_s": round(median(spawn), 3),
            "worker_ready_s": round(median(ready), 3),
            "worker_stop_s": round(median(stop), 3),
            "back_to_inprocess_s": round(median(back), 3),
            "to_worker_x_inprocess": round(median(there) / reference, 1),
            "back_x_inprocess": round(median(back) / reference, 2),
            "rounds": rounds}


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started
