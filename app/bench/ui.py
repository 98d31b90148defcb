"""``hearth bench ui``: does the window stay responsive while a model loads and a reply
streams? A 5 ms timer on the GUI thread records how late each tick fires; the longest
gap is the longest time the window could not repaint or react (the "stall").

The reference is the same timer on the idle window, measured in the same run.
"""

from __future__ import annotations

import os
import tempfile
import time

import click

from app.bench.common import emit, json_option

TICK_MS = 5


def _stalls(gaps: list[float]) -> dict[str, float]:
    ordered = sorted(gaps) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {"max_stall_ms": round(ordered[-1], 1), "p99_stall_ms": round(p99, 1)}


def _measure(app, start, done_signal, QTimer, QEventLoop, timeout_s: float) -> list[float]:  # noqa: N803
    """Run ``start()``, tick every TICK_MS until ``done_signal``; the gaps in ms."""
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000 - TICK_MS)
        last[0] = now

    timer = QTimer(interval=TICK_MS)
    timer.setTimerType(timer.timerType().PreciseTimer)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    done_signal.connect(loop.quit)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    timer.start()
    last[0] = time.perf_counter()
    QTimer.singleShot(0, start)
    loop.exec()
    timer.stop()
    done_signal.disconnect(loop.quit)
    return [max(g, 0.0) for g in gaps]


@click.command()
@click.option("--tokens", default=500, show_default=True, help="Tokens to stream.")
@json_option
def ui(tokens, as_json) -> None:
    """Longest event-loop stall of the real window (offscreen) while loading and streaming."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as home:
        os.environ["HEARTH_HOME"] = home
        emit(_run(tokens), as_json)


def _run(tokens: int) -> dict:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.services.desktop import DesktopServices
    from app.settings import Settings
    from app.ui.appearance import apply_theme
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    apply_theme(app, "light")
    services = DesktopServices.open(Settings(max_tokens=tokens, temperature=0.8))
    window = MainWindow(services)
    window.resize(1000, 700)
    window.show()
    wait_models = QEventLoop()
    window.models_listed.connect(wait_models.quit)
    wait_models.exec()
    idle = _measure(app, lambda: None, window.tasks.idle, QTimer, QEventLoop, 1.0)
    started = time.perf_counter()
    loading = _measure(app, window.preload, window.model_loaded, QTimer, QEventLoop, 300)
    load_s = time.perf_counter() - started
    streaming: list[float] = []
    started = time.perf_counter()
    prompts = ["Write a long story about a lighthouse keeper and the sea.",
               "Explain, with Python code examples, how to sort a list of dictionaries."]
    turn = 0
    while window.tokens_streamed < tokens and turn < 10:
        window.new_conversation()
        prompt = prompts[turn % len(prompts)]
        streaming += _measure(app, lambda p=prompt: window.send(p), window.reply_finished,
                              QTimer, QEventLoop, 300)
        turn += 1
    stream_s = time.perf_counter() - started
    result = {f"streaming_{k}": v for k, v in _stalls(streaming).items()}
    result.update({f"loading_{k}": v for k, v in _stalls(loading).items()})
    result.update({f"idle_{k}": v for k, v in _stalls(idle).items()})
    result.update(_stalls(streaming + loading))
    result.update(tokens=window.tokens_streamed, replies=turn, stream_s=round(stream_s, 2),
                  load_s=round(load_s, 2), target_ms=50,
                  max_stall_vs_idle=round(result["max_stall_ms"]
                                          / max(result["idle_max_stall_ms"], 1.0), 2))
    window.close()
    services.close()
    return result
