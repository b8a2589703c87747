"""The Materials tab: a quiz or a practice exercise from a topic or a document.

The teacher gives a topic or loads a document (.txt/.md/.docx/.pdf, read by the
grading document readers), picks what to make, generates on MaterialsController's
worker thread (progress, Stop), edits the result in a form, and exports it as
Markdown, .docx or JSON in a student version (no answers) or a teacher version
(with the key). The form is autosaved as a draft file beside the database, so
edits survive closing the app; a new generation asks before replacing edits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.grading import (
    MaterialsError,
    MaterialsOptions,
    problems_of,
    read_materials_json,
    write_materials,
)
from app.core.grading.materials import QUIZ, Exercise, Quiz
from app.ui.grading import dialogs
from app.ui.grading.materials_editor import ExerciseEditor, QuizEditor
from app.ui.grading.materials_form import MaterialsForm
from app.ui.grading.materials_worker import MaterialsController, MaterialsJob

log = logging.getLogger(__name__)

EXPORTS = {
    "markdown": (".md", "Markdown (*.md)"),
    "docx": (".docx", "Word document (*.docx)"),
    "json": (".json", "JSON (*.json)"),
}
AUTOSAVE_MS = 800
REPLACE_EDITS = ("Replace your edits?", "The materials below have your edits. Replace them?")


class MaterialsTab(QWidget):
    status_message = Signal(str)

    def __init__(
        self,
        engine,
        *,
        load_model: Callable[[], None] = lambda: None,
        model_loading: Callable[[], bool] = lambda: False,
        draft_path: str | Path | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.base_options = MaterialsOptions()  # bounds the UI does not set (tests shrink them)
        self.draft: Quiz | Exercise | None = None  # an unusable reply, offered for editing
        self.modified = False  # the form has edits not made by a generation
        self._job_kind = QUIZ
        self.draft_path = Path(draft_path) if draft_path else None
        self._model_loading = model_loading
        self.controller = MaterialsController(engine, load_model, self)

        self.form = MaterialsForm(self.base_options, self)
        self.generate_button = QPushButton(self.tr("Generate"), self)
        self.generate_button.setObjectName("materialsGenerate")
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.setTextVisible(False)
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("materialsStatus")
        self.status_label.setWordWrap(True)
        self.draft_button = QPushButton(self.tr("Edit the draft anyway"), self)
        self.draft_button.hide()

        self.quiz_editor = QuizEditor(self)
        self.exercise_editor = ExerciseEditor(self)
        self.empty_label = QLabel(
            self.tr("Generate a quiz or an exercise, or open a saved one."), self
        )
        self.stack = QStackedWidget(self)
        for widget in (self.empty_label, self.quiz_editor, self.exercise_editor):
            self.stack.addWidget(widget)
        self.version_combo = QComboBox(self)
        self.version_combo.addItem(self.tr("Student version (no answers)"), False)
        self.version_combo.addItem(self.tr("Teacher version (with answers)"), True)
        self.markdown_button = QPushButton(self.tr("Markdown…"), self)
        self.docx_button = QPushButton(self.tr("Word .docx…"), self)
        self.json_button = QPushButton(self.tr("JSON…"), self)
        self.open_button = QPushButton(self.tr("Open JSON…"), self)

        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_MS)
        self._autosave_timer.timeout.connect(self.save_draft)

        self._layout()
        self._connect()
        self.restore_draft()
        self._update_buttons()

    def _layout(self) -> None:
        run = QHBoxLayout()
        run.addWidget(self.generate_button)
        run.addWidget(self.stop_button)
        run.addWidget(self.progress_bar, 1)
        status = QHBoxLayout()
        status.addWidget(self.status_label, 1)
        status.addWidget(self.draft_button)
        export = QHBoxLayout()
        export.addWidget(QLabel(self.tr("Export"), self))
        export.addWidget(self.version_combo)
        for button in (self.markdown_button, self.docx_button, self.json_button):
            export.addWidget(button)
        export.addStretch(1)
        export.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(run)
        layout.addLayout(status)
        layout.addWidget(self.stack, 1)
        layout.addLayout(export)

    def _connect(self) -> None:
        self.form.status_message.connect(self._say)
        self.generate_button.clicked.connect(lambda: self.generate())
        self.stop_button.clicked.connect(self.stop)
        self.draft_button.clicked.connect(self.edit_draft)
        self.markdown_button.clicked.connect(lambda: self.export("markdown"))
        self.docx_button.clicked.connect(lambda: self.export("docx"))
        self.json_button.clicked.connect(lambda: self.export("json"))
        self.open_button.clicked.connect(lambda: self.open_json())
        self.quiz_editor.changed.connect(self._edited)
        self.exercise_editor.changed.connect(self._edited)
        self.controller.progress.connect(self._on_progress)
        self.controller.finished.connect(self._on_finished)
        self.controller.failed.connect(self._on_failed)
        self.controller.busy_changed.connect(lambda _busy: self._update_buttons())

    # ---- generating ----------------------------------------------------------------------
    def generate(self) -> bool:
        """Start generating on the worker thread; False if it could not start."""
        if self.controller.is_busy:
            return False
        problem = self.form.problem()
        if problem:
            self._say(problem)
            return False
        if self._model_loading():
            self._say(self.tr("The model is still loading; try again in a moment."))
            return False
        if self.modified and not dialogs.ask_yes_no(self, *REPLACE_EDITS):
            return False
        self.draft = None
        self.draft_button.hide()
        self.progress_bar.setRange(0, 0)  # busy until the first token
        self.status_label.setText(self.tr("Reading the source…"))
        form = self.form
        self._job_kind = form.kind()
        options = form.options(self.base_options)
        self.controller.start(MaterialsJob(form.kind(), form.topic(), form.document_text, options))
        return True

    def stop(self) -> None:
        if self.controller.is_busy:
            self.controller.stop()
            self._reset_progress()
            self._say(self.tr("Stopped."))

    def _on_progress(self, written: int, budget: int) -> None:
        self.progress_bar.setRange(0, max(budget, 1))
        self.progress_bar.setValue(min(written, budget))
        what = self.tr("quiz") if self._job_kind == QUIZ else self.tr("exercise")
        self.status_label.setText(
            self.tr("Writing the {what}… {written} tokens").format(what=what, written=written)
        )

    def _on_finished(self, material) -> None:
        self._reset_progress()
        self.set_material(material)
        self._say(
            self.tr("Done: check and edit the {value}.").format(
                value=self.tr("quiz") if material.kind == QUIZ else self.tr("exercise")
            )
        )

    def _on_failed(self, message: str, draft) -> None:
        self._reset_progress()
        self.draft = draft
        self.draft_button.setVisible(draft is not None)
        self._say(self.tr("Could not make it: {message}").format(message=message))

    def edit_draft(self) -> None:
        if self.draft is not None:
            draft, self.draft = self.draft, None
            self.draft_button.hide()
            self.set_material(draft, modified=True)
            self.show_problems()

    def _reset_progress(self) -> None:
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self._update_buttons()

    # ---- the form ------------------------------------------------------------------------
    def material(self) -> Quiz | Exercise | None:
        """What the form shows now, with the teacher's edits."""
        widget = self.stack.currentWidget()
        if widget is self.quiz_editor:
            return self.quiz_editor.quiz()
        if widget is self.exercise_editor:
            return self.exercise_editor.exercise()
        return None

    def set_material(self, material: Quiz | Exercise, *, modified: bool = False) -> None:
        if isinstance(material, Quiz):
            self.quiz_editor.set_quiz(material)
            self.stack.setCurrentWidget(self.quiz_editor)
        else:
            self.exercise_editor.set_exercise(material)
            self.stack.setCurrentWidget(self.exercise_editor)
        self.modified = modified
        self.save_draft()
        self._update_buttons()

    def _edited(self) -> None:
        self.modified = True
        self._autosave_timer.start()

    def show_problems(self, *, key: bool = True) -> list[str]:
        material = self.material()
        problems = problems_of(material, key=key) if material is not None else []
        if problems:
            self.status_label.setText("To fix: " + "; ".join(problems[:3]))
        return problems

    # ---- files ---------------------------------------------------------------------------
    def export(self, fmt: str, path: str | None = None, *, answers: bool | None = None):
        """Write the form's materials; returns the path written, or None."""
        material = self.material()
        if material is None:
            return None
        answers = self.version_combo.currentData() if answers is None else answers
        suffix, file_filter = EXPORTS[fmt]
        version = "teacher" if answers else "student"
        stem = _stem(material.title) + f" ({version})"
        path = path or dialogs.ask_save_path(self, self.tr("Export"), stem + suffix, file_filter)
        if not path:
            return None
        if not path.lower().endswith((suffix, ".markdown" if fmt == "markdown" else suffix)):
            path += suffix
        try:
            written = write_materials(path, material, answers=answers)
        except (OSError, MaterialsError, ValueError) as exc:
            self._say(self.tr("Could not export: {exc}").format(exc=exc))
            return None
        problems = problems_of(material, key=answers)
        warning = self.tr(" Check: {problem}.").format(problem=problems[0]) if problems else ""
        self._say(
            self.tr("Exported the {version} version to {written}.{warning}").format(
                version=self.tr("teacher") if answers else self.tr("student"),
                written=written,
                warning=warning,
            )
        )
        return str(written)

    def open_json(self, path: str | None = None) -> bool:
        path = path or dialogs.ask_open_path(self, "Open a quiz or exercise", "JSON (*.json)")
        if not path:
            return False
        if self.modified and not dialogs.ask_yes_no(self, *REPLACE_EDITS):
            return False
        try:
            material = read_materials_json(path)
        except MaterialsError as exc:
            self._say(str(exc))
            return False
        self.set_material(material)
        self._say(self.tr("Opened {name}.").format(name=Path(path).name))
        return True

    def save_draft(self) -> None:
        """Keep the form in the draft file (edits survive closing the app)."""
        self._autosave_timer.stop()
        material = self.material()
        if self.draft_path is None or material is None:
            return
        try:
            self.draft_path.parent.mkdir(parents=True, exist_ok=True)
            write_materials(self.draft_path, material, answers=True)
        except (OSError, MaterialsError) as exc:
            log.warning("could not save the materials draft: %s", exc)

    def restore_draft(self) -> None:
        if self.draft_path is None or not self.draft_path.exists():
            return
        try:
            material = read_materials_json(self.draft_path)
        except MaterialsError as exc:
            log.warning("could not restore the materials draft: %s", exc)
            return
        self.set_material(material, modified=True)

    def shutdown(self) -> None:
        if self._autosave_timer.isActive():
            self.save_draft()
        self.form.shutdown()
        self.controller.shutdown()

    # ---- helpers -------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        busy = self.controller.is_busy
        self.generate_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        has = self.stack.currentWidget() is not self.empty_label
        for button in (self.markdown_button, self.docx_button, self.json_button):
            button.setEnabled(has)

    def _say(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_message.emit(text)


def _stem(title: str) -> str:
    return (
        "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in title).strip() or "materials"
    )
