"""The MCP page: the servers of mcp.json, their state and their tools.

Each server configured in ``mcp.json`` (the format LM Studio and Cursor use) is listed with
its transport, its state (off, starting, ready, failed with the reason) and a switch.
Nothing runs until the user turns a server on here; turning it on starts it on the POOL
lane (a server can take seconds to start, or hang: the GUI thread never waits for it), and
the page reads the states again until no server is starting. The selected server's tools
are listed with their descriptions, and the input schema of one on demand. "Add server…"
takes a command and its arguments, a URL, or a snippet in the mcp.json format; every
change goes through :class:`app.services.mcp.McpService`, which writes the file.
"""

from __future__ import annotations

import json
import shlex
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.mcp import McpConfigError
from app.ui.page_base import LazyPage
from app.ui.tasks import POOL, TaskRunner

#: how often the states are read while a server is starting
POLL_MS = 500

COLUMNS = ("name", "transport", "state", "on")


# what the page shows, without Qt -----------------------------------------------------------


def command_config(command: str, arguments: str) -> dict[str, Any]:
    """An mcp.json entry that runs ``command`` with ``arguments`` (shell-style quoting)
    over stdio."""
    if not command.strip():
        raise ValueError(QCoreApplication.translate("McpPage", "Give the command that starts the server (such as npx or "
                             "python)."))
    try:
        args = shlex.split(arguments)
    except ValueError as exc:
        raise ValueError(QCoreApplication.translate("McpPage", "The arguments do not parse (%1): close the quotes.")
                         .replace("%1", str(exc))) from None
    return {"command": command.strip(), "args": args}


def url_config(url: str) -> dict[str, Any]:
    """An mcp.json entry for a Streamable HTTP server at ``url``."""
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        raise ValueError(QCoreApplication.translate("McpPage", "The address must start with http:// or https://."))
    return {"url": url}


def snippet_configs(text: str) -> list[tuple[str, dict[str, Any]]]:
    """The servers of a pasted snippet in the mcp.json format: ``{"mcpServers": {name:
    {...}}}`` or just ``{name: {...}}``."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(QCoreApplication.translate("McpPage", "The snippet is not JSON: %1 (line %2).")
                         .replace("%1", exc.msg).replace("%2", str(exc.lineno))) from None
    if isinstance(value, dict) and isinstance(value.get("mcpServers"), dict):
        value = value["mcpServers"]
    if not isinstance(value, dict) or not value or not all(
            isinstance(v, dict) for v in value.values()):
        raise ValueError(QCoreApplication.translate("McpPage", 'Paste servers in the mcp.json format: {"mcpServers": {"name": '
                             '{"command": "...", "args": [...]}}}.'))
    return [(str(name), dict(config)) for name, config in value.items()]


def describe_state(state: str, error: str | None = None) -> str:
    """The state column: "Off", "Starting…", "Ready", "Failed: …"."""
    if state == "ready":
        return QCoreApplication.translate("McpPage", "Ready")
    if state == "starting":
        return QCoreApplication.translate("McpPage", "Starting…")
    if state == "failed":
        return QCoreApplication.translate("McpPage", "Failed: %1").replace("%1", error or QCoreApplication.translate("McpPage", "unknown error"))
    return QCoreApplication.translate("McpPage", "Off")



# the add dialog --------------------------------------------------------------------------


class AddServerDialog(QDialog):
    """A name and a command with arguments, or a URL; or a snippet of mcp.json."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add an MCP server"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._command_tab(), self.tr("Command"))
        self.tabs.addTab(self._url_tab(), self.tr("URL"))
        self.tabs.addTab(self._snippet_tab(), self.tr("mcp.json snippet"))
        layout.addWidget(self.tabs)
        self.problem = QLabel(self, wordWrap=True, objectName="addProblem")
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.servers: list[tuple[str, dict[str, Any]]] = []

    def _command_tab(self) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        self.name = QLineEdit(tab, placeholderText=self.tr("weather"))
        self.command = QLineEdit(tab, placeholderText=self.tr("npx, uvx, python…"))
        self.arguments = QLineEdit(tab, placeholderText=self.tr("-y @modelcontextprotocol/server-filesystem ~/Documents"))
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Command:"), self.command)
        form.addRow(self.tr("Arguments:"), self.arguments)
        return tab

    def _url_tab(self) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        self.url_name = QLineEdit(tab, placeholderText=self.tr("remote-tools"))
        self.url = QLineEdit(tab, placeholderText="http://127.0.0.1:8000/mcp")
        form.addRow(self.tr("Name:"), self.url_name)
        form.addRow(self.tr("Address:"), self.url)
        note = QLabel(self.tr("A Streamable HTTP server."), tab, wordWrap=True)
        form.addRow(note)
        return tab

    def _snippet_tab(self) -> QWidget:
        tab = QWidget(self)
        column = QVBoxLayout(tab)
        column.addWidget(QLabel(self.tr("Paste servers as they appear in an mcp.json file "
                                        "(LM Studio, Cursor):"), tab, wordWrap=True))
        self.snippet = QPlainTextEdit(tab)
        self.snippet.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.snippet.setPlaceholderText(
            '{\n  "mcpServers": {\n    "weather": {\n      "command": "python",\n'
            '      "args": ["weather.py"]\n    }\n  }\n}')
        column.addWidget(self.snippet)
        return tab

    def chosen_servers(self) -> list[tuple[str, dict[str, Any]]]:
        """The servers described on the tab on screen; ValueError says what is missing."""
        index = self.tabs.currentIndex()
        if index == 2:
            return snippet_configs(self.snippet.toPlainText())
        name = (self.name if index == 0 else self.url_name).text().strip()
        if not name:
            raise ValueError(self.tr("Give the server a name."))
        if index == 0:
            return [(name, command_config(self.command.text(), self.arguments.text()))]
        return [(name, url_config(self.url.text()))]

    def _accept(self) -> None:
        try:
            self.servers = self.chosen_servers()
        except ValueError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.accept()


