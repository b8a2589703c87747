"""Story helpers: the document's memory and author's note, added to every request."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGroupBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.core.writing import DocumentNotes


class NotesBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(QCoreApplication.translate("NotesBox", "Memory and author's note"), parent)
        self.setObjectName("notesBox")
        self.setCheckable(True)
        self.setChecked(False)  # folded away until the writer wants it
        self.memory = QPlainTextEdit(self)
        self.memory.setObjectName("memoryEdit")
        self.memory.setPlaceholderText(
            self.tr("Facts the model must keep: names, places, what happened…")
        )
        self.authors_note = QPlainTextEdit(self)
        self.authors_note.setObjectName("authorsNoteEdit")
        self.authors_note.setPlaceholderText(
            self.tr("Style guidance, e.g. “short sentences, dry humour”")
        )
        for edit in (self.memory, self.authors_note):
            edit.setMaximumHeight(70)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Memory"), self))
        layout.addWidget(self.memory)
        layout.addWidget(QLabel(self.tr("Author's note"), self))
        layout.addWidget(self.authors_note)
        self.toggled.connect(self._fold)
        self._fold(False)

    def _fold(self, on: bool) -> None:
        for child in self.findChildren(QWidget):
            child.setVisible(on)

    def notes(self) -> DocumentNotes:
        return DocumentNotes(
            memory=self.memory.toPlainText(), authors_note=self.authors_note.toPlainText()
        )

    def set_notes(self, notes: DocumentNotes) -> None:
        self.memory.setPlainText(notes.memory)
        self.authors_note.setPlainText(notes.authors_note)
        if not notes.is_empty():
            self.setChecked(True)
