"""Students × criteria: the level and points per criterion, the total, status and flags.

Rows come in review order (flagged and needs-review first). A criterion the
teacher changed is shown in bold with a pencil, its tooltip saying what the model
had chosen, so a teacher's grade is never mistaken for the model's.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.core.grading import GradeResult, Rubric, review_order, score_result
from app.core.grading import results as R
from app.ui.grading.submissions_table import flag_text

TEACHER_MARK = "✎"
REVIEW_TINT = QColor(255, 200, 120, 70)
STATUS_TEXT = {
    R.PENDING: QT_TRANSLATE_NOOP("ReviewTable", "pending"),
    R.GRADED: QT_TRANSLATE_NOOP("ReviewTable", "graded"),
    R.NEEDS_REVIEW: QT_TRANSLATE_NOOP("ReviewTable", "needs review"),
    R.ERROR: QT_TRANSLATE_NOOP("ReviewTable", "error"),
    R.SKIPPED: QT_TRANSLATE_NOOP("ReviewTable", "skipped"),
}
RESULT_ID = Qt.ItemDataRole.UserRole


def points_text(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


class ReviewTable(QTableWidget):
    """Several rows can be selected (to regrade them); one selected row opens in detail."""

    result_selected = Signal(int)  # result id

    def __init__(self, parent=None):
        super().__init__(0, 0, parent)
        self.setObjectName("reviewTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rubric: Rubric | None = None
        self.results: list[GradeResult] = []
        self._filling = False
        self.itemSelectionChanged.connect(self._on_selection)

    def columns(self) -> list[str]:
        names = [c.name for c in self.rubric.criteria] if self.rubric else []
        return ["Student", *names, "Total", "Status", "Flags", "Reviewed"]

    def set_results(self, rubric: Rubric | None, results: list[GradeResult]) -> None:
        """Show `results` (kept selected: the same result ids as before)."""
        keep = self.selected_result_ids()
        self.rubric = rubric
        self.results = review_order(results) if rubric else []
        headers = self.columns()
        self._filling = True
        try:
            self.clearContents()
            self.setColumnCount(len(headers))
            self.setHorizontalHeaderLabels(headers)
            self.setRowCount(len(self.results))
            for row, result in enumerate(self.results):
                self._fill_row(row, result)
            self.select_results(keep)
        finally:
            self._filling = False

    def _fill_row(self, row: int, result: GradeResult) -> None:
        rubric = self.rubric
        score = score_result(rubric, result)
        cells = [QTableWidgetItem(result.student)]
        for criterion in rubric.criteria:
            cr = result.criteria.get(criterion.id)
            points = score.points[criterion.id]
            level = cr.effective_level if cr else None
            text = f"{level} ({points_text(points)})" if level else points_text(points)
            item = QTableWidgetItem(text)
            if criterion.id in score.by_teacher:
                item.setText(f"{text} {TEACHER_MARK}")
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
                tip = f"Changed by the teacher (the model chose: {cr.level or '—'})"
                if cr.override_note.strip():
                    tip += f"\nNote: {cr.override_note.strip()}"
                item.setToolTip(tip)
            elif cr is not None and cr.problems:
                item.setToolTip("\n".join(cr.problems))
            cells.append(item)
        total = points_text(score.total) if score.complete else "—"
        cells.append(QTableWidgetItem(f"{total} / {score.max_total:g}"))
        cells.append(
            QTableWidgetItem(
                QCoreApplication.translate(
                    "ReviewTable", STATUS_TEXT.get(result.status, result.status)
                )
            )
        )
        flags = QTableWidgetItem(flag_text(result.flags))
        flags.setToolTip("\n".join(result.review_reasons()))
        cells.append(flags)
        cells.append(QTableWidgetItem("yes" if result.reviewed else ""))
        for column, item in enumerate(cells):
            item.setData(RESULT_ID, result.id)
            if result.needs_review:
                item.setBackground(REVIEW_TINT)
            self.setItem(row, column, item)

    # ---- selection ---------------------------------------------------------------------
    def row_of(self, result_id: int) -> int | None:
        for row, result in enumerate(self.results):
            if result.id == result_id:
                return row
        return None

    def select_result(self, result_id: int) -> None:
        row = self.row_of(result_id)
        if row is not None:
            self.selectRow(row)

    def select_results(self, result_ids: list[int]) -> None:
        """Select exactly these rows (those still shown)."""
        selection = QItemSelection()
        last = self.columnCount() - 1
        for result_id in result_ids:
            row = self.row_of(result_id)
            if row is not None:
                selection.select(self.model().index(row, 0), self.model().index(row, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.selectionModel().select(selection, flags)  # one change, one signal

    def selected_result_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.selectedIndexes()})
        return [self.results[row].id for row in rows if row < len(self.results)]

    def selected_result_id(self) -> int | None:
        """The selected result when exactly one row is selected."""
        ids = self.selected_result_ids()
        return ids[0] if len(ids) == 1 else None

    def _on_selection(self) -> None:
        if self._filling:
            return
        result_id = self.selected_result_id()
        if result_id is not None:
            self.result_selected.emit(result_id)
