"""The first screen: start with the built-in model, import a GGUF file, or browse the
catalog (once the models page is registered)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    """Shown when no conversation is open; the only way forward when no model exists."""

    start_requested = Signal()
    import_requested = Signal()
    catalog_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="welcome")
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.setSpacing(12)
        title = QLabel(self.tr("Welcome to Hearth"), objectName="welcomeTitle",
                       alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        self.subtitle = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True,
                               objectName="welcomeText")
        layout.addWidget(self.subtitle)
        self.start_button = QPushButton(self)
        self.start_button.clicked.connect(self.start_requested)
        self.import_button = QPushButton(self.tr("Import a GGUF file…"), self)
        self.import_button.setToolTip(self.tr("Use a .gguf model file from this computer. "
                                              "You can also drop it onto the window."))
        self.import_button.clicked.connect(self.import_requested)
        self.catalog_button = QPushButton(self.tr("Browse the model catalog…"), self)
        self.catalog_button.clicked.connect(self.catalog_requested)
        self.catalog_button.hide()
        for button in (self.start_button, self.import_button, self.catalog_button):
            button.setMinimumWidth(320)
            button.setAccessibleName(button.text())
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.hint = QLabel(self.tr("Tip: drop a .gguf file anywhere on this window to import it."),
                           alignment=Qt.AlignmentFlag.AlignCenter, objectName="welcomeHint",
                           wordWrap=True)
        layout.addWidget(self.hint)
        #: the starter cannot speak the interface's language: which model can
        self.note = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, objectName="welcomeNote",
                           wordWrap=True)
        self.note.hide()
        layout.addWidget(self.note)
        self.set_models([], None)

    def set_note(self, text: str | None) -> None:
        self.note.setText(text or "")
        self.note.setVisible(bool(text))

    def set_models(self, names: list[str], starter: str | None) -> None:
        """Offer the default model when there is one; otherwise explain how to get one."""
        if names:
            model = starter if starter in names else names[0]
            self.start_button.setText(self.tr("Start chatting with %1").replace("%1", model))
            self.subtitle.setText(self.tr(
                "Chat with language models on your own computer. Nothing you type leaves it."))
            self.start_button.show()
        else:
            self.subtitle.setText(self.tr(
                "No model is installed yet. Import a GGUF model file to begin."))
            self.start_button.hide()
        self.start_button.setAccessibleName(self.start_button.text())

    def enable_catalog(self, available: bool) -> None:
        self.catalog_button.setVisible(available)
