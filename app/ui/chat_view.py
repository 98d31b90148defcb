"""The chat page: the message list (lazy), the input box, the model picker, load banner.

Long conversations open fast because only the newest ``PAGE`` messages get widgets; older
ones are built a page at a time when the user scrolls to the top.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QImage, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.engines.base import ImagePart
from app.services import images as image_service
from app.services.conversations import reply_timing
from app.services.errors import describe_error
from app.services.threads import ThreadItem
from app.ui.image_strip import ImageStrip, ImageViewer, Thumbnails, is_image_name, png_bytes
from app.ui.message_view import MessageView, image_seconds
from app.ui.tool_call_view import ToolCallCard, stored_result

#: messages given widgets at a time
PAGE = 40
#: widest the Knowledge button's text gets, in pixels (longer lists are elided)
TEXT_WIDTH = 180


class ChatView(QScrollArea):
    """The messages of one thread, newest at the bottom; builds widgets only near view."""

    copy_requested = Signal(str)
    edit_requested = Signal(object)
    regenerate_requested = Signal(object)
    delete_requested = Signal(object)
    branch_requested = Signal(object, int)
    #: a message's image was clicked (argument: its ImagePart)
    image_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None, dark: bool = False,
                 thumbnails: Thumbnails | None = None) -> None:
        super().__init__(parent)
        self.dark = dark
        self.thumbnails = thumbnails or Thumbnails(parent=self)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("Conversation"))
        self._container = QWidget(objectName="chatContainer")
        self._layout = QVBoxLayout(self._container)
        self._layout.setContentsMargins(16, 12, 16, 12)
        self._layout.setSpacing(10)
        self._layout.addStretch(1)
        self.setWidget(self._container)
        self._items: list[ThreadItem] = []
        #: seconds each reply's images took, by message id (see :func:`image_times`)
        self.image_times: dict[int, float] = {}
        self._first = 0                 # index in _items of the oldest message with a widget
        self._views: list[MessageView] = []
        self._from_bottom = 0           # kept while content is added above
        self._keep_bottom = True
        #: replies that are JSON show formatted (the conversation asks for JSON)
        self.json_replies = False
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        bar.rangeChanged.connect(self._range_changed)

    # what is shown -------------------------------------------------------------------

    @property
    def views(self) -> list[MessageView]:
        return list(self._views)

    @property
    def item_count(self) -> int:
        return len(self._items)

    def set_thread(self, items: list[ThreadItem],
                   image_times: dict[int, float] | None = None) -> None:
        """Show ``items``; widgets of messages that did not change are kept.
        ``image_times``: seconds each reply's images took, by message id."""
        self._items = list(items)
        self.image_times = dict(image_times or {})
        keep = max(PAGE, len([v for v in self._views if v.item is not None]))
        self._first = max(0, len(items) - keep)
        old = {v.item.message.id: v for v in self._views if v.item is not None}
        pending = [v for v in self._views if v.item is None]
        views = []
        for item in items[self._first:]:
            view = old.pop(item.message.id, None) or _take_pending(pending, item)
            if view is None:
                view = self._make_view(item.message.role, item)
            else:
                view.set_image_seconds(self.image_times.get(item.message.id))
                view.show_item(item)
            views.append(view)
        for view in self._views:
            if view not in views:
                view.deleteLater()
        self._place(views)

    def clear(self) -> None:
        self.set_thread([])

    def set_json_replies(self, on: bool) -> None:
        """Show JSON replies formatted (the conversation on screen asks for JSON)."""
        self.json_replies = on
        for view in self._views:
            view.set_json_mode(on)

    def tool_card(self, call_id: str) -> ToolCallCard | None:
        """The card of the tool call ``call_id`` in the thread on screen, if shown."""
        for view in self._views:
            card = view.tool_cards.get(call_id)
            if card is not None:
                return card
        return None

    def _link_tool_results(self) -> None:
        """Each stored ``tool`` message shows as the result in its call's card (a result
        whose call is not on screen keeps a bubble of its own)."""
        for view in self._views:
            if view.role != "tool" or view.item is None:
                continue
            found = stored_result(view.item.message)
            card = self.tool_card(found[0]) if found else None
            if card is not None and found is not None:
                if not card.result_text:
                    card.show_stored(*found[1:])
                view.hide()
            else:
                view.show()

    def add_pending(self, role: str, text: str = "",
                    images: list[ImagePart] | None = None) -> MessageView:
        """A message not saved yet: the user's text (and images), or a reply about to
        stream."""
        view = self._make_view(role, None)
        if text:
            view.set_pending_text(text)
        if images:
            view.show_images(images)
        self._keep_bottom = True
        self._place([*self._views, view])
        return view

    def truncate_at(self, message_id: int, keep_it: bool) -> None:
        """Drop the widgets after (or from) a message: a regenerate or an edit begins."""
        for index, view in enumerate(self._views):
            if view.item is not None and view.item.message.id == message_id:
                cut = index + 1 if keep_it else index
                for dropped in self._views[cut:]:
                    dropped.deleteLater()
                self._place(self._views[:cut])
                return

    def last_user_text(self) -> str:
        for view in reversed(self._views):
            if view.role == "user":
                return view.text()
        return ""

    # lazy pages ----------------------------------------------------------------------

    def load_older(self) -> int:
        """Build widgets for the previous page of messages; returns how many."""
        if self._first == 0:
            return 0
        start = max(0, self._first - PAGE)
        older = [self._make_view(i.message.role, i) for i in self._items[start:self._first]]
        self._first = start
        self._keep_bottom = False
        self._place([*older, *self._views])
        return len(older)

    def _make_view(self, role: str, item: ThreadItem | None) -> MessageView:
        view = MessageView(role, None, dark=self.dark, parent=self._container,
                           thumbnails=self.thumbnails)
        view.set_json_mode(self.json_replies)
        view.image_requested.connect(self.image_requested)
        if item is not None:
            view.set_image_seconds(self.image_times.get(item.message.id))
            view.show_item(item)
        view.copy_requested.connect(self.copy_requested)
        view.edit_requested.connect(self.edit_requested)
        view.regenerate_requested.connect(self.regenerate_requested)
        view.delete_requested.connect(self.delete_requested)
        view.branch_requested.connect(self.branch_requested)
        return view

    def _place(self, views: list[MessageView]) -> None:
        for view in self._views:
            if view not in views:
                self._layout.removeWidget(view)
        for index, view in enumerate(views):
            if self._layout.indexOf(view) != index:
                self._layout.insertWidget(index, view)
        self._views = views
        self._link_tool_results()

    # scrolling: stay at the bottom while a reply streams, stay put while pages load --

    def scroll_to_bottom(self) -> None:
        self._keep_bottom = True
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._from_bottom = bar.maximum() - value
        self._keep_bottom = self._from_bottom <= 4
        if value == bar.minimum() and bar.maximum() > 0 and self._first > 0:
            QTimer.singleShot(0, self.load_older)

    def _range_changed(self, _minimum: int, maximum: int) -> None:
        bar = self.verticalScrollBar()
        if self._keep_bottom:
            bar.setValue(maximum)
        else:
            bar.setValue(maximum - self._from_bottom)


