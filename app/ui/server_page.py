"""The Server page: the local OpenAI- and Anthropic-compatible API, run inside the window.

A Start/Stop switch, the address and what happened (listening, stopped, or the reason it
could not start); the address settings (saved to ``Settings.server`` the way the settings
dialog saves, used at the next start); the API key (OS keyring, through
:mod:`app.services.serving`); the models loaded and their queues; the last requests, live;
and snippets that call the API with curl and the ``openai`` package.

The API runs on the window's own services (:class:`ApiService` over ``window.services``),
so a model loaded for a chat and for an API client is loaded once. Starting, stopping and
the keyring run on the POOL lane; the request log reports from the server's threads and a
Qt signal brings each record to the GUI thread. This is the one window file that imports
``app.server.app`` (the hand-over to the API front, as ``hearth serve`` does), and only
when the server starts: FastAPI and uvicorn stay out of the window's start-up.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import describe_error
from app.services.serving import (
    ApiService,
    RequestRecord,
    ServeConfig,
    ServeRefused,
    check_config,
    is_loopback,
    new_api_key,
    save_api_key,
    saved_api_key,
)
from app.services.settings import ServerSettings, Settings
from app.ui.page_base import LazyPage
from app.ui.tasks import POOL, TaskRunner

if TYPE_CHECKING:
    from app.server.app import ApiServer

#: rows the requests table keeps (the log itself keeps the last 200)
MAX_ROWS = 200
#: how often the loaded models and their queues are read while the page is on screen
RESIDENTS_MS = 1000
#: what the snippets send when the server needs no key (the openai client wants one)
NO_KEY = "not-needed"
#: below this width the address and key boxes stand one above the other
NARROW_PX = 760
#: the key as the page shows it while hidden
MASK = "•" * 12


# what the page shows, without Qt -----------------------------------------------------------


def anthropic_base(url: str) -> str:
    """The base URL Anthropic clients take: the OpenAI one without ``/v1``."""
    return url[: -len("/v1")] if url.endswith("/v1") else url


def curl_snippet(url: str, key: str | None, model: str) -> str:
    """A curl command that asks ``model`` one question at ``url``."""
    body = json.dumps({"model": model, "messages": [{"role": "user", "content": "Hello!"}]})
    lines = [f"curl {url}/chat/completions", '-H "Content-Type: application/json"']
    if key:
        lines.append(f'-H "Authorization: Bearer {key}"')
    lines.append(f"-d '{body}'")
    return " \\\n  ".join(lines)


def python_snippet(url: str, key: str | None, model: str) -> str:
    """The same question with the official ``openai`` package."""
    return (
        "from openai import OpenAI\n\n"
        f'client = OpenAI(base_url="{url}", api_key="{key or NO_KEY}")\n'
        "reply = client.chat.completions.create(\n"
        f'    model="{model}",\n'
        '    messages=[{"role": "user", "content": "Hello!"}],\n'
        ")\n"
        "print(reply.choices[0].message.content)\n"
    )


def masked(key: str) -> str:
    """``key`` with all but its first letters hidden (the snippets while the key is hidden)."""
    return key[:7] + MASK if key.startswith("hearth-") else MASK


def parse_origins(text: str) -> list[str]:
    """The origins of a comma- (or space-) separated list, empty entries dropped."""
    return [part for part in text.replace(",", " ").split() if part]


def validation_message(exc: ValueError) -> str:
    """The first problem the settings model found, as its validator worded it (a pydantic
    ValidationError is a ValueError with ``errors()``)."""
    errors = exc.errors() if callable(getattr(exc, "errors", None)) else []  # type: ignore[attr-defined]
    if not errors:
        return str(exc)
    return str(errors[0].get("msg", exc)).removeprefix("Value error, ")


@dataclass(frozen=True)
class Listening:
    """What a start hands back: where the server listens, and the key it requires."""

    url: str
    key: str | None
    #: the keyring could not be read (the server runs without a key, on this computer only)
    keyring_problem: str = ""


class ServerRun:
    """The running API: one :class:`ApiService` and its :class:`ApiServer`. ``start`` and
    ``stop`` block (call them off the GUI thread); after ``close`` a start that was under way
    stops again as soon as it listens, so nothing is left running when the window closes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._closing = False
        self.api: ApiService | None = None
        self.server: ApiServer | None = None

    @property
    def running(self) -> bool:
        server = self.server
        return server is not None and server.running

    def start(self, services, config: ServeConfig, key_known: bool, listener) -> Listening:
        """Listen as ``config`` says; the key is read from the keyring first unless
        ``key_known``. ServeRefused (with its sentence) when it must not or cannot start."""
        problem = ""
        if not key_known:
            try:
                config = replace(config, api_key=saved_api_key())
            except ServeRefused as exc:
                if not config.loopback:
                    raise
                problem = str(exc)
        check_config(config)
        from app.server.app import ApiServer  # FastAPI and uvicorn: only when it starts

        api = ApiService(services, config)
        try:
            api.log.listen(listener)
            server = ApiServer(api)
            server.start()
        except BaseException:
            api.close()
            raise
        with self._lock:
            closing = self._closing
            if not closing:
                self.api, self.server = api, server
        if closing:  # the window closed while it started
            self._end(api, server)
        return Listening(server.url, config.api_key, problem)

    @property
    def loopback(self) -> bool:
        """Whether only this computer can reach the running server."""
        api = self.api
        return api is None or api.config.loopback

    def use_key(self, key: str | None) -> None:
        """Require ``key`` from the next request on (None: no key). ServeRefused, and the
        server stopped, when the address it listens on needs a key and none is left."""
        api = self.api
        if api is None:
            return
        config = replace(api.config, api_key=key)
        check_config(config)  # raises before anything changes
        api.config = config  # the guard reads the config per request

    def stop(self) -> None:
        """Stop listening and close the API's connection (blocks up to the server's
        graceful timeout)."""
        with self._lock:
            api, server = self.api, self.server
            self.api = self.server = None
        if api is not None and server is not None:
            self._end(api, server)

    def close(self) -> None:
        """Stop for good (the window is closing)."""
        with self._lock:
            self._closing = True
        self.stop()

    @staticmethod
    def _end(api: ApiService, server: ApiServer) -> None:
        try:
            server.stop()
        finally:
            api.close()


