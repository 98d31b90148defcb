"""Citations under a reply: plain text that opens the source file (a PDF at its page)."""

from __future__ import annotations

import json

from app.services.conversations import StoredMessage
from app.services.threads import ThreadItem
from tests.ui_helpers import pytest  # noqa: F401  (offscreen Qt, PySide6 or skip)


def _reply(citations) -> ThreadItem:
    message = StoredMessage(1, 1, None, "assistant", "See [1].", citations=json.dumps(citations))
    return ThreadItem(message, 0, 1, (1,))


def test_citations_show_as_plain_text_and_open_the_file_at_the_page(qtbot, tmp_path,
                                                                    monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from app.ui.message_view import MessageView

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    pdf, hostile = tmp_path / "guide.pdf", tmp_path / "<b>bold<img src=x> & co.md"
    view = MessageView("assistant", _reply([
        {"number": 1, "path": str(pdf), "page": 3, "char_start": 0, "char_end": 9},
        {"number": 2, "path": str(pdf), "page": 3, "char_start": 10, "char_end": 20},
        {"number": 3, "path": str(hostile), "page": None, "char_start": 0, "char_end": 5},
    ]))
    qtbot.addWidget(view)
    labels = [b.text() for b in view.citation_buttons]
    assert labels == ["guide.pdf, p. 3", "<b>bold<img src=x> && co.md"]  # one per source
    assert view.sources_label is not None and view.sources_label.text() == "Sources:"
    view.citation_buttons[0].click()
    view.citation_buttons[1].click()
    assert opened[0].isLocalFile() and opened[0].toLocalFile() == str(pdf)
    assert opened[0].fragment() == "page=3" and opened[1].fragment() == ""
    view.item = _reply([])  # the window sets .item when the reply is saved
    assert view.citation_buttons == [] and view.sources_label is None