def image_times(db: Any, items: list[ThreadItem]) -> dict[int, float]:
    """Seconds the images took for each reply in ``items`` that answered a message with
    images, by message id (read on the STORE lane)."""
    asked_with_images = {i.message.id for i in items if i.message.images}
    found: dict[int, float] = {}
    for item in items:
        message = item.message
        if message.role == "assistant" and message.parent_id in asked_with_images:
            seconds = image_seconds(reply_timing(db, message.id))
            if seconds is not None:
                found[message.id] = seconds
    return found


def _take_pending(pending: list[MessageView], item: ThreadItem) -> MessageView | None:
    """A view shown before its message was saved, now saved as ``item`` (reused: no new
    widget when a reply ends)."""
    message = item.message
    for view in pending:
        if view.role == message.role and (message.role != "user"
                                          or view.text() == message.content):
            pending.remove(view)
            return view
    return None


class InputBox(QPlainTextEdit):
    """Enter sends, Shift+Enter adds a line, Up in an empty box recalls the last message.

    A pasted (or dropped) picture or image file is not inserted as text: it is handed on
    as ``image_pasted`` (a QImage) or ``files_pasted`` (paths) for the composer to attach.
    """

    submitted = Signal(str)
    recall_requested = Signal()
    image_pasted = Signal(object)   # QImage
    files_pasted = Signal(list)     # [Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("Message Hearth — Enter to send, Shift+Enter for a new line"))
        self.setAccessibleName(self.tr("Message input"))
        self.setTabChangesFocus(True)
        self.setFixedHeight(84)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                mods & Qt.KeyboardModifier.ShiftModifier):
            self.submitted.emit(self.toPlainText().strip())
            return
        if key == Qt.Key.Key_Up and not self.toPlainText():
            self.recall_requested.emit()
            return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt's name
        return bool(image_files(source)) or source.hasImage() or \
            super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt's name
        files = image_files(source)
        if files:
            self.files_pasted.emit(files)
        elif source.hasImage() and isinstance(source.imageData(), QImage):
            self.image_pasted.emit(source.imageData())
        else:
            super().insertFromMimeData(source)


