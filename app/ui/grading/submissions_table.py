"""The submissions of an assignment: student (editable), words, flags, source file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.core.grading import Submission

STUDENT, WORDS, FLAGS, SOURCE = range(4)
HEADERS = ["Student", "Words", "Flags", "File"]
FLAG_COLOR = QColor(200, 60, 40)


def flag_text(flags) -> str:
    return ", ".join(dict.fromkeys(flag.kind.replace("_", " ") for flag in flags))


class SubmissionsTable(QTableWidget):
    student_renamed = Signal(int, str)  # submission id, new name

    def __init__(self, parent=None):
        super().__init__(0, len(HEADERS), parent)
        self.setObjectName("submissionsTable")
        self.setHorizontalHeaderLabels(HEADERS)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(STUDENT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(FLAGS, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(STUDENT, 180)
        self._loading = False
        self.itemChanged.connect(self._on_item_changed)

    def set_submissions(self, submissions: list[Submission]) -> None:
        self._loading = True
        try:
            self.setRowCount(len(submissions))
            for row, sub in enumerate(submissions):
                name = QTableWidgetItem(sub.student)
                name.setData(Qt.ItemDataRole.UserRole, sub.id)
                self.setItem(row, STUDENT, name)
                words = QTableWidgetItem(str(len(sub.text.split())))
                words.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                flags = QTableWidgetItem(flag_text(sub.flags))
                flags.setToolTip("\n".join(flag.message for flag in sub.flags))
                if sub.flags:
                    flags.setForeground(FLAG_COLOR)
                source = QTableWidgetItem(Path(sub.source).name if sub.source else "pasted")
                source.setToolTip(sub.source)
                for column, item in ((WORDS, words), (FLAGS, flags), (SOURCE, source)):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.setItem(row, column, item)
        finally:
            self._loading = False

    def submission_id(self, row: int) -> int | None:
        item = self.item(row, STUDENT)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.selectedIndexes()})
        return [sid for sid in (self.submission_id(r) for r in rows) if sid is not None]

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() != STUDENT:
            return
        sid = item.data(Qt.ItemDataRole.UserRole)
        if sid is not None:
            self.student_renamed.emit(sid, item.text())
