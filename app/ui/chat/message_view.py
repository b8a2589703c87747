"""The transcript: one QTextDocument, one QTextFrame per message.

Why one document and frames rather than a widget per message: a long
conversation stays a single cheap widget, text selects across messages, and a
frame keeps its own start/end positions as the document changes around it, so
one message can be replaced without touching the others.

Streaming follows qtconsole (`console_widget.py`): incoming text is queued and
inserted on a single-shot QTimer (50 ms, stretched to twice the measured insert
time), with a QTextCursor at the end of the streaming frame inside
beginEditBlock()/endEditBlock(); the view scrolls only if it was already at the
bottom. When the reply finishes the caller shows the thread again and only the
frames whose content or state changed are re-rendered, once, as Markdown.

A long conversation is rendered lazily, as a window of at most WINDOW messages:
showing a thread renders its last TAIL (what the user sees first, at the bottom);
scrolling near the top renders earlier ones above, near the bottom later ones below,
on idle ticks, each batch stopping after BATCH_BUDGET_MS, and the far end of the
window is dropped so the document never grows past WINDOW messages. Why bounded:
Qt lays out everything after a change again, so a document of all 2,000 messages
made each batch cost ~20 ms more the higher the user had scrolled. What is on
screen keeps its place while the window moves.

Per-message actions are links in each message's footer (`copy:12`,
`regenerate:12`, `prev:12`, …); the view handles copying itself and emits
`action_requested(action, message_id)` for the rest.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QGuiApplication,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QWidget

from app.ui.chat.markdown_render import code_blocks, render_markdown, render_plain
from app.ui.chat.message_parts import ROLE_NAMES as ROLE_NAMES
from app.ui.chat.message_parts import STATUS_NOTES as STATUS_NOTES
from app.ui.chat.message_parts import MessageEntry as MessageEntry
from app.ui.chat.message_parts import _Pending, footer_html, header_html
from app.ui.chat.message_parts import with_content as with_content
from app.ui.safe_browser import SafeTextBrowser
from app.ui.theme import colors

log = logging.getLogger(__name__)

FLUSH_MIN_MS = 50
FLUSH_MAX_MS = 250
TAIL = 30  # messages rendered when a thread is shown
WINDOW = 48  # messages in the document at most
BATCH_BUDGET_MS = 2.0  # render more messages for about this long per idle tick
NEAR_EDGE_PX = 800  # render more once the view is this close to the window's edge


@dataclass
class _Shown:
    entry: MessageEntry
    frame: Any  # QTextFrame (owned by the document)


class MessageView(SafeTextBrowser):
    action_requested = Signal(str, int)  # action ("edit", "regenerate", ...), message id
    copied = Signal(str)  # what was put on the clipboard (for a status message)
    source_requested = Signal(int, int)  # message id, source number (a cited passage)

    def __init__(self, parent: QWidget | None = None, dark: bool = False):
        super().__init__(parent)
        self.setObjectName("messageView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setPlaceholderText(self.tr("Ask anything. Enter sends, Shift+Enter adds a line."))
        self.document().setUndoRedoEnabled(False)  # no undo history for a transcript
        self.document().setDocumentMargin(12)
        self.anchorClicked.connect(self._on_anchor)
        self._dark = dark
        self._entries: list[MessageEntry] = []  # the whole thread
        # _shown holds _entries[_first:_last]; the others wait above and below.
        self._first = 0
        self._last = 0
        self._shown: list[_Shown] = []
        self._edge_timer = QTimer(self)
        self._edge_timer.setSingleShot(True)
        self._edge_timer.setInterval(0)
        self._edge_timer.timeout.connect(self._load_near_edges)
        self._stream: _Shown | None = None
        self._pending: list[str] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FLUSH_MIN_MS)
        self._flush_timer.timeout.connect(self.flush)
        self._pinned = False  # keep to the bottom once the layout settles
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.flush_count = 0  # insertions into the document while streaming (tests)
        self.render_count = 0  # frames rendered from Markdown (tests)

    # ---- reading -----------------------------------------------------------
    def entries(self) -> list[MessageEntry]:
        """The whole thread, rendered or not yet."""
        return list(self._entries)

    def message_ids(self) -> list[int]:
        return [e.id for e in self._entries]

    def rendered_ids(self) -> list[int]:
        """The messages in the document now (the thread's tail until scrolled up)."""
        return [s.entry.id for s in self._shown]

    @property
    def hidden_count(self) -> int:
        """Earlier messages not rendered now (they render when scrolled to)."""
        return self._first

    @property
    def hidden_below(self) -> int:
        """Later messages not rendered now (after scrolling far up)."""
        return len(self._entries) - self._last

    def message_text(self, message_id: int) -> str:
        """The visible text of one message (header, body and footer)."""
        shown = self._ensure_rendered(message_id)
        if shown is None:
            raise KeyError(message_id)
        f = shown.frame
        return self.document().toPlainText()[f.firstPosition() : f.lastPosition()]

    def message_html(self, message_id: int) -> str:
        shown = self._ensure_rendered(message_id)
        if shown is None:
            raise KeyError(message_id)
        cursor = QTextCursor(self.document())
        cursor.setPosition(shown.frame.firstPosition())
        cursor.setPosition(shown.frame.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
        return cursor.selection().toHtml()

    @property
    def streaming_id(self) -> int | None:
        return self._stream.entry.id if self._stream else None

    def is_at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - 4

    # ---- showing -------------------------------------------------------------
    def clear_thread(self) -> None:
        self._pending.clear()
        self._stream = None
        self._shown.clear()
        self._entries = []
        self._first = self._last = 0
        self._edge_timer.stop()
        self.document().clear()

    def show_thread(self, entries: list[MessageEntry]) -> None:
        """Show `entries`, re-rendering only the messages that changed.

        The common prefix (by message id) is kept: a frame there is redrawn only
        if its content or state changed; everything after it is replaced. A new
        thread, or a change the window cannot take in place, renders the last TAIL
        messages; the others wait until the user scrolls to them.
        """
        entries = list(entries)
        if self._stream is not None:
            self.flush()
        at_bottom = self.is_at_bottom()
        old = self._entries
        n = 0
        while (
            n < len(old)
            and n < len(entries)
            and old[n].id == entries[n].id
            and entries[n].id is not None
        ):
            n += 1
        reached_end = self._last == len(old)
        changed_tail = n < len(entries) or n < len(old)
        keep = min(n, self._last) - self._first  # rendered frames still in place
        if keep <= 0 or len(entries) - n > TAIL or (changed_tail and not reached_end):
            self._reset_window(len(entries))
            keep = 0
        self._entries = entries
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        try:
            if keep < len(self._shown):
                self._remove_below(keep)
            for shown, entry in zip(self._shown, entries[self._first : n], strict=False):
                if shown.entry.key() != entry.key():
                    shown.entry = entry
                    self._render(shown)
            if self._last == self._first + keep and (reached_end or keep == 0):
                for entry in entries[self._last :]:
                    self._append(entry)
                self._last = len(entries)
        finally:
            cursor.endEditBlock()
        streams = [s for s in self._shown if s.entry.streaming]
        new_stream = streams[-1] if streams else None
        if new_stream is not self._stream:
            self._pending.clear()
        self._stream = new_stream
        if at_bottom or n < len(entries):
            self.scroll_to_bottom()

    def _reset_window(self, count: int, first: int | None = None) -> None:
        """Empty the document; the window restarts at `first` (default: the tail)."""
        if self._stream is not None:
            self.flush()  # a reply's text so far stays in its entry
            self._stream = None
        self._shown.clear()
        self.document().clear()
        self._first = max(0, count - TAIL) if first is None else first
        self._last = self._first

    def _remove_below(self, keep: int) -> None:
        """Drop the rendered messages after the first `keep` (the window's bottom)."""
        if self._stream is not None and self._stream in self._shown[keep:]:
            self.flush()  # its text so far into its entry, then it streams unseen
            self._stream = None
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._shown[keep].frame.firstPosition() - 1)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        del self._shown[keep:]
        self._last = self._first + keep

    def load_earlier(self, count: int | None = None, budget_ms: float | None = None) -> int:
        """Render earlier messages above the first one shown; return how many.

        `count` at most (default: all of them), stopping once `budget_ms` is spent
        (at least one each call). What is on screen stays where it is; the window's
        bottom is dropped past WINDOW messages.
        """
        count = self._first if count is None else min(count, self._first)
        if count <= 0:
            return 0
        bar = self.verticalScrollBar()
        value = bar.value()
        layout = self.document().documentLayout()
        anchor = self._shown[0].frame if self._shown else None
        top_before = layout.frameBoundingRect(anchor).top() if anchor is not None else 0.0
        started = time.perf_counter()
        added = 0
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        try:
            while added < count:
                self._prepend(self._entries[self._first - 1], anchor)
                anchor = self._shown[0].frame
                self._first -= 1
                added += 1
                if budget_ms is not None and (time.perf_counter() - started) * 1000 >= budget_ms:
                    break
            if len(self._shown) > max(WINDOW, added):
                self._remove_below(max(WINDOW, added))
        finally:
            cursor.endEditBlock()
        if added < len(self._shown):
            top_after = layout.frameBoundingRect(self._shown[added].frame).top()
            bar.setValue(value + round(top_after - top_before))
        return added

    def load_later(self, count: int | None = None, budget_ms: float | None = None) -> int:
        """Render later messages below the last one shown; return how many.

        The mirror of load_earlier: the window's top is dropped past WINDOW
        messages, and what is on screen stays where it is.
        """
        count = self.hidden_below if count is None else min(count, self.hidden_below)
        if count <= 0:
            return 0
        started = time.perf_counter()
        added = 0
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        try:
            while added < count:
                self._append(self._entries[self._last])
                self._last += 1
                added += 1
                if budget_ms is not None and (time.perf_counter() - started) * 1000 >= budget_ms:
                    break
        finally:
            cursor.endEditBlock()
        excess = len(self._shown) - max(WINDOW, added)
        if excess > 0:
            self._remove_above(excess)
        streams = [s for s in self._shown if s.entry.streaming]
        self._stream = streams[-1] if streams else None
        return added

    def _remove_above(self, count: int) -> None:
        """Drop the first `count` rendered messages, keeping the view where it is."""
        bar = self.verticalScrollBar()
        value = bar.value()
        layout = self.document().documentLayout()
        frame = self._shown[count].frame
        top_before = layout.frameBoundingRect(frame).top()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.setPosition(0)
        cursor.setPosition(frame.firstPosition() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.endEditBlock()
        del self._shown[:count]
        self._first += count
        top_after = layout.frameBoundingRect(frame).top()
        bar.setValue(value - round(top_before - top_after))

    def _load_near_edges(self) -> None:
        """The idle-tick batch: more messages at whichever edge the view is near."""
        bar = self.verticalScrollBar()
        if self._first and bar.value() <= NEAR_EDGE_PX:
            self.load_earlier(budget_ms=BATCH_BUDGET_MS)
        elif self.hidden_below and bar.value() >= bar.maximum() - NEAR_EDGE_PX:
            self.load_later(budget_ms=BATCH_BUDGET_MS)
        else:
            return
        self._edge_timer.start()  # the next batch on the next idle tick, if still near

    def _ensure_rendered(self, message_id: int) -> _Shown | None:
        """The message's frame, moving the window to it if it is outside."""
        shown = self._find(message_id)
        if shown is None:
            index = next((i for i, e in enumerate(self._entries) if e.id == message_id), None)
            if index is not None:
                self._reset_window(len(self._entries), first=max(0, index - 2))
                self.load_later(TAIL)
                shown = self._find(message_id)
        return shown

    def append_pending_user(self, text: str) -> None:
        """Show what the user just sent before the service has saved it."""
        self.show_thread([*self.entries(), MessageEntry(_Pending(text))])

    def set_dark(self, dark: bool) -> None:
        if dark == self._dark:
            return
        self._dark = dark
        if self._stream is not None:
            self.flush()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for shown in self._shown:
            self._render(shown)
        cursor.endEditBlock()

    # ---- streaming -------------------------------------------------------------
    def append_stream_text(self, text: str) -> None:
        """Queue `text` for the streaming message; inserted on the next timer tick.

        While the window is scrolled far from it (not rendered), the text goes into
        its entry, so it shows whole once the user scrolls back down.
        """
        if not text:
            return
        if self._stream is None:
            for i in range(len(self._entries) - 1, self._last - 1, -1):
                entry = self._entries[i]
                if entry.streaming:
                    content = (entry.message.content or "") + text
                    message = with_content(entry.message, content)
                    self._entries[i] = dataclasses.replace(entry, message=message)
            return
        self._pending.append(text)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def flush(self) -> None:
        """Insert the queued text now (the timer's slot; also before a re-render)."""
        self._flush_timer.stop()
        if not self._pending or self._stream is None:
            self._pending.clear()
            return
        text = "".join(self._pending)
        self._pending.clear()
        started = time.perf_counter()
        at_bottom = self.is_at_bottom()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._stream.frame.lastPosition())
        cursor.beginEditBlock()
        cursor.insertText(text, QTextCharFormat())
        cursor.endEditBlock()
        self._stream.entry = dataclasses.replace(
            self._stream.entry,
            message=with_content(self._stream.entry.message, self._stream_content() + text),
        )
        self._entries[self._first + self._shown.index(self._stream)] = self._stream.entry
        self.flush_count += 1
        if at_bottom:
            self.scroll_to_bottom()
        spent_ms = (time.perf_counter() - started) * 1000
        self._flush_timer.setInterval(int(min(FLUSH_MAX_MS, max(FLUSH_MIN_MS, 2 * spent_ms))))

    def _stream_content(self) -> str:
        return self._stream.entry.message.content if self._stream else ""

    # ---- scrolling -------------------------------------------------------------
    def scroll_to_bottom(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
        # The layout may grow the document after this call: look again once the
        # event loop has run, unless the user scrolled away in between.
        self._pinned = True
        QTimer.singleShot(0, self, self._settle_scroll)

    def _settle_scroll(self) -> None:
        if self._pinned:
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum())
            self._pinned = False

    def _on_scrolled(self, value: int) -> None:
        if not self.is_at_bottom():
            self._pinned = False  # the user moved away from the bottom
        near = value <= NEAR_EDGE_PX or value >= self.verticalScrollBar().maximum() - NEAR_EDGE_PX
        if near and (self._first or self.hidden_below) and not self._edge_timer.isActive():
            self._edge_timer.start()  # not inside the scroll: on the next idle tick

    def scroll_to_message(self, message_id: int) -> None:
        shown = self._ensure_rendered(message_id)
        if shown is None:
            return
        self._pinned = False
        rect = self.document().documentLayout().frameBoundingRect(shown.frame)
        self.verticalScrollBar().setValue(int(rect.top()))

    # ---- rendering -------------------------------------------------------------
    def _find(self, message_id: int) -> _Shown | None:
        for shown in self._shown:
            if shown.entry.id == message_id:
                return shown
        return None

    def _frame_format(self, entry: MessageEntry) -> QTextFrameFormat:
        c = colors(self._dark)
        fmt = QTextFrameFormat()
        fmt.setPadding(10)
        fmt.setBorder(0)
        fmt.setTopMargin(4)
        fmt.setBottomMargin(4)
        if entry.message.role == "user":
            fmt.setBackground(QColor(c["user_bubble"]))
        return fmt

    def _append(self, entry: MessageEntry) -> None:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        frame = cursor.insertFrame(self._frame_format(entry))
        shown = _Shown(entry, frame)
        self._shown.append(shown)
        self._fill(cursor, entry)

    def _prepend(self, entry: MessageEntry, anchor: Any) -> None:
        """Insert `entry` in a new frame just above the frame `anchor`."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(anchor.firstPosition() - 1 if anchor is not None else 0)
        frame = cursor.insertFrame(self._frame_format(entry))
        self._shown.insert(0, _Shown(entry, frame))
        self._fill(cursor, entry)

    def _render(self, shown: _Shown) -> None:
        frame = shown.frame
        frame.setFrameFormat(self._frame_format(shown.entry))
        cursor = QTextCursor(self.document())
        cursor.setPosition(frame.firstPosition())
        cursor.setPosition(frame.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.setBlockFormat(QTextBlockFormat())
        cursor.setCharFormat(QTextCharFormat())
        self._fill(cursor, shown.entry)

    def _fill(self, cursor: QTextCursor, entry: MessageEntry) -> None:
        """Write one message into the (empty) frame at `cursor`."""
        m = entry.message
        if entry.streaming:
            cursor.insertHtml(header_html(entry, self._dark))
            body = QTextBlockFormat()
            body.setTopMargin(8)
            cursor.insertBlock(body, QTextCharFormat())
            cursor.insertText(m.content or "", QTextCharFormat())
            return
        if m.role == "assistant":
            body = render_markdown(m.content or "", self._dark)
            body = body.replace('href="copycode:', f'href="copycode:{m.id}:')
            self.render_count += 1
        else:
            body = render_plain(m.content or "")
        cursor.insertHtml(header_html(entry, self._dark) + body + footer_html(entry, self._dark))

    # ---- actions -------------------------------------------------------------
    def activate_link(self, href: str) -> None:
        """Do what clicking the link `href` does (the anchorClicked slot)."""
        self._on_anchor(QUrl(href))

    def _on_anchor(self, url: QUrl) -> None:
        href = url.toString()
        action, _, rest = href.partition(":")
        if action in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        try:
            if action == "copycode":
                mid_text, _, index = rest.partition(":")
                self._copy_code(int(mid_text), int(index))
                return
            mid = int(rest)
        except ValueError:
            log.debug("ignored link %r", href)
            return
        if action.startswith("source") and action[6:].isdigit():
            self.source_requested.emit(mid, int(action[6:]))
            return
        if action == "copy":
            shown = self._find(mid)
            if shown is not None:
                self._copy(shown.entry.message.content)
            return
        self.action_requested.emit(action, mid)

    def _copy_code(self, mid: int, index: int) -> None:
        shown = self._find(mid)
        if shown is None:
            return
        blocks = code_blocks(shown.entry.message.content)
        if 0 <= index < len(blocks):
            self._copy(blocks[index])

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(text)
