"""The Models page: installed models (delete, reveal, import) and the catalog (download).

Every blocking call leaves the GUI thread through the window's task runner, and every
call into the core goes through :mod:`app.services.models`. Downloads run on the POOL
lane on a connection of their own (the service opens it), so the STORE lane's
connection is never shared between threads.

Importing a GGUF is the window's one import flow (``MainWindow.import_model``, the same
for a file dropped on the window and File ▸ Import): the Import button asks for it with
``import_requested``.

A download can be paused and resumed (the worker waits on the ``DownloadControl``; the
GUI thread never does), or cancelled (what arrived is removed). Closing the window stops
it and keeps what arrived: the catalog then shows the entry as paused, and its button
says "Resume download", in this run or the next.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QProcess, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import models as service
from app.services.errors import describe_error
from app.services.models import (
    CatalogEntry,
    CatalogRow,
    DownloadCancelled,
    DownloadControl,
    DownloadError,
    DownloadProgress,
    DownloadStatus,
    Installed,
    LibraryModel,
    UnknownModelError,
)
from app.ui.page_base import LazyPage
from app.ui.tasks import POOL, STORE, TaskRunner


def human_size(size: int | None) -> str:
    """Bytes as KB, MB or GB with one decimal (empty when unknown)."""
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return ""


def human_duration(seconds: float) -> str:
    """Seconds as "45 s", "3 min 20 s" or "2 h 5 min"."""
    seconds = max(int(round(seconds)), 0)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


#: the catalog's column of estimated speed on this machine
SPEED_COLUMN = 5


class ModelsPage(LazyPage):
    """Installed models and the catalog."""

    #: the installed list was (re)shown
    listed = Signal()
    #: the catalog was shown
    catalog_listed = Signal()
    #: a model was added or removed (the window refreshes its model pickers)
    library_changed = Signal()
    #: the Import button was pressed (the window asks for the file and imports it)
    import_requested = Signal()
    #: a download ended (LibraryModel or the exception)
    download_finished = Signal(object)
    #: a download reported progress or a step (DownloadProgress or DownloadStatus)
    download_event = Signal(object)

    def __init__(self, services, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="modelsPage")
        self.services, self.tasks = services, tasks
        self.models: list[LibraryModel] = []
        self.catalog: list[CatalogEntry] = []
        self.interrupted: dict[str, int] = {}  # catalog name -> bytes kept to resume
        self.control: DownloadControl | None = None
        self.downloading: str | None = None
        self.last_progress: DownloadProgress | None = None
        self.closing = False
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self._build_installed())
        splitter.addWidget(self._build_catalog())
        layout.addWidget(splitter)

    # building ------------------------------------------------------------------------

    def _build_installed(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.addWidget(QLabel(self.tr("Installed models"), objectName="pageTitle"))
        self.installed = QTreeWidget(box)
        self.installed.setHeaderLabels([self.tr("Name"), self.tr("Size"), self.tr("Format"),
                                        self.tr("Source"), self.tr("Fit"), self.tr("Last used")])
        self.installed.setRootIsDecorated(False)
        self.installed.setAccessibleName(self.tr("Installed models"))
        self.installed.itemSelectionChanged.connect(self._update_buttons)
        column.addWidget(self.installed, 1)
        row = QHBoxLayout()
        self.disk_label = QLabel(box)
        self.disk_label.setAccessibleName(self.tr("Disk used by models"))
        # a long line (large sizes, longer words in Chinese) is cut, never widens the
        # window past its 700 px minimum; the tooltip holds the whole text
        self.disk_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.disk_label, 1)
        self.import_button = self._button(self.tr("Import GGUF…"), self.import_requested.emit, row)
        self.reveal_button = self._button(self.tr("Show in file manager"), self.reveal, row)
        self.delete_button = self._button(self.tr("Delete…"), self.ask_delete, row)
        column.addLayout(row)
        return box

    def _build_catalog(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.addWidget(QLabel(self.tr("Model catalog"), objectName="pageTitle"))
        self.catalog_search = QLineEdit(box)
        self.catalog_search.setPlaceholderText(
            self.tr("Search the catalog: name, language (zh, fr…), kind (embedding)…"))
        self.catalog_search.setAccessibleName(self.tr("Search the catalog"))
        self.catalog_search.setClearButtonEnabled(True)
        self.catalog_search.textChanged.connect(self._filter_catalog)
        column.addWidget(self.catalog_search)
        self.catalog_view = QTreeWidget(box)
        self.catalog_view.setHeaderLabels([self.tr("Name"), self.tr("Description"),
                                           self.tr("Size"), self.tr("Download"), self.tr("Fit"),
                                           self.tr("Speed here"), self.tr("License")])
        self.catalog_view.setRootIsDecorated(False)
        self.catalog_view.setAccessibleName(self.tr("Model catalog"))
        self.catalog_view.itemSelectionChanged.connect(self._update_buttons)
        column.addWidget(self.catalog_view, 1)
        row = QHBoxLayout()
        self.progress = QProgressBar(box)
        self.progress.setAccessibleName(self.tr("Download progress"))
        self.progress.hide()
        row.addWidget(self.progress, 1)
        self.speed_label = QLabel(box)
        self.speed_label.setAccessibleName(self.tr("Download status"))
        # a long status (a fallback's reason) is cut, never widens the window; the tooltip
        # and the error line below hold the whole text
        self.speed_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.speed_label, 1)
        self.pause_button = self._button(self.tr("Pause"), self.toggle_pause, row)
        self.pause_button.hide()
        self.cancel_button = self._button(self.tr("Cancel download"), self.cancel_download, row)
        self.cancel_button.hide()
        self.download_button = self._button(self.tr("Download"), self.download_selected, row)
        column.addLayout(row)
        self.error_line = QLabel(box, objectName="downloadError", wordWrap=True)
        self.error_line.setAccessibleName(self.tr("Download error"))
        self.error_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        palette = self.error_line.palette()
        palette.setColor(QPalette.ColorRole.WindowText, Qt.GlobalColor.red)
        self.error_line.setPalette(palette)
        self.error_line.setSizePolicy(QSizePolicy.Policy.Ignored,
                                      QSizePolicy.Policy.Preferred)  # wrap, never widen
        self.error_line.hide()
        column.addWidget(self.error_line)
        return box

    def _button(self, text: str, slot, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def first_shown(self) -> None:
        self.refresh()
        self.refresh_catalog()

    # installed -----------------------------------------------------------------------

    def refresh(self) -> None:
        """List installed models with their fit and the disk they use (STORE lane)."""
        library, n_ctx = self.services.library, self.services.settings.n_ctx
        self.tasks.run(lambda: service.installed(library, n_ctx), self._show_installed,
                       self._show_error, lane=STORE)

    def _show_installed(self, found: Installed) -> None:
        self.models = [row.model for row in found.models]
        usage = found.usage
        self.installed.clear()
        for row in found.models:
            model = row.model
            size = (model.size_bytes or 0) + ((model.projector_size or 0) if model.vision else 0)
            item = QTreeWidgetItem([
                model.name, human_size(size), self._format_text(model.format, model.vision),
                self._source(model), self._fit_text(row.fit.label),
                self._when(model.last_used_at)])
            item.setToolTip(4, row.fit.describe())
            if model.vision:
                item.setToolTip(2, self.tr("Sees images through its projector: %1")
                                .replace("%1", str(model.projector)))
            item.setToolTip(0, model.path if model.present
                            else self.tr("The file is missing: %1").replace("%1", model.path))
            item.setData(0, Qt.ItemDataRole.UserRole, model.name)
            self.installed.addTopLevelItem(item)
        for column in range(self.installed.columnCount()):
            self.installed.resizeColumnToContents(column)
        self.disk_label.setText(
            self.tr("Disk used: %1 (%2 in Hearth's folder, %3 linked)")
            .replace("%1", human_size(usage.total_bytes))
            .replace("%2", human_size(usage.owned_bytes))
            .replace("%3", human_size(usage.linked_bytes)))
        self.disk_label.setToolTip(self.disk_label.text())
        self._update_buttons()
        self.listed.emit()

    def _source(self, model: LibraryModel) -> str:
        names = {"builtin": self.tr("built in"), "import": self.tr("imported"),
                 "ollama": self.tr("Ollama")}
        return names.get(model.source, model.source)

    def _format_text(self, fmt: str, vision: bool = False) -> str:
        text = self.tr("HF folder") if fmt == "hf-folder" else fmt.upper()
        return self.tr("%1, sees images").replace("%1", text) if vision else text

    def _title_text(self, entry: CatalogEntry) -> str:
        """The entry's title, marked when the model sees images."""
        if not entry.vision:
            return entry.title
        return self.tr("%1 (sees images)").replace("%1", entry.title)

    def _fit_text(self, label: str) -> str:
        names = {"fits": self.tr("fits"), "too slow": self.tr("too slow"), "tight": self.tr("tight"),
                 "too large": self.tr("too large"), "needs a GPU": self.tr("needs a GPU")}
        return names.get(label, label)

    def _when(self, stamp: float | None) -> str:
        if not stamp:
            return self.tr("never")
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp))

    def selected_model(self) -> LibraryModel | None:
        items = self.installed.selectedItems()
        if not items:
            return None
        name = items[0].data(0, Qt.ItemDataRole.UserRole)
        return next((m for m in self.models if m.name == name), None)

    def _update_buttons(self) -> None:
        model = self.selected_model()
        self.delete_button.setEnabled(model is not None)
        self.reveal_button.setEnabled(model is not None and model.present)
        busy = self.control is not None
        entry = self.selected_entry()
        self.download_button.setEnabled(entry is not None and not busy)
        resumable = entry is not None and self.interrupted.get(entry) is not None
        self.download_button.setText(self.tr("Resume download") if resumable
                                     else self.tr("Download"))
        self.download_button.setAccessibleName(self.download_button.text())

    def selected_entry(self) -> str | None:
        """The catalog name selected in the catalog, if any."""
        items = self.catalog_view.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def ask_delete(self) -> None:
        """Confirm, then delete the selected model."""
        model = self.selected_model()
        if model is None:
            return
        text = (self.tr("Delete %1? Its file (%2) is deleted from Hearth's folder.")
                if model.owned else
                self.tr("Remove %1 from the library? Its file (%2) stays where it is."))
        answer = QMessageBox.question(
            self, self.tr("Delete model"),
            text.replace("%1", model.name).replace("%2", human_size(model.size_bytes)))
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_model(model.name)

    def delete_model(self, name: str) -> None:
        """Delete without asking (the caller asked); STORE lane."""
        library = self.services.library

        def deleted(freed: int) -> None:
            self._status(self.tr("%1 deleted; %2 freed.").replace("%1", name)
                         .replace("%2", human_size(freed)))
            self.library_changed.emit()
            self.refresh()

        self.tasks.run(lambda: service.delete_model(library, name), deleted, self._show_error,
                       lane=STORE)

    def reveal(self) -> None:
        model = self.selected_model()
        if model is not None and model.present:
            argv = service.reveal_command(model)
            QProcess.startDetached(argv[0], argv[1:])

    # catalog -------------------------------------------------------------------------

    def refresh_catalog(self) -> None:
        """List the catalog with fit labels and the downloads left to resume (POOL lane)."""
        n_ctx = self.services.settings.n_ctx
        self.tasks.run(lambda: service.catalog(n_ctx=n_ctx, with_kept=True),
                       self._show_catalog, self._show_error, lane=POOL)

    def _show_catalog(self, rows: list[CatalogRow]) -> None:
        selected = self.selected_entry()
        self.catalog = [row.entry for row in rows]
        self.interrupted = {row.entry.name: row.kept_bytes for row in rows if row.kept_bytes}
        self.catalog_view.clear()
        for row in rows:
            entry = row.entry
            size = entry.size_bytes + (entry.projector.size_bytes if entry.projector else 0)
            item = QTreeWidgetItem([entry.name, self._title_text(entry), human_size(size),
                                    self._kept_text(row.kept_bytes, size),
                                    self._fit_text(row.fit.label),
                                    self._speed_text(row.fit), entry.license])
            item.setToolTip(4, row.fit.describe())
            item.setToolTip(SPEED_COLUMN, row.fit.describe())
            seeing = ["vision", "images", self.tr("sees images")] if entry.vision else []
            item.setData(1, Qt.ItemDataRole.UserRole, " ".join(
                [entry.name, self._title_text(entry), entry.kind, entry.format,
                 *entry.languages, *seeing]).lower())
            item.setToolTip(1, entry.notes or entry.title)
            item.setToolTip(0, self._checked_text(entry))
            item.setData(0, Qt.ItemDataRole.UserRole, entry.name)
            self.catalog_view.addTopLevelItem(item)
            if entry.name == selected:
                self.catalog_view.setCurrentItem(item)
                self.catalog_view.scrollToItem(item)
        for column in range(self.catalog_view.columnCount()):
            self.catalog_view.resizeColumnToContents(column)
        self._filter_catalog(self.catalog_search.text())
        self._update_buttons()
        self.catalog_listed.emit()

    def _filter_catalog(self, text: str) -> None:
        """Show the entries holding every word typed (name, description, kind, languages)."""
        words = text.lower().split()
        for index in range(self.catalog_view.topLevelItemCount()):
            item = self.catalog_view.topLevelItem(index)
            haystack = str(item.data(1, Qt.ItemDataRole.UserRole) or "")
            item.setHidden(not all(word in haystack for word in words))

    def _speed_text(self, fit) -> str:
        """About how fast the model would answer here ("" where not estimated: a GPU)."""
        if fit.tok_s is None:
            return ""
        value = f"{fit.tok_s:.0f}" if fit.tok_s >= 10 else f"{fit.tok_s:.1f}"
        return self.tr("≈ %1 tokens/s").replace("%1", value)

    def _checked_text(self, entry: CatalogEntry) -> str:
        """How far the catalog entry was checked against a public page, and where."""
        source = entry.verified.source if entry.verified else ""
        text = self.tr("Catalog entry: %1").replace("%1", entry.verification)
        return f"{text}\n{source}" if source else text

    def _kept_text(self, kept: int, size: int | None) -> str:
        if not kept:
            return ""
        return self.tr("paused at %1 of %2").replace("%1", human_size(kept)) \
            .replace("%2", human_size(size))

    def download_selected(self) -> None:
        """Download (or resume) the entry selected in the catalog."""
        name = self.selected_entry()
        if name:
            self.download(name)

    def download(self, spec: str, **options) -> None:
        """Pull a catalog name, ``owner/repo/file.gguf`` or ``owner/repo`` (POOL lane)."""
        if self.control is not None:
            return
        control = self.control = DownloadControl()
        self.downloading, self.last_progress = spec, None
        self.error_line.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self._set_pause_text(paused=False)
        self.pause_button.show()
        self.cancel_button.show()
        self.speed_label.setText(self.tr("Connecting…"))
        self._update_buttons()

        def work(progress) -> LibraryModel:
            return service.pull(spec, on_event=progress, control=control, **options)

        self.tasks.run(work, self._downloaded, self._download_failed, self._on_download_event,
                       lane=POOL)

    def _on_download_event(self, event: Any) -> None:
        if isinstance(event, DownloadProgress):
            self.last_progress = event
            if event.total:
                self.progress.setRange(0, 1000)
                self.progress.setValue(int(1000 * min(event.done / event.total, 1.0)))
            if self.control is None or not self.control.paused:
                self.speed_label.setText(self._progress_text(event))
        elif isinstance(event, DownloadStatus) and event.stage == "paused":
            self.speed_label.setText(self._paused_text())
        elif isinstance(event, DownloadStatus):
            self.speed_label.setText(event.message or event.stage)
            self.speed_label.setToolTip(event.message)
        self.download_event.emit(event)

    def _paused_text(self) -> str:
        last = self.last_progress
        if last is None:
            return self.tr("Paused")
        if last.total:
            return self.tr("Paused at %1 of %2").replace("%1", human_size(last.done)) \
                .replace("%2", human_size(last.total))
        return self.tr("Paused at %1").replace("%1", human_size(last.done))

    def _progress_text(self, event: DownloadProgress) -> str:
        parts = [human_size(event.done) + (f" / {human_size(event.total)}"
                                           if event.total else "")]
        if event.speed_bps:
            parts.append(self.tr("%1/s").replace("%1", human_size(int(event.speed_bps))))
        if event.eta_s is not None:
            parts.append(self.tr("%1 left").replace("%1", human_duration(event.eta_s)))
        return " · ".join(parts)

    def toggle_pause(self) -> None:
        """Pause a running download, or resume a paused one (the worker does the waiting)."""
        if self.control is None:
            return
        if self.control.paused:
            self.control.resume()
            self.speed_label.setText(self.tr("Resuming…"))
        else:
            self.control.pause()
            self.speed_label.setText(self.tr("Pausing…"))
        self._set_pause_text(self.control.paused)

    def _set_pause_text(self, paused: bool) -> None:
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.pause_button.setAccessibleName(self.pause_button.text())

    def cancel_download(self) -> None:
        """Give up the running download; what arrived is removed."""
        if self.control is not None:
            self.control.cancel()
            self.speed_label.setText(self.tr("Cancelling…"))

    def shutdown(self) -> None:
        """Stop a running download (the window is closing); it resumes next time."""
        self.closing = True
        if self.control is not None:
            self.control.stop()

    def _download_ended(self) -> None:
        self.control = None
        self.downloading = None
        self.progress.hide()
        self.pause_button.hide()
        self.cancel_button.hide()
        self._update_buttons()
        if not self.closing:
            self.refresh_catalog()

    def _downloaded(self, model: LibraryModel) -> None:
        self._download_ended()
        self.speed_label.setText(self.tr("%1 is ready to use.").replace("%1", model.name))
        if not self.closing:
            self.library_changed.emit()
            self.refresh()
        self.download_finished.emit(model)

    def _download_failed(self, exc: BaseException) -> None:
        self._download_ended()
        if isinstance(exc, DownloadCancelled):
            self.speed_label.setText(str(exc))
        else:
            self.speed_label.clear()
            self.error_line.setText(self._error_text(exc))
            self.error_line.show()
        self.download_finished.emit(exc)

    def _error_text(self, exc: BaseException) -> str:
        if isinstance(exc, DownloadError | UnknownModelError):
            return self.tr("Download failed: %1").replace("%1", str(exc))
        return self.tr("Download failed: %1").replace("%1", describe_error(exc))
