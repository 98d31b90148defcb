"""The main window: sidebar, pages, menus, status bar, and the flows between them.

Every blocking call goes through :class:`~app.ui.tasks.TaskRunner` (store work on the
STORE lane, replies and model loads on the REPLY lane); the callbacks only update widgets.
Replies are kept per conversation (:class:`~app.ui.replies.LiveReply`): one keeps
streaming when its conversation leaves the screen, and several may stream at once.
"""

from __future__ import annotations

import gc
import html
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QTimer, Signal
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

from app.engines.base import Done, Error, ImagePart, LoadReport, Progress, Token
from app.services import backup as backup_service
from app.services import models as model_service
from app.services import transfer as transfer_service
from app.services.chat import ReplyStarted, Saved, ToolServerProblem
from app.services.completion import Started
from app.services.conversation_settings import defaults_for, overrides_from
from app.services.conversations import (
    Conversation,
    StoredMessage,
    collection_names,
    load_history,
    reply_history,
    window_state_file,
)
from app.services.desktop import DesktopServices
from app.services.errors import describe_error
from app.services.language import current_language, set_language
from app.services.models import STARTER_NAME, LibraryModel, ModelNotFoundError
from app.services.scheduler import LoadStarted, Queued
from app.services.settings import Settings, SettingsError, load_settings, save_settings
from app.services.structured import wants_json
from app.services.system import about
from app.services.threads import ThreadItem
from app.services.tools import ToolCallFinished, ToolCallProposed
from app.ui.appearance import apply_theme, install_translators, language_code
from app.ui.chat_view import ChatPage, image_files, image_times
from app.ui.markdown_render import warm_up as warm_up_highlighting
from app.ui.message_view import MessageView, images_of
from app.ui.notice import NoticeBar
from app.ui.performance_view import PerformanceView
from app.ui.replies import LiveReply, first_view_of
from app.ui.settings_dialog import ConversationSettingsDialog, SettingsDialog
from app.ui.sidebar import Sidebar
from app.ui.structured_dialog import StructuredOutputDialog, describe_format
from app.ui.tasks import POOL, REPLY, STORE, TaskRunner
from app.ui.welcome import WelcomePage

#: how long a deleted conversation can be brought back
UNDO_MS = 10_000
#: conversation settings the window sets outside the settings dialog (kept when it saves)
KEPT_SETTINGS = ("mcp_servers", "tool_approvals", "response_format")


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


def model_sight(runtime: Any, model: str | None) -> Any:
    """Whether ``model`` can see images (``app.services.vision.model_sees``: a ``Sight``
    whose ``can`` is True, False or None for unknown); None when Hearth cannot tell."""
    try:
        from app.services.vision import model_sees
    except ImportError:  # the vision check is not part of this build
        return None
    return model_sees(runtime, model)


