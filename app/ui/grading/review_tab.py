"""Review a run: students × criteria, one submission in detail, the class summary, exports.

The teacher's changes (a level, typed points, a note per criterion, the feedback,
"reviewed") are stored as overrides beside the model's answer. Selected rows can
be graded again ("Regrade selected"); the page runs that on its worker.

Exports (a .docx per student, a gradebook, the run as JSON) write files that a
class set makes large, so they run on the tab's worker (`app.ui.tasks`) with
the results as they were when the teacher asked; `exported` says where.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.grading import (
    GradingStore,
    GradingStoreError,
    RunInfo,
    ScoreError,
    class_summary,
    write_feedback_docx,
    write_feedback_markdown,
    write_gradebook_csv,
    write_run_json,
)
from app.ui.grading import dialogs
from app.ui.grading.review_table import ReviewTable
from app.ui.grading.submission_view import SubmissionView
from app.ui.grading.summary_chart import SummaryChart
from app.ui.tasks import Task, TaskRunner

EXPORT_THREAD = "grade-export"


def run_label(run: RunInfo) -> str:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(run.created_at))
    return f"Run {run.id} · {when} · {run.state}"


_KEEP = object()  # an override field left as it is


class ReviewTab(QWidget):
    status_message = Signal(str)
    regrade_requested = Signal(list)  # result ids
    exported = Signal(str)  # where an export was written
    export_failed = Signal(str)  # one line

    def __init__(self, store: GradingStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.assignment_id: int | None = None
        self.run: RunInfo | None = None
        self.results = []
        self.regrade_allowed = True
        self.tasks = TaskRunner(self, thread_name=EXPORT_THREAD)

        self.run_combo = QComboBox(self)
        self.run_combo.setObjectName("runPicker")
        self.csv_button = QPushButton(self.tr("Gradebook CSV…"), self)
        self.markdown_button = QPushButton(self.tr("Feedback .md…"), self)
        self.docx_button = QPushButton(self.tr("Feedback .docx…"), self)
        self.json_button = QPushButton(self.tr("Run JSON…"), self)
        self.regrade_button = QPushButton(self.tr("Regrade selected"), self)
        self.regrade_button.setObjectName("regradeButton")
        self.regrade_button.setToolTip(
            self.tr(
                "Grade the selected submissions again (Ctrl/Shift-click to select several); "
                "the others keep their grades and your changes"
            )
        )
        self.table = ReviewTable(self)
        self.chart = SummaryChart(self)
        self.detail = SubmissionView(self)
        self.empty_label = QLabel(self.tr("No grading run for this assignment yet."), self)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Run"), self))
        top.addWidget(self.run_combo, 1)
        top.addWidget(self.regrade_button)
        top.addWidget(QLabel(self.tr("Export:"), self))
        for button in (self.csv_button, self.markdown_button, self.docx_button, self.json_button):
            top.addWidget(button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.empty_label)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.chart)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setSizes([620, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.run_combo.activated.connect(
            lambda index: self.show_run(self.run_combo.itemData(index))
        )
        self.table.result_selected.connect(self.show_result)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.regrade_button.clicked.connect(
            lambda: self.regrade_requested.emit(self.table.selected_result_ids())
        )
        self.detail.level_changed.connect(self.override_level)
        self.detail.points_changed.connect(self.override_points)
        self.detail.note_changed.connect(self.set_note)
        self.detail.invalid_input.connect(self.status_message)
        self.detail.override_cleared.connect(self.clear_override)
        self.detail.feedback_saved.connect(self.save_feedback)
        self.detail.reviewed_changed.connect(self.mark_reviewed)
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.markdown_button.clicked.connect(lambda: self.export_feedback("md"))
        self.docx_button.clicked.connect(lambda: self.export_feedback("docx"))
        self.json_button.clicked.connect(lambda: self.export_json())
        self._update_buttons()

    # ---- which run -------------------------------------------------------------------------
    def set_assignment(self, assignment_id: int | None) -> None:
        self.assignment_id = assignment_id
        runs = self.store.list_runs(assignment_id) if assignment_id is not None else []
        self._fill_runs(runs)
        self.show_run(runs[0].id if runs else None)

    def _fill_runs(self, runs: list[RunInfo]) -> None:
        self.run_combo.clear()
        for run in runs:
            self.run_combo.addItem(run_label(run), run.id)

    def show_run(self, run_id: int | None) -> None:
        try:
            self.run = self.store.get_run(run_id) if run_id is not None else None
        except GradingStoreError:
            self.run = None
        if self.run is not None and self.run.assignment_id != self.assignment_id:
            self.assignment_id = self.run.assignment_id
            self._fill_runs(self.store.list_runs(self.assignment_id))
        index = self.run_combo.findData(run_id)
        if index < 0 and self.run is not None:
            self._fill_runs(self.store.list_runs(self.assignment_id))
            index = self.run_combo.findData(run_id)
        self.run_combo.setCurrentIndex(index)
        self.detail.set_result(None, None)
        self.refresh()

    def refresh(self) -> None:
        """Read the run's results again (after a result was saved or changed)."""
        if self.run is not None:
            self.run = self.store.get_run(self.run.id)
            index = self.run_combo.findData(self.run.id)
            if index >= 0:
                self.run_combo.setItemText(index, run_label(self.run))
            self.results = self.store.get_results(self.run.id)
        else:
            self.results = []
        rubric = self.run.rubric if self.run else None
        self.table.set_results(rubric, self.results)
        self.chart.set_summary(class_summary(rubric, self.results) if rubric else None)
        shown = self.detail.result
        if shown is not None:
            fresh = self.result(shown.id)
            self.detail.set_result(rubric if fresh else None, fresh)
        self._update_buttons()

    def result(self, result_id: int):
        return next((r for r in self.results if r.id == result_id), None)

    def result_saved(self, result_id: int) -> None:
        self.refresh()

    def show_result(self, result_id: int) -> None:
        self.detail.set_result(self.run.rubric if self.run else None, self.result(result_id))

    def _update_buttons(self) -> None:
        has = self.run is not None and bool(self.results)
        for button in (self.csv_button, self.markdown_button, self.docx_button, self.json_button):
            button.setEnabled(has)
        self.regrade_button.setEnabled(
            has and self.regrade_allowed and bool(self.table.selected_result_ids())
        )
        self.empty_label.setVisible(self.run is None)

    def set_regrade_allowed(self, allowed: bool) -> None:
        """The page turns regrading off while a run is going."""
        self.regrade_allowed = allowed
        self._update_buttons()

    # ---- the teacher's changes ------------------------------------------------------------------
    def override_level(self, result_id: int, criterion_id: str, level: str) -> None:
        """The teacher's level (typed points give way to it; the note stays)."""
        self._override(result_id, criterion_id, level=level, points=None)

    def override_points(self, result_id: int, criterion_id: str, points: float | None) -> None:
        """The teacher's points (None: the level's points again); the level stays."""
        self._override(result_id, criterion_id, points=points)

    def set_note(self, result_id: int, criterion_id: str, note: str) -> None:
        self._override(result_id, criterion_id, note=note)

    def clear_override(self, result_id: int, criterion_id: str) -> None:
        """Back to the model's level and points; the teacher's note stays."""
        self._override(result_id, criterion_id, level=None, points=None)

    def _override(self, result_id, criterion_id, *, level=_KEEP, points=_KEEP, note=_KEEP):
        result = self.result(result_id)
        cr = result.criteria.get(criterion_id) if result else None
        model_level = cr.level if cr else None
        if level is _KEEP:
            level = cr.override_level if cr else None
        elif level == model_level:
            level = None  # the model's own level is no override
        if points is _KEEP:
            points = cr.override_points if cr else None
        if note is _KEEP:
            note = cr.override_note if cr else ""
        try:
            if level is None and points is None and not note:
                self.store.clear_override(result_id, criterion_id)
            else:
                self.store.override_criterion(
                    result_id, criterion_id, level=level, points=points, note=note
                )
        except (GradingStoreError, ScoreError) as exc:
            self.status_message.emit(str(exc))
        self.refresh()

    def save_feedback(self, result_id: int, text: str) -> None:
        result = self.result(result_id)
        same = result is not None and text == result.feedback
        self.store.set_feedback(result_id, None if same else text)
        self.status_message.emit(self.tr("Feedback saved."))
        self.refresh()

    def mark_reviewed(self, result_id: int, reviewed: bool) -> None:
        self.store.mark_reviewed(result_id, reviewed)
        self.refresh()

    # ---- exports -------------------------------------------------------------------------------
    def _stem(self) -> str:
        title = self.run.assignment.title if self.run else "grades"
        return (
            "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in title).strip() or "grades"
        )

    def _export(self, what: str, write: Callable[[], object]) -> Task | None:
        """Run `write()` on the worker; it gets everything it needs as arguments."""
        self.status_message.emit(self.tr("Exporting the {0}…").format(what))

        def done(target) -> None:
            self.status_message.emit(self.tr("Exported the {0} to {1}.").format(what, target))
            self.exported.emit(str(target))

        def failed(message: str) -> None:  # OSError, python-docx trouble: one line
            self.status_message.emit(self.tr("Could not export the {0}: {1}").format(what, message))
            self.export_failed.emit(message)

        return self.tasks.submit(lambda _task: write(), done=done, failed=failed)

    def export_csv(self, path: str | None = None) -> Task | None:
        if self.run is None:
            return None
        path = path or dialogs.ask_save_path(
            self, self.tr("Export the gradebook"), self._stem() + ".csv", "CSV (*.csv)"
        )
        if not path:
            return None
        rubric, results = self.run.rubric, list(self.results)
        return self._export(
            self.tr("gradebook"), lambda: write_gradebook_csv(path, rubric, results)
        )

    def export_feedback(self, kind: str, folder: str | None = None) -> Task | None:
        if self.run is None:
            return None
        folder = folder or dialogs.ask_folder(self, self.tr("Export feedback into a folder"))
        if not folder:
            return None
        write = write_feedback_docx if kind == "docx" else write_feedback_markdown
        title, rubric, results = self.run.assignment.title, self.run.rubric, list(self.results)

        def run() -> Path:
            write(folder, title, rubric, results)
            return Path(folder)

        return self._export(self.tr("feedback ({0})").format(kind), run)

    def export_json(self, path: str | None = None) -> Task | None:
        if self.run is None:
            return None
        path = path or dialogs.ask_save_path(
            self, self.tr("Export the run"), self._stem() + ".json", "JSON (*.json)"
        )
        if not path:
            return None
        run, results = self.run, list(self.results)
        return self._export(self.tr("run"), lambda: write_run_json(path, run, results))

    def shutdown(self) -> None:
        """Join the export worker (the page is closing); an export under way finishes."""
        self.tasks.shutdown(timeout=30.0)
