"""The changes side by side: the original on the left, the suggested text on the right.

The inline view mixes deletions and insertions in one text, which is compact
but hard to read when a sentence is rewritten whole; side by side each text
reads as itself. Deletions are marked on the left, insertions on the right,
each change is a link (`change:N`) on both sides, and the two panes scroll
together (by proportion, since the texts differ in length).
"""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from app.core.writing import ChangeSet
from app.ui.safe_browser import SafeTextBrowser
from app.ui.writing.changes_view import CURRENT_STYLE, DELETE_STYLE, INSERT_STYLE, text_html

PLAIN = "color:inherit; text-decoration:none;"


def side_by_side_html(changes: ChangeSet, end: int, current: int | None = None) -> tuple[str, str]:
    """(original, suggested) as HTML, for the original up to `end`, as decided so far.

    A pending change shows its deletion on the left and its insertion on the
    right; an accepted one shows the old text struck out on the left and the
    new text plain on the right; a rejected one leaves both sides as the original.
    """
    left: list[str] = []
    right: list[str] = []
    original = changes.original
    position = 0
    for change in changes.changes:
        if change.start >= end:
            break
        same = text_html(original[position : change.start])
        left.append(same)
        right.append(same)
        state = changes.state(change.index)
        style = PLAIN + (CURRENT_STYLE if change.index == current and state == "pending" else "")
        link = f'<a href="change:{change.index}" style="{style}">'
        if state == "rejected":
            left.append(f"{link}{text_html(change.old)}</a>")
            right.append(f"{link}{text_html(change.old)}</a>")
        else:
            new_style = INSERT_STYLE if state == "pending" else ""
            left.append(f'{link}<span style="{DELETE_STYLE}">{text_html(change.old)}</span></a>')
            right.append(f'{link}<span style="{new_style}">{text_html(change.new)}</span></a>')
        position = change.end
    rest = text_html(original[position:end]) if end > position else ""
    left.append(rest)
    right.append(rest)
    return "".join(left), "".join(right)


class SideBySideView(QWidget):
    change_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sideBySideView")
        self.original = self._pane("originalPane")
        self.suggested = self._pane("suggestedPane")
        self._syncing = False
        for source, target in ((self.original, self.suggested), (self.suggested, self.original)):
            source.verticalScrollBar().valueChanged.connect(
                lambda _v, s=source, t=target: self._sync(s, t)
            )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for title, pane in (("Original", self.original), ("Suggested", self.suggested)):
            column = QVBoxLayout()
            label = QLabel(f"<b>{title}</b>", self)
            column.addWidget(label)
            column.addWidget(pane, 1)
            row.addLayout(column, 1)

    def _pane(self, name: str) -> QTextBrowser:
        pane = SafeTextBrowser(self)
        pane.setObjectName(name)
        pane.setOpenLinks(False)
        pane.setOpenExternalLinks(False)
        pane.anchorClicked.connect(self._on_anchor)
        pane.setPlaceholderText(self.tr("The changes show here as each part of the text is done."))
        return pane

    def show_review(self, changes: ChangeSet, end: int, current: int | None = None) -> None:
        left, right = side_by_side_html(changes, end, current)
        for pane, html_text in ((self.original, left), (self.suggested, right)):
            bar = pane.verticalScrollBar()
            keep = bar.value()
            pane.setHtml(html_text)
            bar.setValue(keep)

    def clear(self) -> None:
        self.original.clear()
        self.suggested.clear()

    def _sync(self, source: QTextBrowser, target: QTextBrowser) -> None:
        if self._syncing:
            return
        src, dst = source.verticalScrollBar(), target.verticalScrollBar()
        self._syncing = True
        try:
            if src.maximum() > 0:
                dst.setValue(round(src.value() / src.maximum() * dst.maximum()))
        finally:
            self._syncing = False

    def _on_anchor(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith("change:"):
            self.change_clicked.emit(int(target.split(":", 1)[1]))
