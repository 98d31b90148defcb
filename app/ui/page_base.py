"""What every window page shares: load on first show, report errors where a person looks."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.services.errors import describe_error


class LazyPage(QWidget):
    """A page that fills itself the first time it is shown (not at start-up)."""

    error_shown = Signal(str)

    def __init__(self, parent: QWidget | None = None, **kwargs) -> None:
        super().__init__(parent, **kwargs)
        self._loaded = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.first_shown()

    def first_shown(self) -> None:
        """Load the page's contents (in tasks, never on the GUI thread)."""
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def _show_error(self, exc: BaseException) -> None:
        message = describe_error(exc)
        self._status(message)
        self.error_shown.emit(message)

    def _status(self, message: str) -> None:
        bar = getattr(self.window(), "statusBar", None)
        if bar is not None:
            bar().showMessage(message, 8000)
