"""The main window: sidebar, pages, menus, status bar, and the flows between them.

Every blocking call goes through :class:`~app.ui.tasks.TaskRunner` (store work on the
STORE lane, model work on the MODEL lane); the callbacks only update widgets.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.engines.base import CancelToken, Done, Error, LoadReport, Progress, Token
from app.paths import get_paths
from app.services import models as model_service
from app.services.chat import Saved
from app.services.conversation_settings import (
    LoadStarted,
    defaults_for,
    ensure_for_conversation,
    overrides_from,
)
from app.services.desktop import DesktopServices
from app.services.errors import describe_error
from app.services.models import STARTER_NAME, LibraryModel, ModelNotFoundError
from app.services.threads import ThreadItem, switch_branch, thread_items
from app.settings import Settings, SettingsError, load_settings, save_settings
from app.store.conversations import Conversation, StoredMessage
from app.store.timings import load_history, reply_history
from app.ui.appearance import apply_theme, install_translators
from app.ui.chat_view import ChatPage
from app.ui.markdown_render import warm_up as warm_up_highlighting
from app.ui.message_view import MessageView
from app.ui.notice import NoticeBar
from app.ui.performance_view import PerformanceView
from app.ui.settings_dialog import ConversationSettingsDialog, SettingsDialog
from app.ui.sidebar import Sidebar
from app.ui.tasks import MODEL, POOL, STORE, TaskRunner
from app.ui.welcome import WelcomePage

#: how long a deleted conversation can be brought back
UNDO_MS = 10_000


def describe_load(report: LoadReport) -> tuple[str, str]:
    """Status bar text and tooltip for a cold start."""
    translate = QCoreApplication.translate
    text = (translate("MainWindow", "%1 · %2 (%3) · ready in %4 s")
            .replace("%1", report.model).replace("%2", report.engine)
            .replace("%3", report.device).replace("%4", f"{report.ready_s:.2f}"))
    rows = [(translate("MainWindow", "File check"), report.file_check_s),
            (translate("MainWindow", "Process start"), report.spawn_s),
            (translate("MainWindow", "Weights load"), report.load_s),
            (translate("MainWindow", "Warm-up"), report.warmup_s),
            (translate("MainWindow", "Ready"), report.ready_s)]
    tip = "\n".join(f"{name}: {value:.2f} s" for name, value in rows if value is not None)
    if report.memory_mb:
        tip += "\n" + translate("MainWindow", "Memory: %1 MB").replace(
            "%1", f"{report.memory_mb:.0f}")
    return text, tip


class MainWindow(QMainWindow):
    """Hearth's window. ``services`` is wired by :func:`run` (or by a test)."""

    #: a reply ended and the thread on screen shows the saved messages
    reply_finished = Signal()
    #: the thread on screen was (re)loaded from the store
    thread_shown = Signal()
    conversations_listed = Signal()  # the latest requested listing is shown
    models_listed = Signal()
    #: a model finished loading (argument: LoadReport)
    model_loaded = Signal(object)
    import_finished = Signal(object)
    #: something failed and the window says so (argument: the message shown)
    error_shown = Signal(str)

    def __init__(self, services: DesktopServices, theme: str = "light") -> None:
        super().__init__()
        self.services = services
        self.dark = theme == "dark"
        self.tasks = TaskRunner(self)
        self.conversation: Conversation | None = None
        self.cancel: CancelToken | None = None
        self.reply_view: MessageView | None = None
        self.editing: StoredMessage | None = None
        self.models: list[str] = []
        #: tokens shown since the window opened (benchmarks and tests read it)
        self.tokens_streamed = 0
        self.pages: dict[str, QWidget] = {}
        self._pending_deletes: dict[int, QTimer] = {}
        self._listing_generation = 0
        self._window_state = QSettings(str(get_paths().ensure().config / "window.ini"),
                                       QSettings.Format.IniFormat)
        self.setWindowTitle(self.tr("Hearth"))
        self.setAcceptDrops(True)
        self._build()
        self._build_menus()
        self._restore()

    # building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.sidebar = Sidebar(self)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.notice = NoticeBar(right)
        column.addWidget(self.notice)
        self.stack = QStackedWidget(right, objectName="pages")
        column.addWidget(self.stack, 1)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 760])
        self.setCentralWidget(self.splitter)
        self.welcome = WelcomePage(self)
        self.chat_page = ChatPage(self, dark=self.dark)
        self.performance = PerformanceView(self)
        self.register_page("welcome", "", self.welcome, in_sidebar=False)
        self.register_page("chat", self.tr("Chats"), self.chat_page)
        self.register_page("performance", self.tr("Performance"), self.performance)
        self._register_more_pages()
        target = self.services.runtime.target
        self.engine_label = QLabel(self.tr("No model loaded · %1").replace(
            "%1", self.tr("automatic engine choice") if target.is_auto else target.label))
        self.engine_label.setAccessibleName(self.tr("Engine and model"))
        self.statusBar().addPermanentWidget(self.engine_label)
        self._connect()

    def _connect(self) -> None:
        side, page, view = self.sidebar, self.chat_page, self.chat_page.view
        side.new_requested.connect(self.new_conversation)
        side.conversation_selected.connect(self.open_conversation)
        side.rename_requested.connect(self.rename_conversation)
        side.delete_requested.connect(self.delete_conversation)
        side.search_changed.connect(self.refresh_conversations)
        side.page_selected.connect(self.show_page)
        page.send_requested.connect(self.send)
        page.stop_requested.connect(self.stop)
        page.model_chosen.connect(self.choose_model)
        page.settings_requested.connect(self.edit_conversation_settings)
        view.copy_requested.connect(self.copy_text)
        view.edit_requested.connect(self.start_edit)
        view.regenerate_requested.connect(self.regenerate)
        view.delete_requested.connect(self.delete_message)
        view.branch_requested.connect(self.switch_branch)
        self.welcome.start_requested.connect(self.new_conversation)
        self.welcome.import_requested.connect(self.choose_import)
        self.welcome.catalog_requested.connect(lambda: self.show_page("models"))
        self.performance.refresh_requested.connect(self.refresh_performance)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("&New chat"), self.new_conversation, QKeySequence.StandardKey.New)
        self._action(file_menu, self.tr("&Import a GGUF file…"), self.choose_import, QKeySequence.StandardKey.Open)
        self._action(file_menu, self.tr("&Close chat"), self.close_conversation, QKeySequence.StandardKey.Close)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        self._action(edit_menu, self.tr("&Find conversations"), self._focus_search, QKeySequence.StandardKey.Find)
        self._action(edit_menu, self.tr("Re&name chat"), lambda: self.sidebar.start_rename(), "F2")
        edit_menu.addSeparator()
        self._action(edit_menu, self.tr("&Settings…"), self.edit_settings,
                     QKeySequence.StandardKey.Preferences, "Ctrl+,", role=QAction.MenuRole.PreferencesRole)
        chat_menu = bar.addMenu(self.tr("&Chat"))
        self.stop_action = self._action(chat_menu, self.tr("&Stop reply"), self.escape, "Esc")
        self._action(chat_menu, self.tr("&Regenerate last reply"), self.regenerate_last, "Ctrl+R")
        self._action(chat_menu, self.tr("Conversation se&ttings…"), self.edit_conversation_settings, "Ctrl+Shift+,")
        self._action(chat_menu, self.tr("&Focus the message box"), self._focus_input, "Ctrl+L")
        view_menu = bar.addMenu(self.tr("&View"))
        self._action(view_menu, self.tr("&Chats"), lambda: self.show_page("chat"), "Ctrl+1")
        self._action(view_menu, self.tr("&Performance"), lambda: self.show_page("performance"), "Ctrl+2")
        self.view_menu = view_menu
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&About Hearth"), self._about, role=QAction.MenuRole.AboutRole)

    def _action(self, menu, text: str, slot, *shortcuts, role=None) -> QAction:
        action = QAction(text, self)
        keys = []
        for shortcut in shortcuts:
            key = QKeySequence(shortcut)
            if not key.isEmpty() and key not in keys:
                keys.append(key)
        action.setShortcuts(keys)
        if role is not None:
            action.setMenuRole(role)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # pages: other parts of Hearth register theirs here -------------------------------

    def register_page(self, key: str, title: str, widget: QWidget, in_sidebar: bool = True) -> None:
        """Add a page (Models, Knowledge base...) to the window and, with a title, the sidebar."""
        self.pages[key] = widget
        self.stack.addWidget(widget)
        if in_sidebar and title:
            self.sidebar.add_page(key, title)
        if key == "models":
            self.welcome.enable_catalog(True)

    def _register_more_pages(self) -> None:
        from app.ui.pages import register_pages

        register_pages(self)

    def show_page(self, key: str) -> None:
        if key == "chat" and self.conversation is None and not self._has_messages_on_screen():
            key = "welcome"
        widget = self.pages.get(key)
        if widget is None:
            return
        self.stack.setCurrentWidget(widget)
        self.sidebar.mark_page("chat" if key == "welcome" else key)
        if key == "performance":
            self.refresh_performance()

    def current_page(self) -> str:
        widget = self.stack.currentWidget()
        return next((k for k, w in self.pages.items() if w is widget), "")

    def _has_messages_on_screen(self) -> bool:
        return bool(self.chat_page.view.views)

    # start and end -------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self._window_state.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 760)
        splitter = self._window_state.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        last = self._window_state.value("last_conversation")
        last_id = int(last) if last not in (None, "", "0") else None
        self.show_page("welcome")
        self.tasks.run(self.services.store.recover_interrupted, lane=STORE)
        self.tasks.run(warm_up_highlighting, lane=POOL)
        self.refresh_models()
        self.refresh_conversations()
        if last_id is not None:
            self.open_conversation(last_id, quiet=True)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.cancel is not None:
            self.cancel.cancel()
        for page in self.pages.values():
            getattr(page, "shutdown", lambda: None)()  # stop downloads and indexing
        for conversation_id in list(self._pending_deletes):
            self._delete_now(conversation_id)
        self._window_state.setValue("geometry", self.saveGeometry())
        self._window_state.setValue("splitter", self.splitter.saveState())
        self._window_state.setValue("last_conversation",
                                    self.conversation.id if self.conversation else 0)
        self._window_state.sync()
        self.tasks.shutdown(wait=True)
        super().closeEvent(event)

    # conversations -------------------------------------------------------------------

    def refresh_conversations(self, search: str | None = None) -> None:
        """List conversations off the GUI thread; only the latest request's answer is shown."""
        text = self.sidebar.search.text() if search is None else search
        store = self.services.store
        hidden = set(self._pending_deletes)
        self._listing_generation += 1
        generation = self._listing_generation

        def listed() -> list[Conversation]:
            found = store.search(text) if text.strip() else store.list()
            return [c for c in found if c.id not in hidden]

        self.tasks.run(listed, lambda found: self._show_conversations(found, generation),
                       self._show_error, lane=STORE)

    def _show_conversations(self, conversations: list[Conversation], generation: int) -> None:
        if generation != self._listing_generation:
            return  # a newer listing is on its way; this one is stale
        current = self.conversation.id if self.conversation else None
        self.sidebar.set_conversations(conversations, current)
        self.conversations_listed.emit()

    def open_conversation(self, conversation_id: int, quiet: bool = False) -> None:
        if self.cancel is not None:
            self.notice.show_message(self.tr("Stop the reply (Esc) before switching conversations."),
                                     timeout_ms=4000)
            self.sidebar.select(self.conversation.id if self.conversation else None)
            return
        store = self.services.store

        def fetch() -> tuple[Conversation, list[ThreadItem]]:
            return store.get(conversation_id), thread_items(store, conversation_id)

        on_error = (lambda _exc: None) if quiet else self._show_error
        self.tasks.run(fetch, self._show_thread, on_error, lane=STORE)

    def _show_thread(self, found: tuple[Conversation, list[ThreadItem]]) -> None:
        conversation, items = found
        switching = self.conversation is None or self.conversation.id != conversation.id
        self.conversation = conversation
        self.chat_page.title.setText(conversation.title or self.tr("New conversation"))
        self.chat_page.set_models(self.models, conversation.model or self.services.settings.default_model)
        self.chat_page.view.set_thread(items)
        self.chat_page.show_messages(bool(items))
        if switching:
            self.chat_page.view.scroll_to_bottom()
            self._set_editing(None)
        self.sidebar.select(conversation.id)
        self._window_state.setValue("last_conversation", conversation.id)
        if self.current_page() in ("welcome", "chat", ""):
            self.show_page("chat")
        self.thread_shown.emit()

    def reload_thread(self) -> None:
        if self.conversation is not None:
            self.open_conversation(self.conversation.id)

    def new_conversation(self) -> None:
        """An empty chat; the conversation is saved when the first message is sent."""
        if self.cancel is not None:
            return
        self.conversation = None
        self._set_editing(None)
        self.chat_page.view.clear()
        self.chat_page.show_messages(False)
        self.chat_page.title.setText(self.tr("New conversation"))
        self.chat_page.set_models(self.models, self.services.settings.default_model)
        self.sidebar.select(None)
        self.stack.setCurrentWidget(self.chat_page)
        self.sidebar.mark_page("chat")
        self.chat_page.input.setFocus()

    def close_conversation(self) -> None:
        if self.cancel is not None:
            return
        self.conversation = None
        self.chat_page.view.clear()
        self.sidebar.select(None)
        self._window_state.setValue("last_conversation", 0)
        self.show_page("welcome")

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        store = self.services.store
        self.tasks.run(lambda: store.rename(conversation_id, title),
                       lambda _r: self._renamed(conversation_id, title), self._show_error, lane=STORE)

    def _renamed(self, conversation_id: int, title: str) -> None:
        if self.conversation is not None and self.conversation.id == conversation_id:
            self.conversation.title = title
            self.chat_page.title.setText(title)
        self.refresh_conversations()

    def delete_conversation(self, conversation_id: int) -> None:
        """Hide it now; delete it for good unless the user clicks Undo in time."""
        row = self.sidebar.row_of(conversation_id)
        title = self.sidebar.model.item(row).text() if row is not None else ""
        if self.conversation is not None and self.conversation.id == conversation_id:
            if self.cancel is not None:
                self.cancel.cancel()
            self.close_conversation()
        timer = QTimer(self, singleShot=True, interval=UNDO_MS)
        timer.timeout.connect(lambda: self._delete_now(conversation_id))
        timer.start()
        self._pending_deletes[conversation_id] = timer
        if row is not None:
            self.sidebar.model.removeRow(row)
        self.notice.show_message(self.tr("Deleted “%1”.").replace("%1", title), action=self.tr("Undo"),
                                 callback=lambda: self.undo_delete(conversation_id),
                                 timeout_ms=UNDO_MS)

    def undo_delete(self, conversation_id: int) -> None:
        timer = self._pending_deletes.pop(conversation_id, None)
        if timer is not None:
            timer.stop()
        self.refresh_conversations()

    def _delete_now(self, conversation_id: int) -> None:
        timer = self._pending_deletes.pop(conversation_id, None)
        if timer is not None:
            timer.stop()
        store = self.services.store
        self.tasks.run(lambda: store.delete(conversation_id), on_error=self._show_error,
                       lane=STORE)

    # sending and replies -------------------------------------------------------------

    def send(self, text: str) -> None:
        """Send the input (or, while editing, the edited message as a new branch)."""
        if self.cancel is not None or not text.strip():
            return
        self.chat_page.input.clear()
        if self.editing is not None:
            message, self.editing = self.editing, None
            self._set_editing(None)
            self.chat_page.view.truncate_at(message.id, keep_it=False)
            self._begin_reply(text, lambda chat, cancel: chat.edit(message.id, text, cancel))
            return
        if self.conversation is None:
            self._create_then_send(text)
            return
        conversation_id = self.conversation.id
        self._begin_reply(text, lambda chat, cancel: chat.send(conversation_id, text, cancel))

    def _create_then_send(self, text: str) -> None:
        store = self.services.store
        model = self.chat_page.model_picker.currentData() or self.services.settings.default_model
        self.cancel = CancelToken()  # busy from now: a second Enter does nothing

        def created(conversation: Conversation) -> None:
            self.cancel = None
            self.conversation = conversation
            self._window_state.setValue("last_conversation", conversation.id)
            self._begin_reply(text, lambda chat, cancel: chat.send(conversation.id, text, cancel))
            self.refresh_conversations()

        def failed(exc: BaseException) -> None:
            self.cancel = None
            self._show_error(exc)

        self.tasks.run(lambda: store.create(model=model), created, failed, lane=STORE)

    def regenerate(self, message: StoredMessage | None) -> None:
        if message is None or self.cancel is not None or message.parent_id is None:
            return
        self.chat_page.view.truncate_at(message.parent_id, keep_it=True)
        self._begin_reply(None, lambda chat, cancel: chat.regenerate(message.id, cancel))

    def regenerate_last(self) -> None:
        replies = [v for v in self.chat_page.view.views if v.role == "assistant" and v.item]
        if replies:
            self.regenerate(replies[-1].item.message)

    def start_edit(self, message: StoredMessage | None) -> None:
        if message is not None and self.cancel is None:
            self._set_editing(message)

    def _set_editing(self, message: StoredMessage | None) -> None:
        self.editing = message
        self.chat_page.set_editing(message.content if message else None)

    def _begin_reply(self, user_text: str | None,
                     events: Callable[[Any, CancelToken], Iterator[Any]]) -> None:
        page = self.chat_page
        if user_text is not None:
            page.view.add_pending("user", user_text)
        page.show_messages(True)
        self.reply_view = page.view.add_pending("assistant")
        self.reply_view.begin_stream()
        page.view.scroll_to_bottom()
        page.set_streaming(True)
        self.show_page("chat")
        cancel = self.cancel = CancelToken()
        services = self.services
        conversation_id = self.conversation.id if self.conversation else None

        def work(progress: Callable[[Any], None]) -> None:
            conversation = services.chat.store.get(conversation_id)
            report = ensure_for_conversation(services.runtime, conversation.model,
                                             conversation.settings, services.settings.n_ctx,
                                             notify=progress)
            if report is not None:
                progress(report)
            for event in events(services.chat, cancel):
                progress(event)

        self.tasks.run(work, self._reply_ended, self._reply_failed, self._on_event, lane=MODEL)

    def _on_event(self, event: Any) -> None:
        view = self.reply_view
        if isinstance(event, Token):
            self.tokens_streamed += 1
            if view is not None:
                view.append(event.text)
        elif isinstance(event, LoadStarted):
            self.chat_page.load_banner.start(event.model, event.engine)
        elif isinstance(event, LoadReport):
            self._show_load(event)
        elif isinstance(event, Progress):
            self.statusBar().showMessage(event.message or event.stage, 3000)
        elif isinstance(event, Done | Error):
            if view is not None:
                view.end_stream(event.message if isinstance(event, Error) else "")
            if isinstance(event, Error):
                self._show_message(event.message)
        elif isinstance(event, Saved) and view is not None:
            view.item = ThreadItem(event.message, 0, 1, (event.message.id,))

    def _reply_ended(self, _result: object) -> None:
        self._finish_reply()

    def _reply_failed(self, exc: BaseException) -> None:
        message = describe_error(exc)
        if self.reply_view is not None:
            self.reply_view.end_stream(message)
        if isinstance(exc, ModelNotFoundError):
            self._show_message(message, self.tr("Import a GGUF file…"), self.choose_import)
        else:
            self._show_message(message)
        self._finish_reply()

    def _finish_reply(self) -> None:
        self.chat_page.load_banner.stop()
        self.chat_page.set_streaming(False)
        self.cancel = None
        self.thread_shown.connect(self._emit_reply_finished, Qt.ConnectionType.SingleShotConnection)
        self.reload_thread()
        self.refresh_conversations()
        if self.conversation is None:
            self._emit_reply_finished()

    def _emit_reply_finished(self) -> None:
        self.reply_view = None
        self.reply_finished.emit()

    def stop(self) -> None:
        if self.cancel is not None:
            self.cancel.cancel()
            self.statusBar().showMessage(self.tr("Stopping…"), 2000)

    def escape(self) -> None:
        """Esc: stop the reply, or leave editing mode."""
        if self.cancel is not None:
            self.stop()
        elif self.editing is not None:
            self._set_editing(None)
            self.chat_page.input.clear()

    # messages ------------------------------------------------------------------------

    def delete_message(self, message: StoredMessage | None) -> None:
        if message is None or self.cancel is not None:
            return
        store = self.services.store
        self.tasks.run(lambda: store.delete_message(message.id), lambda _r: self.reload_thread(),
                       self._show_error, lane=STORE)

    def switch_branch(self, message: StoredMessage | None, step: int) -> None:
        if message is None or self.cancel is not None:
            return
        store = self.services.store
        self.tasks.run(lambda: switch_branch(store, message.id, step),
                       lambda _r: self.reload_thread(), self._show_error, lane=STORE)

    def copy_text(self, text: str) -> None:
        if text:
            QGuiApplication.clipboard().setText(text)
            self.statusBar().showMessage(self.tr("Copied to the clipboard."), 2000)

    # models --------------------------------------------------------------------------

    def refresh_models(self) -> None:
        library = self.services.library
        self.tasks.run(lambda: [m.name for m in library.list() if m.present], self._show_models,
                       self._show_error, lane=STORE)

    def _show_models(self, names: list[str]) -> None:
        self.models = names
        current = (self.conversation.model if self.conversation else None) \
            or self.services.settings.default_model
        self.chat_page.set_models(names, current)
        self.welcome.set_models(names, STARTER_NAME)
        self.models_listed.emit()

    def choose_model(self, name: str) -> None:
        """Use ``name`` for this conversation (and load it now, so the first reply is quick)."""
        if not name:
            return
        if self.conversation is not None:
            conversation_id, store = self.conversation.id, self.services.store
            self.conversation.model = name
            self.tasks.run(lambda: store.set_model(conversation_id, name),
                           on_error=self._show_error, lane=STORE)
        self.preload(name)

    def preload(self, name: str | None = None) -> None:
        """Load a model in the background, showing the load banner and the cold start."""
        services = self.services
        settings = self.conversation.settings if self.conversation else {}

        def work(progress: Callable[[Any], None]) -> LoadReport | None:
            return ensure_for_conversation(services.runtime, name, settings,
                                           services.settings.n_ctx, notify=progress)

        def done(report: LoadReport | None) -> None:
            self.chat_page.load_banner.stop()
            if report is not None:
                self._show_load(report)

        def failed(exc: BaseException) -> None:
            self.chat_page.load_banner.stop()
            self._show_error(exc)

        self.tasks.run(work, done, failed, self._on_event, lane=MODEL)

    def _show_load(self, report: LoadReport) -> None:
        self.chat_page.load_banner.stop()
        text, tip = describe_load(report)
        reason = self.services.runtime.reason
        self.engine_label.setText(text)
        self.engine_label.setToolTip(f"{tip}\n\n{reason}" if reason else tip)
        self.statusBar().showMessage(reason, 8000)
        self.model_loaded.emit(report)

    def choose_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import a GGUF model"), str(Path.home()),
            self.tr("GGUF models (*.gguf);;All files (*)"))
        if path:
            self.import_model(Path(path))

    def import_model(self, path: Path) -> None:
        """The one GGUF import of the window (File ▸ Import, the Models page's button, a drop).

        ``app.services.models.import_gguf`` checks the file in a child process and registers
        it on a connection of its own (POOL lane: a check can take a minute, and the STORE
        lane must not wait for it). The notice bar says what happens; on success the model
        pickers and the Models page list it, with "Chat with it" one click away.
        """
        timeout = self.services.settings.validate_timeout_s
        self.notice.show_message(self.tr("Checking %1…").replace("%1", path.name))
        self.tasks.run(lambda: model_service.import_gguf(path, timeout_s=timeout),
                       self._imported, self._import_failed, lane=POOL)

    def _imported(self, model: LibraryModel) -> None:
        self.notice.show_message(self.tr("%1 is ready to use.").replace("%1", model.name),
                                 action=self.tr("Chat with it"),
                                 callback=lambda: self._chat_with(model.name))
        self.refresh_models()
        if (page := self.pages.get("models")) is not None:
            page.refresh()  # type: ignore[attr-defined]  # the Models page lists it too
        self.import_finished.emit(model)

    def _import_failed(self, exc: BaseException) -> None:
        self._show_error(exc)
        self.import_finished.emit(exc)

    def _chat_with(self, name: str) -> None:
        self.new_conversation()
        self.chat_page.set_models(self.models, name)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._dropped_models(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        for path in self._dropped_models(event.mimeData()):
            self.import_model(path)
        event.acceptProposedAction()

    @staticmethod
    def _dropped_models(mime) -> list[Path]:
        return [Path(url.toLocalFile()) for url in mime.urls()
                if url.isLocalFile() and url.toLocalFile().lower().endswith(".gguf")]

    # settings ------------------------------------------------------------------------

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.services.settings, self.models, self)
        dialog.setAccessibleName(self.tr("Settings"))
        if dialog.exec():
            self.apply_settings(dialog.result_settings())

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings now (theme, defaults) and save them in the background."""
        old = self.services.settings
        self.services.settings = settings
        runtime = self.services.runtime
        runtime.settings.n_threads = settings.n_threads
        runtime.settings.default_model = settings.default_model
        runtime.settings.temperature = settings.temperature
        runtime.settings.top_p = settings.top_p
        runtime.settings.max_tokens = settings.max_tokens
        if settings.theme != old.theme:
            self.dark = apply_theme(QApplication.instance(), settings.theme) == "dark"
        if settings.language != old.language:
            self.notice.show_message(self.tr("The new language applies the next time Hearth starts."),
                                     timeout_ms=8000)
        self.tasks.run(lambda: save_settings(settings), on_error=self._show_error, lane=POOL)

    def edit_conversation_settings(self) -> None:
        if self.conversation is None:
            self.notice.show_message(self.tr("Send a first message, then adjust this conversation."),
                                     timeout_ms=5000)
            return
        conversation, library = self.conversation, self.services.library
        settings = self.services.settings
        self.tasks.run(lambda: defaults_for(settings, library.get(conversation.model or
                                                                  settings.default_model)),
                       lambda defaults: self._open_conversation_settings(conversation, defaults),
                       self._show_error, lane=STORE)

    def _open_conversation_settings(self, conversation: Conversation,
                                    defaults: dict[str, Any]) -> None:
        dialog = ConversationSettingsDialog(conversation.settings, defaults, self)
        if not dialog.exec():
            return
        try:
            overrides = overrides_from(dialog.values(), defaults)
        except ValueError as exc:
            self._show_message(str(exc))
            return
        store = self.services.store
        conversation.settings = overrides
        self.tasks.run(lambda: store.set_settings(conversation.id, overrides),
                       on_error=self._show_error, lane=STORE)

    # performance ---------------------------------------------------------------------

    def refresh_performance(self) -> None:
        db = self.services.store_db
        self.tasks.run(lambda: (load_history(db), reply_history(db)),
                       lambda found: self.performance.show_history(*found), self._show_error,
                       lane=STORE)

    # errors and small things ---------------------------------------------------------

    def _show_error(self, exc: BaseException) -> None:
        self._show_message(describe_error(exc))

    def _show_message(self, text: str, action: str = "",
                      callback: Callable[[], None] | None = None) -> None:
        self.notice.show_message(text, "error", action, callback)
        self.error_shown.emit(text)

    def _focus_search(self) -> None:
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    def _focus_input(self) -> None:
        self.show_page("chat")
        self.chat_page.input.setFocus()

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About Hearth"), self.tr(
            "Hearth runs language models on your own computer. Conversations are kept in "
            "one database on this computer and never leave it."))


def run(argv: list[str] | None = None) -> int:
    """Open the window and run until it closes; returns the exit status."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Hearth")
    app.setOrganizationName("Hearth")
    settings_problem = ""
    try:
        settings = load_settings()
    except SettingsError as exc:
        settings, settings_problem = Settings(), str(exc)
    translators = install_translators(app, settings.language)  # noqa: F841 - keep alive
    theme = apply_theme(app, settings.theme)
    try:
        services = DesktopServices.open(settings)
    except Exception as exc:  # the window cannot work without its database
        QMessageBox.critical(None, "Hearth", describe_error(exc))
        return 1
    window = MainWindow(services, theme)
    window.show()
    if settings_problem:
        window.notice.show_message(settings_problem, "error")
    status = app.exec()
    services.close()
    return status
