"""The sidebar: pages (Chats, Performance, and pages other parts register) and the
list of conversations with search, rename and delete."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.conversations import Conversation

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Sidebar(QFrame):
    """Emits what the user picked; the window loads and changes things."""

    new_requested = Signal()
    conversation_selected = Signal(int)
    rename_requested = Signal(int, str)
    delete_requested = Signal(int)
    search_changed = Signal(str)
    page_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="sidebar")
        self.setMinimumWidth(200)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.new_button = QPushButton(self.tr("New chat"), self)
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.new_button.setAccessibleName(self.tr("New chat"))
        self.new_button.clicked.connect(self.new_requested)
        layout.addWidget(self.new_button)
        self.search = QLineEdit(self, placeholderText=self.tr("Search conversations"),
                                clearButtonEnabled=True)
        self.search.setAccessibleName(self.tr("Search conversations"))
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(lambda: self.search_changed.emit(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        layout.addWidget(self.search)
        self.model = QStandardItemModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setEditTriggers(QListView.EditTrigger.EditKeyPressed)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.model.itemChanged.connect(self._item_renamed)
        layout.addWidget(self.list, 1)
        self._pages = QVBoxLayout()
        self._page_group = QButtonGroup(self, exclusive=True)
        layout.addLayout(self._pages)
        self._filling = False

    # pages ---------------------------------------------------------------------------

    def add_page(self, key: str, title: str) -> QPushButton:
        """A button for a page of the window (Chats, Performance, Models, Knowledge...)."""
        button = QPushButton(title, self, checkable=True, flat=True, objectName=f"page-{key}")
        button.setAccessibleName(title)
        button.clicked.connect(lambda: self.page_selected.emit(key))
        self._page_group.addButton(button)
        self._pages.addWidget(button)
        return button

    def mark_page(self, key: str) -> None:
        for button in self._page_group.buttons():
            button.setChecked(button.objectName() == f"page-{key}")

    # conversations -------------------------------------------------------------------

    def set_conversations(self, conversations: list[Conversation], current: int | None,
                          streaming: set[int] | frozenset[int] = frozenset()) -> None:
        """List ``conversations``; those in ``streaming`` are marked as writing a reply."""
        self._filling = True
        try:
            self.model.clear()
            for conv in conversations:
                item = QStandardItem(conv.title or self.tr("New conversation"))
                item.setData(conv.id, ID_ROLE)
                if conv.id in streaming:  # italic while a reply is being written there
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)
                item.setToolTip(self.tr("%1 (writing a reply)").replace("%1", conv.title)
                                if conv.id in streaming else conv.title)
                self.model.appendRow(item)
            self.select(current)
        finally:
            self._filling = False

    def select(self, conversation_id: int | None) -> None:
        row = self.row_of(conversation_id)
        was, self._filling = self._filling, True
        try:
            if row is None:
                self.list.clearSelection()
                self.list.setCurrentIndex(self.model.index(-1, 0))
            else:
                self.list.setCurrentIndex(self.model.index(row, 0))
        finally:
            self._filling = was

    def row_of(self, conversation_id: int | None) -> int | None:
        for row in range(self.model.rowCount()):
            if self.model.item(row).data(ID_ROLE) == conversation_id:
                return row
        return None

    def titles(self) -> list[str]:
        return [self.model.item(row).text() for row in range(self.model.rowCount())]

    def current_id(self) -> int | None:
        index = self.list.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def start_rename(self, conversation_id: int | None = None) -> None:
        row = self.row_of(conversation_id if conversation_id is not None else self.current_id())
        if row is not None:
            self.list.edit(self.model.index(row, 0))

    def _current_changed(self, current, _previous) -> None:
        if not self._filling and current.isValid():
            self.conversation_selected.emit(current.data(ID_ROLE))

    def _item_renamed(self, item: QStandardItem) -> None:
        if not self._filling and item.text().strip():
            self.rename_requested.emit(item.data(ID_ROLE), item.text().strip())

    def _menu(self, point: QPoint) -> None:
        index = self.list.indexAt(point)
        if not index.isValid():
            return
        conversation_id = index.data(ID_ROLE)
        menu = QMenu(self)
        rename = QAction(self.tr("Rename"), menu)
        rename.triggered.connect(lambda: self.list.edit(index))
        delete = QAction(self.tr("Delete"), menu)
        delete.triggered.connect(lambda: self.delete_requested.emit(conversation_id))
        menu.addActions([rename, delete])
        menu.exec(self.list.viewport().mapToGlobal(point))