def image_files(mime: QMimeData) -> list[Path]:
    """The local image files in a paste or a drop (by their names; the core checks the
    bytes)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls()
            if url.isLocalFile() and is_image_name(url.toLocalFile())]


class LoadBanner(QFrame):
    """"Loading smollm2 with llama.cpp … 1.8 s", counting while the model loads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="loadBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.label = QLabel(self)
        self.label.setAccessibleName(self.tr("Model loading"))
        self.bar = QProgressBar(self, maximum=0, textVisible=False, fixedWidth=120)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        self._what = ""
        self._clock = QElapsedTimer()
        self._tick = QTimer(self, interval=100)
        self._tick.timeout.connect(self._update)
        self.hide()

    def start(self, model: str, engine: str) -> None:
        self._what = self.tr("Loading %1 with %2 …").replace("%1", model).replace("%2", engine)
        self._clock.start()
        self._update()
        self._tick.start()
        self.show()

    def stop(self) -> None:
        self._tick.stop()
        self.hide()

    def _update(self) -> None:
        self.label.setText(f"{self._what} {self._clock.elapsed() / 1000:.1f} s")


class KnowledgeButton(QToolButton):
    """"Knowledge: notes, manuals" in the chat header: a menu of every collection, the
    ones this conversation consults checked. Emits the new choice; the window stores it."""

    collections_chosen = Signal(list)
    knowledge_page_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="knowledgeButton")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAccessibleName(self.tr("Knowledge"))
        self.setMenu(QMenu(self))
        self.setMinimumWidth(60)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.full_text = ""
        self.available: list[str] = []
        self.chosen: list[str] = []
        self.set_collections([], [])

    def set_collections(self, available: list[str], chosen: list[str], tip: str = "") -> None:
        self.available, self.chosen = list(available), [c for c in chosen if c in available]
        shown = ", ".join(self.chosen) if self.chosen else self.tr("No documents")
        text = self.tr("Knowledge: %1").replace("%1", shown)
        # a narrow window elides the names (the menu lists them all)
        self.full_text = text
        elided = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, TEXT_WIDTH)
        self.setText(elided.replace("&", "&&"))
        if tip:
            self.setToolTip(tip)
        self._fill_menu()

    def _fill_menu(self) -> None:
        menu = self.menu()
        menu.clear()
        for name in self.available:
            action = QAction(name.replace("&", "&&"), menu, checkable=True,
                             checked=name in self.chosen)
            action.setData(name)
            action.toggled.connect(lambda on, n=name: self._toggle(n, on))
            menu.addAction(action)
        if not self.available:
            empty = QAction(self.tr("No collections yet"), menu, enabled=False)
            menu.addAction(empty)
        menu.addSeparator()
        page = QAction(self.tr("Add documents on the Knowledge base page…"), menu)
        page.triggered.connect(self.knowledge_page_requested)
        menu.addAction(page)

    def actions_by_name(self) -> dict[str, QAction]:
        return {a.data(): a for a in self.menu().actions() if a.isCheckable()}

    def _toggle(self, name: str, on: bool) -> None:
        chosen = [n for n in self.available
                  if (n == name and on) or (n != name and n in self.chosen)]
        self.collections_chosen.emit(chosen)


