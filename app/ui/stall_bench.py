"""The measurement behind ``hearth bench ui`` (Qt lives here, under app/ui/)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from app.services.desktop import DesktopServices
from app.settings import Settings
from app.ui.appearance import apply_theme
from app.ui.main_window import MainWindow

TICK_MS = 5


def _stalls(gaps: list[float]) -> dict[str, float]:
    ordered = sorted(gaps) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {"max_stall_ms": round(ordered[-1], 1), "p99_stall_ms": round(p99, 1)}


def _measure(start, done_signal, timeout_s: float) -> list[float]:
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


def measure_window(tokens: int) -> dict:
    """Stalls of the real window (idle, while a model loads, while ``tokens`` stream)."""
    app = QApplication.instance() or QApplication([])
    apply_theme(app, "light")
    services = DesktopServices.open(Settings(max_tokens=tokens, temperature=0.8))
    window = MainWindow(services)
    window.resize(1000, 700)
    window.show()
    wait_models = QEventLoop()
    window.models_listed.connect(wait_models.quit)
    wait_models.exec()
    idle = _measure(lambda: None, window.tasks.idle, 1.0)
    started = time.perf_counter()
    loading = _measure(window.preload, window.model_loaded, 300)
    load_s = time.perf_counter() - started
    streaming: list[float] = []
    started = time.perf_counter()
    prompts = ["Write a long story about a lighthouse keeper and the sea.",
               "Explain, with Python code examples, how to sort a list of dictionaries."]
    turn = 0
    while window.tokens_streamed < tokens and turn < 10:
        window.new_conversation()
        prompt = prompts[turn % len(prompts)]
        streaming += _measure(lambda p=prompt: window.send(p), window.reply_finished,
                              300)
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