# the page --------------------------------------------------------------------------------


class McpPage(LazyPage):
    """Add, turn on and inspect MCP servers."""

    #: the servers were read and are shown
    servers_listed = Signal()
    #: a change asked from the page was made (add, remove, on, off) or refused
    changed = Signal()

    def __init__(self, services, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="mcpPage")
        self.services = services
        self.tasks = tasks
        self.servers: list[Any] = []
        self._filling = False
        self._poll = QTimer(self, singleShot=True, interval=POLL_MS)
        self._poll.timeout.connect(self.refresh)
        self._build()

    # building ------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        title = QLabel(self.tr("MCP servers"), objectName="pageTitle")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        intro = QLabel(self.tr("MCP servers give the model tools. A server runs only when "
                               "you turn it on here, a conversation calls its tools only "
                               "when you choose it in the chat's Tools menu, and every "
                               "call asks you first."), wordWrap=True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add server…"), self)
        self.add_button.clicked.connect(self.add_server)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.open_button = QPushButton(self.tr("Open mcp.json"), self)
        self.open_button.clicked.connect(self.open_config)
        for button in (self.add_button, self.remove_button, self.open_button):
            row.addWidget(button)
        self.path_label = QLabel(self, objectName="mcpPath",
                                 textFormat=Qt.TextFormat.PlainText)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # a long path is cut in a narrow window (the tooltip has it whole), never widens it
        self.path_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.path_label, 1)
        layout.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self._table())
        splitter.addWidget(self._details())
        splitter.setSizes([130, 450])
        layout.addWidget(splitter, 1)
        self.path_label.setText(self.tr("Configuration: %1").replace("%1", self._config_path()))
        self.path_label.setToolTip(self._config_path())

    def _table(self) -> QTableWidget:
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr("Server"), self.tr("Transport"),
                                              self.tr("State"), self.tr("On")])
        self.table.setAccessibleName(self.tr("MCP servers"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.table.itemChanged.connect(self._switch_changed)
        return self.table

    def _details(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 6, 0, 0)
        self.detail_title = QLabel(self, wordWrap=True, objectName="mcpDetail",
                                   textFormat=Qt.TextFormat.PlainText)
        column.addWidget(self.detail_title)
        self.tools = QTreeWidget(box)
        self.tools.setColumnCount(2)
        self.tools.setHeaderLabels([self.tr("Tool"), self.tr("What it does")])
        self.tools.setRootIsDecorated(False)
        self.tools.setWordWrap(True)
        self.tools.setAccessibleName(self.tr("Tools"))
        self.tools.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tools.currentItemChanged.connect(lambda *_: self._show_schema(self.tool_row()))
        split = QSplitter(Qt.Orientation.Horizontal, box)
        split.addWidget(self.tools)
        right = QWidget(box)
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        self.schema_button = QPushButton(self.tr("Show input schema"), right, checkable=True)
        self.schema_button.toggled.connect(lambda _on: self._show_schema(self.tool_row()))
        right_column.addWidget(self.schema_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.schema = QPlainTextEdit(right, readOnly=True)
        self.schema.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.schema.setAccessibleName(self.tr("Input schema"))
        self.schema.hide()
        right_column.addWidget(self.schema, 1)
        right_column.addStretch(0)
        split.addWidget(right)
        split.setSizes([480, 400])
        column.addWidget(split, 1)
        return box

    def _config_path(self) -> str:
        return str(self.services.mcp.path)

    # listing -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the servers and their states (on the POOL lane)."""
        mcp = self.services.mcp
        self.tasks.run(mcp.servers, self._show_servers, self._show_error, lane=POOL)

    def _show_servers(self, servers: list[Any]) -> None:
        selected = self.selected_name()
        self.servers = list(servers)
        self._filling = True
        self.table.setRowCount(len(servers))
        for row, server in enumerate(servers):
            self._set_row(row, server)
        self._filling = False
        names = [s.name for s in servers]
        keep = names.index(selected) if selected in names else (0 if names else -1)
        if keep >= 0:
            self.table.selectRow(keep)
        self._show_selected()
        if any(s.state == "starting" for s in servers) and self.isVisible():
            self._poll.start()
        self.servers_listed.emit()

    def _set_row(self, row: int, server: Any) -> None:
        cells = [server.name, server.transport, describe_state(server.state, server.error)]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if column == 2:
                item.setToolTip(text)
                if server.state == "failed":
                    item.setForeground(Qt.GlobalColor.red)
            self.table.setItem(row, column, item)
        switch = QTableWidgetItem()
        switch.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsUserCheckable)
        switch.setCheckState(Qt.CheckState.Checked if server.enabled else Qt.CheckState.Unchecked)
        switch.setData(Qt.ItemDataRole.UserRole, server.name)
        switch.setToolTip(self.tr("Turn %1 on or off").replace("%1", server.name))
        self.table.setItem(row, 3, switch)

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item is not None else None

    def selected_server(self) -> Any:
        name = self.selected_name()
        return next((s for s in self.servers if s.name == name), None)

    def _show_selected(self) -> None:
        server = self.selected_server()
        self.remove_button.setEnabled(server is not None)
        self.tools.clear()
        if server is None:
            self.detail_title.setText(self.tr("No MCP server yet: add one to give the model "
                                              "tools."))
            self._show_schema(-1)
            return
        if server.state == "ready":
            heading = self.tr("%1: %2 tools").replace("%1", server.name).replace(
                "%2", str(len(server.tools)))
            if server.target:
                heading += "\n" + server.target
        elif server.state == "failed":
            heading = self.tr("%1 could not start: %2").replace("%1", server.name).replace(
                "%2", server.error or self.tr("unknown error"))
        elif server.state == "starting":
            heading = self.tr("%1 is starting…").replace("%1", server.name)
        else:
            heading = self.tr("%1 is off: turn it on to list its tools.").replace(
                "%1", server.name)
        self.detail_title.setText(heading)
        bold = self.tools.font()
        bold.setBold(True)
        for tool in server.tools:
            item = QTreeWidgetItem([tool.name, tool.description])
            item.setFont(0, bold)
            item.setData(0, Qt.ItemDataRole.UserRole, tool.name)
            item.setToolTip(1, tool.description)
            self.tools.addTopLevelItem(item)
        if server.tools:
            self.tools.setCurrentItem(self.tools.topLevelItem(0))
        self._show_schema(self.tool_row())

    def tool_row(self) -> int:
        """The row of the selected tool (-1: none)."""
        item = self.tools.currentItem()
        return self.tools.indexOfTopLevelItem(item) if item is not None else -1

    def tool_names(self) -> list[str]:
        return [self.tools.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
                for i in range(self.tools.topLevelItemCount())]

    def _show_schema(self, row: int) -> None:
        server = self.selected_server()
        tools = server.tools if server is not None else []
        has = 0 <= row < len(tools)
        self.schema_button.setEnabled(has)
        self.schema_button.setText(self.tr("Hide input schema") if self.schema_button.isChecked()
                                   else self.tr("Show input schema"))
        visible = has and self.schema_button.isChecked()
        self.schema.setVisible(visible)
        if visible:
            self.schema.setPlainText(json.dumps(tools[row].input_schema, indent=2,
                                                ensure_ascii=False))

    # changing ------------------------------------------------------------------------

    def _switch_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 3:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        self.set_enabled(name, item.checkState() == Qt.CheckState.Checked)

    def set_enabled(self, name: str, on: bool) -> None:
        """Turn a server on (it starts, on the POOL lane) or off (it stops)."""
        mcp = self.services.mcp
        row = next((i for i, s in enumerate(self.servers) if s.name == name), None)
        if row is not None and on:
            self.table.item(row, 2).setText(describe_state("starting"))

        self.tasks.run(lambda: mcp.set_enabled(name, on), lambda _r: self._changed(), self._failed, lane=POOL)
        if on:  # the state shows "starting" while it starts
            QTimer.singleShot(POLL_MS, self.refresh)

    def add_server(self) -> None:
        dialog = AddServerDialog(self)
        self.add_dialog = dialog  # tests and screenshots reach it while it is open
        if dialog.exec():
            self.add_servers(dialog.servers)
        self.add_dialog = None

    def add_servers(self, servers: list[tuple[str, dict[str, Any]]]) -> None:
        """Write ``servers`` into mcp.json (turned off: nothing starts)."""
        mcp = self.services.mcp

        def work() -> None:
            for name, config in servers:
                mcp.add(name, config)

        self.tasks.run(work, lambda _r: self._changed(), self._failed, lane=POOL)

    def remove_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        mcp = self.services.mcp
        self.tasks.run(lambda: mcp.remove(name), lambda _r: self._changed(), self._failed,
                       lane=POOL)

    def open_config(self) -> None:
        """Open mcp.json in the system's editor (its path is shown beside the button)."""
        path = self._config_path()
        self.path_label.setText(self.tr("Configuration: %1").replace("%1", path))
        self.path_label.setToolTip(path)
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, McpConfigError):  # names the server and what to fix
            self._status(str(exc))
            self.error_shown.emit(str(exc))
        else:
            self._show_error(exc)
        self.refresh()
        self.changed.emit()

    def shutdown(self) -> None:
        self._poll.stop()