class ToolsButton(QToolButton):
    """"Tools: files, weather" in the chat header: a menu of the MCP servers configured,
    the ones this conversation may call checked (a server turned off on the MCP page is
    listed but cannot be chosen). Emits the new choice; the window stores it."""

    servers_chosen = Signal(list)
    mcp_page_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="toolsButton")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAccessibleName(self.tr("Tools"))
        self.setToolTip(self.tr("The MCP servers whose tools this conversation may call; "
                                "each call asks you first"))
        self.setMenu(QMenu(self))
        self.setMinimumWidth(60)  # a narrow window clips the label instead of growing
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.full_text = ""
        self.available: list[tuple[str, bool]] = []
        self.chosen: list[str] = []
        self.set_servers([], [])

    def set_servers(self, available: list[tuple[str, bool]], chosen: list[str]) -> None:
        """``available``: (name, enabled) of every configured server."""
        self.available = list(available)
        names = [name for name, _on in available]
        self.chosen = [c for c in chosen if c in names]
        shown = ", ".join(self.chosen) if self.chosen else self.tr("none")
        self.full_text = self.tr("Tools: %1").replace("%1", shown)
        elided = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight,
                                               TEXT_WIDTH)
        self.setText(elided.replace("&", "&&"))
        self._fill_menu()

    def _fill_menu(self) -> None:
        menu = self.menu()
        menu.clear()
        for name, enabled in self.available:
            text = name if enabled else self.tr("%1 (turned off on the MCP page)").replace(
                "%1", name)
            action = QAction(text.replace("&", "&&"), menu, checkable=True,
                             checked=name in self.chosen)
            action.setData(name)
            action.setEnabled(enabled or name in self.chosen)
            action.toggled.connect(lambda on, n=name: self._toggle(n, on))
            menu.addAction(action)
        if not self.available:
            menu.addAction(QAction(self.tr("No MCP servers yet"), menu, enabled=False))
        menu.addSeparator()
        page = QAction(self.tr("Add or turn on servers on the MCP page…"), menu)
        page.triggered.connect(self.mcp_page_requested)
        menu.addAction(page)

    def actions_by_name(self) -> dict[str, QAction]:
        return {a.data(): a for a in self.menu().actions() if a.isCheckable()}

    def _toggle(self, name: str, on: bool) -> None:
        chosen = [n for n, _e in self.available
                  if (n == name and on) or (n != name and n in self.chosen)]
        self.servers_chosen.emit(chosen)