class MainWindow(QMainWindow):
    """Hearth's window. ``services`` is wired by :func:`run` (or by a test)."""

    #: a reply ended (argument: its conversation); when that conversation is on screen,
    #: the thread shows the saved messages by then
    reply_finished = Signal(int)
    #: every event of every reply (conversation id, event), for tests and benches
    reply_event = Signal(int, object)
    #: no reply is in flight any more
    replies_idle = Signal()
    #: the chat header's knowledge selector shows the conversation's collections
    knowledge_shown = Signal()
    #: the chat header's tools selector shows the conversation's MCP servers
    tools_shown = Signal()
    #: a reply asks the user to approve a tool call (argument: its card)
    tool_call_shown = Signal(object)
    #: the thread on screen was (re)loaded from the store
    thread_shown = Signal()
    conversations_listed = Signal()  # the latest requested listing is shown
    models_listed = Signal()
    #: a model finished loading (argument: LoadReport)
    model_loaded = Signal(object)
    import_finished = Signal(object)
    #: something failed and the window says so (argument: the message shown)
    error_shown = Signal(str)
    #: images were not sent: the model cannot see (argument: the model's name)
    sight_refused = Signal(str)

    def __init__(self, services: DesktopServices, theme: str = "light") -> None:
        super().__init__()
        self.services = services
        self.dark = theme == "dark"
        self.tasks = TaskRunner(self)
        self.conversation: Conversation | None = None
        #: replies in flight, by conversation (on screen or not)
        self.replies: dict[int, LiveReply] = {}
        #: the unsaved new chat on screen (an identity), None when a conversation is
        self._draft: object | None = object()
        #: drafts whose conversation is being created for their first message
        self._creating: set[object] = set()
        #: collections the user chose for the draft (None: the setting's default)
        self._draft_collections: list[str] | None = None
        #: conversation settings chosen for the draft before it is saved (MCP servers,
        #: structured output)
        self._draft_settings: dict[str, Any] = {}
        #: conversations whose reply ended, announced once their thread is shown
        self._announce: list[int] = []
        #: counts changes of the thread on screen (a deferred widget checks it)
        self._screen = 0
        self._settled = False
        self.editing: StoredMessage | None = None
        #: a message with images waits for the answer to "can this model see?"
        self._checking_sight = False
        #: conversations whose first message was checked for a language the model lacks
        self._hinted: set[int] = set()
        self.models: list[str] = []
        #: tokens shown since the window opened (benchmarks and tests read it)
        self.tokens_streamed = 0
        self.pages: dict[str, QWidget] = {}
        self._pending_deletes: dict[int, QTimer] = {}
        self._listing_generation = 0
        self._window_state = QSettings(str(window_state_file()), QSettings.Format.IniFormat)
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
        self.chat_page = ChatPage(self, dark=self.dark, tasks=self.tasks)
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
        page.collections_chosen.connect(self.choose_collections)
        page.knowledge_page_requested.connect(lambda: self.show_page("knowledge"))
        page.mcp_servers_chosen.connect(self.choose_mcp_servers)
        page.mcp_page_requested.connect(lambda: self.show_page("mcp"))
        page.structured_requested.connect(self.edit_structured_output)
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
        self._action(file_menu, self.tr("&Export all chats…"), self.choose_export)
        self._action(file_menu, self.tr("Im&port chats…"), self.choose_chats_import)
        self._action(file_menu, self.tr("&Back up Hearth…"), self.choose_backup)
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
        self._action(chat_menu, self.tr("Structured &output…"), self.edit_structured_output)
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
        elif key == "chat":
            self.refresh_knowledge()  # collections may have been added meanwhile
            self.refresh_tools()  # and MCP servers

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
        self.tasks.run(self.services.chat.recover_interrupted, lane=STORE)
        self.tasks.run(warm_up_highlighting, lane=POOL)
        self.refresh_models()
        self.refresh_conversations()
        if last_id is not None:
            self.open_conversation(last_id, quiet=True)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        for reply in self.replies.values():
            reply.stop("closed")  # each saves what it streamed, labelled "Hearth was closed"
        for page in self.pages.values():
            getattr(page, "shutdown", lambda: None)()  # stop downloads and indexing
        for conversation_id in list(self._pending_deletes):
            self._delete_now(conversation_id)
        self._window_state.setValue("geometry", self.saveGeometry())
        self._window_state.setValue("splitter", self.splitter.saveState())
        self._window_state.setValue("last_conversation",
                                    self.conversation.id if self.conversation else 0)
        self._window_state.sync()
        self.tasks.shutdown(wait=True)  # stopped replies end within a batch and save
        super().closeEvent(event)

    # conversations -------------------------------------------------------------------

    def refresh_conversations(self, search: str | None = None) -> None:
        """List conversations off the GUI thread; only the latest request's answer is shown."""
        text = self.sidebar.search.text() if search is None else search
        chat = self.services.chat
        hidden = set(self._pending_deletes)
        self._listing_generation += 1
        generation = self._listing_generation

        def listed() -> list[Conversation]:
            found = chat.search(text) if text.strip() else chat.list()
            return [c for c in found if c.id not in hidden]

        self.tasks.run(listed, lambda found: self._show_conversations(found, generation),
                       self._show_error, lane=STORE)

    def _show_conversations(self, conversations: list[Conversation], generation: int) -> None:
        if generation != self._listing_generation:
            return  # a newer listing is on its way; this one is stale
        current = self.conversation.id if self.conversation else None
        self.sidebar.set_conversations(conversations, current, set(self.replies))
        self.conversations_listed.emit()

    def open_conversation(self, conversation_id: int, quiet: bool = False,
                          retried: bool = False) -> None:
        """Show a conversation; a reply streaming elsewhere goes on streaming."""
        chat, db = self.services.chat, self.services.store_db

        def fetch() -> tuple[Conversation, list[ThreadItem], dict[int, float]]:
            conversation, items = chat.get(conversation_id), chat.items(conversation_id)
            return conversation, items, image_times(db, items)

        on_error = (lambda _exc: None) if quiet else self._show_error
        self.tasks.run(fetch, lambda found: self._show_thread(found, retried), on_error,
                       lane=STORE)

    def _show_thread(self, found: tuple[Conversation, list[ThreadItem], dict[int, float]],
                     retried: bool = False) -> None:
        conversation, items, times = found
        live = self.replies.get(conversation.id)
        if live is None and not retried and any(i.message.status == "streaming" for i in items):
            # its reply ended while this was read: read the saved reply instead
            self.open_conversation(conversation.id, retried=True)
            return
        switching = self.conversation is None or self.conversation.id != conversation.id
        self._detach_views()
        self.conversation, self._draft = conversation, None
        self.chat_page.title.setText(conversation.title or self.tr("New conversation"))
        self.chat_page.set_models(self.models, conversation.model or self.services.settings.default_model)
        self.chat_page.view.set_thread(items, times)
        if live is not None:
            self._attach_reply(live, items)
        self.chat_page.show_messages(bool(self.chat_page.view.views))
        if switching:
            self.chat_page.view.scroll_to_bottom()
            self._set_editing(None)
            self.refresh_knowledge()
        self._show_conversation_settings()
        self._show_reply_state()
        self.sidebar.select(conversation.id)
        self._window_state.setValue("last_conversation", conversation.id)
        if self.current_page() in ("welcome", "chat", ""):
            self.show_page("chat")
        self.thread_shown.emit()
        announce, self._announce = self._announce, []
        for finished in announce:
            self.reply_finished.emit(finished)

    def reload_thread(self) -> None:
        if self.conversation is not None:
            self.open_conversation(self.conversation.id)

    def new_conversation(self) -> None:
        """An empty chat; the conversation is saved when the first message is sent."""
        self._detach_views()
        self.conversation, self._draft, self._draft_collections = None, object(), None
        self._draft_settings = {}
        self._show_conversation_settings()
        self._set_editing(None)
        self.chat_page.view.clear()
        self.chat_page.show_messages(False)
        self.chat_page.title.setText(self.tr("New conversation"))
        self.chat_page.set_models(self.models, self.services.settings.default_model)
        self._show_reply_state()
        self.sidebar.select(None)
        self.stack.setCurrentWidget(self.chat_page)
        self.sidebar.mark_page("chat")
        self.refresh_knowledge()
        self.chat_page.input.setFocus()

    def close_conversation(self) -> None:
        self._detach_views()
        self.conversation, self._draft = None, object()
        self.chat_page.view.clear()
        self._show_reply_state()
        self.sidebar.select(None)
        self._window_state.setValue("last_conversation", 0)
        self.show_page("welcome")

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        chat = self.services.chat
        self.tasks.run(lambda: chat.rename(conversation_id, title),
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
        live = self.replies.get(conversation_id)
        if live is not None:
            live.stop("user")
        if self.conversation is not None and self.conversation.id == conversation_id:
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
        chat = self.services.chat
        self.tasks.run(lambda: chat.delete(conversation_id), on_error=self._show_error,
                       lane=STORE)

    # knowledge: the collections a conversation consults --------------------------------

    def refresh_knowledge(self) -> None:
        """Show which collections the conversation on screen consults (a new chat: the
        setting's default), and offer every collection there is."""
        chat, db = self.services.chat, self.services.store_db
        conversation_id = self.conversation.id if self.conversation else None
        draft, chosen_for_draft = self._draft, self._draft_collections

        def fetch() -> tuple[list[str], list[str]]:
            if conversation_id is not None:
                chosen = chat.collections(conversation_id)
            elif chosen_for_draft is not None:
                chosen = list(chosen_for_draft)
            else:
                chosen = chat.default_collections()
            return collection_names(db), chosen

        def show(found: tuple[list[str], list[str]]) -> None:
            still = (self.conversation.id if self.conversation else None) == conversation_id \
                and self._draft is draft
            if still:
                self.chat_page.set_collections(*found, self._knowledge_tip())
                self.knowledge_shown.emit()

        self.tasks.run(fetch, show, self._show_error, lane=STORE)

    def _knowledge_tip(self) -> str:
        if self.services.settings.new_chat_knowledge == "last":
            return self.tr("The documents this chat consults; a new chat starts with the last "
                           "chat's (Settings › New conversations consult).")
        return self.tr("The documents this chat consults; a new chat starts with none "
                       "(Settings › New conversations consult).")

    def choose_collections(self, names: list[str]) -> None:
        """Have the conversation on screen (or the new chat) consult ``names``."""
        if self.conversation is None:
            self._draft_collections = list(names)
            self.refresh_knowledge()
            return
        chat, conversation_id = self.services.chat, self.conversation.id
        self.tasks.run(lambda: chat.attach(conversation_id, list(names)),
                       lambda _r: self.refresh_knowledge(), self._show_error, lane=STORE)

    # tools and structured output: settings of the conversation on screen -------------

    def _screen_settings(self) -> dict[str, Any]:
        """The settings of the conversation on screen (the draft's until it is saved)."""
        return self.conversation.settings if self.conversation else self._draft_settings

    def _set_screen_setting(self, key: str, value: Any) -> None:
        """Set (or, with None or [], remove) one setting of the conversation on screen;
        saved in the background."""
        settings = dict(self._screen_settings())
        if value in (None, []):
            settings.pop(key, None)
        else:
            settings[key] = value
        if self.conversation is None:
            self._draft_settings = settings
            return
        conversation, chat = self.conversation, self.services.chat
        conversation.settings = settings
        self.tasks.run(lambda: chat.set_settings(conversation.id, settings),
                       on_error=self._show_error, lane=STORE)

    def _show_conversation_settings(self) -> None:
        """The header's structured output and MCP servers, and JSON replies formatted."""
        response_format = self._screen_settings().get("response_format")
        self.chat_page.set_format(describe_format(response_format))
        self.chat_page.view.set_json_replies(wants_json(response_format))
        self.refresh_tools()

    def refresh_tools(self) -> None:
        """Show which MCP servers the conversation on screen may call, out of those
        configured (read on the POOL lane: mcp.json is a file)."""
        mcp = self.services.mcp
        chosen = list(self._screen_settings().get("mcp_servers") or [])
        screen = self._screen

        def show(servers: list[tuple[str, bool]]) -> None:
            if screen == self._screen:
                self.chat_page.set_mcp_servers(servers, chosen)
                self.tools_shown.emit()

        self.tasks.run(lambda: [(s.name, s.enabled) for s in mcp.servers()], show,
                       self._show_error, lane=POOL)

    def choose_mcp_servers(self, names: list[str]) -> None:
        """Let the conversation on screen (or the new chat) call the tools of ``names``."""
        self._set_screen_setting("mcp_servers", list(names))
        self.refresh_tools()

    def edit_structured_output(self) -> None:
        """Open the "Structured output" dialog for the conversation on screen."""
        dialog = StructuredOutputDialog(self._screen_settings().get("response_format"),
                                        self.tasks, self)
        self.structured_dialog = dialog  # tests and screenshots reach it while it is open
        if dialog.exec():
            self.set_structured_output(dialog.result_format())
        self.structured_dialog = None

    def set_structured_output(self, response_format: dict[str, Any] | None) -> None:
        """Make every reply of the conversation on screen follow ``response_format``."""
        self._set_screen_setting("response_format", response_format)
        self._show_conversation_settings()

    # sending and replies -------------------------------------------------------------

    @property
    def cancel(self):
        """The stop switch of the reply on screen (None when none streams here)."""
        reply = self._reply_on_screen()
        return reply.cancel if reply is not None else None

    def _reply_on_screen(self) -> LiveReply | None:
        return self.replies.get(self.conversation.id) if self.conversation else None

    def _busy_on_screen(self) -> bool:
        """A reply streams here, or this new chat's conversation is being created."""
        return self._reply_on_screen() is not None or (
            self._draft is not None and self._draft in self._creating)

    def _on_screen(self, conversation_id: int) -> bool:
        return self.conversation is not None and self.conversation.id == conversation_id

    def send(self, text: str) -> None:
        """Send the input and its images (or, while editing, the edited message as a new
        branch). With images, the model is asked first whether it can see them."""
        images = self.chat_page.images()
        if self._busy_on_screen() or self._checking_sight or not (text.strip() or images):
            return
        if not images:
            self._send_now(text, [])
            return
        model = (self.conversation.model if self.conversation else None) or \
            self.chat_page.model_picker.currentData() or self.services.settings.default_model
        screen = self._screen
        self._checking_sight = True

        def answered(sight: Any) -> None:
            self._checking_sight = False
            if screen != self._screen:
                return  # the user went to another conversation meanwhile: nothing is sent
            if sight is not None and sight.can is False:
                self.chat_page.show_attach_note(self.tr(
                    "%1 cannot see images. Choose a vision model, or remove the images.")
                    .replace("%1", model or ""), error=True)
                self.chat_page.attach_note.setToolTip(sight.reason or "")
                self.sight_refused.emit(model or "")
                return
            self._send_now(text, images)

        runtime = self.services.runtime
        self.tasks.run(lambda: model_sight(runtime, model), answered,
                       lambda _exc: answered(None), lane=POOL)

    def _refresh_starter_note(self) -> None:
        """On the welcome page: the default model cannot speak the window's language."""
        model, language = self.services.settings.default_model, current_language()
        self.tasks.run(lambda: model_service.starter_note(model, language),
                       self.welcome.set_note, lambda _exc: None, lane=POOL)

    def _hint_language(self, conversation_id: int | None, text: str) -> None:
        """Once per conversation: the model was not trained on the language of ``text``."""
        if (conversation_id is not None and conversation_id in self._hinted) \
                or not text.strip():
            return
        if conversation_id is not None:
            self._hinted.add(conversation_id)
        model = (self.conversation.model if self.conversation else None) or \
            self.services.settings.default_model

        def show(hint: str | None) -> None:
            if hint:
                self.notice.show_message(hint)

        self.tasks.run(lambda: model_service.language_hint(model, text), show,
                       lambda _exc: None, lane=POOL)

    def _send_now(self, text: str, images: list[ImagePart]) -> None:
        self._hint_language(self.conversation.id if self.conversation else None, text)
        self.chat_page.input.clear()
        self.chat_page.clear_images()
        extra: dict[str, Any] = {"images": tuple(images)} if images else {}
        if self.editing is not None and self.conversation is not None:
            message, self.editing = self.editing, None
            self._set_editing(None)
            if images_of(message) and not images:
                extra = {"images": ()}  # the user removed the edited message's images
            self.chat_page.view.truncate_at(message.id, keep_it=False)
            self._begin_reply(self.conversation.id, text,
                              lambda chat, cancel, notify: chat.edit(message.id, text, cancel,
                                                                     notify, **extra))
            return
        if self.conversation is None:
            self._create_then_send(text, images)
            return
        conversation_id = self.conversation.id
        self._begin_reply(conversation_id, text,
                          lambda chat, cancel, notify: chat.send(conversation_id, text, cancel,
                                                                 notify, **extra),
                          images)

    def _create_then_send(self, text: str, images: list[ImagePart] | None = None) -> None:
        """Save the new chat, then send; the user may leave it meanwhile."""
        chat = self.services.chat
        model = self.chat_page.model_picker.currentData() or self.services.settings.default_model
        draft, collections = self._draft, self._draft_collections
        settings = dict(self._draft_settings) or None
        extra: dict[str, Any] = {"images": tuple(images)} if images else {}
        self._creating.add(draft)
        if self._draft is draft:
            self.chat_page.view.add_pending("user", text, images)
            self.chat_page.show_messages(True)

        def created(conversation: Conversation) -> None:
            self._creating.discard(draft)
            if self._draft is draft:  # still on screen: it becomes the conversation shown
                self.conversation, self._draft = conversation, None
                self._window_state.setValue("last_conversation", conversation.id)
            self._begin_reply(conversation.id, text,
                              lambda c, cancel, notify: c.send(conversation.id, text, cancel,
                                                               notify, **extra))

        def failed(exc: BaseException) -> None:
            self._creating.discard(draft)
            self._show_error(exc)

        self.tasks.run(lambda: chat.create(model=model, settings=settings,
                                           collections=collections), created,
                       failed, lane=STORE)

    def regenerate(self, message: StoredMessage | None) -> None:
        if message is None or self._busy_on_screen() or message.parent_id is None \
                or self.conversation is None:
            return
        self.chat_page.view.truncate_at(message.parent_id, keep_it=True)
        self._begin_reply(self.conversation.id, None,
                          lambda chat, cancel, notify: chat.regenerate(message.id, cancel,
                                                                       notify))

    def regenerate_last(self) -> None:
        replies = [v for v in self.chat_page.view.views if v.role == "assistant" and v.item]
        if replies:
            self.regenerate(replies[-1].item.message)

    def start_edit(self, message: StoredMessage | None) -> None:
        if message is not None and not self._busy_on_screen():
            self._set_editing(message)

    def _set_editing(self, message: StoredMessage | None) -> None:
        editing_before = self.editing is not None
        self.editing = message
        self.chat_page.set_editing(message.content if message else None)
        if message is not None:
            self.chat_page.set_images(images_of(message))
        elif editing_before:
            self.chat_page.clear_images()

    def _begin_reply(self, conversation_id: int, user_text: str | None,
                     events: Callable[..., Iterator[Any]],
                     images: list[ImagePart] | None = None) -> None:
        """Stream a reply for ``conversation_id`` on the REPLY lane, shown while (and
        whenever) its conversation is on screen."""
        reply = LiveReply(conversation_id, user_text)
        self.replies[conversation_id] = reply
        if self._on_screen(conversation_id):
            self._attach_reply(reply, [], images)
            self.chat_page.view.scroll_to_bottom()
            self.chat_page.show_messages(True)
            self.show_page("chat")
        self._show_reply_state()
        chat = self.services.chat

        def work(progress: Callable[[Any], None]) -> None:
            for event in events(chat, reply.cancel, progress):
                progress(event)

        self.tasks.run(work, lambda _r: self._finish_reply(reply),
                       lambda exc: self._reply_failed(reply, exc),
                       lambda event: self._on_event(event, reply), lane=REPLY)
        self.refresh_conversations()

    def _attach_reply(self, reply: LiveReply, items: list[ThreadItem],
                      images: list[ImagePart] | None = None) -> None:
        """Give ``reply`` its view in the thread on screen: the stored streaming row, or
        pending views while the service has not written its rows yet."""
        view = self.chat_page.view
        reply.view = first_view_of(view.views, reply.reply_id)
        for proposal in reply.proposals.values():
            self._show_tool_call(reply, proposal)
        if reply.view is not None:
            reply.view.resume_stream(reply.text, reply.note)
            return
        shown = view.views[-1] if view.views else None
        user_shown = shown is not None and shown.role == "user" and \
            shown.text() == reply.user_text
        if (reply.user_text or images) and not user_shown and reply.reply_id is None:
            view.add_pending("user", reply.user_text or "", images)
            # the reply's bubble on the next turn of the event loop: two short steps
            # keep the window responsive where one long one would stall it
            screen = self._screen
            QTimer.singleShot(0, lambda: self._add_reply_view(reply, screen))
            return
        self._add_reply_view(reply, self._screen)

    def _add_reply_view(self, reply: LiveReply, screen: int) -> None:
        if screen != self._screen or reply.view is not None or \
                self.replies.get(reply.conversation_id) is not reply:
            return  # the thread on screen changed meanwhile, or the reply ended
        reply.view = self.chat_page.view.add_pending("assistant")
        reply.view.resume_stream(reply.text, reply.note)

    def _detach_views(self) -> None:
        """The thread on screen changes: replies go on without their views."""
        self._screen += 1
        for reply in self.replies.values():
            reply.view = None

    def _show_reply_state(self) -> None:
        """Stop/Send, and the load banner, for the conversation on screen."""
        reply = self._reply_on_screen()
        self.chat_page.set_streaming(self._busy_on_screen())
        if reply is not None and reply.loading is not None:
            self.chat_page.load_banner.start(reply.loading.model, reply.loading.engine)
        else:
            self.chat_page.load_banner.stop()

    def _on_event(self, event: Any, reply: LiveReply) -> None:
        self.reply_event.emit(reply.conversation_id, event)
        view, here = reply.view, self._on_screen(reply.conversation_id)
        if isinstance(event, Token):
            self.tokens_streamed += 1
            reply.text += event.text
            if view is not None:
                view.append(event.text)
        elif isinstance(event, ReplyStarted):
            if reply.reply_id is not None and event.reply_id != reply.reply_id:
                self._next_reply_view(reply)  # the model goes on after its tool calls
            reply.reply_id = event.reply_id
        elif isinstance(event, ToolCallProposed):
            reply.proposals[event.call.id] = event
            self._show_tool_call(reply, event)
        elif isinstance(event, ToolServerProblem):
            if here:  # the reply goes on without that server's tools
                self._show_message(event.message, self.tr("MCP servers"),
                                   lambda: self.show_page("mcp"))
        elif isinstance(event, ToolCallFinished):
            reply.finished[event.call.id] = event
            card = self.chat_page.view.tool_card(event.call.id) if here else None
            if card is not None:
                card.finish(event)
        elif isinstance(event, Queued):
            reply.note = self.tr("Waiting for another reply to finish…")
            if view is not None:
                view.set_note(reply.note)
        elif isinstance(event, Started):
            reply.note = ""
            if view is not None:
                view.set_note("")
        elif isinstance(event, LoadStarted):
            reply.loading = event
            if here:
                self.chat_page.load_banner.start(event.model, event.engine)
        elif isinstance(event, LoadReport):
            reply.loading = None
            self._show_load(event)
            self._show_reply_state()
        elif isinstance(event, Progress):
            if here:
                self.statusBar().showMessage(event.message or event.stage, 3000)
        elif isinstance(event, Done | Error):
            if view is not None:
                view.end_stream(event.message if isinstance(event, Error) else "")
            if isinstance(event, Error) and here:
                self._show_reply_error(event.message)
        elif isinstance(event, Saved) and view is not None:
            view.item = ThreadItem(event.message, 0, 1, (event.message.id,))

    def _show_tool_call(self, reply: LiveReply, proposal: ToolCallProposed) -> None:
        """A card for the call in the reply's bubble, asking for approval while unanswered."""
        if not self._on_screen(reply.conversation_id):
            conversation_id = reply.conversation_id  # shown when it comes back
            self.notice.show_message(
                self.tr("A reply in another chat waits for your approval of a tool call."),
                action=self.tr("Show"), callback=lambda: self.open_conversation(conversation_id))
            return
        view = first_view_of(self.chat_page.view.views, proposal.message_id) or reply.view
        if view is None:
            return
        card = view.add_tool_call(proposal.server, proposal.call, proposal.description)
        finished = reply.finished.get(proposal.call.id)
        if finished is not None:
            card.finish(finished)
        else:
            card.ask(proposal)
            view.footer.setText(self.tr("Waiting for your approval…"))
            self.tool_call_shown.emit(card)

    def _next_reply_view(self, reply: LiveReply) -> None:
        """The reply continues in a new stored message (after tool results): a new bubble."""
        reply.text = ""
        if reply.view is None:
            return  # its conversation is not on screen
        reply.view.end_stream()
        reply.view = self.chat_page.view.add_pending("assistant")
        reply.view.resume_stream("", reply.note)

    def _show_reply_error(self, message: str) -> None:
        model = self.conversation.model if self.conversation else None
        if model and self.models and model not in self.models:
            self._show_message(message, self.tr("Import a GGUF file…"), self.choose_import)
        else:
            self._show_message(message)

    def _reply_failed(self, reply: LiveReply, exc: BaseException) -> None:
        message = describe_error(exc)
        if reply.view is not None:
            reply.view.end_stream(message)
        if self._on_screen(reply.conversation_id):
            if isinstance(exc, ModelNotFoundError):
                self._show_message(message, self.tr("Import a GGUF file…"), self.choose_import)
            else:
                self._show_message(message)
        self._finish_reply(reply)

    def _finish_reply(self, reply: LiveReply) -> None:
        if self.replies.get(reply.conversation_id) is reply:
            del self.replies[reply.conversation_id]
        reply.view = None
        if self._on_screen(reply.conversation_id):
            self._show_reply_state()
            self._announce.append(reply.conversation_id)
            self.reload_thread()
        else:
            self.reply_finished.emit(reply.conversation_id)
        self.refresh_conversations()
        if not self.replies:
            self.replies_idle.emit()

    def stop(self) -> None:
        """Stop the reply of the conversation on screen (others go on)."""
        reply = self._reply_on_screen()
        if reply is not None:
            reply.stop("user")
            self.statusBar().showMessage(self.tr("Stopping…"), 2000)

    def escape(self) -> None:
        """Esc: stop the reply on screen, or leave editing mode."""
        if self._reply_on_screen() is not None:
            self.stop()
        elif self.editing is not None:
            self._set_editing(None)
            self.chat_page.input.clear()

    # messages ------------------------------------------------------------------------

    def delete_message(self, message: StoredMessage | None) -> None:
        if message is None or self._busy_on_screen():
            return
        chat = self.services.chat
        self.tasks.run(lambda: chat.delete_message(message.id), lambda _r: self.reload_thread(),
                       self._show_error, lane=STORE)

    def switch_branch(self, message: StoredMessage | None, step: int) -> None:
        if message is None or self._busy_on_screen():
            return
        chat = self.services.chat
        self.tasks.run(lambda: chat.switch_branch(message.id, step),
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
        self._refresh_starter_note()
        if not self._settled:
            self._settle()
        self.models_listed.emit()

    def _settle(self) -> None:
        """Once the window is up: pay the first message bubble's one-time costs (style,
        fonts) now rather than at the first Send, and move what start-up allocated out
        of the garbage collector's sight, so a full collection during a reply does not
        walk it (it took ~200 ms and froze the window)."""
        self._settled = True
        bubble = MessageView("assistant", dark=self.dark, parent=self.chat_page.view.widget())
        bubble.ensurePolished()
        bubble.set_pending_text("**Hearth** `ready`")
        bubble.deleteLater()
        gc.collect()
        gc.freeze()

    def choose_model(self, name: str) -> None:
        """Use ``name`` for this conversation (and load it now, so the first reply is quick)."""
        if not name:
            return
        if self.conversation is not None:
            conversation_id, chat = self.conversation.id, self.services.chat
            self.conversation.model = name
            self.tasks.run(lambda: chat.set_model(conversation_id, name),
                           on_error=self._show_error, lane=STORE)
        self.preload(name)

    def preload(self, name: str | None = None) -> None:
        """Load a model through the scheduler in the background, showing the load banner
        and the cold start (nothing happens when it is resident already)."""
        scheduler = self.services.scheduler
        settings = self.conversation.settings if self.conversation else {}
        n_ctx = int(settings.get("context_length") or 0) or None

        def work(progress: Callable[[Any], None]) -> LoadReport | None:
            resident = scheduler.runtime_for(name, n_ctx)
            if resident is not None and resident.last_load is not None:
                return resident.last_load
            return scheduler.preload(name, n_ctx, notify=progress)

        def loading(event: Any) -> None:
            if isinstance(event, LoadStarted):
                self.chat_page.load_banner.start(event.model, event.engine)

        def done(report: LoadReport | None) -> None:
            self._show_reply_state()
            if report is not None:
                self._show_load(report)

        def failed(exc: BaseException) -> None:
            self._show_reply_state()
            self._show_error(exc)

        self.tasks.run(work, done, failed, loading, lane=REPLY)

    def _show_load(self, report: LoadReport) -> None:
        text, tip = describe_load(report)
        reason = self.services.runtime.reason
        minutes = self.services.settings.idle_unload_minutes
        unload = (self.tr("Unloaded after %1 idle minutes (Settings).").replace("%1", str(minutes))
                  if minutes else self.tr("Kept loaded while Hearth runs (Settings)."))
        self.engine_label.setText(text)
        self.engine_label.setToolTip("\n\n".join(p for p in (tip, unload, reason) if p))
        self.statusBar().showMessage(reason, 8000)
        self.model_loaded.emit(report)

    # chats and data out and back in -----------------------------------------------------

    def choose_export(self) -> None:
        """Every conversation, every branch, to a JSON file (importable) or Markdown."""
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export all chats"), str(Path.home() / "hearth-chats.json"),
            self.tr("Hearth chats (*.json);;Markdown (*.md)"))
        if path:
            self.export_chats(Path(path), "md" if path.lower().endswith(".md") else "json")

    def export_chats(self, path: Path, fmt: str) -> None:
        db = self.services.store_db
        self.notice.show_message(self.tr("Exporting chats to %1…").replace("%1", path.name))
        self.tasks.run(lambda: transfer_service.export_file(db, path, None, fmt),
                       lambda count: self.notice.show_message(
                           self.tr("%1 chats exported to %2.").replace("%1", str(count))
                           .replace("%2", str(path))),
                       self._show_error, lane=STORE)

    def choose_chats_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import chats"), str(Path.home()),
            self.tr("Hearth chats (*.json);;All files (*)"))
        if path:
            self.import_chats(Path(path))

    def import_chats(self, path: Path) -> None:
        """Add the conversations of an export file (nothing is added when it is refused)."""
        db = self.services.store_db
        self.tasks.run(lambda: transfer_service.import_file(db, path), self._chats_imported,
                       self._show_error, lane=STORE)

    def _chats_imported(self, result) -> None:
        count = len(result.conversation_ids)
        self.notice.show_message(self.tr("%1 chats imported.").replace("%1", str(count)))
        self.refresh_conversations()

    def choose_backup(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Back up Hearth"), str(Path.home() / "hearth-backup.zip"),
            self.tr("Zip archives (*.zip)"))
        if path:
            self.back_up(Path(path))

    def back_up(self, path: Path) -> None:
        """Conversations, knowledge base, settings and server lists to one zip (models are
        not copied). Restoring is ``hearth backup restore`` with Hearth closed."""
        self.notice.show_message(self.tr("Backing up to %1…").replace("%1", path.name))
        self.tasks.run(lambda: backup_service.backup_to(path),
                       lambda _info: self.notice.show_message(
                           self.tr("Backed up to %1. To restore it, close Hearth and run "
                                   "'hearth backup restore %1'.").replace("%1", str(path))),
                       self._show_error, lane=POOL)

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
        if self._dropped_models(event.mimeData()) or image_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        paths = self._dropped_models(event.mimeData())
        if len(paths) > 1:
            self.import_models(paths)  # a vision model and its projector go together
        else:
            for path in paths:
                self.import_model(path)
        images = image_files(event.mimeData())
        if images:  # dropped beside the chat (the sidebar, the welcome page): attach them
            if self.current_page() != "chat" and self.conversation is None:
                self.new_conversation()
            elif self.current_page() != "chat":
                self.show_page("chat")
            self.chat_page.attach_files(images)
        event.acceptProposedAction()

    def import_models(self, paths: list[Path]) -> None:
        """Files dropped together: each model with the projector among them that fits it
        (``app.services.models.import_files``), in one task so neither waits on the other."""
        timeout = self.services.settings.validate_timeout_s
        self.notice.show_message(self.tr("Checking %1…").replace(
            "%1", ", ".join(path.name for path in paths)))

        def imported(models: list) -> None:
            for model in models:
                self._imported(model)

        self.tasks.run(lambda: model_service.import_files(paths, timeout_s=timeout),
                       imported, self._import_failed, lane=POOL)

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
        self.services.apply_settings(settings)  # loaded models reload at their next reply
        if settings.theme != old.theme:
            self.dark = apply_theme(QApplication.instance(), settings.theme) == "dark"
        if settings.new_chat_knowledge != old.new_chat_knowledge:
            self.refresh_knowledge()
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
        chat = self.services.chat
        overrides.update({k: v for k, v in conversation.settings.items() if k in KEPT_SETTINGS})
        conversation.settings = overrides
        self.tasks.run(lambda: chat.set_settings(conversation.id, overrides),
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
        info = about()
        QMessageBox.about(self, self.tr("About Hearth"), "<p><b>Hearth {0}</b></p><p>{1}</p>"
                          "<p>{2}</p><p><a href=\"{3}\">{3}</a></p><p>{4}</p>".format(
            html.escape(info.version),
            html.escape(self.tr("Hearth runs language models on your own computer. "
                                "Conversations are kept in one database on this computer "
                                "and never leave it.")),
            html.escape(self.tr("Licence: {0}").format(info.license)),
            html.escape(info.homepage),
            html.escape(self.tr("Your data: {0}").format(info.data_folder))))


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
    set_language(language_code(settings.language))  # the core's sentences too
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
