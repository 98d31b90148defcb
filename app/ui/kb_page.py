"""The Knowledge base page: collections, adding documents (picker or drop), indexing with
progress, pause and resume, and each document's status (with the reason a file failed).

Registering files runs on the STORE lane; indexing runs on the POOL lane with its own
database connection (it takes minutes and must not hold up the conversation list).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.kb import collections as colls
from app.kb.collections import DEFAULT_COLLECTION, Collection
from app.kb.extract import SUPPORTED_SUFFIXES
from app.kb.ingest import AddResult, IngestControl, IngestProgress, add_paths, ingest
from app.paths import get_paths
from app.services.errors import describe_error
from app.store.db import connect
from app.ui.page_base import LazyPage
from app.ui.tasks import POOL, STORE, TaskRunner

DOCUMENT_COLUMNS = "id, path, status, n_chunks, pages, error"


def dropped_paths(urls) -> list[Path]:
    """Local folders and supported documents among dropped URLs."""
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    return [p for p in paths if p.is_dir() or p.suffix.lower() in SUPPORTED_SUFFIXES]


class KnowledgePage(LazyPage):
    """Collections on the left, the chosen collection's documents on the right."""

    #: collections and documents were (re)shown
    listed = Signal()
    #: an indexing run ended (the last IngestProgress, or the exception)
    ingest_finished = Signal(object)

    def __init__(self, services, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="knowledgePage")
        self.services, self.tasks = services, tasks
        self.collection = DEFAULT_COLLECTION
        self.control: IngestControl | None = None
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Knowledge base"), objectName="pageTitle"))
        self.hint = QLabel(self.tr("Drop documents or folders here (PDF, Word, HTML, Markdown, "
                                   "text, source code), or add them with the buttons."),
                           wordWrap=True, objectName="pageHint")
        layout.addWidget(self.hint)
        splitter = QSplitter(self)
        splitter.addWidget(self._build_collections())
        splitter.addWidget(self._build_documents())
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._build_progress())

    # building ------------------------------------------------------------------------

    def _build_collections(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.collections = QListWidget(box)
        self.collections.setAccessibleName(self.tr("Collections"))
        self.collections.currentItemChanged.connect(self._collection_chosen)
        column.addWidget(self.collections, 1)
        self.new_button = self._button(self.tr("New collection…"), self.ask_new_collection,
                                       column)
        return box

    def _build_documents(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.documents = QTreeWidget(box)
        self.documents.setHeaderLabels([self.tr("Document"), self.tr("Status"),
                                        self.tr("Chunks"), self.tr("Pages"), self.tr("Problem")])
        self.documents.setRootIsDecorated(False)
        self.documents.setAccessibleName(self.tr("Documents"))
        column.addWidget(self.documents, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.add_files_button = self._button(self.tr("Add files…"), self.choose_files, row)
        self.add_folder_button = self._button(self.tr("Add folder…"), self.choose_folder, row)
        column.addLayout(row)
        return box

    def _build_progress(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Indexing progress"))
        self.progress.hide()
        row.addWidget(self.progress, 1)
        self.status_label = QLabel(self)
        self.status_label.setAccessibleName(self.tr("Indexing status"))
        row.addWidget(self.status_label, 2)
        self.pause_button = self._button(self.tr("Pause"), self.toggle_pause, row)
        self.pause_button.hide()
        self.cancel_button = self._button(self.tr("Stop"), self.cancel, row)
        self.cancel_button.hide()
        return row

    def _button(self, text: str, slot, layout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text)
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    # listing -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Collections and the current collection's documents (STORE lane)."""
        db, name = self.services.store_db, self.collection

        def work() -> tuple[list[Collection], list[tuple]]:
            found = colls.list_collections(db)
            chosen = next((c for c in found if c.name == name), None)
            rows = db.execute(
                f"SELECT {DOCUMENT_COLUMNS} FROM kb_documents WHERE collection_id = ? "
                "ORDER BY path", [chosen.id]).fetchall() if chosen else []
            return found, rows

        self.tasks.run(work, self._show, self._show_error, lane=STORE)

    def _show(self, found: tuple[list[Collection], list[tuple]]) -> None:
        collections, rows = found
        self.collections.blockSignals(True)
        self.collections.clear()
        names = [c.name for c in collections]
        if self.collection not in names:
            names.insert(0, self.collection)
            collections.insert(0, Collection(0, self.collection))
        for collection in collections:
            item = QListWidgetItem(self.tr("%1 (%2 documents)").replace("%1", collection.name)
                                   .replace("%2", str(collection.documents)))
            item.setData(Qt.ItemDataRole.UserRole, collection.name)
            self.collections.addItem(item)
            if collection.name == self.collection:
                self.collections.setCurrentItem(item)
        self.collections.blockSignals(False)
        self.documents.clear()
        for _id, path, status, chunks, pages, error in rows:
            item = QTreeWidgetItem([Path(path).name, self._status_text(status), str(chunks),
                                    str(pages or ""), error or ""])
            item.setToolTip(0, path)
            item.setToolTip(4, error or "")
            item.setData(0, Qt.ItemDataRole.UserRole, path)
            self.documents.addTopLevelItem(item)
        self.documents.resizeColumnToContents(0)
        self.listed.emit()

    def _status_text(self, status: str) -> str:
        names = {"pending": self.tr("waiting"), "indexed": self.tr("indexed"),
                 "failed": self.tr("failed")}
        return names.get(status, status)

    def document_rows(self) -> list[tuple[str, str, str]]:
        """(file name, status, problem) as shown (tests and screen readers)."""
        tree = self.documents
        return [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1),
                 tree.topLevelItem(i).text(4)) for i in range(tree.topLevelItemCount())]

    def _collection_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.collection = item.data(Qt.ItemDataRole.UserRole)
            self.refresh()

    def ask_new_collection(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New collection"), self.tr("Name:"))
        if ok and name.strip():
            self.new_collection(name.strip())

    def new_collection(self, name: str) -> None:
        db = self.services.store_db

        def created(_id: int) -> None:
            self.collection = name
            self.refresh()

        self.tasks.run(lambda: colls.get_or_create(db, name), created, self._show_error,
                       lane=STORE)

    # adding and indexing -------------------------------------------------------------

    def choose_files(self) -> None:
        patterns = " ".join(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES))
        paths, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Add documents"), str(Path.home()),
            self.tr("Documents (%1);;All files (*)").replace("%1", patterns))
        if paths:
            self.add_paths([Path(p) for p in paths])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder"), str(Path.home()))
        if folder:
            self.add_paths([Path(folder)])

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if dropped_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        paths = dropped_paths(event.mimeData().urls())
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()

    def add_paths(self, paths: list[Path]) -> None:
        """Register ``paths`` in the current collection (STORE), then index (POOL)."""
        db, name = self.services.store_db, self.collection

        def work() -> AddResult:
            return add_paths(db, colls.get_or_create(db, name), paths)

        def added(result: AddResult) -> None:
            if result.skipped:
                self._status("; ".join(result.skipped))
            self.refresh()
            self.start_indexing()

        self.tasks.run(work, added, self._show_error, lane=STORE)

    def start_indexing(self) -> None:
        """Index every pending document, with progress; a second call while running waits."""
        if self.control is not None:
            return
        control = self.control = IngestControl()
        self.progress.setRange(0, 0)
        for widget in (self.progress, self.pause_button, self.cancel_button):
            widget.show()
        self.pause_button.setText(self.tr("Pause"))
        self.status_label.setText(self.tr("Preparing…"))

        def work(progress) -> IngestProgress | None:
            from app.kb.embed import configured_embedder

            db = connect(get_paths().database)
            try:
                last = None
                for event in ingest(db, configured_embedder(db), control=control):
                    last = event
                    progress(event)
                return last
            finally:
                db.close()

        self.tasks.run(work, self._indexed, self._index_failed, self._on_progress, lane=POOL)

    def _on_progress(self, event: IngestProgress) -> None:
        if event.files_total:
            self.progress.setRange(0, event.files_total)
            self.progress.setValue(event.files_done)
        self.status_label.setText(self.describe(event))
        if event.stage in ("done", "cancelled") or event.files_done:
            self.refresh()

    def describe(self, event: IngestProgress) -> str:
        """'3 of 10 files · 42.0 chunks/s · 12 s left' (and paused or failed counts)."""
        parts = [self.tr("%1 of %2 files").replace("%1", str(event.files_done))
                 .replace("%2", str(event.files_total)),
                 self.tr("%1 chunks/s").replace("%1", f"{event.chunks_per_s:.1f}")]
        if event.eta_s is not None and event.stage not in ("done", "cancelled"):
            parts.append(self.tr("%1 s left").replace("%1", f"{event.eta_s:.0f}"))
        if event.files_failed:
            parts.append(self.tr("%1 failed").replace("%1", str(event.files_failed)))
        if event.stage == "paused":
            parts.insert(0, self.tr("Paused"))
        elif event.stage == "cancelled":
            parts.insert(0, self.tr("Stopped; the rest is indexed next time"))
        elif event.stage == "done":
            parts.insert(0, self.tr("Done"))
        return " · ".join(parts)

    def toggle_pause(self) -> None:
        control = self.control
        if control is None:
            return
        if control.paused:
            control.resume()
            self.pause_button.setText(self.tr("Pause"))
        else:
            control.pause()
            self.pause_button.setText(self.tr("Resume"))
            self.status_label.setText(self.tr("Pausing after the current step…"))

    def cancel(self) -> None:
        if self.control is not None:
            self.control.cancel()

    def _index_ended(self) -> None:
        self.control = None
        for widget in (self.progress, self.pause_button, self.cancel_button):
            widget.hide()
        self.refresh()

    def _indexed(self, last: IngestProgress | None) -> None:
        self._index_ended()
        self.ingest_finished.emit(last)

    def _index_failed(self, exc: BaseException) -> None:
        self._index_ended()
        self._show_error(exc)
        self.status_label.setText(describe_error(exc))
        self.ingest_finished.emit(exc)

    def shutdown(self) -> None:
        """Stop indexing (the window is closing); pending files are indexed next time."""
        if self.control is not None:
            self.control.cancel()
