"""The Models page: installed models (delete, reveal, import) and the catalog (download).

Every blocking call leaves the GUI thread through the window's task runner. Imports and
downloads run on the POOL lane with their own database connection, so the STORE lane's
connection is never shared between threads.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QProcess, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.catalog import CatalogEntry, load_catalog
from app.models.download import DownloadControl, DownloadProgress, DownloadStatus
from app.models.fit import available_memory, fit_for_entry, fit_for_model
from app.models.library import DiskUsage, Library, LibraryModel, reveal_argv
from app.paths import get_paths
from app.services.errors import describe_error
from app.store.db import connect
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


def _own_library() -> tuple[Library, Any]:
    """A Library on a connection of its own (for POOL tasks)."""
    db = connect(get_paths().database)
    return Library(db), db


class ModelsPage(LazyPage):
    """Installed models and the catalog."""

    #: the installed list was (re)shown
    listed = Signal()
    #: the catalog was shown
    catalog_listed = Signal()
    #: a model was added or removed (the window refreshes its model pickers)
    library_changed = Signal()
    #: an import ended (LibraryModel or the exception)
    import_finished = Signal(object)
    #: a download ended (LibraryModel or the exception)
    download_finished = Signal(object)

    def __init__(self, services, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="modelsPage")
        self.services, self.tasks = services, tasks
        self.models: list[LibraryModel] = []
        self.catalog: list[CatalogEntry] = []
        self.control: DownloadControl | None = None
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
        row.addWidget(self.disk_label, 1)
        self.import_button = self._button(self.tr("Import GGUF…"), self.choose_import, row)
        self.reveal_button = self._button(self.tr("Show in file manager"), self.reveal, row)
        self.delete_button = self._button(self.tr("Delete…"), self.ask_delete, row)
        column.addLayout(row)
        return box

    def _build_catalog(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.addWidget(QLabel(self.tr("Model catalog"), objectName="pageTitle"))
        self.catalog_view = QTreeWidget(box)
        self.catalog_view.setHeaderLabels([self.tr("Name"), self.tr("Description"),
                                           self.tr("Size"), self.tr("Fit"), self.tr("License")])
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
        row.addWidget(self.speed_label, 1)
        self.cancel_button = self._button(self.tr("Cancel download"), self.cancel_download, row)
        self.cancel_button.hide()
        self.download_button = self._button(self.tr("Download"), self.download_selected, row)
        column.addLayout(row)
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

        def work() -> tuple[list[LibraryModel], list[str], DiskUsage]:
            models = library.list()
            memory = available_memory()
            fits = [fit_for_model(m, n_ctx, memory).describe() for m in models]
            return models, fits, library.disk_usage()

        self.tasks.run(work, self._show_installed, self._show_error, lane=STORE)

    def _show_installed(self, found: tuple[list[LibraryModel], list[str], DiskUsage]) -> None:
        models, fits, usage = found
        self.models = models
        self.installed.clear()
        for model, fit in zip(models, fits, strict=True):
            label = fit.split(":", 1)[0]
            item = QTreeWidgetItem([
                model.name, human_size(model.size_bytes), model.format.upper(),
                self._source(model), self._fit_text(label), self._when(model.last_used_at)])
            item.setToolTip(4, fit)
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
        self._update_buttons()
        self.listed.emit()

    def _source(self, model: LibraryModel) -> str:
        names = {"builtin": self.tr("built in"), "import": self.tr("imported"),
                 "ollama": self.tr("Ollama")}
        return names.get(model.source, model.source)

    def _fit_text(self, label: str) -> str:
        names = {"fits": self.tr("fits"), "tight": self.tr("tight"),
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
        self.download_button.setEnabled(bool(self.catalog_view.selectedItems()) and not busy)

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

        self.tasks.run(lambda: library.delete(name), deleted, self._show_error, lane=STORE)

    def reveal(self) -> None:
        model = self.selected_model()
        if model is not None and model.present:
            argv = reveal_argv(Path(model.path))
            QProcess.startDetached(argv[0], argv[1:])

    def choose_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import a GGUF model"), str(Path.home()),
            self.tr("GGUF models (*.gguf);;All files (*)"))
        if path:
            self.import_model(Path(path))

    def import_model(self, path: Path) -> None:
        """Validate and register ``path`` (POOL lane, its own connection)."""
        timeout = self.services.settings.validate_timeout_s
        self.speed_label.setText(self.tr("Checking %1…").replace("%1", path.name))

        def work() -> LibraryModel:
            library, db = _own_library()
            try:
                return library.import_file(path, timeout_s=timeout)
            finally:
                db.close()

        def done(model: LibraryModel) -> None:
            self.speed_label.setText(self.tr("%1 is ready to use.").replace("%1", model.name))
            self.library_changed.emit()
            self.refresh()
            self.import_finished.emit(model)

        def failed(exc: BaseException) -> None:
            self.speed_label.clear()
            self._show_error(exc)
            self.import_finished.emit(exc)

        self.tasks.run(work, done, failed, lane=POOL)

    # catalog -------------------------------------------------------------------------

    def refresh_catalog(self) -> None:
        n_ctx = self.services.settings.n_ctx

        def work() -> list[tuple[CatalogEntry, str]]:
            memory = available_memory()
            return [(e, fit_for_entry(e, n_ctx, memory).describe()) for e in load_catalog()
                    if e.format == "gguf"]

        self.tasks.run(work, self._show_catalog, self._show_error, lane=POOL)

    def _show_catalog(self, rows: list[tuple[CatalogEntry, str]]) -> None:
        self.catalog = [entry for entry, _ in rows]
        self.catalog_view.clear()
        for entry, fit in rows:
            item = QTreeWidgetItem([entry.name, entry.title, human_size(entry.size_bytes),
                                    self._fit_text(fit.split(":", 1)[0]), entry.license])
            item.setToolTip(3, fit)
            item.setToolTip(1, entry.notes or entry.title)
            item.setData(0, Qt.ItemDataRole.UserRole, entry.name)
            self.catalog_view.addTopLevelItem(item)
        for column in range(self.catalog_view.columnCount()):
            self.catalog_view.resizeColumnToContents(column)
        self._update_buttons()
        self.catalog_listed.emit()

    def download_selected(self) -> None:
        items = self.catalog_view.selectedItems()
        if items:
            self.download(items[0].data(0, Qt.ItemDataRole.UserRole))

    def download(self, spec: str, **options) -> None:
        """Pull a catalog name or ``owner/repo/file.gguf`` with progress (POOL lane)."""
        from app.models.pull import pull

        if self.control is not None:
            return
        control = self.control = DownloadControl()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.speed_label.setText(self.tr("Connecting…"))
        self._update_buttons()

        def work(progress) -> LibraryModel:
            db = connect(get_paths().database)
            try:
                return pull(db, spec, on_event=progress, control=control, **options)
            finally:
                db.close()

        self.tasks.run(work, self._downloaded, self._download_failed, self._on_download_event,
                       lane=POOL)

    def _on_download_event(self, event: Any) -> None:
        if isinstance(event, DownloadProgress):
            if event.total:
                self.progress.setRange(0, 1000)
                self.progress.setValue(int(1000 * event.done / event.total))
            parts = [human_size(event.done) + (f" / {human_size(event.total)}"
                                               if event.total else "")]
            if event.speed_bps:
                parts.append(self.tr("%1/s").replace("%1", human_size(int(event.speed_bps))))
            if event.eta_s is not None:
                parts.append(self.tr("%1 s left").replace("%1", f"{event.eta_s:.0f}"))
            self.speed_label.setText(" · ".join(parts))
        elif isinstance(event, DownloadStatus):
            self.speed_label.setText(event.message or event.stage)

    def cancel_download(self) -> None:
        if self.control is not None:
            self.control.cancel()
            self.speed_label.setText(self.tr("Cancelling…"))

    def shutdown(self) -> None:
        """Cancel a running download (the window is closing); it resumes next time."""
        if self.control is not None:
            self.control.cancel()

    def _download_ended(self) -> None:
        self.control = None
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()

    def _downloaded(self, model: LibraryModel) -> None:
        self._download_ended()
        self.speed_label.setText(self.tr("%1 is ready to use.").replace("%1", model.name))
        self.library_changed.emit()
        self.refresh()
        self.download_finished.emit(model)

    def _download_failed(self, exc: BaseException) -> None:
        self._download_ended()
        self.speed_label.setText(describe_error(exc))
        self.download_finished.emit(exc)
