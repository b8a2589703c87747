"""A cited source opened at its place: the page or lines, the passage highlighted.

Peers' citations often open nothing, or the first page. Here a click on a source in
a reply shows the text the passage came from (a PDF's page, or the whole text
file) read again from disk on a worker thread, scrolls to the cited lines and
highlights them; "Open file" hands the file to the system's own viewer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.sources.extract import read_source
from app.core.sources.indexer import SOURCE_LIMITS
from app.ui.tasks import TaskRunner

HIGHLIGHT = "#fff3a3"


def unit_text(path: str, page: int | None) -> str:
    """The text a passage's lines count in: its page of a PDF, else the whole file."""
    read = read_source(Path(path), SOURCE_LIMITS)
    for unit in read.units:
        if unit.page == page:
            return unit.text
    raise ValueError(f"{Path(path).name}: page {page} has no text any more")


class SourceViewer(QDialog):
    shown_passage = Signal(int, int)  # the first and last line highlighted

    def __init__(self, source: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sourceViewer")
        self.source = source
        name = Path(source["file"]).name
        where = self.tr("page {page}, ").format(page=source["page"]) if source.get("page") else ""
        lines = self.tr("lines {a}–{b}").format(a=source["line_start"], b=source["line_end"])
        self.setWindowTitle(f"[{source.get('number', '')}] {name}")
        self.resize(720, 560)
        self.heading = QLabel(f"<b>{name}</b> — {where}{lines}", self)
        if source.get("cited") and not source.get("verified"):
            self.heading.setText(self.heading.text() + self.tr(" — unverified citation"))
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("sourceText")
        self.text.setReadOnly(True)
        self.text.setPlainText(self.tr("Reading {name}…").format(name=name))
        open_button = QPushButton(self.tr("Open file"), self)
        open_button.clicked.connect(self.open_file)
        close_button = QPushButton(self.tr("Close"), self)
        close_button.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(open_button)
        row.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        self._runner = TaskRunner(self, thread_name="quillmate-source-view")
        self._runner.submit(
            lambda _task: unit_text(source["file"], source.get("page")),
            done=self._show,
            failed=lambda message: self.text.setPlainText(message),
        )

    def _show(self, text: str) -> None:
        self.text.setPlainText(text)
        first, last = self.source["line_start"], self.source["line_end"]
        document = self.text.document()
        start = document.findBlockByNumber(max(first - 1, 0))
        end = document.findBlockByNumber(max(last - 1, 0))
        cursor = QTextCursor(start)
        cursor.setPosition(
            end.position() + max(end.length() - 1, 0), QTextCursor.MoveMode.KeepAnchor
        )
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(HIGHLIGHT))
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.format = fmt
        self.text.setExtraSelections([selection])
        self.text.setTextCursor(QTextCursor(start))
        self.text.centerCursor()
        self.shown_passage.emit(first, last)

    def highlighted_text(self) -> str:
        selections = self.text.extraSelections()
        return selections[0].cursor.selectedText().replace("\u2029", "\n") if selections else ""

    def open_file(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.source["file"]))

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        self._runner.shutdown()
        super().done(result)
