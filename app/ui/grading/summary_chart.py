"""The class at a glance: per criterion, how many students are at each level.

One stacked horizontal bar per criterion, painted with QPainter (no chart
library): segments in rubric order, best level green through worst red, each
with its count; a line above gives the totals' mean, median and range.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.grading import ClassSummary

ROW_HEIGHT = 22
LABEL_WIDTH = 150
MARGIN = 6


def level_color(index: int, count: int) -> QColor:
    """Green for the first (best) level through red for the last."""
    hue = 120 if count <= 1 else int(120 * (1 - index / (count - 1)))
    return QColor.fromHsv(hue, 150, 215)


def summary_line(summary: ClassSummary | None) -> str:
    if summary is None or not summary.students:
        return "No results yet."
    parts = [f"{summary.graded} of {summary.students} scored"]
    if summary.mean_total is not None:
        parts.append(f"mean {summary.mean_total:g} / {summary.max_total:g}")
        parts.append(f"median {summary.median_total:g}")
        parts.append(f"range {summary.lowest_total:g}–{summary.highest_total:g}")
    if summary.needs_review:
        parts.append(f"{summary.needs_review} to review")
    if summary.flagged:
        parts.append(f"{summary.flagged} flagged")
    return " · ".join(parts)


class SummaryChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("summaryChart")
        self.summary: ClassSummary | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_summary(self, summary: ClassSummary | None) -> None:
        self.summary = summary
        self.setToolTip(self._tooltip())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        rows = len(self.summary.criteria) if self.summary else 0
        return QSize(400, MARGIN * 2 + ROW_HEIGHT * (rows + 1))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return self.sizeHint()

    def _tooltip(self) -> str:
        if self.summary is None:
            return ""
        lines = []
        for crit in self.summary.criteria:
            counts = ", ".join(f"{label}: {n}" for label, n in crit.level_counts.items())
            mean = "" if crit.mean is None else f" (mean {crit.mean:g} / {crit.max_points:g})"
            lines.append(f"{crit.name}{mean} — {counts}")
        return "\n".join(lines)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text_color)
        top = MARGIN
        painter.drawText(
            QRectF(MARGIN, top, self.width() - 2 * MARGIN, ROW_HEIGHT),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            summary_line(self.summary),
        )
        if self.summary is None:
            return
        bar_left = MARGIN + LABEL_WIDTH
        bar_width = max(40, self.width() - bar_left - MARGIN)
        for i, crit in enumerate(self.summary.criteria, 1):
            y = top + i * ROW_HEIGHT
            painter.setPen(text_color)
            painter.drawText(
                QRectF(MARGIN, y, LABEL_WIDTH - MARGIN, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                painter.fontMetrics().elidedText(
                    crit.name, Qt.TextElideMode.ElideRight, LABEL_WIDTH - MARGIN
                ),
            )
            counts = list(crit.level_counts.items())
            total = sum(n for _, n in counts) + crit.ungraded
            x = float(bar_left)
            for index, (label, n) in enumerate(counts):
                if not n or not total:
                    continue
                width = bar_width * n / total
                rect = QRectF(x, y + 3, width, ROW_HEIGHT - 6)
                painter.fillRect(rect, level_color(index, len(counts)))
                painter.setPen(Qt.GlobalColor.black)
                text = (
                    f"{label} {n}"
                    if painter.fontMetrics().horizontalAdvance(f"{label} {n}") < width - 4
                    else str(n)
                )
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
                x += width
            if crit.ungraded and total:
                rect = QRectF(x, y + 3, bar_width * crit.ungraded / total, ROW_HEIGHT - 6)
                painter.fillRect(rect, QColor(160, 160, 160, 120))
        painter.end()
