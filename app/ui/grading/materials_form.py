"""What to make: the source (a topic, or a document read by the grading readers) and
the kind, counts, language and level. Its own widget so the Materials tab is only
about running, editing and exporting.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.core.grading import MaterialsOptions, read_document
from app.core.grading.materials import EXERCISE, QUIZ
from app.ui.grading import dialogs
from app.ui.tasks import TaskRunner

DOCUMENT_FILTER = "Documents (*.txt *.md *.markdown *.docx *.pdf);;All files (*)"
NO_DOCUMENT = "No document: the topic is used."


class MaterialsForm(QWidget):
    status_message = Signal(str)
    document_loaded = Signal(bool)  # a load ended: True when a document is in place

    def __init__(self, defaults: MaterialsOptions, parent: QWidget | None = None):
        super().__init__(parent)
        self.document_text = ""
        self.document_name = ""
        # A .pdf of hundreds of pages takes seconds to read: never on the GUI thread.
        self._reader = TaskRunner(self, thread_name="quillmate-materials-read")
        self.topic_edit = QLineEdit(self)
        self.topic_edit.setObjectName("materialsTopic")
        self.topic_edit.setPlaceholderText(self.tr("A topic, e.g. “the water cycle”"))
        self.load_button = QPushButton(self.tr("Load document…"), self)
        self.clear_document_button = QPushButton(self.tr("Clear"), self)
        self.document_label = QLabel(NO_DOCUMENT, self)
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("Quiz"), QUIZ)
        self.kind_combo.addItem(self.tr("Practice exercise"), EXERCISE)
        self.choice_spin = _spin(self, 0, 20, defaults.n_choice)
        self.short_spin = _spin(self, 0, 20, defaults.n_short)
        self.tasks_spin = _spin(self, 1, 20, defaults.n_tasks)
        self.choice_label = QLabel(self.tr("Multiple choice"), self)
        self.short_label = QLabel(self.tr("Short answer"), self)
        self.tasks_label = QLabel(self.tr("Tasks"), self)
        self.language_edit = QLineEdit(defaults.language, self)
        self.level_edit = QLineEdit(self)
        self.level_edit.setPlaceholderText(self.tr("Optional: e.g. Year 7, beginners"))

        source = QGroupBox(self.tr("Source"), self)
        form = QFormLayout(source)
        form.addRow(self.tr("Topic"), self.topic_edit)
        document = QHBoxLayout()
        document.addWidget(self.load_button)
        document.addWidget(self.clear_document_button)
        document.addWidget(self.document_label, 1)
        form.addRow(self.tr("Document"), document)
        make = QGroupBox(self.tr("Make"), self)
        options = QFormLayout(make)
        options.addRow(self.tr("What"), self.kind_combo)
        counts = QHBoxLayout()
        for label, spin in (
            (self.choice_label, self.choice_spin),
            (self.short_label, self.short_spin),
            (self.tasks_label, self.tasks_spin),
        ):
            counts.addWidget(label)
            counts.addWidget(spin)
        counts.addStretch(1)
        options.addRow(self.tr("Questions"), counts)
        language = QHBoxLayout()
        language.addWidget(self.language_edit)
        language.addWidget(QLabel(self.tr("Level"), self))
        language.addWidget(self.level_edit, 1)
        options.addRow(self.tr("Language"), language)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(source, 1)
        layout.addWidget(make, 1)

        self.load_button.clicked.connect(lambda: self.load_document())
        self.clear_document_button.clicked.connect(self.clear_document)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.clear_document_button.setEnabled(False)

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def topic(self) -> str:
        return self.topic_edit.text().strip()

    def options(self, base: MaterialsOptions) -> MaterialsOptions:
        """`base` (the bounds) with what the teacher chose here."""
        return replace(
            base,
            n_choice=self.choice_spin.value(),
            n_short=self.short_spin.value(),
            n_tasks=self.tasks_spin.value(),
            language=self.language_edit.text().strip() or "English",
            level=self.level_edit.text().strip(),
        )

    def problem(self) -> str:
        """Why generating cannot start yet, or ""."""
        if not self.topic() and not self.document_text.strip():
            return "Give a topic or load a document first."
        if self.kind() == QUIZ and self.choice_spin.value() + self.short_spin.value() == 0:
            return "Ask for at least one question."
        return ""

    def load_document(self, path: str | None = None) -> bool:
        """Read a document on a worker thread; False if none was chosen.

        `document_loaded` says how it ended; until then the Load button is off.
        """
        path = path or dialogs.ask_open_path(self, "Load a document", DOCUMENT_FILTER)
        if not path:
            return False
        name = Path(path).name
        self.load_button.setEnabled(False)
        self.document_label.setText(self.tr("Reading {name}…").format(name=name))
        self._reader.submit(
            lambda _task: read_document(path),
            done=lambda text: self._document_read(name, text),
            failed=self._document_failed,
            ended=lambda: self.load_button.setEnabled(True),
        )
        return True

    def _document_read(self, name: str, text: str) -> None:
        if not text.strip():
            self._show_document()
            self.status_message.emit(self.tr("{name} has no text in it.").format(name=name))
            self.document_loaded.emit(False)
            return
        self.document_text, self.document_name = text, name
        self._show_document()
        self.document_loaded.emit(True)

    def _document_failed(self, message: str) -> None:
        # The message names the file and the reason (or the limit) already.
        self._show_document()
        self.status_message.emit(
            self.tr("Could not read the document: {error}").format(error=message)
        )
        self.document_loaded.emit(False)

    def _show_document(self) -> None:
        if self.document_name:
            words = len(self.document_text.split())
            self.document_label.setText(
                self.tr("{document_name} · {words} words").format(
                    document_name=self.document_name, words=words
                )
            )
        else:
            self.document_label.setText(NO_DOCUMENT)
        self.clear_document_button.setEnabled(bool(self.document_name))

    def shutdown(self) -> None:
        self._reader.shutdown()

    def clear_document(self) -> None:
        self.document_text = self.document_name = ""
        self.document_label.setText(NO_DOCUMENT)
        self.clear_document_button.setEnabled(False)

    def _kind_changed(self) -> None:
        quiz = self.kind() == QUIZ
        for widget in (self.choice_label, self.choice_spin, self.short_label, self.short_spin):
            widget.setVisible(quiz)
        self.tasks_label.setVisible(not quiz)
        self.tasks_spin.setVisible(not quiz)


def _spin(parent: QWidget, low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(low, high)
    spin.setValue(value)
    return spin
