"""The assignment (title, task, model answer, rubric, feedback settings) and its submissions.

Reading a folder of submissions parses every .docx and .pdf in it, which takes
seconds for a class set, so it runs on the tab's worker (`app.ui.tasks`): the
tab answers at once and the list fills in when the files are read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.grading import (
    Assignment,
    GradingOptions,
    GradingStore,
    GradingStoreError,
    from_text,
    load_folder,
)
from app.ui.grading import dialogs
from app.ui.grading.submissions_table import SubmissionsTable
from app.ui.tasks import Task, TaskRunner

OWN_RUBRIC = -1  # the rubric combo's entry for the copy an assignment already holds
TONES = ["encouraging", "neutral", "formal", "brief"]
FILES_THREAD = "grade-files"


class AssignmentTab(QWidget):
    status_message = Signal(str)
    assignment_changed = Signal(object)  # assignment id or None: another one is open
    submissions_changed = Signal()

    def __init__(
        self,
        store: GradingStore,
        commit_rubric: Callable[[], bool] = lambda: True,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self._commit_rubric = commit_rubric
        self.assignment: Assignment | None = None  # as last saved
        self.tasks = TaskRunner(self, thread_name=FILES_THREAD)

        self.picker = QComboBox(self)
        self.picker.setObjectName("assignmentPicker")
        self.new_button = QPushButton(self.tr("New assignment"), self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("assignmentTitle")
        self.task_edit = QPlainTextEdit(self)
        self.task_edit.setObjectName("assignmentTask")
        self.task_edit.setPlaceholderText(self.tr("The question or task the students answered"))
        self.answer_edit = QPlainTextEdit(self)
        self.answer_edit.setObjectName("modelAnswer")
        self.answer_edit.setPlaceholderText(
            self.tr("Optional: a model answer the grader may compare with")
        )
        self.rubric_combo = QComboBox(self)
        self.rubric_combo.setObjectName("assignmentRubric")
        self.tone_combo = QComboBox(self)
        self.tone_combo.setEditable(True)
        self.tone_combo.addItems(TONES)
        self.language_edit = QLineEdit("English", self)
        self.language_edit.setAccessibleName(self.tr("Feedback language"))
        self.consistency_spin = QSpinBox(self)
        self.consistency_spin.setRange(1, 5)
        self.consistency_spin.setToolTip(
            self.tr(
                "Grade each submission this many times and mark criteria where the runs disagree"
            )
        )
        self.save_button = QPushButton(self.tr("Save assignment"), self)

        self.add_folder_button = QPushButton(self.tr("Add folder…"), self)
        self.paste_button = QPushButton(self.tr("Paste text…"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.table = SubmissionsTable(self)

        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        top.addWidget(self.new_button)
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Task"), self.task_edit)
        form.addRow(self.tr("Model answer"), self.answer_edit)
        form.addRow(self.tr("Rubric"), self.rubric_combo)
        feedback = QHBoxLayout()
        feedback.addWidget(self.tone_combo)
        feedback.addWidget(self.language_edit)
        form.addRow(self.tr("Feedback tone, language"), feedback)
        form.addRow(self.tr("Consistency check (runs)"), self.consistency_spin)
        details = QWidget(self)
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addLayout(top)
        details_layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        details_layout.addLayout(row)

        subs = QGroupBox(self.tr("Submissions"), self)
        subs_layout = QVBoxLayout(subs)
        row = QHBoxLayout()
        row.addWidget(self.add_folder_button)
        row.addWidget(self.paste_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        subs_layout.addLayout(row)
        subs_layout.addWidget(self.table)
        split = QSplitter(self)
        split.addWidget(details)
        split.addWidget(subs)
        split.setSizes([480, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

        self.new_button.clicked.connect(self.new_assignment)
        self.save_button.clicked.connect(self.save)
        self.picker.activated.connect(self._picked)
        self.add_folder_button.clicked.connect(lambda: self.add_folder())
        self.paste_button.clicked.connect(lambda: self.paste_text())
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.student_renamed.connect(self._rename)
        self.refresh_rubrics()
        self.refresh_assignments()
        assignments = self.store.list_assignments()
        if assignments:
            self.open_assignment(assignments[0][0])
        else:
            self.new_assignment()

    @property
    def assignment_id(self) -> int | None:
        return self.assignment.id if self.assignment else None

    # ---- lists ---------------------------------------------------------------------------
    def refresh_rubrics(self) -> None:
        current = self.rubric_combo.currentData()
        self.rubric_combo.clear()
        if self.assignment is not None:
            self.rubric_combo.addItem(
                self.tr("{title} (this assignment's copy)").format(
                    title=self.assignment.rubric.title
                ),
                OWN_RUBRIC,
            )
        for rubric_id, title in self.store.list_rubrics():
            self.rubric_combo.addItem(title, rubric_id)
        index = self.rubric_combo.findData(current)
        if index >= 0:
            self.rubric_combo.setCurrentIndex(index)

    def refresh_assignments(self) -> None:
        self.picker.clear()
        for aid, title, _updated in self.store.list_assignments():
            self.picker.addItem(title, aid)
        if self.assignment_id is None:
            self.picker.addItem(self.tr("(new assignment)"), None)
        index = self.picker.findData(self.assignment_id)
        self.picker.setCurrentIndex(max(index, 0))

    def select_rubric(self, rubric_id: int) -> None:
        index = self.rubric_combo.findData(rubric_id)
        if index >= 0:
            self.rubric_combo.setCurrentIndex(index)

    # ---- the assignment ------------------------------------------------------------------
    def new_assignment(self) -> None:
        self.assignment = None
        self.title_edit.setText("")
        self.task_edit.setPlainText("")
        self.answer_edit.setPlainText("")
        self.refresh_rubrics()
        self.refresh_assignments()
        self.table.set_submissions([])
        self.assignment_changed.emit(None)

    def open_assignment(self, assignment_id: int) -> None:
        try:
            self.assignment = self.store.get_assignment(assignment_id)
        except GradingStoreError as exc:
            self.status_message.emit(str(exc))
            return
        a = self.assignment
        self.title_edit.setText(a.title)
        self.task_edit.setPlainText(a.task)
        self.answer_edit.setPlainText(a.model_answer)
        self.refresh_rubrics()
        self.rubric_combo.setCurrentIndex(self.rubric_combo.findData(OWN_RUBRIC))
        self.refresh_assignments()
        self.refresh_submissions()
        self.assignment_changed.emit(assignment_id)

    def _picked(self, index: int) -> None:
        aid = self.picker.itemData(index)
        if aid is not None and aid != self.assignment_id:
            self.open_assignment(aid)

    def save(self) -> int | None:
        """Store the assignment as edited (with the chosen rubric as it is now)."""
        if not self._commit_rubric():
            return None
        choice = self.rubric_combo.currentData()
        if choice is None:
            self.status_message.emit(self.tr("Choose a rubric for the assignment first."))
            return None
        rubric = (
            self.assignment.rubric
            if choice == OWN_RUBRIC and self.assignment
            else self.store.get_rubric(choice)
        )
        title = self.title_edit.text().strip() or "Untitled assignment"
        edited = Assignment(
            title,
            self.task_edit.toPlainText().strip(),
            rubric,
            self.answer_edit.toPlainText().strip(),
            id=self.assignment_id,
        )
        if edited.id is None:
            self.store.create_assignment(edited, rubric_id=choice if choice != OWN_RUBRIC else None)
        else:
            self.store.update_assignment(edited)
        first = self.assignment is None
        self.assignment = edited
        self.refresh_assignments()
        self.refresh_rubrics()
        if first:
            self.assignment_changed.emit(edited.id)
        return edited.id

    def options(self, base: GradingOptions) -> GradingOptions:
        return replace(
            base,
            feedback_tone=self.tone_combo.currentText().strip() or base.feedback_tone,
            feedback_language=self.language_edit.text().strip() or base.feedback_language,
            consistency_runs=self.consistency_spin.value(),
        )

    # ---- submissions ---------------------------------------------------------------------
    def refresh_submissions(self) -> None:
        aid = self.assignment_id
        self.table.set_submissions(self.store.submissions(aid) if aid is not None else [])

    def submission_count(self) -> int:
        return self.table.rowCount()

    def _ensure_saved(self) -> int | None:
        return self.assignment_id if self.assignment_id is not None else self.save()

    @property
    def reading(self) -> bool:
        """A folder of submissions is being read."""
        return self.tasks.busy("folder")

    def add_folder(self, folder: str | None = None) -> Task | None:
        """Read `folder` in the background; the submissions are added when it is read."""
        aid = self._ensure_saved()
        if aid is None:
            return None
        folder = folder or dialogs.ask_folder(self, self.tr("Add a folder of submissions"))
        if not folder:
            return None
        self.add_folder_button.setEnabled(False)
        self.status_message.emit(self.tr("Reading the submissions in {0}…").format(folder))
        return self.tasks.submit(
            lambda _task: load_folder(folder),
            done=lambda subs: self._folder_read(aid, subs),
            failed=self._folder_failed,
            ended=lambda: self.add_folder_button.setEnabled(True),
            key="folder",
        )

    def _folder_read(self, assignment_id: int, subs: list) -> None:
        try:
            self.store.add_submissions(assignment_id, subs)
        except (GradingStoreError, sqlite3.Error) as exc:  # the assignment is gone
            self.status_message.emit(str(exc))
            return
        if assignment_id == self.assignment_id:
            self.refresh_submissions()
        self.submissions_changed.emit()
        self.status_message.emit(self.tr("Added {0} submission(s).").format(len(subs)))

    def _folder_failed(self, message: str) -> None:
        self.status_message.emit(self.tr("Could not read the folder: {0}").format(message))

    def shutdown(self) -> None:
        """Drop a folder still being read and join the worker (the page is closing)."""
        self.tasks.shutdown()

    def paste_text(self, student: str | None = None, text: str | None = None) -> bool:
        aid = self._ensure_saved()
        if aid is None:
            return False
        if text is None:
            answer = dialogs.ask_pasted_text(self)
            if answer is None:
                return False
            student, text = answer
        self.store.add_submissions(aid, [from_text(text, student or "")])
        self.refresh_submissions()
        self.submissions_changed.emit()
        return True

    def remove_selected(self) -> None:
        for sid in self.table.selected_ids():
            self.store.remove_submission(sid)
        self.refresh_submissions()
        self.submissions_changed.emit()

    def _rename(self, submission_id: int, student: str) -> None:
        try:
            self.store.rename_student(submission_id, student)
        except GradingStoreError as exc:
            self.status_message.emit(str(exc))
        # Not now: the table is inside its itemChanged signal for the edited cell.
        QTimer.singleShot(0, self, self.refresh_submissions)
