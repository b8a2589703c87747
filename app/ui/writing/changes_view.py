"""The preview: streamed text while the model writes, then the changes inline.

Streamed text is queued and inserted on a short single-shot timer with one
edit block (qtconsole's habit), never re-rendered per token. When a part is
done, the finished region is rendered once as track changes: insertions green
and underlined, deletions red and struck through; each change is a link
(`change:N`) the writer clicks to pick it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.core.writing import ChangeSet

FLUSH_MS = 80
INSERT_STYLE = "color:#1a7f37; background:#dafbe1; text-decoration:underline;"
DELETE_STYLE = "color:#cf222e; background:#ffebe9; text-decoration:line-through;"
CURRENT_STYLE = "background:#ddf4ff; font-weight:600;"


def text_html(text: str) -> str:
    """Plain text as HTML: escaped, line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


def review_html(changes: ChangeSet, end: int, current: int | None = None) -> str:
    """HTML for the original up to `end` with the changes inside it, as decided."""
    out: list[str] = []
    position = 0
    original = changes.original
    plain = "color:inherit; text-decoration:none;"
    for change in changes.changes:
        out.append(text_html(original[position : change.start]))
        state = changes.state(change.index)
        href = f"change:{change.index}"
        if state != "pending":
            shown = change.new if state == "accepted" else change.old
            out.append(f'<a href="{href}" style="{plain}">{text_html(shown)}</a>')
        else:
            style = plain + (CURRENT_STYLE if change.index == current else "")
            out.append(f'<a href="{href}" style="{style}">')
            if change.old:
                out.append(f'<span style="{DELETE_STYLE}">{text_html(change.old)}</span>')
            if change.new:
                out.append(f'<span style="{INSERT_STYLE}">{text_html(change.new)}</span>')
            out.append("</a>")
        position = change.end
    out.append(text_html(original[position:end]))
    return "".join(out)


class ChangesView(QTextBrowser):
    change_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("changesView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self._queue: list[str] = []
        self._head_html = ""
        self.flush_count = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self.flush)

    # ---- streaming ---------------------------------------------------------------
    def begin_stream(self) -> None:
        self._queue.clear()
        self._head_html = ""
        self.clear()

    def append_text(self, text: str) -> None:
        self._queue.append(text)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        if not self._queue:
            return
        text = "".join(self._queue)
        self._queue.clear()
        bar = self.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        cursor.insertText(text)
        cursor.endEditBlock()
        self.flush_count += 1
        if at_bottom:
            bar.setValue(bar.maximum())

    # ---- review --------------------------------------------------------------------
    def show_review(self, changes: ChangeSet, end: int, current: int | None = None) -> None:
        """Render the finished region; text streamed after this is appended below it."""
        self._queue.clear()
        self._timer.stop()
        bar = self.verticalScrollBar()
        keep = bar.value()
        self._head_html = review_html(changes, end, current)
        self.setHtml(self._head_html)
        bar.setValue(keep)

    def _on_anchor(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith("change:"):
            self.change_clicked.emit(int(target.split(":", 1)[1]))
