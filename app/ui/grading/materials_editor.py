"""Editable forms for a generated quiz or exercise.

The model's draft is only a start: every question, choice, correct answer,
explanation, model answer, task and the solution is an ordinary field, and
questions can be added or removed. The form is the truth once shown: `quiz()` /
`exercise()` read what the teacher sees, so exports carry the edits. `changed`
fires on every edit (the tab keeps a draft file and asks before replacing edits).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.grading.materials import (
    LETTERS,
    ChoiceQuestion,
    Exercise,
    Quiz,
    ShortQuestion,
)


class ChoiceQuestionBox(QGroupBox):
    """One multiple-choice question: the question, lettered choices with a radio
    button for the correct one, and the explanation."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, question: ChoiceQuestion, parent: QWidget | None = None):
        super().__init__(parent)
        self.question_edit = QLineEdit(question.question, self)
        self.question_edit.setPlaceholderText(self.tr("The question"))
        self.answer_group = QButtonGroup(self)
        self.choice_edits: list[QLineEdit] = []
        self.answer_buttons: list[QRadioButton] = []
        self.explanation_edit = QLineEdit(question.explanation, self)
        self.explanation_edit.setPlaceholderText(
            self.tr("Why the answer is right (teacher's version)")
        )
        self.remove_button = QPushButton(self.tr("Remove"), self)
        form = QFormLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.question_edit, 1)
        top.addWidget(self.remove_button)
        form.addRow(self.tr("Question"), top)
        choices = list(question.choices) or ["", "", "", ""]
        for i, text in enumerate(choices[: len(LETTERS)]):
            edit = QLineEdit(text, self)
            button = QRadioButton(self)
            button.setToolTip(self.tr("The correct answer"))
            self.answer_group.addButton(button, i)
            button.setChecked(i == question.answer_index)
            row = QHBoxLayout()
            row.addWidget(button)
            row.addWidget(edit, 1)
            form.addRow(f"{LETTERS[i]})", row)
            self.choice_edits.append(edit)
            self.answer_buttons.append(button)
            edit.textEdited.connect(self.changed)
            button.toggled.connect(lambda on: on and self.changed.emit())
        form.addRow(self.tr("Explanation"), self.explanation_edit)
        self.question_edit.textEdited.connect(self.changed)
        self.explanation_edit.textEdited.connect(self.changed)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))

    def set_answer(self, letter: str) -> None:
        self.answer_buttons[LETTERS.index(letter)].setChecked(True)

    def value(self) -> ChoiceQuestion:
        index = self.answer_group.checkedId()
        return ChoiceQuestion(
            question=self.question_edit.text().strip(),
            choices=[edit.text().strip() for edit in self.choice_edits],
            answer=LETTERS[index] if index >= 0 else "",
            explanation=self.explanation_edit.text().strip(),
        )


class ShortQuestionBox(QGroupBox):
    """One short-answer question and its model answer (the key)."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, question: ShortQuestion, parent: QWidget | None = None):
        super().__init__(parent)
        self.question_edit = QLineEdit(question.question, self)
        self.question_edit.setPlaceholderText(self.tr("The question"))
        self.answer_edit = QLineEdit(question.answer, self)
        self.answer_edit.setPlaceholderText(self.tr("A model answer (teacher's version)"))
        self.remove_button = QPushButton(self.tr("Remove"), self)
        form = QFormLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.question_edit, 1)
        top.addWidget(self.remove_button)
        form.addRow(self.tr("Question"), top)
        form.addRow(self.tr("Answer key"), self.answer_edit)
        self.question_edit.textEdited.connect(self.changed)
        self.answer_edit.textEdited.connect(self.changed)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))

    def value(self) -> ShortQuestion:
        return ShortQuestion(self.question_edit.text().strip(), self.answer_edit.text().strip())


class _Scrolling(QWidget):
    """A title line over a scrolling column of boxes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(self.tr("Title"))
        self.title_edit.textEdited.connect(self.changed)
        self.body = QWidget(self)
        self.column = QVBoxLayout(self.body)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QHBoxLayout()
        title.addWidget(QLabel(self.tr("Title"), self))
        title.addWidget(self.title_edit, 1)
        layout.addLayout(title)
        layout.addWidget(scroll, 1)


