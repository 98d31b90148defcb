"""The Engines page: every engine Hearth knows, found or not, its version, and why it can
or cannot run on this machine (from :func:`app.engines.inventory.inventory`)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.engines.inventory import EngineEntry
from app.services.errors import describe_error
from app.ui.page_base import LazyPage
from app.ui.tasks import POOL, TaskRunner


class EnginesPage(LazyPage):
    """A table of engines; probing (hardware, Ollama, worker installs) runs on POOL."""

    listed = Signal()

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="enginesPage")
        self.tasks = tasks
        self.entries: list[EngineEntry] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Engines"), objectName="pageTitle"))
        self.hardware_label = QLabel(self, wordWrap=True)
        self.hardware_label.setAccessibleName(self.tr("This computer"))
        layout.addWidget(self.hardware_label)
        self.table = QTreeWidget(self)
        self.table.setHeaderLabels([self.tr("Engine"), self.tr("Found"), self.tr("Version"),
                                    self.tr("Where"), self.tr("Usable"), self.tr("Why")])
        self.table.setRootIsDecorated(False)
        self.table.setAccessibleName(self.tr("Engines"))
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.refresh_button = QPushButton(self.tr("Check again"), self)
        self.refresh_button.setAccessibleName(self.refresh_button.text())
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        layout.addLayout(row)

    def refresh(self) -> None:
        """Probe the hardware and every engine (POOL lane)."""
        def work():
            from app.engines.hardware import detect
            from app.engines.inventory import inventory

            hardware = detect()
            return hardware, inventory(hardware)

        self.refresh_button.setEnabled(False)
        self.tasks.run(work, self._show, self._failed, lane=POOL)

    def _show(self, found) -> None:
        hardware, entries = found
        self.refresh_button.setEnabled(True)
        self.entries = entries
        self.hardware_label.setText(self.describe_hardware(hardware))
        self.table.clear()
        yes, no = self.tr("yes"), self.tr("no")
        for entry in entries:
            item = QTreeWidgetItem([entry.engine, yes if entry.found else no,
                                    entry.version or "", entry.where,
                                    yes if entry.usable else no, entry.why])
            item.setToolTip(5, entry.why)
            self.table.addTopLevelItem(item)
        for column in range(self.table.columnCount()):
            self.table.resizeColumnToContents(column)
        self.listed.emit()

    def describe_hardware(self, hardware) -> str:
        """'CPU (n cores) · 16.0 GB RAM · GPU: name (24 GB)' for the line above the table."""
        parts = [self.tr("%1 (%2 cores)").replace("%1", hardware.cpu.model)
                 .replace("%2", str(hardware.cpu.logical_cores))]
        if hardware.ram_total_mb:
            parts.append(self.tr("%1 GB RAM").replace("%1", f"{hardware.ram_total_mb / 1024:.1f}"))
        gpus = ", ".join(f"{g.name} ({(g.memory_total_mb or 0) / 1024:.0f} GB)"
                         for g in hardware.gpus)
        parts.append(self.tr("GPU: %1").replace("%1", gpus or self.tr("none found")))
        return " · ".join(parts)

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        message = describe_error(exc)
        self.hardware_label.setText(message)
        self.error_shown.emit(message)
