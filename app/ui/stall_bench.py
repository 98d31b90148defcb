"""The measurement behind ``hearth bench ui`` (Qt lives here, under app/ui/)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.services.desktop import DesktopServices
from app.services.settings import Settings
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


def _open(window, conversation_id: int) -> None:
    """Show a conversation and wait until it is on screen."""
    loop = QEventLoop()
    window.thread_shown.connect(loop.quit)
    window.open_conversation(conversation_id)
    loop.exec()
    window.thread_shown.disconnect(loop.quit)


def _send_in_both(window, first: int, second: int, prompts: tuple[str, str]) -> None:
    """Send in ``first`` (on screen), then switch to ``second`` and send there: two
    replies in flight, the first going on while its conversation is off screen."""
    window.send(prompts[0])

    def then_second() -> None:  # as a user would: Send is a later event than the switch
        QTimer.singleShot(0, lambda: window.send(prompts[1]))

    window.thread_shown.connect(then_second, Qt.ConnectionType.SingleShotConnection)
    window.open_conversation(second)


def _overlap_s(spans: dict[int, list[float]]) -> float:
    """Seconds during which every conversation in ``spans`` was receiving tokens."""
    if len(spans) < 2:
        return 0.0
    start = max(s[0] for s in spans.values())
    end = min(s[1] for s in spans.values())
    return max(end - start, 0.0)


def measure_window(tokens: int) -> dict:
    """Stalls of the real window (idle, while models load, while two replies of about
    ``tokens`` tokens each stream at once in two conversations).

    The second conversation asks for half the context length, so the scheduler keeps a
    second instance of the model resident and both replies generate at the same time
    (on one instance they would take turns).
    """
    app = QApplication.instance() or QApplication([])
    apply_theme(app, "light")
    services = DesktopServices.open(Settings(max_tokens=tokens, temperature=0.8))
    chat, half_ctx = services.chat, max(services.settings.n_ctx // 2, 1024)
    window = MainWindow(services)
    window.resize(1000, 700)
    window.show()
    wait_models = QEventLoop()
    window.models_listed.connect(wait_models.quit)
    wait_models.exec()
    idle = _measure(lambda: None, window.tasks.idle, 1.0)

    def pair() -> tuple[int, int]:
        return (chat.create(title="Bench A", collections=[]).id,
                chat.create(title="Bench B", settings={"context_length": half_ctx},
                            collections=[]).id)

    first, second = pair()
    started = time.perf_counter()
    _open(window, second)
    loading = _measure(window.preload, window.model_loaded, 300)
    _open(window, first)
    loading += _measure(window.preload, window.model_loaded, 300)
    load_s = time.perf_counter() - started

    spans: dict[int, list[float]] = {}
    in_flight = [0]

    def seen(conversation: int, event) -> None:
        in_flight[0] = max(in_flight[0], len(window.replies))
        if type(event).__name__ == "Token":
            now = time.perf_counter()
            spans.setdefault(conversation, [now, now])[1] = now

    window.reply_event.connect(seen)
    streaming: list[float] = []
    overlap = 0.0
    prompts = ("Write a long story about a lighthouse keeper and the sea.",
               "Explain, with Python code examples, how to sort a list of dictionaries.")
    started = time.perf_counter()
    turn = 0
    while window.tokens_streamed < 2 * tokens and turn < 5:
        if turn:
            first, second = pair()
            _open(window, first)
        spans.clear()
        streaming += _measure(lambda a=first, b=second: _send_in_both(window, a, b, prompts),
                              window.replies_idle, 600)
        overlap += _overlap_s(spans)
        turn += 1
    stream_s = time.perf_counter() - started
    result = {f"streaming_{k}": v for k, v in _stalls(streaming).items()}
    result.update({f"loading_{k}": v for k, v in _stalls(loading).items()})
    result.update({f"idle_{k}": v for k, v in _stalls(idle).items()})
    result.update(_stalls(streaming + loading))
    result.update(tokens=window.tokens_streamed, replies=2 * turn,
                  replies_in_flight=in_flight[0], both_streaming_s=round(overlap, 2),
                  models_resident=len(services.scheduler.residents()),
                  stream_s=round(stream_s, 2), load_s=round(load_s, 2), target_ms=50,
                  max_stall_vs_idle=round(result["max_stall_ms"]
                                          / max(result["idle_max_stall_ms"], 1.0), 2))
    window.close()
    services.close()
    return result
