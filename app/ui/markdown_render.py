"""Render a reply into a QTextDocument: Markdown by Qt, code blocks by Pygments.

Each fenced code block becomes a shaded box with a "Copy" link (``copy:N``). While a
reply streams, only the unfinished tail after the stable boundary is removed and
inserted again, so the cost of an update does not grow with the reply.
"""

from __future__ import annotations

import html
from functools import lru_cache

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from app.ui.markdown_split import Segment, split_segments, stable_boundary


@lru_cache(maxsize=2)
def _formatter(dark: bool) -> HtmlFormatter:
    return HtmlFormatter(nowrap=True, noclasses=True, style="monokai" if dark else "friendly")


def highlight_code(code: str, language: str, dark: bool) -> str:
    """Inline-styled HTML for ``code`` (plain text when the language is unknown)."""
    try:
        lexer = get_lexer_by_name(language) if language else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    return highlight(code, lexer, _formatter(dark)).rstrip("\n")


def warm_up() -> None:
    """Import the lexers of common languages (slow the first time; call it off the GUI thread)."""
    for language in ("python", "javascript", "bash", "json", "c", "cpp", "rust", "go", "java"):
        highlight_code("x", language, False)


class ReplyRenderer:
    """Owns one document's content; ``stream(text)`` during a reply, ``set_text`` after."""

    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        self.document = document
        self.dark = dark
        self.codes: list[str] = []
        self._committed = 0        # characters of the reply already rendered for good
        self._tail_position = 0    # document position where the unfinished tail begins

    def set_text(self, text: str) -> None:
        """Render the whole text at once (a saved message, or the end of a stream)."""
        self.document.clear()
        self.codes = []
        self._committed = 0
        self._tail_position = 0
        self._render(text, stable=True)
        self._committed = len(text)

    def stream(self, text: str) -> None:
        """Show ``text`` (the reply so far), re-rendering only what can still change."""
        boundary = stable_boundary(text, self._committed)
        self._drop_tail()
        if boundary > self._committed:
            self._render(text[self._committed:boundary], stable=True)
            self._committed = boundary
            self._tail_position = self._end()
        self._render(text[self._committed:], stable=False)

    # ---------------------------------------------------------------------------------

    def _end(self) -> int:
        cursor = QTextCursor(self.document)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor.position()

    def _drop_tail(self) -> None:
        cursor = QTextCursor(self.document)
        cursor.setPosition(self._tail_position)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self._clean_block(cursor)

    def _render(self, text: str, stable: bool) -> None:
        if not text.strip():
            return
        for segment in split_segments(text):
            cursor = QTextCursor(self.document)
            cursor.movePosition(QTextCursor.MoveOperation.End)
            if cursor.position() > 0 and cursor.block().length() > 1:
                cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            self._clean_block(cursor)
            if segment.kind == "code":
                cursor.insertHtml(self._code_html(segment, stable))
            else:
                cursor.insertMarkdown(segment.text.strip("\n"))

    def _code_html(self, segment: Segment, stable: bool) -> str:
        if stable:  # (an unclosed fence at the end of a finished reply counts as closed)
            self.codes.append(segment.text)
            body = highlight_code(segment.text, segment.language, self.dark)
            copy = QCoreApplication.translate("ReplyRenderer", "Copy")
            link = f'<a href="copy:{len(self.codes) - 1}">{html.escape(copy)}</a>'
        else:  # still streaming: plain text is cheap and cannot flicker between colours
            body, link = html.escape(segment.text), ""
        background = "#272822" if self.dark else "#f4f5f7"
        label = html.escape(segment.language or "")
        return (f'<table width="100%" cellspacing="0" cellpadding="8" bgcolor="{background}">'
                f'<tr><td><p align="right" style="margin:0; font-size:small">'
                f'<span style="color:#8a8f98">{label}</span>&nbsp;&nbsp;{link}</p>'
                f'<pre style="margin:0">{body}</pre></td></tr></table>')

    @staticmethod
    def _clean_block(cursor: QTextCursor) -> None:
        """Make the cursor's block a plain paragraph (not a list item, heading...)."""
        text_list = cursor.block().textList()
        if text_list is not None:
            text_list.remove(cursor.block())
        cursor.setBlockFormat(QTextBlockFormat())
        cursor.setCharFormat(QTextCharFormat())
