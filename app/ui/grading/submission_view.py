"""One graded submission: its text with the quoted evidence highlighted, and per
criterion the level, the points and a note (all the teacher's to change), the
model's reason and whose grade it is.

A change here asks the review tab to store it as the teacher's override; the
model's own level stays stored beside it and is shown, so the teacher can go back.
Picking a level drops typed points (the level sets them); typed points keep the
level. When the same result is shown again after a save, the rows are updated
in place, so the field the teacher moved to keeps its focus and what is typed
in it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.grading import GradeResult, Rubric, score_result
from app.ui.grading.review_table import STATUS_TEXT, TEACHER_MARK, points_text

QUOTE_COLOR = QColor(255, 226, 90, 170)
FLAG_COLOR = QColor(240, 110, 90, 120)
NO_LEVEL = "—"


class _CriterionRow:
    """The widgets of one criterion in the grid."""

    def __init__(self, parent: QWidget):
        self.name = QLabel(parent)
        self.level = QComboBox(parent)
        self.points_edit = QLineEdit(parent)
        self.points_edit.setMaximumWidth(70)
        self.points_edit.setToolTip(
            QCoreApplication.translate(
                "_CriterionRow", "Type points to override; clear to use the level's"
            )
        )
        self.points = QLabel(parent)  # "/ max"
        self.owner = QLabel(parent)
        self.reset = QPushButton(QCoreApplication.translate("_CriterionRow", "Model's"), parent)
        self.reset.setToolTip(
            QCoreApplication.translate(
                "_CriterionRow", "Go back to the level and points the model gave (keeps your note)"
            )
        )
        self.reason = QLabel(parent)
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLineEdit(parent)
        self.note.setPlaceholderText(
            QCoreApplication.translate(
                "_CriterionRow", "Your comment on this criterion (replaces the model's reason)"
            )
        )


class SubmissionView(QWidget):
    level_changed = Signal(int, str, str)  # result id, criterion id, level label
    points_changed = Signal(int, str, object)  # result id, criterion id, float | None
    note_changed = Signal(int, str, str)  # result id, criterion id, the teacher's note
    override_cleared = Signal(int, str)  # result id, criterion id
    feedback_saved = Signal(int, str)  # result id, text
    reviewed_changed = Signal(int, bool)  # result id, reviewed
    invalid_input = Signal(str)  # one line for the status bar

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.result: GradeResult | None = None
        self.rubric: Rubric | None = None
        self.rows: dict[str, _CriterionRow] = {}
        self._filling = False

        self.header = QLabel(self.tr("Pick a student in the table."), self)
        self.header.setObjectName("submissionHeader")
        self.header.setWordWrap(True)
        self.flags_label = QLabel(self)
        self.flags_label.setObjectName("submissionFlags")
        self.flags_label.setWordWrap(True)
        self.flags_label.setStyleSheet("color: #c0392b;")
        self.text_view = QTextEdit(self)
        self.text_view.setObjectName("submissionText")
        self.text_view.setReadOnly(True)

        self.criteria_box = QWidget(self)
        self.grid = QGridLayout(self.criteria_box)
        self.grid.setContentsMargins(4, 4, 4, 4)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.criteria_box)

        self.feedback_edit = QPlainTextEdit(self)
        self.feedback_edit.setObjectName("feedbackEdit")
        self.feedback_edit.setPlaceholderText(self.tr("Feedback to the student"))
        self.save_feedback_button = QPushButton(self.tr("Save feedback"), self)
        self.reviewed_box = QCheckBox(self.tr("Reviewed"), self)
        self.reviewed_box.setObjectName("reviewedBox")
        feedback_group = QGroupBox(self.tr("Feedback"), self)
        fb = QVBoxLayout(feedback_group)
        fb.addWidget(self.feedback_edit)
        row = QHBoxLayout()
        row.addWidget(self.save_feedback_button)
        row.addStretch(1)
        row.addWidget(self.reviewed_box)
        fb.addLayout(row)

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(scroll, 2)
        lower_layout.addWidget(feedback_group, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.text_view)
        split.addWidget(lower)
        split.setSizes([260, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.flags_label)
        layout.addWidget(split, 1)

        self.save_feedback_button.clicked.connect(self._save_feedback)
        self.reviewed_box.toggled.connect(self._reviewed_toggled)
        self.setEnabled(False)

    # ---- showing -------------------------------------------------------------------------
    def set_result(self, rubric: Rubric | None, result: GradeResult | None) -> None:
        self._filling = True
        try:
            same = self.result is not None and result is not None and self.result.id == result.id
            self.rubric, self.result = rubric, result
            self.setEnabled(result is not None and rubric is not None)
            if result is None or rubric is None:
                self.header.setText(self.tr("Pick a student in the table."))
                self.flags_label.clear()
                self.text_view.clear()
                self.feedback_edit.clear()
                self._clear_grid()
                return
            self._show_header()
            reasons = result.review_reasons()
            self.flags_label.setText("\n".join(f"⚑ {r}" for r in reasons))
            self.flags_label.setVisible(bool(reasons))
            if not same or self.text_view.toPlainText() != (result.text or result.error):
                self.text_view.setPlainText(result.text or result.error)
            self.text_view.setExtraSelections(self._highlights())
            self._build_grid(same=same)
            # Keep what the teacher is typing when the same result is refreshed.
            if not (same and self.feedback_edit.document().isModified()):
                self.feedback_edit.setPlainText(result.effective_feedback)
                self.feedback_edit.document().setModified(False)
            self.reviewed_box.setChecked(result.reviewed)
        finally:
            self._filling = False

    def _show_header(self) -> None:
        result, score = self.result, score_result(self.rubric, self.result)
        total = points_text(score.total) if score.complete else "—"
        status = QCoreApplication.translate(
            "ReviewTable", STATUS_TEXT.get(result.status, result.status)
        )
        self.header.setText(
            f"<b>{_escape(result.student)}</b> — {total} / {score.max_total:g} · {status}"
        )

    def highlighted_spans(self) -> list[tuple[int, int]]:
        """Where the verified quotes are in the text (what is highlighted)."""
        spans = []
        for cr in (self.result.criteria if self.result else {}).values():
            for quote in cr.quotes:
                if quote.get("span"):
                    spans.append(tuple(quote["span"]))
        return spans

    def _highlights(self) -> list[QTextEdit.ExtraSelection]:
        selections = []
        flag_spans = [f.span for f in self.result.flags if f.span]
        for spans, color in ((flag_spans, FLAG_COLOR), (self.highlighted_spans(), QUOTE_COLOR)):
            for start, end in spans:
                selection = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.text_view.document())
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                fmt = QTextCharFormat()
                fmt.setBackground(color)
                selection.cursor, selection.format = cursor, fmt
                selections.append(selection)
        return selections

    def _clear_grid(self) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.rows.clear()

    def _build_grid(self, *, same: bool = False) -> None:
        ids = [c.id for c in self.rubric.criteria]
        if list(self.rows) == ids:  # the same criteria: update in place
            self._fill_rows(keep_typing=same)
            return
        self._clear_grid()
        for i, criterion in enumerate(self.rubric.criteria):
            row = _CriterionRow(self.criteria_box)
            row.level.setObjectName(f"level_{criterion.id}")
            row.points_edit.setObjectName(f"points_{criterion.id}")
            row.note.setObjectName(f"note_{criterion.id}")
            cid = criterion.id
            row.level.currentTextChanged.connect(lambda text, c=cid: self._level_picked(c, text))
            row.points_edit.editingFinished.connect(lambda c=cid: self._points_typed(c))
            row.note.editingFinished.connect(lambda c=cid: self._note_typed(c))
            row.reset.clicked.connect(lambda _=False, c=cid: self._reset(c))
            base = 3 * i
            self.grid.addWidget(row.name, base, 0)
            self.grid.addWidget(row.level, base, 1)
            self.grid.addWidget(row.points_edit, base, 2)
            self.grid.addWidget(row.points, base, 3)
            self.grid.addWidget(row.owner, base, 4)
            self.grid.addWidget(row.reset, base, 5)
            self.grid.addWidget(row.reason, base + 1, 0, 1, 6)
            self.grid.addWidget(row.note, base + 2, 0, 1, 6)
            self.rows[cid] = row
        self.grid.setColumnStretch(4, 1)
        self.grid.setRowStretch(3 * len(self.rubric.criteria), 1)
        self._fill_rows()

    def _fill_rows(self, *, keep_typing: bool = False) -> None:
        filling, self._filling = self._filling, True
        try:
            self._fill_rows_now(keep_typing)
        finally:
            self._filling = filling

    def _fill_rows_now(self, keep_typing: bool) -> None:
        score = score_result(self.rubric, self.result)
        for criterion in self.rubric.criteria:
            row = self.rows[criterion.id]
            cr = self.result.criteria.get(criterion.id)
            row.name.setText(f"<b>{_escape(criterion.name)}</b>")
            labels = [NO_LEVEL, *criterion.labels()]
            if [row.level.itemText(i) for i in range(row.level.count())] != labels:
                row.level.clear()
                row.level.addItems(labels)
            level = cr.effective_level if cr else None
            row.level.setCurrentText(level or NO_LEVEL)
            points = score.points[criterion.id]
            typed = cr.override_points if cr else None
            _set_line(row.points_edit, "" if typed is None else f"{typed:g}", keep_typing)
            row.points_edit.setPlaceholderText(points_text(points))
            row.points.setText(f"/ {criterion.max_points:g}")
            if cr is not None and cr.by_teacher:
                row.owner.setText(
                    self.tr("{TEACHER_MARK} teacher's (model: {value})").format(
                        TEACHER_MARK=TEACHER_MARK, value=cr.level or "—"
                    )
                )
            else:
                row.owner.setText(self.tr("model's"))
            row.reset.setVisible(cr is not None and cr.grade_by_teacher)
            row.reason.setText(_reason_text(cr))
            _set_line(row.note, cr.override_note if cr else "", keep_typing)

    # ---- teacher's changes ---------------------------------------------------------------
    def _level_picked(self, criterion_id: str, text: str) -> None:
        if self._filling or self.result is None or text == NO_LEVEL:
            return
        self.level_changed.emit(self.result.id, criterion_id, text)

    def _points_typed(self, criterion_id: str) -> None:
        edit = self.rows[criterion_id].points_edit
        if self._filling or self.result is None or not edit.isModified():
            return
        edit.setModified(False)
        text = edit.text().strip().replace(",", ".")
        try:
            points = float(text) if text else None
        except ValueError:
            self.invalid_input.emit(
                self.tr("“{text}” is not a number of points.").format(text=edit.text())
            )
            self._fill_rows()
            return
        self.points_changed.emit(self.result.id, criterion_id, points)

    def _note_typed(self, criterion_id: str) -> None:
        edit = self.rows[criterion_id].note
        if self._filling or self.result is None or not edit.isModified():
            return
        edit.setModified(False)
        self.note_changed.emit(self.result.id, criterion_id, edit.text().strip())

    def _reset(self, criterion_id: str) -> None:
        if self.result is not None:
            self.override_cleared.emit(self.result.id, criterion_id)

    def _save_feedback(self) -> None:
        if self.result is not None:
            self.feedback_edit.document().setModified(False)
            self.feedback_saved.emit(self.result.id, self.feedback_edit.toPlainText())

    def _reviewed_toggled(self, checked: bool) -> None:
        if not self._filling and self.result is not None:
            self.reviewed_changed.emit(self.result.id, checked)


def _reason_text(cr) -> str:
    if cr is None:
        return "<i>not graded</i>"
    parts = []
    if cr.reason:
        parts.append(_escape(cr.reason))
    for quote in cr.quotes:
        mark = "" if quote.get("span") else " <i>(not found in the text)</i>"
        parts.append(f"“{_escape(quote.get('text', ''))}”{mark}")
    for problem in cr.problems:
        parts.append(f"<span style='color:#c0392b'>⚑ {_escape(problem)}</span>")
    return "<br>".join(parts) or "<i>no reason given</i>"


def _set_line(edit: QLineEdit, text: str, keep_typing: bool) -> None:
    """Show `text`, unless `keep_typing` and the teacher is typing there now."""
    if keep_typing and edit.hasFocus() and edit.isModified():
        return
    if edit.text() != text:
        edit.setText(text)
    edit.setModified(False)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
