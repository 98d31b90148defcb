"""The Engines page: every engine of the registry, found or not, its version, and why it
can or cannot run on this machine (:func:`app.services.engines.survey`), with a "Use"
button per engine and remote endpoint that switches the chat to it without a restart
(:func:`app.services.engines.switch`, on the MODEL lane), and for an engine that lives
in a Python environment of its own, "Use an existing environment…" (a folder or python
picker; the check runs on POOL). The first row, "Automatic", goes back to Hearth choosing
the engine for each model."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.engines.base import LoadReport
from app.services import engines as service
from app.services.engines import AUTO, EngineEntry, EngineTarget, EnvCheck, Survey, targets_for
from app.services.errors import describe_error
from app.ui.page_base import LazyPage
from app.ui.tasks import MODEL, POOL, TaskRunner

#: the column of the "Use" buttons (shown first)
USE_COLUMN = 6
#: the column of each engine's reason (it takes the width left, and wraps)
WHY_COLUMN = 5
#: the column of the "Use an existing environment…" buttons (last)
ENV_COLUMN = 7
#: the key of the "Automatic" row in :attr:`EnginesPage.use_buttons`
AUTOMATIC = "automatic"


class EnginesPage(LazyPage):
    """A table of engines; probing (hardware, Ollama, worker installs) runs on POOL,
    switching on MODEL (after any reply in progress)."""

    listed = Signal()
    #: the chat now runs on another engine (argument: its LoadReport)
    switched = Signal(object)
    #: a switch failed (argument: the message; the previous engine is kept)
    switch_failed = Signal(str)
    #: an environment was checked and is now used (argument: its EnvCheck)
    environment_set = Signal(object)
    #: an environment was refused, or forgotten (argument: the sentence shown)
    environment_failed = Signal(str)
    environment_cleared = Signal(str)

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None, runtime=None) -> None:
        super().__init__(parent, objectName="enginesPage")
        self.tasks = tasks
        #: the Runtime the chat runs on, or a callable that returns the current one (the
        #: scheduler may hand the chat to another Runtime when the model changes)
        self._runtime = runtime
        self.entries: list[EngineEntry] = []
        #: each row's Use button and the targets it offers
        self.use_buttons: dict[str, tuple[QPushButton, list[EngineTarget]]] = {}
        #: engine -> its "Use an existing environment…" button
        self.env_buttons: dict[str, QPushButton] = {}
        self.switching: EngineTarget | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Engines"), objectName="pageTitle"))
        self.hardware_label = QLabel(self, wordWrap=True)
        self.hardware_label.setAccessibleName(self.tr("This computer"))
        layout.addWidget(self.hardware_label)
        self.active_label = QLabel(self, wordWrap=True)
        self.active_label.setAccessibleName(self.tr("Engine in use"))
        layout.addWidget(self.active_label)
        self.table = QTreeWidget(self)
        self.table.setHeaderLabels([self.tr("Engine"), self.tr("Found"), self.tr("Version"),
                                    self.tr("Where"), self.tr("Usable"), self.tr("Why"),
                                    self.tr("Use")])
        self.table.header().moveSection(USE_COLUMN, 0)
        self.table.setRootIsDecorated(False)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        # row heights follow the reasons' wrapping when the window is resized
        self.table.header().sectionResized.connect(self._fit_reasons)
        self.table.setAccessibleName(self.tr("Engines"))
        layout.addWidget(self.table, 1)
        self.env_label = QLabel(self, wordWrap=True)
        self.env_label.setAccessibleName(self.tr("Engine environment"))
        layout.addWidget(self.env_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.refresh_button = QPushButton(self.tr("Check again"), self)
        self.refresh_button.setAccessibleName(self.refresh_button.text())
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        layout.addLayout(row)

    def _fit_reasons(self, *_args) -> None:
        """Each row as tall as its reason needs at the Why column's width (Qt's tree view
        does not size wrapped rows by itself), so no reason is cut off."""
        width = self.table.columnWidth(WHY_COLUMN) - 8
        if width <= 0:
            return
        metrics = QFontMetrics(self.table.font())
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            text = item.text(WHY_COLUMN)
            height = metrics.boundingRect(QRect(0, 0, width, 10_000),
                                          int(Qt.TextFlag.TextWordWrap), text).height()
            item.setSizeHint(WHY_COLUMN, QSize(width, height + 6))

    @property
    def runtime(self):
        """The Runtime switched by "Use" (asked for anew each time when given a callable)."""
        return self._runtime() if callable(self._runtime) else self._runtime

    def refresh(self) -> None:
        """Probe the hardware and every engine (POOL lane)."""
        self.refresh_button.setEnabled(False)
        self.tasks.run(service.survey, self._show, self._failed, lane=POOL)

    def _show(self, found: Survey) -> None:
        hardware, entries = found.hardware, found.entries
        self.refresh_button.setEnabled(True)
        self.entries = entries
        self.hardware_label.setText(self.describe_hardware(hardware))
        self.table.clear()
        self.use_buttons.clear()
        self.env_buttons.clear()
        self._add_automatic_row()
        yes, no = self.tr("yes"), self.tr("no")
        with_env = service.env_engines()
        for entry in entries:
            name = f"{entry.engine}: {entry.name}" if entry.name else entry.engine
            item = QTreeWidgetItem([name, yes if entry.found else no,
                                    entry.version or "", entry.where,
                                    yes if entry.usable else no, entry.why, "", entry.env])
            item.setToolTip(5, entry.why)
            self.table.addTopLevelItem(item)
            button = self._use_button(name, targets_for(entry))
            self.table.setItemWidget(item, USE_COLUMN, _centred(button))
            if entry.engine in with_env:
                self.table.setItemWidget(item, ENV_COLUMN, _centred(self._env_button(entry)))
        self._mark_active()
        header = self.table.header()
        header.setStretchLastSection(False)
        for column in range(self.table.columnCount()):
            # the reasons wrap in the space left, so none is cut off
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == WHY_COLUMN
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self._fit_reasons()
        self.listed.emit()

    def _add_automatic_row(self) -> None:
        """The first row: let Hearth choose the engine for each model."""
        why = self.tr("Hearth chooses for each model: Ollama for models from its store when "
                      "the daemon runs, a %1 worker when the engine is installed and the "
                      "machine can carry the model, else llama.cpp in-process"
                      ).replace("%1", service.worker_labels())
        item = QTreeWidgetItem([self.tr("Automatic"), "", "", "", self.tr("yes"), why, "", ""])
        item.setToolTip(5, why)
        self.table.addTopLevelItem(item)
        button = self._use_button(AUTOMATIC, [AUTO])
        button.setAccessibleName(self.tr("Use the automatic choice"))
        self.table.setItemWidget(item, USE_COLUMN, _centred(button))

    # switching -------------------------------------------------------------------------

    def _use_button(self, row: str, targets: list[EngineTarget]) -> QPushButton:
        """"Use" for one target; a menu of models where there are several (Ollama)."""
        button = QPushButton(self.tr("Use"), self)
        button.setAccessibleName(self.tr("Use %1").replace("%1", row))
        if len(targets) == 1:
            button.clicked.connect(lambda: self.use(targets[0]))
        elif targets:
            menu = QMenu(button)
            for target in targets:
                menu.addAction(target.model or target.engine,
                               lambda chosen=target: self.use(chosen))
            button.setMenu(menu)
        self.use_buttons[row] = (button, targets)
        return button

    def use(self, target: EngineTarget) -> None:
        """Switch the chat to ``target`` (MODEL lane); the old engine is released first."""
        runtime = self.runtime
        if runtime is None or self.switching is not None:
            return
        self.switching = target
        self.active_label.setText(self.tr("Choosing an engine…") if target.is_auto else
                                  self.tr("Starting %1…").replace("%1", target.label))
        self._mark_active()
        self.tasks.run(lambda: service.switch(runtime, target), self._switched,
                       self._switch_failed, lane=MODEL)

    def _switched(self, report: LoadReport) -> None:
        self.switching = None
        self._mark_active()
        self.switched.emit(report)

    def _switch_failed(self, exc: BaseException) -> None:
        self.switching = None
        message = describe_error(exc)
        self._mark_active()
        self.active_label.setText(message)
        fallback = getattr(exc, "report", None)
        if fallback is not None:
            self.switched.emit(fallback)
        self.error_shown.emit(message)
        self.switch_failed.emit(message)

    def _mark_active(self) -> None:
        """"In use" on the chosen row (Automatic, or the engine the user chose); in auto
        mode the engine running now is marked too and stays clickable (to keep it for
        every model). Every button is off while a switch runs."""
        runtime = self.runtime
        chosen = runtime.target if runtime is not None else None
        running = runtime.running if runtime is not None and runtime.model is not None else None
        for button, targets in self.use_buttons.values():
            in_use = chosen in targets
            runs = chosen is not None and chosen.is_auto and running in targets
            button.setText(self._button_text(in_use, runs, targets, chosen, running))
            button.setToolTip(self.tr("Hearth chose this engine automatically for the model "
                                      "running now. Click to use it for every model.")
                              if runs and not in_use else "")
            font = button.font()
            font.setBold(in_use or runs)
            button.setFont(font)
            button.setEnabled(bool(targets) and self.switching is None
                              and (len(targets) > 1 or not in_use))
        if self.switching is None and runtime is not None:
            self.active_label.setText(self.tr("In use: %1").replace("%1", self.describe_active()))

    def describe_active(self) -> str:
        """The runtime's sentence once a model runs; before, the engine that will start."""
        runtime = self.runtime
        if runtime.model is not None and runtime.target.is_auto:
            return self.tr("%1 (chosen automatically)").replace("%1", runtime.reason)
        if runtime.model is not None:
            return runtime.reason
        if runtime.target.is_auto:
            return self.tr("the automatic choice (Hearth picks the engine when a model loads)")
        return self.tr("%1 (starts with the next chat)").replace("%1", runtime.target.label)

    def _button_text(self, in_use: bool, runs: bool, targets: list[EngineTarget],
                     chosen: EngineTarget | None, running: EngineTarget | None) -> str:
        if in_use and chosen is not None and chosen.model and len(targets) > 1:
            return self.tr("In use: %1").replace("%1", chosen.model)
        if in_use:
            return self.tr("In use")
        if runs and running is not None and running.model and len(targets) > 1:
            return self.tr("Running now: %1 · Always use…").replace("%1", running.model)
        if runs:
            return self.tr("Running now · Always use")
        return self.tr("Use…") if len(targets) > 1 else self.tr("Use")

    # environments ----------------------------------------------------------------------

    def _env_button(self, entry: EngineEntry) -> QPushButton:
        """"Use an existing environment…": a folder or a python picker, and "Forget" when
        one was set."""
        button = QPushButton(self.tr("Use an existing environment…"), self)
        label = service.engine_label(entry.engine)
        button.setAccessibleName(self.tr("Use an existing environment for %1").replace("%1", label))
        menu = QMenu(button)
        menu.addAction(self.tr("Choose its folder…"), lambda: self.pick_folder(entry.engine))
        menu.addAction(self.tr("Choose its Python executable…"),
                       lambda: self.pick_python(entry.engine))
        if entry.env:
            menu.addAction(self.tr("Forget this environment"),
                           lambda: self.forget_environment(entry.engine))
        button.setMenu(menu)
        self.env_buttons[entry.engine] = button
        return button

    def pick_folder(self, engine: str) -> None:
        """Ask for the environment's folder, then check and use it."""
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("The folder of a Python environment with %1")
            .replace("%1", service.engine_label(engine)))
        if folder:
            self.use_environment(engine, Path(folder))

    def pick_python(self, engine: str) -> None:
        """Ask for the environment's python executable, then check and use it."""
        python, _ = QFileDialog.getOpenFileName(
            self, self.tr("The Python of an environment with %1")
            .replace("%1", service.engine_label(engine)))
        if python:
            self.use_environment(engine, Path(python))

    def use_environment(self, engine: str, path: Path) -> None:
        """Check ``path`` for ``engine`` off the GUI thread (POOL); use it when it holds
        the engine, or say what is wrong."""
        self.env_label.setText(self.tr("Checking %1 for %2…").replace("%1", str(path))
                               .replace("%2", service.engine_label(engine)))
        for button in self.env_buttons.values():
            button.setEnabled(False)
        self.tasks.run(lambda: service.set_env(engine, path), self._environment_set,
                       self._environment_failed, lane=POOL)

    def forget_environment(self, engine: str) -> None:
        """Go back to Hearth's own place for ``engine``'s environment (POOL)."""
        self.tasks.run(lambda: service.clear_env(engine),
                       lambda _: self._environment_cleared(engine), self._environment_failed,
                       lane=POOL)

    def _environment_set(self, checked: EnvCheck) -> None:
        label = service.engine_label(checked.engine)
        text = self.tr("%1 %2 in %3 is used from now on.").replace("%1", label) \
            .replace("%2", checked.version or "").replace("%3", str(checked.env_dir))
        if checked.cpu_build:
            text += " " + self.tr("It is the CPU build: it runs on the CPU, slowly.")
        self.env_label.setText(text)
        self.environment_set.emit(checked)
        self.refresh()

    def _environment_failed(self, exc: BaseException) -> None:
        message = describe_error(exc)
        for button in self.env_buttons.values():
            button.setEnabled(True)
        self.env_label.setText(message)
        self.error_shown.emit(message)
        self.environment_failed.emit(message)

    def _environment_cleared(self, engine: str) -> None:
        text = self.tr("Hearth looks for %1 in its own place again.").replace(
            "%1", service.engine_label(engine))
        self.env_label.setText(text)
        self.environment_cleared.emit(engine)
        self.refresh()

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


def _centred(button: QPushButton) -> QWidget:
    """A cell holding ``button`` at its own height, centred in a row that a long reason
    made taller."""
    cell = QWidget()
    layout = QVBoxLayout(cell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
    return cell
