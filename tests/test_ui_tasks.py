"""The task runner and the pure pieces the window is built from."""

from __future__ import annotations

import threading

from app.ui.markdown_split import split_segments, stable_boundary  # noqa: E402
from tests.ui_helpers import pytest  # noqa: F401 - sets the offscreen platform first


def test_results_errors_and_progress_arrive_on_the_gui_thread(qtbot):
    from app.ui.tasks import POOL, STORE, TaskRunner

    runner = TaskRunner()
    gui = threading.get_ident()
    seen = []

    def work(progress):
        for n in range(3):
            progress(n)
        return threading.get_ident()

    def fail():
        raise ValueError("bad input")

    with qtbot.waitSignal(runner.idle, timeout=10_000):
        runner.run(work, lambda worker: seen.append(("done", worker != gui,
                                                      threading.get_ident() == gui)),
                   on_progress=lambda n: seen.append(("progress", n, threading.get_ident() == gui)),
                   lane=POOL)
        runner.run(fail, on_error=lambda exc: seen.append(("error", str(exc),
                                                           threading.get_ident() == gui)))
    assert ("done", True, True) in seen
    assert [s for s in seen if s[0] == "progress"] == [("progress", n, True) for n in range(3)]
    assert ("error", "bad input", True) in seen

    order = []
    with qtbot.waitSignal(runner.idle, timeout=10_000):
        for n in range(20):
            runner.run(lambda n=n: n, order.append, lane=STORE)
    assert order == list(range(20))  # the store lane is serial
    runner.shutdown()


def test_segments_split_prose_and_code():
    text = "Intro\n\n```python\nx = 1\n```\nAfter\n"
    segments = split_segments(text)
    assert [(s.kind, s.language) for s in segments] == [("markdown", ""), ("code", "python"),
                                                        ("markdown", "")]
    assert segments[1].text == "x = 1"
    streaming = split_segments("Intro\n```js\nlet a")
    assert streaming[-1].kind == "code" and not streaming[-1].closed


def test_stable_boundary_never_cuts_an_open_fence_or_line():
    text = "One\n\nTwo\n```py\na = 1\n\nb = 2\n"
    boundary = stable_boundary(text)
    assert text[:boundary] == "One\n\n"
    closed = text + "```\nTail"
    assert closed[:stable_boundary(closed)].endswith("```\n")
    assert stable_boundary(closed, boundary) == stable_boundary(closed)


def test_streamed_render_ends_like_a_full_render(qapp):
    from PySide6.QtGui import QTextDocument

    from app.ui.markdown_render import ReplyRenderer

    text = ("# Title\n\nSome **bold** text.\n\n```python\ndef f(x):\n    return x\n```\n\n"
            "- one\n- two\n\nEnd.\n") * 5
    streamed = ReplyRenderer(QTextDocument())
    for end in range(0, len(text) + 1, 3):
        streamed.stream(text[:end])
    streamed.stream(text)
    full = ReplyRenderer(QTextDocument())
    full.set_text(text)
    assert streamed.document.toPlainText() == full.document.toPlainText()
    assert full.codes == ["def f(x):\n    return x"] * 5
    assert "Title" in full.document.toPlainText() and "```" not in full.document.toPlainText()
