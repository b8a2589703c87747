"""The document editor: plain text, with AI edits applied as single undo steps."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from app.core.writing import TextEdit

HIGHLIGHT = {"positive": "#c8f0c8", "negative": "#f8c8c8"}
NEUTRAL_HIGHLIGHT = "#fff0a8"


class DocumentEditor(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("writeEditor")
        self.setPlaceholderText(self.tr("Write here, or open a document."))
        self.setTabChangesFocus(False)

    def text(self) -> str:
        return self.toPlainText()

    def selection(self) -> tuple[int, int]:
        """(start, end) of the selection; equal when nothing is selected."""
        cursor = self.textCursor()
        return cursor.selectionStart(), cursor.selectionEnd()

    def select_range(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def apply_edits(self, edits: Iterable[TextEdit], offset: int = 0) -> int:
        """Apply edits (each relative to `offset`) as ONE undo step; returns how many."""
        edits = list(edits)
        if not edits:
            return 0
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        try:
            for edit in edits:  # ChangeSet gives several in reverse order: safe one by one
                cursor.setPosition(offset + edit.start)
                cursor.setPosition(offset + edit.end, QTextCursor.MoveMode.KeepAnchor)
                cursor.insertText(edit.text)
        finally:
            cursor.endEditBlock()
        return len(edits)

    def set_highlights(self, spans: Iterable[tuple[int, int, str]], offset: int = 0) -> None:
        """Mark (start, end, label) spans, e.g. the phrases that carry a sentiment."""
        selections = []
        for start, end, label in spans:
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(HIGHLIGHT.get(label, NEUTRAL_HIGHLIGHT)))
            fmt.setToolTip(label)
            selection.format = fmt
            cursor = QTextCursor(self.document())
            cursor.setPosition(offset + start)
            cursor.setPosition(offset + end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.setExtraSelections(selections)

    def highlight_count(self) -> int:
        return len(self.extraSelections())