class ChatPage(QWidget):
    """Header (title, knowledge, model picker, settings), load banner, messages, input."""

    send_requested = Signal(str)
    stop_requested = Signal()
    model_chosen = Signal(str)
    settings_requested = Signal()
    #: the collections the conversation should consult (names)
    collections_chosen = Signal(list)
    knowledge_page_requested = Signal()
    #: the MCP servers the conversation may call (names)
    mcp_servers_chosen = Signal(list)
    mcp_page_requested = Signal()
    #: the user asked to change the conversation's structured output
    structured_requested = Signal()
    #: an image was read and checked (argument: the ``Attached``) or refused (the
    #: exception); tests and screenshots wait on it
    attach_finished = Signal(object)
    #: the full-size view of an image opened (argument: the ImageViewer)
    image_opened = Signal(object)

    def __init__(self, parent: QWidget | None = None, dark: bool = False,
                 tasks: Any = None) -> None:
        super().__init__(parent)
        #: the window's task runner (None: a page on its own reads images on the spot)
        self.tasks = tasks
        self.thumbnails = Thumbnails(tasks, self)
        #: images being read and checked, and what the finished ones had to say
        #: ((sentence, is_error) pairs, shown together until the next batch)
        self._reading = 0
        self._said: list[tuple[str, bool]] = []
        self.viewer: ImageViewer | None = None
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header())
        self.load_banner = LoadBanner(self)
        layout.addWidget(self.load_banner)
        self.view = ChatView(self, dark=dark, thumbnails=self.thumbnails)
        self.view.image_requested.connect(self.open_image)
        self.empty = QLabel(self.tr("Ask anything. This conversation stays on this computer."),
                            alignment=Qt.AlignmentFlag.AlignCenter, objectName="emptyChat",
                            wordWrap=True)
        self._middle = QStackedLayout()
        self._middle.addWidget(self.empty)
        self._middle.addWidget(self.view)
        layout.addLayout(self._middle, 1)
        layout.addWidget(self._composer())
        self.set_streaming(False)

    def _header(self) -> QWidget:
        header = QFrame(self, objectName="chatHeader")
        row = QHBoxLayout(header)
        row.setContentsMargins(12, 6, 12, 6)
        self.title = QLabel(self.tr("New conversation"), objectName="chatTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.title, 1)
        self.knowledge = KnowledgeButton(self)
        self.knowledge.collections_chosen.connect(self.collections_chosen)
        self.knowledge.knowledge_page_requested.connect(self.knowledge_page_requested)
        row.addWidget(self.knowledge)
        self.tools = ToolsButton(self)
        self.tools.servers_chosen.connect(self.mcp_servers_chosen)
        self.tools.mcp_page_requested.connect(self.mcp_page_requested)
        row.addWidget(self.tools)
        self.format_button = QToolButton(self, objectName="formatButton")
        self.format_button.setToolTip(self.tr("Structured output: what every reply of this "
                                              "conversation must look like (free text, JSON, "
                                              "a JSON schema or a grammar)"))
        self.format_button.setAccessibleName(self.tr("Structured output"))
        self.format_button.clicked.connect(self.structured_requested)
        self.format_button.setMinimumWidth(60)
        self.format_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        row.addWidget(self.format_button)
        self.set_format(self.tr("Free text"))
        row.addWidget(QLabel(self.tr("Model:")))
        # the header holds five controls: the picker gives way first in a narrow window
        self.model_picker = QComboBox(self, minimumContentsLength=10)
        self.model_picker.setAccessibleName(self.tr("Model"))
        self.model_picker.setToolTip(self.tr("The model this conversation talks to"))
        self.model_picker.activated.connect(
            lambda index: self.model_chosen.emit(self.model_picker.itemData(index) or ""))
        row.addWidget(self.model_picker)
        self.settings_button = QToolButton(self, text=self.tr("Settings…"))
        self.settings_button.setToolTip(self.tr("System prompt, temperature and other settings "
                                                "of this conversation"))
        self.settings_button.setAccessibleName(self.tr("Conversation settings"))
        self.settings_button.clicked.connect(self.settings_requested)
        row.addWidget(self.settings_button)
        return header

    def _composer(self) -> QWidget:
        box = QFrame(self, objectName="composer")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(12, 6, 12, 10)
        self.edit_banner = QLabel(objectName="editBanner", wordWrap=True)
        self.edit_banner.hide()
        layout.addWidget(self.edit_banner)
        self.attachments = ImageStrip(self.thumbnails, removable=True, parent=box)
        self.attachments.setAccessibleName(self.tr("Attached images"))
        self.attachments.open_requested.connect(self.open_image)
        self.attachments.changed.connect(self._attachments_changed)
        layout.addWidget(self.attachments)
        self.attach_note = QLabel(box, objectName="attachNote", wordWrap=True)
        self.attach_note.setTextFormat(Qt.TextFormat.PlainText)
        self.attach_note.hide()
        layout.addWidget(self.attach_note)
        row = QHBoxLayout()
        self.input = InputBox(box)
        self.input.submitted.connect(self._submit)
        self.input.recall_requested.connect(self._recall)
        self.input.image_pasted.connect(self.attach_image)
        self.input.files_pasted.connect(self.attach_files)
        row.addWidget(self.input, 1)
        buttons = QVBoxLayout()
        self.attach_button = QPushButton(self.tr("Image…"), box)
        self.attach_button.setToolTip(self.tr("Attach images to the message (you can also "
                                              "paste them or drop them here)"))
        self.attach_button.setAccessibleName(self.tr("Attach images"))
        self.attach_button.clicked.connect(self.choose_images)
        buttons.addWidget(self.attach_button)
        self.send_button = QPushButton(self.tr("Send"), box, default=True)
        self.send_button.setAccessibleName(self.tr("Send message"))
        self.send_button.clicked.connect(self._send_clicked)
        self.stop_button = QPushButton(self.tr("Stop"), box)
        self.stop_button.setToolTip(self.tr("Stop the reply (Esc)"))
        self.stop_button.setAccessibleName(self.tr("Stop the reply"))
        self.stop_button.clicked.connect(self.stop_requested)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        row.addLayout(buttons)
        layout.addLayout(row)
        return box

    def _send_clicked(self) -> None:
        self._submit(self.input.toPlainText().strip())

    def _submit(self, text: str) -> None:
        """Send the text, the attached images, or both (nothing when both are empty)."""
        if text or self.attachments.parts:
            self.send_requested.emit(text)

    # images: attach (button, paste, drop), show, view ---------------------------------

    def images(self) -> list[ImagePart]:
        """The images attached to the message being written."""
        return self.attachments.parts

    def set_images(self, parts: list[ImagePart]) -> None:
        """Attach exactly ``parts`` (editing a message that has images)."""
        self.attachments.set_parts(parts)
        self.show_attach_note("")

    def clear_images(self) -> None:
        self.attachments.clear()
        self.show_attach_note("")

    def choose_images(self) -> None:
        """The Image… button: pick image files to attach."""
        paths, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Attach images"), str(Path.home()),
            self.tr("Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff);;"
                    "All files (*)"))
        self.attach_files([Path(p) for p in paths])

    def attach_files(self, paths: list[Path]) -> None:
        """Read and check each file off the GUI thread, then show its thumbnail."""
        for path in paths:
            self._attach(lambda p=Path(path): image_service.attach_file(p))

    def attach_image(self, image: QImage) -> None:
        """A pasted picture: encoded as PNG and checked off the GUI thread."""
        copy = QImage(image)  # shared, not copied: a later clipboard change detaches it
        name = self.tr("The pasted image")
        self._attach(lambda: image_service.attach_bytes(png_bytes(copy), name))

    def _attach(self, work: Callable[[], Any]) -> None:
        if self._reading == 0:
            self._said = []
        self._reading += 1
        self.show_attach_note(self.tr("Reading the image…"))
        if self.tasks is None:
            try:
                attached = work()
            except Exception as exc:  # noqa: BLE001 - shown to the user
                self._attach_failed(exc)
            else:
                self._attached(attached)
            return
        from app.ui.tasks import POOL

        self.tasks.run(work, self._attached, self._attach_failed, lane=POOL)

    def _attached(self, attached: image_service.Attached) -> None:
        self.attachments.add(attached.part)
        self._one_read([(note, False) for note in attached.notes])
        self.attach_finished.emit(attached)

    def _attach_failed(self, exc: BaseException) -> None:
        self._one_read([(describe_error(exc), True)])
        self.attach_finished.emit(exc)

    def _one_read(self, said: list[tuple[str, bool]]) -> None:
        """One image of the batch is done: show what every finished one had to say (a
        refusal is not hidden by the next image's success)."""
        self._reading = max(0, self._reading - 1)
        self._said.extend(said)
        if self._reading and not self._said:
            return  # still "Reading the image…"
        self.show_attach_note(" ".join(text for text, _error in self._said),
                              error=any(error for _text, error in self._said))
    def show_attach_note(self, text: str, error: bool = False) -> None:
        """A line above the input: a refused image, a note about one, or "" to hide it."""
        self.attach_note.setText(text)
        self.attach_note.setProperty("kind", "error" if error else "note")
        self.attach_note.style().unpolish(self.attach_note)
        self.attach_note.style().polish(self.attach_note)
        self.attach_note.setVisible(bool(text))

    def _attachments_changed(self) -> None:
        if not self.attachments.parts and self.attach_note.property("kind") == "error":
            self.show_attach_note("")  # "cannot see images": the images are gone now

    def open_image(self, part: ImagePart) -> None:
        """The full-size view of ``part`` (a window of its own; Esc closes it)."""
        if self.viewer is not None:
            self.viewer.close()
        self.viewer = ImageViewer(part, self.tasks, self)
        self.viewer.finished.connect(self._viewer_closed)
        self.viewer.open()
        self.image_opened.emit(self.viewer)

    def _viewer_closed(self) -> None:
        if self.viewer is not None:
            self.viewer.deleteLater()
            self.viewer = None

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        mime = event.mimeData()
        if image_files(mime) or mime.hasImage():
            event.acceptProposedAction()
        else:
            event.ignore()  # a GGUF file: the window imports it

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        mime = event.mimeData()
        files = image_files(mime)
        if files:
            self.attach_files(files)
        elif mime.hasImage() and isinstance(mime.imageData(), QImage):
            self.attach_image(mime.imageData())
        else:
            event.ignore()
            return
        event.acceptProposedAction()

    def _recall(self) -> None:
        self.input.setPlainText(self.view.last_user_text())
        self.input.moveCursor(self.input.textCursor().MoveOperation.End)

    def set_streaming(self, streaming: bool) -> None:
        self.stop_button.setVisible(streaming)
        self.send_button.setVisible(not streaming)

    def show_messages(self, any_messages: bool) -> None:
        self._middle.setCurrentWidget(self.view if any_messages else self.empty)

    def set_models(self, names: list[str], current: str) -> None:
        self.model_picker.clear()
        for name in names:
            self.model_picker.addItem(name, name)
        index = self.model_picker.findData(current)
        self.model_picker.setCurrentIndex(max(index, 0))

    def set_collections(self, available: list[str], chosen: list[str], tip: str = "") -> None:
        """Show which collections the conversation consults, out of ``available``."""
        self.knowledge.set_collections(available, chosen, tip)

    def set_mcp_servers(self, available: list[tuple[str, bool]], chosen: list[str]) -> None:
        """Show which MCP servers the conversation may call, out of ``available``
        ((name, enabled) pairs)."""
        self.tools.set_servers(available, chosen)

    def set_format(self, description: str) -> None:
        """Show the conversation's structured output ("Free text", "JSON schema"...)."""
        self.format_button.setText(self.tr("Output: %1").replace("%1", description))

    def set_editing(self, text: str | None) -> None:
        """Show (text) or hide (None) the "editing a message" banner."""
        if text is None:
            self.edit_banner.hide()
            return
        self.edit_banner.setText(self.tr("Editing a message: Enter sends it as a new branch, "
                                         "Esc cancels."))
        self.edit_banner.show()
        self.input.setPlainText(text)
        self.input.setFocus()
