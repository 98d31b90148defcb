"""One message in the chat: rendered Markdown, branch arrows, actions, timing footer."""

from __future__ import annotations

import math
from pathlib import PurePath

from PySide6.QtCore import QCoreApplication, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.engines.base import ImagePart, ToolCallPart
from app.services.conversations import StoredMessage
from app.services.structured import pretty_json
from app.services.threads import ThreadItem
from app.ui.image_strip import ImageStrip, Thumbnails
from app.ui.markdown_render import ReplyRenderer
from app.ui.tool_call_view import ToolCallCard, stored_calls

#: how often a streaming reply is repainted (tokens arriving in between are batched)
FLUSH_MS = 40


class MessageBody(QTextBrowser):
    """A read-only rich-text view exactly as tall as its content (no inner scrolling)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setOpenLinks(False)
        self.setVerticalScrollBarPolicy(self.verticalScrollBarPolicy().ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(self.horizontalScrollBarPolicy().ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(2)

    def fit(self) -> None:
        """Lay the text out at the current width and take exactly its height."""
        document = self.document()
        width = max(self.viewport().width(), 50)
        if document.textWidth() != width:
            document.setTextWidth(width)
        height = math.ceil(document.size().height()) + 2
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()


def citation_label(citation: dict) -> str:
    """How a citation reads under a reply: "file.pdf, p. 3" (plain text, never HTML)."""
    name = PurePath(str(citation.get("path", ""))).name or str(citation.get("path", ""))
    page = citation.get("page")
    return f"{name}, p. {page}" if page is not None else name


def citation_url(citation: dict) -> QUrl:
    """A file URL that opens the source; a PDF at its page (``#page=N``)."""
    url = QUrl.fromLocalFile(str(citation.get("path", "")))
    page = citation.get("page")
    if page is not None and str(citation.get("path", "")).lower().endswith(".pdf"):
        url.setFragment(f"page={int(page)}")
    return url


def footer_text(message: StoredMessage, image_s: float | None = None) -> str:
    """"model · engine · first token 0.12 s · 45 tok/s · 120/140 prompt tokens cached",
    then "images 0.4 s" when the reply's images took ``image_s`` seconds."""
    parts = [p for p in (message.model, message.engine) if p]
    if message.ttft_s is not None:
        parts.append(QCoreApplication.translate("MessageView", "first token %1 s").replace("%1", f"{message.ttft_s:.2f}"))
    if message.tok_s:
        parts.append(QCoreApplication.translate("MessageView", "%1 tok/s").replace("%1", f"{message.tok_s:.1f}"))
    if message.prompt_tokens:
        parts.append(QCoreApplication.translate("MessageView", "%1 of %2 prompt tokens from cache")
                     .replace("%1", str(message.cached_tokens or 0))
                     .replace("%2", str(message.prompt_tokens)))
    if image_s is None:
        image_s = image_seconds(message)
    if image_s is not None:
        parts.append(QCoreApplication.translate("MessageView", "images %1 s")
                     .replace("%1", f"{image_s:.1f}"))
    return " · ".join(parts)


def image_seconds(timing: object) -> float | None:
    """The time a reply's images took (scaling plus the projector's pass) from its
    timings (a ``reply_timings`` row, or anything with those attributes), or None when
    the reply had no images."""
    if isinstance(timing, dict):
        prep, encode = timing.get("image_prep_s"), timing.get("image_encode_s")
    else:
        prep = getattr(timing, "image_prep_s", None)
        encode = getattr(timing, "image_encode_s", None)
    if not prep and not encode:
        return None
    return (prep or 0.0) + (encode or 0.0)


def images_of(message: StoredMessage | None) -> list[ImagePart]:
    """The images a stored message carries ([] when none)."""
    if message is None:
        return []
    return [p for p in getattr(message, "images", None) or () if isinstance(p, ImagePart)]


class MessageView(QFrame):
    """A message bubble. Emits what the user asked for; the window does the work."""

    copy_requested = Signal(str)
    edit_requested = Signal(object)        # StoredMessage
    regenerate_requested = Signal(object)  # StoredMessage
    delete_requested = Signal(object)      # StoredMessage
    branch_requested = Signal(object, int)  # StoredMessage, step (-1 / +1)
    image_requested = Signal(object)        # ImagePart: show it full size

    def __init__(self, role: str, item: ThreadItem | None = None, *, dark: bool = False,
                 parent: QWidget | None = None, thumbnails: Thumbnails | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self._thumbnails = thumbnails
        #: seconds the reply's images took (shown in the footer), when known
        self.image_s: float | None = None
        self._item: ThreadItem | None = None
        self.citation_buttons: list[QToolButton] = []
        self.sources_label: QLabel | None = None
        #: the tool calls of this reply, by call id
        self.tool_cards: dict[str, ToolCallCard] = {}
        #: show a reply that is JSON formatted, with "Copy JSON" (the conversation asks
        #: for JSON)
        self.json_mode = False
        #: the reply's JSON, indented, when it is shown formatted
        self.json_text: str | None = None
        self.item = item
        self.setObjectName("message")
        self.setProperty("role", role)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._text = ""
        self._streaming = False
        self._build(dark)
        self._flush_timer = QTimer(self, singleShot=True, interval=FLUSH_MS)
        self._flush_timer.timeout.connect(self.flush)
        if item is not None:
            self.show_item(item)

    # building ------------------------------------------------------------------------

    def _build(self, dark: bool) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 6)
        layout.setSpacing(4)
        layout.addLayout(self._header())
        self.body = MessageBody(self)
        self.body.setAccessibleName(self.tr("Message text"))
        self.body.anchorClicked.connect(self._link_clicked)
        self.renderer = ReplyRenderer(self.body.document(), dark=dark)
        layout.addWidget(self.body)
        self.images = ImageStrip(self._thumbnails or Thumbnails(parent=self), parent=self)
        self.images.setAccessibleName(self.tr("Images in this message"))
        self.images.open_requested.connect(self.image_requested)
        layout.addWidget(self.images)
        self.tools_box = QVBoxLayout()
        self.tools_box.setSpacing(6)
        layout.addLayout(self.tools_box)
        self.status_label = QLabel(self, wordWrap=True, objectName="messageStatus")
        self.status_label.hide()
        layout.addWidget(self.status_label)
        self.citations_row = QHBoxLayout()
        self.citations_row.setSpacing(6)
        layout.addLayout(self.citations_row)
        layout.addLayout(self._actions())
        self._show_citations()

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        author = {"user": self.tr("You"), "tool": self.tr("Tool result")}.get(
            self.role, self.tr("Assistant"))
        self.author = QLabel(author, objectName="messageAuthor")
        row.addWidget(self.author, 1)
        self.previous_branch = self._tool("‹", self.tr("Previous version"),
                                          lambda: self._branch(-1))
        self.branch_label = QLabel(objectName="branchLabel")
        self.next_branch = self._tool("›", self.tr("Next version"), lambda: self._branch(+1))
        for widget in (self.previous_branch, self.branch_label, self.next_branch):
            widget.hide()
            row.addWidget(widget)
        return row

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.footer = QLabel(objectName="messageFooter", wordWrap=True)
        self.footer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row.addWidget(self.footer, 1)
        self.copy_button = self._tool(self.tr("Copy"), self.tr("Copy this message"),
                                      lambda: self.copy_requested.emit(self.text()))
        self.copy_json_button = self._tool(self.tr("Copy JSON"),
                                           self.tr("Copy the reply's JSON"),
                                           lambda: self.copy_requested.emit(self.json_text or ""))
        self.copy_json_button.hide()
        row.addWidget(self.copy_json_button)
        self.edit_button = self._tool(self.tr("Edit"), self.tr("Edit and send again as a new branch"),
                                      lambda: self.edit_requested.emit(self._message()))
        self.regenerate_button = self._tool(self.tr("Regenerate"),
                                            self.tr("Write a new reply beside this one"),
                                            lambda: self.regenerate_requested.emit(self._message()))
        self.delete_button = self._tool(self.tr("Delete"), self.tr("Delete this message and its replies"),
                                        lambda: self.delete_requested.emit(self._message()))
        for button in (self.copy_button, self.edit_button, self.regenerate_button,
                       self.delete_button):
            row.addWidget(button)
        self.edit_button.setVisible(self.role == "user")
        self.delete_button.setVisible(self.role != "tool")
        self.regenerate_button.setVisible(self.role == "assistant")
        self._set_actions_enabled(False)
        return row

    def _tool(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self, text=text, toolTip=tip, autoRaise=True)
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        return button

    # content -------------------------------------------------------------------------

    def text(self) -> str:
        return self._text

    @property
    def item(self) -> ThreadItem | None:
        return self._item

    @item.setter
    def item(self, item: ThreadItem | None) -> None:
        """Setting the saved message also refreshes the citations under it."""
        self._item = item
        if hasattr(self, "citations_row"):
            self._show_citations()

    def _show_citations(self) -> None:
        """"Sources:" then one plain-text link per cited source; a click opens the file
        (a PDF at its page)."""
        while self.citations_row.count():
            widget = self.citations_row.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.citation_buttons = []
        self.sources_label = None
        message = self._item.message if self._item else None
        citations = message.citation_list() if message and message.role == "assistant" else []
        seen: set[tuple] = set()
        for citation in citations:
            key = (citation.get("path"), citation.get("page"))
            if key in seen:
                continue
            seen.add(key)
            if self.sources_label is None:
                self.sources_label = QLabel(self.tr("Sources:"), self, objectName="sources")
                self.citations_row.addWidget(self.sources_label)
            button = QToolButton(self, autoRaise=True, objectName="citation")
            # plain text, no markup interpreted; "&&" keeps "&" from marking a shortcut
            button.setText(citation_label(citation).replace("&", "&&"))
            button.setToolTip(self.tr("Open %1").replace("%1", str(citation.get("path", ""))))
            button.setAccessibleName(self.tr("Open source %1").replace("%1", button.text()))
            button.clicked.connect(lambda _=False, c=citation: self.open_citation(c))
            self.citations_row.addWidget(button)
            self.citation_buttons.append(button)
        if self.citation_buttons:
            self.citations_row.addStretch(1)

    def open_citation(self, citation: dict) -> bool:
        """Open the cited file with the system's viewer; False when it could not."""
        return QDesktopServices.openUrl(citation_url(citation))

    def show_item(self, item: ThreadItem) -> None:
        """Show a saved message (replaces whatever was streaming here)."""
        self.item = item
        message = item.message
        self.images.set_parts(images_of(message))
        if message.content != self._text or self._streaming or not self.renderer.document.characterCount() > 1:
            self._text = message.content
            self._render_final()
        self._streaming = False
        if message.role == "assistant":
            self._show_stored_calls(message)
        self._flush_timer.stop()
        if message.role == "assistant" and message.model:
            self.author.setText(message.model)
        self.footer.setText(footer_text(message, self.image_s)
                            if message.role == "assistant" else "")
        self._show_status(message)
        self.set_branch(item.branch_index, item.branch_count)
        self._set_actions_enabled(True)

    def set_branch(self, index: int, count: int) -> None:
        visible = count > 1
        for widget in (self.previous_branch, self.branch_label, self.next_branch):
            widget.setVisible(visible)
        self.branch_label.setText(f"{index + 1}/{count}")
        self.previous_branch.setEnabled(index > 0)
        self.next_branch.setEnabled(index < count - 1)

    def set_image_seconds(self, seconds: float | None) -> None:
        """How long the reply's images took (from its stored timings); the footer says."""
        if seconds == self.image_s:
            return
        self.image_s = seconds
        message = self._message()
        if message is not None and message.role == "assistant" and not self._streaming:
            self.footer.setText(footer_text(message, seconds))

    def show_images(self, parts: list[ImagePart]) -> None:
        """Thumbnails of the message's images (none: the row is hidden)."""
        self.images.set_parts(parts)
        if parts and not self._text.strip() and not self._streaming:
            self.body.hide()  # an image sent without words

    def set_pending_text(self, text: str) -> None:
        """A message typed by the user, shown before the store has saved it."""
        self._text = text
        self.renderer.set_text(text)
        self.body.fit()

    def begin_stream(self, label: str = "") -> None:
        self.resume_stream("", label)

    def resume_stream(self, text: str, note: str = "") -> None:
        """Show a reply that is streaming: its text so far, the rest as it comes
        (coming back to a conversation whose reply went on while it was away)."""
        self._streaming = True
        self.body.show()
        self.copy_json_button.hide()
        self._text = text
        self.status_label.hide()
        self._set_actions_enabled(False)
        self.set_note(note)
        self._flush_timer.stop()
        self.renderer.set_text("")  # the stream is drawn again from its start
        if text:
            self.flush()

    def set_note(self, note: str) -> None:
        """The footer while streaming: "Writing…", or why it waits."""
        if self._streaming:
            self.footer.setText(note or self.tr("Writing…"))

    def append(self, piece: str) -> None:
        """Add streamed text; the repaint happens at most every FLUSH_MS."""
        self._text += piece
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def flush(self) -> None:
        if self._streaming:
            self.renderer.stream(self._text)
            self.body.fit()

    def end_stream(self, error: str = "") -> None:
        """The reply ended (before the saved message arrives)."""
        self._flush_timer.stop()
        self._streaming = False
        self._render_final()
        if error:
            self.status_label.setText(error)
            self.status_label.show()

    def _render_final(self) -> None:
        """The finished text: a JSON reply formatted when the conversation asks for JSON,
        Markdown otherwise; no empty body above a reply that only calls tools."""
        self.json_text = pretty_json(self._text) if self.json_mode and \
            self.role == "assistant" else None
        if self.json_text is not None:
            self.renderer.set_text(f"```json\n{self.json_text}\n```")
        else:
            self.renderer.set_text(self._text)
        self.copy_json_button.setVisible(self.json_text is not None)
        self.body.setVisible(bool(self._text.strip()) or not (self.tool_cards
                                                              or self.images.parts))
        self.body.fit()

    def set_json_mode(self, on: bool) -> None:
        """Show a JSON reply formatted (the conversation asks for JSON) or as written."""
        if on != self.json_mode:
            self.json_mode = on
            if not self._streaming and self._text:
                self._render_final()

    # tool calls ----------------------------------------------------------------------

    def add_tool_call(self, server: str, call: ToolCallPart,
                      description: str = "") -> ToolCallCard:
        """The card of one of this reply's tool calls (made the first time)."""
        card = self.tool_cards.get(call.id)
        if card is None:
            card = ToolCallCard(server, call, description, self)
            self.tool_cards[call.id] = card
            self.tools_box.addWidget(card)
            if not self._text.strip():
                self.body.hide()
        return card

    def _show_stored_calls(self, message: StoredMessage) -> None:
        for server, call in stored_calls(message):
            card = self.add_tool_call(server, call)
            if not card.answer and not card.result_text:
                card.show_stored(None)

    def _show_status(self, message: StoredMessage) -> None:
        text = self.end_label(message)
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def end_label(self, message: StoredMessage) -> str:
        """What ended the reply, as the user should read it ("" for a normal end)."""
        if message.role != "assistant":
            return ""
        reason = message.end_reason
        if reason == "user":
            return self.tr("Stopped by you.")
        if reason == "length":
            return self.tr("Length limit reached — raise the maximum reply length in the "
                           "conversation's settings for longer replies.")
        if reason == "closed":
            return self.tr("Hearth was closed before this reply finished.")
        if reason == "error" or message.status == "error":
            return self.tr("Engine error: %1").replace("%1", message.error or "")
        if message.status == "cancelled":  # saved before end reasons were kept
            return self.tr("Stopped before the end.")
        return ""

    # actions -------------------------------------------------------------------------

    def _message(self) -> StoredMessage | None:
        return self.item.message if self.item else None

    def _set_actions_enabled(self, enabled: bool) -> None:
        for button in (self.edit_button, self.regenerate_button, self.delete_button):
            button.setEnabled(enabled)

    def _branch(self, step: int) -> None:
        if self.item is not None:
            self.branch_requested.emit(self.item.message, step)

    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme() == "copy":
            index = int(url.path() or url.toString().split(":", 1)[1])
            if 0 <= index < len(self.renderer.codes):
                self.copy_requested.emit(self.renderer.codes[index])
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
