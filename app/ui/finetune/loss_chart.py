"""Training and validation loss over the steps, painted with QPainter.

A small chart is all a user needs to see whether the loss falls, flattens or
climbs (and whether validation follows it), so no chart library: two polylines
on a step axis that spans the whole run, so progress reads left to right.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

MARGIN = 8
AXIS_WIDTH = 44  # room for the loss labels at the left
LEGEND_HEIGHT = 18
TRAIN_COLOR = QColor(52, 120, 220)
VALIDATION_COLOR = QColor(230, 120, 30)


class LossChart(QWidget):
    """`add(event)` for each step event; `set_events(log)` for a reopened run."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lossChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.total = 0
        self.loss: list[tuple[int, float]] = []
        self.val_loss: list[tuple[int, float]] = []

    def clear(self, total: int = 0) -> None:
        self.total = total
        self.loss.clear()
        self.val_loss.clear()
        self.update()

    def set_events(self, events: Iterable[dict], total: int = 0) -> None:
        self.clear(total)
        for event in events:
            self.add(event, repaint=False)
        self.update()

    def add(self, event: dict, *, repaint: bool = True) -> None:
        """Take a step event; a resumed run repeats steps, so the newest value wins."""
        if event.get("type") not in (None, "step"):
            return
        step = int(event.get("step", 0))
        self.total = max(self.total, int(event.get("total") or 0), step)
        _put(self.loss, step, event.get("loss"))
        _put(self.val_loss, step, event.get("val_loss"))
        if repaint:
            self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(420, 180)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(200, 110)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        plot = QRectF(
            MARGIN + AXIS_WIDTH,
            MARGIN + LEGEND_HEIGHT,
            max(10, self.width() - 2 * MARGIN - AXIS_WIDTH),
            max(10, self.height() - 2 * MARGIN - LEGEND_HEIGHT - 14),
        )
        grid = QColor(text)
        grid.setAlpha(60)
        painter.setPen(grid)
        painter.drawRect(plot)
        values = [v for _, v in self.loss + self.val_loss]
        painter.setPen(text)
        if not values:
            painter.drawText(
                plot, Qt.AlignmentFlag.AlignCenter, "The loss shows here as it trains."
            )
            painter.end()
            return
        low, high = min(values), max(values)
        if high - low < 1e-6:
            low, high = low - 0.5, high + 0.5
        total = max(1, self.total)

        def point(step: int, value: float) -> QPointF:
            x = plot.left() + plot.width() * step / total
            y = plot.bottom() - plot.height() * (value - low) / (high - low)
            return QPointF(x, y)

        left = QRectF(MARGIN, 0, AXIS_WIDTH - 4, 16)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(left.translated(0, plot.top() - 8), right, f"{high:.3g}")
        painter.drawText(left.translated(0, plot.bottom() - 8), right, f"{low:.3g}")
        below = QRectF(plot.left(), plot.bottom() + 1, plot.width(), 14)
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft, "0")
        painter.drawText(below, Qt.AlignmentFlag.AlignRight, f"step {total}")
        for series, color in ((self.loss, TRAIN_COLOR), (self.val_loss, VALIDATION_COLOR)):
            if not series:
                continue
            painter.setPen(QPen(color, 2))
            points = [point(s, v) for s, v in series]
            if len(points) == 1:
                painter.drawEllipse(points[0], 2.5, 2.5)
            else:
                painter.drawPolyline(QPolygonF(points))
        self._legend(painter, text)
        painter.end()

    def _legend(self, painter: QPainter, text: QColor) -> None:
        x = MARGIN + AXIS_WIDTH
        items = [("loss", TRAIN_COLOR, self.loss)]
        if self.val_loss:
            items.append(("validation loss", VALIDATION_COLOR, self.val_loss))
        for label, color, series in items:
            caption = f"{label} {series[-1][1]:.3f}"
            painter.fillRect(QRectF(x, MARGIN + 4, 12, 8), color)
            painter.setPen(text)
            width = painter.fontMetrics().horizontalAdvance(caption)
            painter.drawText(
                QRectF(x + 16, MARGIN, width + 4, 16), Qt.AlignmentFlag.AlignVCenter, caption
            )
            x += width + 34


def _put(series: list[tuple[int, float]], step: int, value) -> None:
    if value is None:
        return
    value = float(value)
    if not math.isfinite(value):
        return
    while series and series[-1][0] >= step:  # a resumed run goes back to its checkpoint
        series.pop()
    series.append((step, value))
