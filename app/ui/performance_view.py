"""The Performance page: load time, time to first token and tokens/s over time, per model
and engine, drawn with QPainter (no QtCharts: it would double the installer)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

COLOURS = ["#3b82f6", "#f97316", "#10b981", "#e11d48", "#8b5cf6", "#eab308", "#06b6d4"]


@dataclass
class Series:
    """Points (x = when, y = value) of one model on one engine."""

    name: str
    points: list[tuple[float, float]] = field(default_factory=list)


def series_from(rows: list[dict], column: str) -> list[Series]:
    """Group history rows by "model · engine", oldest first, skipping empty values."""
    grouped: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r["created_at"]):
        value = row.get(column)
        if value is not None:
            grouped[f"{row['model']} · {row['engine']}"].append((row["created_at"], float(value)))
    return [Series(name, points) for name, points in sorted(grouped.items())]


class LineChart(QWidget):
    """One metric: a line per series, dots on the points, axis labels, a legend."""

    def __init__(self, title: str, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.unit = title, unit
        self.series: list[Series] = []
        self.setMinimumHeight(200)
        self.setAccessibleName(title)

    def set_series(self, series: list[Series]) -> None:
        self.series = series
        self.setAccessibleDescription(self.summary())
        self.update()

    def summary(self) -> str:
        """Median per series (what a screen reader says, and the tooltip)."""
        return "; ".join(f"{s.name}: {statistics.median(v for _, v in s.points):.3g} {self.unit}"
                         for s in self.series if s.points)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlpha(40)
        metrics = painter.fontMetrics()
        painter.setPen(text)
        painter.drawText(QPointF(8, metrics.ascent() + 4), f"{self.title} ({self.unit})")
        plot = QRectF(56, metrics.height() * 2 + 12, self.width() - 72,
                      self.height() - metrics.height() * 3 - 24)
        points = [p for s in self.series for p in s.points]
        if not points or plot.width() < 20 or plot.height() < 20:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter,
                             self.tr("No measurements yet: load a model and chat."))
            return
        x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
        y1 = max(p[1] for p in points) * 1.15 or 1.0
        span = x1 - x0

        def at(x: float, y: float) -> QPointF:
            share = (x - x0) / span if span else 0.5  # a single moment sits in the middle
            return QPointF(plot.left() + share * plot.width(),
                           plot.bottom() - y / y1 * plot.height())

        self._axes(painter, plot, y1, grid, text)
        self._legend(painter, plot, metrics)
        for index, series in enumerate(self.series):
            colour = QColor(COLOURS[index % len(COLOURS)])
            path = QPainterPath()
            for n, (x, y) in enumerate(series.points):
                path.moveTo(at(x, y)) if n == 0 else path.lineTo(at(x, y))
            painter.setPen(QPen(colour, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setBrush(colour)
            for x, y in series.points:
                painter.drawEllipse(at(x, y), 3, 3)

    def _axes(self, painter: QPainter, plot: QRectF, top: float, grid: QColor,
              text: QColor) -> None:
        for step in range(5):
            value = top * step / 4
            y = plot.bottom() - plot.height() * step / 4
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(0, y - 8, plot.left() - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{value:.2f}" if top < 10 else f"{value:.0f}")
        painter.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), 18),
                         Qt.AlignmentFlag.AlignCenter, self.tr("older → newer"))

    def _legend(self, painter: QPainter, plot: QRectF, metrics) -> None:
        x = plot.left()
        y = plot.top() - metrics.height() - 2
        for index, series in enumerate(self.series):
            colour = QColor(COLOURS[index % len(COLOURS)])
            painter.fillRect(QRectF(x, y + 4, 10, 10), colour)
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(QPointF(x + 14, y + metrics.ascent() + 1), series.name)
            x += 30 + metrics.horizontalAdvance(series.name)


class PerformanceView(QScrollArea):
    """Three charts and the latest cold start, refreshed from the timings tables."""

    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        heading = QLabel(self.tr("Performance"), objectName="pageTitle")
        top.addWidget(heading, 1)
        refresh = QPushButton(self.tr("Refresh"), self)
        refresh.clicked.connect(self.refresh_requested)
        top.addWidget(refresh)
        layout.addLayout(top)
        self.explanation = QLabel(self.tr(
            "Every model load and every reply is timed. Lower is better for load time and "
            "time to first token; higher is better for tokens per second."), wordWrap=True)
        layout.addWidget(self.explanation)
        self.load_chart = LineChart(self.tr("Model ready after"), self.tr("s"), body)
        self.ttft_chart = LineChart(self.tr("Time to first token"), self.tr("s"), body)
        self.speed_chart = LineChart(self.tr("Speed"), self.tr("tokens/s"), body)
        for chart in (self.load_chart, self.ttft_chart, self.speed_chart):
            layout.addWidget(chart)
        self.summary = QLabel(wordWrap=True, objectName="performanceSummary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.setWidget(body)

    def show_history(self, loads: list[dict], replies: list[dict]) -> None:
        self.load_chart.set_series(series_from(loads, "ready_s"))
        self.ttft_chart.set_series(series_from(replies, "ttft_s"))
        self.speed_chart.set_series(series_from(replies, "tok_s"))
        lines = [self.tr("%1 loads and %2 replies measured.")
                 .replace("%1", str(len(loads))).replace("%2", str(len(replies)))]
        for chart in (self.load_chart, self.ttft_chart, self.speed_chart):
            if chart.series:
                lines.append(self.tr("Median %1: %2").replace("%1", chart.title)
                             .replace("%2", chart.summary()))
        self.summary.setText("\n".join(lines))
