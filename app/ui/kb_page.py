"""The Knowledge base page: collections, adding documents (picker or drop), indexing with
progress, pause and resume, each document's status (with the reason a file failed),
deleting collections and removing documents, and watched folders.

Everything goes through :mod:`app.services.knowledge`. Registering files runs on the
STORE lane; indexing (the same pipeline as ``hearth kb add``) runs on the POOL lane with
its own database connection (it takes minutes and must not hold up the conversation
list). Watched folders are followed by the service's folder watcher on a thread of its
own from the moment the window opens; its reports arrive here as a Qt signal.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import knowledge
from app.services.errors import describe_error
from app.services.knowledge import (
    DEFAULT_COLLECTION,
    SUPPORTED_SUFFIXES,
    AddResult,
    Collection,
    IndexOutcome,
    IngestControl,
    IngestProgress,
    KnowledgeView,
    WatchedFolder,
    WatchReport,
)
from app.ui.page_base import LazyPage
from app.ui.tasks import POOL, STORE, TaskRunner


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
    #: the folder watcher reported (a WatchReport; emitted from the watcher's thread,
    #: delivered on the GUI thread)
    watch_reported = Signal(object)

    def __init__(self, services, tasks: TaskRunner, parent: QWidget | None = None, *,
                 watch: bool = True) -> None:
        super().__init__(parent, objectName="knowledgePage")
        self.services, self.tasks = services, tasks
        self.collection = DEFAULT_COLLECTION
        self.control: IngestControl | None = None
        self.view: KnowledgeView | None = None
        #: what the watcher last said about each watched folder (path -> state text)
        self.folder_states: dict[str, str] = {}
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
        self.watch_reported.connect(self._on_watch_report)
        self.watcher = knowledge.folder_watcher(self.watch_reported.emit)
        if watch:
            self.watcher.start()  # returns at once: scans run on the watcher's thread

    # building ------------------------------------------------------------------------

    def _build_collections(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.collections = QListWidget(box)
        self.collections.setAccessibleName(self.tr("Collections"))
        self.collections.currentItemChanged.connect(self._collection_chosen)
        column.addWidget(self.collections, 1)
        row = QHBoxLayout()
        self.new_button = self._button(self.tr("New collection…"), self.ask_new_collection, row)
        self.delete_collection_button = self._button(self.tr("Delete…"),
                                                     self.ask_delete_collection, row)
        self.delete_collection_button.setAccessibleName(self.tr("Delete collection"))
        self.delete_collection_button.setToolTip(self.tr("Delete the chosen collection from "
                                                         "the knowledge base"))
        column.addLayout(row)
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
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.documents.itemSelectionChanged.connect(self._update_buttons)
        column.addWidget(self.documents, 1)
        row = QHBoxLayout()
        self.remove_button = self._button(self.tr("Remove…"), self.ask_remove_documents, row)
        self.remove_button.setAccessibleName(self.tr("Remove documents"))
        self.remove_button.setToolTip(self.tr("Remove the selected documents from the "
                                              "collection (the files are not touched)"))
        row.addStretch(1)
        self.add_files_button = self._button(self.tr("Add files…"), self.choose_files, row)
        self.add_folder_button = self._button(self.tr("Add folder…"), self.choose_folder, row)
        column.addLayout(row)
        column.addWidget(self._build_watched(box))
        self._update_buttons()
        return box

    def _build_watched(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(QLabel(self.tr("Watched folders (changes are re-indexed while "
                                        "Hearth runs)"), box, wordWrap=True))
        self.watched = QListWidget(box)
        self.watched.setAccessibleName(self.tr("Watched folders"))
        self.watched.setMaximumHeight(84)
        self.watched.itemSelectionChanged.connect(self._update_buttons)
        column.addWidget(self.watched)
        row = QHBoxLayout()
        row.addStretch(1)
        self.watch_button = self._button(self.tr("Watch a folder…"), self.choose_watch_folder,
                                         row)
        self.unwatch_button = self._button(self.tr("Stop watching"), self.ask_unwatch, row)
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
        self.tasks.run(lambda: knowledge.knowledge_view(db, name), self._show, self._show_error,
                       lane=STORE)

    def _show(self, view: KnowledgeView) -> None:
        self.view = view
        collections = list(view.collections)
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
        for doc in view.documents:
            item = QTreeWidgetItem([Path(doc.path).name, self._status_text(doc.status),
                                    str(doc.n_chunks), str(doc.pages or ""), doc.error or ""])
            item.setToolTip(0, doc.path)
            item.setToolTip(4, doc.error or "")
            item.setData(0, Qt.ItemDataRole.UserRole, doc.path)
            item.setData(1, Qt.ItemDataRole.UserRole, doc.id)
            self.documents.addTopLevelItem(item)
        self.documents.resizeColumnToContents(0)
        self._show_watched()
        self._update_buttons()
        self.listed.emit()

    def _show_watched(self) -> None:
        self.watched.clear()
        for folder in self.view.watched if self.view else []:
            state = self.folder_states.get(folder.path, self.tr("starting…"))
            item = QListWidgetItem(f"{folder.path}  ·  {state}")
            item.setToolTip(folder.path)
            item.setData(Qt.ItemDataRole.UserRole, folder)
            self.watched.addItem(item)

    def watched_rows(self) -> list[str]:
        """The watched folders as shown, with their state (tests and screen readers)."""
        return [self.watched.item(i).text() for i in range(self.watched.count())]

    def _update_buttons(self) -> None:
        chosen = self.view.chosen if self.view else None
        self.delete_collection_button.setEnabled(chosen is not None)
        self.remove_button.setEnabled(bool(self.documents.selectedItems()))
        self.unwatch_button.setEnabled(bool(self.watched.selectedItems()))

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

        self.tasks.run(lambda: knowledge.create_collection(db, name), created, self._show_error,
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
            return knowledge.add_paths(db, name, paths)

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

        def work(progress) -> IndexOutcome:
            db = knowledge.open_index_db()
            try:
                return knowledge.index_pending(db, control=control, on_progress=progress)
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
        if event.stage == "waiting":
            return self.tr("Waiting for the indexing under way to finish…")
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

    def _indexed(self, outcome: IndexOutcome) -> None:
        self._index_ended()
        self.ingest_finished.emit(outcome.last)

    def _index_failed(self, exc: BaseException) -> None:
        self._index_ended()
        self._show_error(exc)
        self.status_label.setText(describe_error(exc))
        self.ingest_finished.emit(exc)

    # deleting ------------------------------------------------------------------------

    def ask_delete_collection(self) -> None:
        """Confirm, then delete the chosen collection (its files are not touched)."""
        view = self.view
        if view is None or view.chosen is None:
            return
        text = (self.tr("Delete the collection %1 and its %2 documents from the knowledge "
                        "base? The files themselves are not touched.")
                .replace("%1", view.chosen.name).replace("%2", str(view.chosen.documents)))
        if view.conversations:
            text += " " + self.tr("%1 conversations search it; they will stop searching it.") \
                .replace("%1", str(len(view.conversations)))
        if view.watched:
            text += " " + self.tr("Its watched folders are no longer watched.")
        answer = QMessageBox.question(self, self.tr("Delete collection"), text)
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_collection(view.chosen.name)

    def delete_collection(self, name: str) -> None:
        """Delete without asking (the caller asked); STORE lane."""
        db = self.services.store_db

        def deleted(detached: list[int]) -> None:
            self._status(self.tr("Collection %1 deleted.").replace("%1", name))
            if self.collection == name:
                self.collection = DEFAULT_COLLECTION
            self.watcher.refresh()
            self.refresh()

        self.tasks.run(lambda: knowledge.delete_collection(db, name), deleted, self._show_error,
                       lane=STORE)

    def selected_documents(self) -> list[tuple[int, str]]:
        """(id, path) of the selected documents."""
        return [(item.data(1, Qt.ItemDataRole.UserRole), item.data(0, Qt.ItemDataRole.UserRole))
                for item in self.documents.selectedItems()]

    def ask_remove_documents(self) -> None:
        """Confirm, then remove the selected documents from the collection."""
        chosen = self.selected_documents()
        if not chosen:
            return
        names = ", ".join(Path(path).name for _id, path in chosen[:3])
        if len(chosen) > 3:
            names += " …"
        text = (self.tr("Remove %1 document(s) from %2 (%3)? The files themselves are not "
                        "touched.").replace("%1", str(len(chosen)))
                .replace("%2", self.collection).replace("%3", names))
        watched = self.view.watched if self.view else []
        if any(knowledge.in_watched_folder(path, watched) for _id, path in chosen):
            text += " " + self.tr("A file in a watched folder comes back when it changes; "
                                  "stop watching the folder to keep it out.")
        answer = QMessageBox.question(self, self.tr("Remove documents"), text)
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_documents([doc_id for doc_id, _path in chosen])

    def remove_documents(self, ids: list[int]) -> None:
        """Remove without asking (the caller asked); one transaction on the STORE lane."""
        db = self.services.store_db

        def removed(count: int) -> None:
            self._status(self.tr("%1 document(s) removed.").replace("%1", str(count)))
            self.refresh()

        self.tasks.run(lambda: knowledge.remove_documents(db, ids), removed, self._show_error,
                       lane=STORE)

    # watched folders -----------------------------------------------------------------

    def choose_watch_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Watch a folder"),
                                                  str(Path.home()))
        if folder:
            self.watch_folder(Path(folder))

    def watch_folder(self, path: Path) -> None:
        """Have the current collection watch ``path``: scanned now, followed from then on."""
        db, name = self.services.store_db, self.collection

        def added(folder: WatchedFolder) -> None:
            self.folder_states[folder.path] = self.tr("scanning…")
            self.watcher.refresh()
            self.refresh()

        self.tasks.run(lambda: knowledge.watch_folder(db, name, path), added, self._show_error,
                       lane=STORE)

    def ask_unwatch(self) -> None:
        """Stop watching the selected folder (after a confirmation)."""
        items = self.watched.selectedItems()
        if not items:
            return
        folder: WatchedFolder = items[0].data(Qt.ItemDataRole.UserRole)
        answer = QMessageBox.question(
            self, self.tr("Stop watching"),
            self.tr("Stop watching %1? Its documents stay in the collection; remove them "
                    "with Remove… if you no longer want them.").replace("%1", folder.path))
        if answer == QMessageBox.StandardButton.Yes:
            self.unwatch_folder(folder)

    def unwatch_folder(self, folder: WatchedFolder) -> None:
        """Stop watching without asking (STORE lane); the watcher lets go of it."""
        db = self.services.store_db

        def removed(_rows) -> None:
            self.folder_states.pop(folder.path, None)
            self.watcher.refresh()
            self.refresh()

        self.tasks.run(lambda: knowledge.unwatch_folder(db, Path(folder.path),
                                                        folder.collection),
                       removed, self._show_error, lane=STORE)

    def _on_watch_report(self, report: WatchReport) -> None:
        """What the watcher did (GUI thread): folder states, status line, lists."""
        states = {"scanned": self.tr("watching"), "reindexed": self.tr("watching"),
                  "missing": self.tr("folder not found"), "error": self.tr("problem")}
        if report.kind in states:
            self.folder_states[report.folder] = states[report.kind]
        if report.kind == "indexing" and report.progress is not None:
            if self.control is None:  # the page's own run shows its own progress
                self.status_label.setText(self.tr("Watched folder: %1")
                                          .replace("%1", self.describe(report.progress)))
            return
        message = self.describe_watch(report)
        if message:
            self.status_label.setText(message)
        if report.kind in ("missing", "error"):
            self._status(report.message)
        if self._loaded:
            self.refresh()

    def describe_watch(self, report: WatchReport) -> str:
        """'Watched folder Notes: re-indexed a.md; removed b.md' ('' when nothing changed)."""
        parts = []
        if report.pending:
            parts.append(self.tr("re-indexed %1").replace("%1", _names(report.pending)))
        if report.removed:
            parts.append(self.tr("removed %1").replace("%1", _names(report.removed)))
        if report.failed:
            parts.append(self.tr("%1 failed").replace("%1", str(len(report.failed))))
        if not parts:
            return ""
        return (self.tr("Watched folder %1: ").replace("%1", Path(report.folder).name)
                + "; ".join(parts))

    def shutdown(self) -> None:
        """Stop indexing and watching (the window is closing); pending files are indexed
        next time."""
        if self.control is not None:
            self.control.cancel()
        self.watcher.stop()


def _names(paths: tuple[str, ...], shown: int = 3) -> str:
    names = ", ".join(Path(p).name for p in paths[:shown])
    return names + (f" (+{len(paths) - shown})" if len(paths) > shown else "")