class QuizEditor(_Scrolling):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.choice_boxes: list[ChoiceQuestionBox] = []
        self.short_boxes: list[ShortQuestionBox] = []
        self.choice_area = QVBoxLayout()
        self.short_area = QVBoxLayout()
        self.add_choice_button = QPushButton(self.tr("Add a multiple-choice question"), self.body)
        self.add_short_button = QPushButton(self.tr("Add a short-answer question"), self.body)
        self.column.addWidget(QLabel(self.tr("<b>Multiple choice</b>"), self.body))
        self.column.addLayout(self.choice_area)
        self.column.addWidget(self.add_choice_button)
        self.column.addWidget(QLabel(self.tr("<b>Short answer</b>"), self.body))
        self.column.addLayout(self.short_area)
        self.column.addWidget(self.add_short_button)
        self.column.addStretch(1)
        self.add_choice_button.clicked.connect(lambda: self.add_choice_question())
        self.add_short_button.clicked.connect(lambda: self.add_short_question())

    def set_quiz(self, quiz: Quiz) -> None:
        for box in self.choice_boxes + self.short_boxes:
            box.setParent(None)
            box.deleteLater()
        self.choice_boxes, self.short_boxes = [], []
        self.title_edit.setText(quiz.title)
        for q in quiz.multiple_choice:
            self._add_choice(q)
        for q in quiz.short_answer:
            self._add_short(q)
        self._renumber()

    def quiz(self) -> Quiz:
        return Quiz(
            self.title_edit.text().strip(),
            [box.value() for box in self.choice_boxes],
            [box.value() for box in self.short_boxes],
        )

    def add_choice_question(self) -> ChoiceQuestionBox:
        box = self._add_choice(ChoiceQuestion("", ["", "", "", ""], ""))
        self._renumber()
        self.changed.emit()
        return box

    def add_short_question(self) -> ShortQuestionBox:
        box = self._add_short(ShortQuestion("", ""))
        self._renumber()
        self.changed.emit()
        return box

    def _add_choice(self, question: ChoiceQuestion) -> ChoiceQuestionBox:
        box = ChoiceQuestionBox(question, self.body)
        self._connect(box)
        self.choice_area.addWidget(box)
        self.choice_boxes.append(box)
        return box

    def _add_short(self, question: ShortQuestion) -> ShortQuestionBox:
        box = ShortQuestionBox(question, self.body)
        self._connect(box)
        self.short_area.addWidget(box)
        self.short_boxes.append(box)
        return box

    def _connect(self, box) -> None:
        box.changed.connect(self.changed)
        box.remove_requested.connect(self.remove)

    def remove(self, box) -> None:
        for boxes in (self.choice_boxes, self.short_boxes):
            if box in boxes:
                boxes.remove(box)
        box.setParent(None)
        box.deleteLater()
        self._renumber()
        self.changed.emit()

    def _renumber(self) -> None:
        for n, box in enumerate(self.choice_boxes + self.short_boxes, 1):
            box.setTitle(self.tr("Question {n}").format(n=n))


class ExerciseEditor(_Scrolling):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.instructions_edit = QPlainTextEdit(self.body)
        self.instructions_edit.setPlaceholderText(self.tr("Instructions for the students"))
        self.instructions_edit.setMaximumHeight(90)
        self.task_edits: list[QLineEdit] = []
        self.task_area = QVBoxLayout()
        self.add_task_button = QPushButton(self.tr("Add a task"), self.body)
        self.solution_edit = QPlainTextEdit(self.body)
        self.solution_edit.setPlaceholderText(self.tr("The worked solution (teacher's version)"))
        self.column.addWidget(QLabel(self.tr("<b>Instructions</b>"), self.body))
        self.column.addWidget(self.instructions_edit)
        self.column.addWidget(
            QLabel(self.tr("<b>Tasks</b> (an empty task is left out)"), self.body)
        )
        self.column.addLayout(self.task_area)
        self.column.addWidget(self.add_task_button)
        self.column.addWidget(QLabel(self.tr("<b>Solution</b>"), self.body))
        self.column.addWidget(self.solution_edit, 1)
        self.instructions_edit.textChanged.connect(self._text_changed)
        self.solution_edit.textChanged.connect(self._text_changed)
        self.add_task_button.clicked.connect(lambda: self.add_task())
        self._filling = False

    def set_exercise(self, exercise: Exercise) -> None:
        self._filling = True
        try:
            for edit in self.task_edits:
                edit.setParent(None)
                edit.deleteLater()
            self.task_edits = []
            self.title_edit.setText(exercise.title)
            self.instructions_edit.setPlainText(exercise.instructions)
            self.solution_edit.setPlainText(exercise.solution)
            for task in exercise.tasks:
                self._add_task(task)
        finally:
            self._filling = False

    def exercise(self) -> Exercise:
        return Exercise(
            self.title_edit.text().strip(),
            self.instructions_edit.toPlainText().strip(),
            [edit.text().strip() for edit in self.task_edits if edit.text().strip()],
            self.solution_edit.toPlainText().strip(),
        )

    def add_task(self, text: str = "") -> QLineEdit:
        edit = self._add_task(text)
        self.changed.emit()
        return edit

    def _add_task(self, text: str) -> QLineEdit:
        edit = QLineEdit(text, self.body)
        edit.setPlaceholderText(self.tr("Task {value}").format(value=len(self.task_edits) + 1))
        edit.textEdited.connect(self.changed)
        self.task_area.addWidget(edit)
        self.task_edits.append(edit)
        return edit

    def _text_changed(self) -> None:
        if not self._filling:
            self.changed.emit()