# the page ----------------------------------------------------------------------------------


class _PageContent(QWidget):
    """The page inside its scroll area: it fills the visible height and scrolls only below
    its minimum. Its wrapped labels give its layout a height-for-width, from which the
    scroll area would make it as tall as it would like to be, scrolling at every window
    size; seen through a holder, that height-for-width is hidden."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return False


class ServerPage(LazyPage):
    """Start and stop the local API, set its address and key, and watch what it serves."""

    #: the server listens (argument: its address, with the real port)
    started = Signal(str)
    #: the server stopped
    stopped = Signal()
    #: it could not start (argument: the sentence shown)
    start_failed = Signal(str)
    #: new server settings to use and save (argument: the whole Settings); the window
    #: applies and saves them as it does the settings dialog's
    settings_changed = Signal(object)
    #: the key was read, made or removed (the key field and snippets show it)
    key_shown = Signal()
    #: a request the server answered is in the table (argument: its RequestRecord)
    request_shown = Signal(object)
    #: the loaded models table was refreshed
    residents_shown = Signal()
    #: from the server's threads to the GUI thread
    _record_arrived = Signal(object)

    def __init__(self, services, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="serverPage")
        self.services, self.tasks = services, tasks
        self.serving = ServerRun()
        self.url = ""
        self.busy = False
        self.closing = False
        #: the key the server requires (None: none); known once read from the keyring
        self.key: str | None = None
        self.key_known = False
        #: the key could not be kept in the keyring: it lasts this session only
        self.key_session_only = False
        #: what the keyring said when it failed (shown under the key)
        self.key_problem = ""
        self._record_arrived.connect(self._add_record)
        layout = self._scrolling_layout()
        layout.addWidget(QLabel(self.tr("Server"), objectName="pageTitle"))
        layout.addWidget(QLabel(self.tr(
            "Other programs on this computer can use Hearth's models through an OpenAI- or "
            "Anthropic-compatible API. They share the models and the queue with your chats."),
            wordWrap=True, objectName="pageHint"))
        layout.addLayout(self._build_switch())
        self.top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.top.addWidget(self._build_address(), 1)
        self.top.addWidget(self._build_key(), 1)
        layout.addLayout(self.top)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_requests(), self.tr("Last requests"))
        self.tabs.addTab(self._build_residents(), self.tr("Loaded models"))
        self.tabs.addTab(self._build_snippets(), self.tr("Connect a program"))
        layout.addWidget(self.tabs, 1)
        self.residents_timer = QTimer(self, interval=RESIDENTS_MS)
        self.residents_timer.timeout.connect(self.refresh_residents)
        self._show_state()
        self._update_snippets()
        if services.settings.server.start_with_window:
            QTimer.singleShot(0, self.start)  # once the window shows; the start runs on POOL

    # building ------------------------------------------------------------------------

    def _scrolling_layout(self) -> QVBoxLayout:
        """The page's layout, inside a scroll area: a small window scrolls the page
        instead of growing to fit it."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self, widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        holder = QWidget(scroll)
        scroll.setWidget(holder)
        outer.addWidget(scroll)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        content = _PageContent(holder, objectName="serverContent")
        column.addWidget(content)
        return QVBoxLayout(content)

    def _build_switch(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.switch = QPushButton(self.tr("Start"), self, checkable=True, objectName="serverSwitch")
        self.switch.setAccessibleName(self.tr("Start or stop the server"))
        self.switch.setMinimumWidth(110)
        self.switch.clicked.connect(self.toggle)
        row.addWidget(self.switch)
        column = QVBoxLayout()
        self.address_label = QLabel(self, objectName="serverAddress")
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address_label.setAccessibleName(self.tr("Server address"))
        font = self.address_label.font()
        font.setBold(True)
        self.address_label.setFont(font)
        column.addWidget(self.address_label)
        self.status_label = QLabel(self, wordWrap=True, objectName="serverStatus")
        self.status_label.setAccessibleName(self.tr("Server status"))
        column.addWidget(self.status_label)
        row.addLayout(column, 1)
        self.copy_address_button = QPushButton(self.tr("Copy address"), self)
        self.copy_address_button.clicked.connect(lambda: self._copy(self.current_url()))
        row.addWidget(self.copy_address_button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _build_address(self) -> QGroupBox:
        box = QGroupBox(self.tr("Address"), self)
        form = QFormLayout(box)
        server = self.services.settings.server
        self.host_edit = QLineEdit(server.host, box)
        self.host_edit.setAccessibleName(self.tr("Host"))
        self.host_edit.setToolTip(self.tr("127.0.0.1: this computer only. Any other address "
                                          "lets other computers connect and needs a key."))
        self.host_edit.editingFinished.connect(self.save_address)
        self.host_edit.textChanged.connect(lambda _text: self._describe_key())
        form.addRow(self.tr("&Host:"), self.host_edit)
        self.port_edit = QSpinBox(box, minimum=0, maximum=65535, value=server.port)
        self.port_edit.setSpecialValueText(self.tr("any free port"))
        self.port_edit.setAccessibleName(self.tr("Port"))
        self.port_edit.editingFinished.connect(self.save_address)
        form.addRow(self.tr("&Port:"), self.port_edit)
        self.origins_edit = QLineEdit(", ".join(server.allowed_origins), box)
        self.origins_edit.setPlaceholderText(self.tr("None (web pages cannot call it)"))
        self.origins_edit.setToolTip(self.tr("Web pages whose scripts may call the API from a "
                                             "browser, separated by commas, such as "
                                             "http://localhost:5173"))
        self.origins_edit.setAccessibleName(self.tr("Allowed web origins"))
        self.origins_edit.editingFinished.connect(self.save_address)
        form.addRow(self.tr("&Web origins:"), self.origins_edit)
        self.start_with_window = QCheckBox(self.tr("Start with the window"), box)
        self.start_with_window.setChecked(server.start_with_window)
        self.start_with_window.toggled.connect(lambda _on: self.save_address())
        form.addRow(self.start_with_window)
        self.address_hint = QLabel(self.tr("Stop the server to change where it listens."),
                                   box, wordWrap=True, objectName="pageHint")
        form.addRow(self.address_hint)
        self.settings_error = QLabel(box, wordWrap=True, objectName="settingsError")
        self.settings_error.setAccessibleName(self.tr("Address problem"))
        self.settings_error.hide()
        form.addRow(self.settings_error)
        return box

    def _build_key(self) -> QGroupBox:
        box = QGroupBox(self.tr("API key"), self)
        column = QVBoxLayout(box)
        self.key_field = QLineEdit(box, readOnly=True)
        self.key_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_field.setAccessibleName(self.tr("API key"))
        self.key_field.setPlaceholderText(self.tr("No key"))
        column.addWidget(self.key_field)
        buttons = QHBoxLayout()
        self.show_key_button = QPushButton(self.tr("Show"), box, checkable=True)
        self.show_key_button.setAccessibleName(self.tr("Show the key"))
        self.show_key_button.toggled.connect(self._show_key)
        buttons.addWidget(self.show_key_button)
        self.copy_key_button = QPushButton(self.tr("Copy"), box)
        self.copy_key_button.setAccessibleName(self.tr("Copy the key"))
        self.copy_key_button.clicked.connect(lambda: self._copy(self.key or ""))
        buttons.addWidget(self.copy_key_button)
        buttons.addStretch(1)
        self.new_key_button = QPushButton(self.tr("New key"), box)
        self.new_key_button.setToolTip(self.tr("Make a new random key and keep it in the OS "
                                               "keyring; the old one stops working"))
        self.new_key_button.clicked.connect(self.make_key)
        buttons.addWidget(self.new_key_button)
        self.remove_key_button = QPushButton(self.tr("Remove key"), box)
        self.remove_key_button.setToolTip(self.tr("Serve without a key (this computer only)"))
        self.remove_key_button.clicked.connect(self.remove_key)
        buttons.addWidget(self.remove_key_button)
        column.addLayout(buttons)
        self.key_label = QLabel(box, wordWrap=True, objectName="keyStatus")
        self.key_label.setAccessibleName(self.tr("Key status"))
        column.addWidget(self.key_label)
        column.addStretch(1)
        return box

    def _build_requests(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        self.requests = QTableWidget(0, 9, box)
        self.requests.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("Method"), self.tr("Path"), self.tr("Model"),
            self.tr("Status"), self.tr("Duration"), self.tr("First token"),
            self.tr("Tokens in → out"), self.tr("Error")])
        self.requests.setAccessibleName(self.tr("Last requests"))
        self._table_habits(self.requests, stretch=8)
        column.addWidget(self.requests, 1)
        self.requests_hint = QLabel(self.tr(
            "No requests yet. Start the server, then point a program at the address above "
            "(\"Connect a program\" shows how)."), box, wordWrap=True, objectName="pageHint")
        column.addWidget(self.requests_hint)
        return box

    def _build_residents(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        self.residents = QTableWidget(0, 5, box)
        self.residents.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Engine"),
                                                  self.tr("State"), self.tr("Waiting"),
                                                  self.tr("Idle for")])
        self.residents.setAccessibleName(self.tr("Loaded models"))
        self._table_habits(self.residents, stretch=0)
        column.addWidget(self.residents, 1)
        self.residents_hint = QLabel(self.tr(
            "No model is loaded. The first request (or chat) loads the model it names."),
            box, wordWrap=True, objectName="pageHint")
        column.addWidget(self.residents_hint)
        return box

    def _build_snippets(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.snippets: dict[str, QPlainTextEdit] = {}
        for name, title in (("curl", self.tr("curl")), ("python", self.tr("Python (openai)"))):
            row = QHBoxLayout()
            row.addWidget(QLabel(title, box))
            row.addStretch(1)
            button = QPushButton(self.tr("Copy"), box)
            button.setAccessibleName(self.tr("Copy the %1 snippet").replace("%1", title))
            button.clicked.connect(lambda _checked=False, n=name: self._copy(self.snippet(n)))
            row.addWidget(button)
            column.addLayout(row)
            view = QPlainTextEdit(box, readOnly=True)
            view.setFont(mono)
            view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            view.setAccessibleName(title)
            self.snippets[name] = view
            column.addWidget(view, 1)
        self.anthropic_label = QLabel(box, wordWrap=True, objectName="pageHint")
        self.anthropic_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.anthropic_label)
        return box

    @staticmethod
    def _table_habits(table: QTableWidget, stretch: int) -> None:
        """Read-only rows sized to their contents; column ``stretch`` takes the rest."""
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    # showing -------------------------------------------------------------------------

    def first_shown(self) -> None:
        self.refresh()
        if not self.key_known and not self.busy:
            self.read_key()

    def refresh(self) -> None:
        """The loaded models now (a lock in the scheduler: cheap on the GUI thread)."""
        self.refresh_residents()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.residents_timer.start()
        self._update_snippets()  # the default model may have changed in Settings

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # side by side where they fit, one above the other in a narrow window
        narrow = event.size().width() < NARROW_PX
        self.top.setDirection(QBoxLayout.Direction.TopToBottom if narrow
                              else QBoxLayout.Direction.LeftToRight)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.residents_timer.stop()
        super().hideEvent(event)

    @property
    def running(self) -> bool:
        return self.serving.running

    def configured_url(self) -> str:
        """The address the settings name (before a start: port 0 is not known yet)."""
        return self._config().url

    def current_url(self) -> str:
        """Where the server listens, or where it will listen."""
        return self.url if self.running and self.url else self.configured_url()

    def describe_address(self) -> str:
        """The address line: where it listens, or will (port 0 is chosen at the start)."""
        url = self.current_url()
        if not self.running and self._config().port == 0:
            return self.tr("%1 (the port is chosen when it starts)").replace("%1", url)
        return url

    def model(self) -> str:
        """The model the snippets ask (the default model)."""
        return self.services.settings.default_model

    def snippet(self, name: str, hidden: bool = False) -> str:
        """The curl or Python snippet for the current address and key (masked: ``hidden``)."""
        key = masked(self.key) if hidden and self.key else self.key
        make = curl_snippet if name == "curl" else python_snippet
        return make(self.current_url(), key, self.model())

    def _show_state(self, message: str = "", error: bool = False) -> None:
        running = self.running
        self.switch.setChecked(running)
        self.switch.setEnabled(not self.busy)
        if not self.busy:
            self.switch.setText(self.tr("Stop") if running else self.tr("Start"))
        for widget in (self.host_edit, self.port_edit, self.origins_edit):
            widget.setEnabled(not running and not self.busy)
        self.address_hint.setVisible(running)
        self.address_label.setText(self.describe_address())
        self._mark_status(error)
        if message:
            self.status_label.setText(message)
        elif running and self.serving.loopback:
            self.status_label.setText(self.tr("Listening. Programs on this computer can "
                                              "connect with OpenAI and Anthropic clients."))
        elif running:
            self.status_label.setText(self.tr("Listening. Other computers can connect too, "
                                              "with the key."))
        elif not self.busy:
            self.status_label.setText(self.tr("Stopped."))
        self._update_snippets()

    def _mark_status(self, error: bool) -> None:
        if self.status_label.property("kind") != ("error" if error else ""):
            self.status_label.setProperty("kind", "error" if error else "")
            self.status_label.style().unpolish(self.status_label)
            self.status_label.style().polish(self.status_label)

    def _update_snippets(self) -> None:
        hidden = not self.show_key_button.isChecked()
        for name, view in self.snippets.items():
            view.setPlainText(self.snippet(name, hidden))
        self.anthropic_label.setText(self.tr(
            "Anthropic clients (the anthropic package, Claude tools) take the address without "
            "/v1: %1").replace("%1", anthropic_base(self.current_url())))

    # starting and stopping -----------------------------------------------------------

    def toggle(self) -> None:
        """The switch: start when stopped, stop when running."""
        if self.running:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        """Start listening on the address in the form (saved first); POOL lane."""
        if self.busy or self.running or self.closing:
            self._show_state()
            return
        server = self.save_address()
        if server is None:
            self._show_state()
            return
        config = ServeConfig.from_settings(server, api_key=self.key)
        if self.key_known:
            try:
                check_config(config)  # a sentence at once, no thread needed
            except ServeRefused as exc:
                self._start_failed(exc)
                return
        self.busy = True
        self.switch.setText(self.tr("Starting…"))
        self._show_state(self.tr("Starting on %1…").replace("%1", config.url))
        services, serving, known = self.services, self.serving, self.key_known
        self.tasks.run(lambda: serving.start(services, config, known, self._record_arrived.emit),
                       self._started, self._start_failed, lane=POOL)

    def _started(self, listening: Listening) -> None:
        self.busy = False
        self.url = listening.url
        if not self.key_known:
            self.key, self.key_known = listening.key, True
            self._show_key_state(listening.keyring_problem)
        if not self.running:  # the window closed meanwhile
            self._show_state()
            return
        self._show_state()
        self.refresh_residents()
        self.started.emit(self.url)

    def _start_failed(self, exc: BaseException) -> None:
        self.busy = False
        message = describe_error(exc)
        self._show_state(message, error=True)
        self.error_shown.emit(message)
        self.start_failed.emit(message)

    def stop(self) -> None:
        """Stop listening (POOL lane: replies still streaming are cancelled)."""
        if self.busy or not self.running:
            return
        self.busy = True
        self.switch.setText(self.tr("Stopping…"))
        self._show_state(self.tr("Stopping…"))
        self.tasks.run(self.serving.stop, self._stopped, self._stop_failed, lane=POOL)

    def _stopped(self, _result=None) -> None:
        self.busy = False
        self._show_state()
        self.stopped.emit()

    def _stop_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._show_state(describe_error(exc), error=True)
        self.error_shown.emit(describe_error(exc))
        self.stopped.emit()

    def shutdown(self) -> None:
        """The window is closing: stop the server and close its connection before the
        window's services close (the window waits for its tasks before that)."""
        self.closing = True
        self.residents_timer.stop()
        self.tasks.run(self.serving.close, lane=POOL)

    # address settings ----------------------------------------------------------------

    def _config(self) -> ServeConfig:
        server = self._form_settings_or_saved()
        return ServeConfig.from_settings(server, api_key=self.key)

    def _form_settings_or_saved(self) -> ServerSettings:
        try:
            return self._form_settings()
        except ValueError:
            return self.services.settings.server

    def _form_settings(self) -> ServerSettings:
        data = self.services.settings.server.model_dump()
        data.update(host=self.host_edit.text().strip(), port=self.port_edit.value(),
                    allowed_origins=parse_origins(self.origins_edit.text()),
                    start_with_window=self.start_with_window.isChecked())
        return ServerSettings.model_validate(data)

    def save_address(self) -> ServerSettings | None:
        """Check the form; when it changed, hand the new settings to the window (which
        applies and saves them). None, with the problem shown, when the form is wrong."""
        if not self.host_edit.text().strip():
            self._settings_problem(self.tr("Enter the address to listen on, such as 127.0.0.1."))
            return None
        try:
            server = self._form_settings()
        except ValueError as exc:
            self._settings_problem(validation_message(exc))
            return None
        self.settings_error.hide()
        settings = self.services.settings
        if server != settings.server:
            self.settings_changed.emit(Settings.model_validate(
                {**settings.model_dump(), "server": server.model_dump()}))
        if not self.running:
            self._show_state()
        return server

    def _settings_problem(self, message: str) -> None:
        self.settings_error.setText(message)
        self.settings_error.show()

    # the key -------------------------------------------------------------------------

    def read_key(self) -> None:
        """Read the key from the OS keyring (POOL lane)."""
        self.key_label.setText(self.tr("Reading the OS keyring…"))
        self.tasks.run(saved_api_key, self._key_read, self._key_unreadable, lane=POOL)

    def _key_read(self, key: str | None) -> None:
        if not self.key_known:  # a start or a new key may have answered first
            self.key, self.key_known = key, True
        self._show_key_state()

    def _key_unreadable(self, exc: BaseException) -> None:
        if not self.key_known:
            self.key, self.key_known = None, True
        self._show_key_state(describe_error(exc))

    def make_key(self) -> None:
        """A new random key, kept in the OS keyring (for this session only when there is no
        keyring); a running server requires it from the next request on."""
        key = new_api_key()
        self.tasks.run(lambda: save_api_key(key), lambda _r: self._key_changed(key),
                       lambda exc: self._key_changed(key, exc), lane=POOL)

    def remove_key(self) -> None:
        """Forget the key (keyring too); refused while the server listens on an address
        other computers reach."""
        if self.running:
            try:
                self.serving.use_key(None)
            except ServeRefused as exc:
                self._show_key_state(str(exc))
                return
        self.tasks.run(lambda: save_api_key(None), lambda _r: self._key_changed(None),
                       lambda exc: self._key_changed(None, exc), lane=POOL)

    def _key_changed(self, key: str | None, problem: BaseException | None = None) -> None:
        self.key, self.key_known = key, True
        self.key_session_only = problem is not None and key is not None
        message = describe_error(problem) if problem is not None else ""
        if self.running:
            try:
                self.serving.use_key(key)
            except ServeRefused as exc:  # no key left where one is needed: keep the old one
                message = str(exc)
        self._show_key_state(message)

    def _show_key_state(self, problem: str = "") -> None:
        key = self.key
        if not key:
            self.show_key_button.setChecked(False)  # the next key starts hidden
        self.key_field.setText(key or "")
        self.key_field.setCursorPosition(0)
        self.copy_key_button.setEnabled(bool(key))
        self.show_key_button.setEnabled(bool(key))
        self.remove_key_button.setEnabled(bool(key))
        self.key_problem = problem
        self._describe_key()
        self._update_snippets()
        self.key_shown.emit()

    def _describe_key(self) -> None:
        """The line under the key: what it does, and what went wrong with the keyring."""
        host = self.host_edit.text().strip()
        if self.key and self.key_session_only:
            text = self.tr("This key lasts until Hearth closes: it could not be kept.")
        elif self.key:
            text = self.tr("Clients must send this key (Authorization: Bearer, or x-api-key). "
                           "It is kept in the OS keyring.")
        elif host and not is_loopback(host):
            text = self.tr("No key. Listening on %1 lets other computers connect, so it needs "
                           "one: press New key.").replace("%1", host)
        else:
            text = self.tr("No key: only programs on this computer can connect (listen on "
                           "127.0.0.1).")
        self.key_label.setText(f"{text} {self.key_problem}".strip())

    def _show_key(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.key_field.setEchoMode(mode)
        self.show_key_button.setText(self.tr("Hide") if shown else self.tr("Show"))
        self._update_snippets()

    def _copy(self, text: str) -> None:
        if text:
            QGuiApplication.clipboard().setText(text)
            self._status(self.tr("Copied."))

    # what the server does ------------------------------------------------------------

    def refresh_residents(self) -> None:
        """The models loaded now, busy or idle, and how many replies wait for each."""
        api = self.serving.api
        residents = api.residents() if api is not None else self.services.scheduler.residents()
        self.residents.setRowCount(len(residents))
        for row, resident in enumerate(residents):
            state = self.tr("busy") if resident.busy else self.tr("idle")
            idle = "" if resident.busy else self.tr("%1 s").replace(
                "%1", f"{resident.idle_s:.0f}")
            for column, text in enumerate((resident.model, resident.engine, state,
                                           str(resident.waiting), idle)):
                self._set_cell(self.residents, row, column, text, number=column >= 3)
        self.residents_hint.setVisible(not residents)
        self.residents_shown.emit()

    def _add_record(self, record: RequestRecord) -> None:
        self.requests.insertRow(0)
        ttft = f"{record.ttft_s:.2f} s" if record.ttft_s is not None else "—"
        tokens = (f"{record.prompt_tokens} → {record.completion_tokens}"
                  if record.prompt_tokens or record.completion_tokens else "")
        cells = (time.strftime("%H:%M:%S", time.localtime(record.at)), record.method,
                 record.path, record.model, str(record.status), f"{record.duration_s:.2f} s",
                 ttft, tokens, record.error)
        for column, text in enumerate(cells):
            self._set_cell(self.requests, 0, column, text, number=column in (4, 5, 6, 7))
        if record.error:
            self.requests.item(0, 8).setToolTip(record.error)
        if self.requests.rowCount() > MAX_ROWS:
            self.requests.setRowCount(MAX_ROWS)
        self.requests_hint.hide()
        self.request_shown.emit(record)

    def request_rows(self) -> list[list[str]]:
        """The requests table as text, newest first (tests and screenshots read it)."""
        table = self.requests
        return [[table.item(r, c).text() if table.item(r, c) else ""
                 for c in range(table.columnCount())] for r in range(table.rowCount())]

    @staticmethod
    def _set_cell(table: QTableWidget, row: int, column: int, text: str,
                  number: bool = False) -> None:
        item = QTableWidgetItem(text)
        if number:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        table.setItem(row, column, item)
