"""A bar above the page for messages a person can act on (errors, undo, hints)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class NoticeBar(QFrame):
    """One message at a time, with an optional action button and a close button;
    ``changed`` carries each new message's text."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="notice")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        self.label = QLabel(self, wordWrap=True)
        self.label.setAccessibleName(self.tr("Notice"))
        layout.addWidget(self.label, 1)
        self.action = QPushButton(self)
        self.action.hide()
        layout.addWidget(self.action)
        close = QToolButton(self, text="✕", autoRaise=True, toolTip=self.tr("Dismiss"))
        close.setAccessibleName(self.tr("Dismiss"))
        close.clicked.connect(self.dismiss)
        layout.addWidget(close)
        self._callback: Callable[[], None] | None = None
        self.action.clicked.connect(self._act)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.dismiss)
        self.hide()

    def show_message(self, text: str, kind: str = "info", action: str = "",
                     callback: Callable[[], None] | None = None, timeout_ms: int = 0) -> None:
        """Show ``text``; ``kind`` is "info" or "error" (styled); ``action`` labels a button."""
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        self.action.setText(action)
        self.action.setVisible(bool(action))
        self._callback = callback
        self._timer.stop()
        if timeout_ms:
            self._timer.start(timeout_ms)
        self.show()
        self.changed.emit(text)

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def dismiss(self) -> None:
        self._timer.stop()
        self.hide()
        self._callback = None

    def _act(self) -> None:
        callback = self._callback
        self.dismiss()
        if callback is not None:
            callback()
