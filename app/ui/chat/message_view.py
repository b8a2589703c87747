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

Per-message actions are links in each message's footer (`copy:12`,
`regenerate:12`, `prev:12`, …); the view handles copying itself and emits
`action_requested(action, message_id)` for the rest.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import time
from dataclasses import dataclass
from pathlib import Path
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
from app.ui.safe_browser import SafeTextBrowser
from app.ui.theme import colors

log = logging.getLogger(__name__)

ROLE_NAMES = {"user": "You", "assistant": "Assistant", "system": "System"}
STATUS_NOTES = {
    "stopped": "stopped",
    "interrupted": "interrupted — the engine stopped",
    "streaming": "interrupted",  # saved mid-stream and never finished (a crash)
    "error": "error",
}
FLUSH_MIN_MS = 50
FLUSH_MAX_MS = 250


@dataclass(frozen=True)
class MessageEntry:
    """One message as shown: the message plus its place among its siblings."""

    message: Any  # app.core.store.Message (id, role, content, status, meta)
    sibling_index: int = 0  # 0-based
    sibling_count: int = 1
    can_regenerate: bool = False
    can_continue: bool = False
    streaming: bool = False  # the reply being generated now: plain text, no actions

    @property
    def id(self) -> int:
        return self.message.id

    def key(self) -> tuple:
        m = self.message
        meta = getattr(m, "meta", None) or {}
        return (
            m.id,
            m.role,
            m.content,
            m.status,
            str(meta.get("error", "")),
            self.sibling_index,
            self.sibling_count,
            self.can_regenerate,
            self.can_continue,
            self.streaming,
        )


def with_content(message: Any, content: str) -> Any:
    """A copy of `message` with other text (for a reply still streaming)."""
    if dataclasses.is_dataclass(message):
        return dataclasses.replace(message, content=content)
    copy = type("MessageCopy", (), {})()
    copy.__dict__.update(vars(message))
    copy.content = content
    return copy


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
        self.setPlaceholderText("Ask anything. Enter sends, Shift+Enter adds a line.")
        self.document().setUndoRedoEnabled(False)  # no undo history for a transcript
        self.document().setDocumentMargin(12)
        self.anchorClicked.connect(self._on_anchor)
        self._dark = dark
        self._shown: list[_Shown] = []
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
        return [s.entry for s in self._shown]

    def message_ids(self) -> list[int]:
        return [s.entry.id for s in self._shown]

    def message_text(self, message_id: int) -> str:
        """The visible text of one message (header, body and footer)."""
        shown = self._find(message_id)
        if shown is None:
            raise KeyError(message_id)
        f = shown.frame
        return self.document().toPlainText()[f.firstPosition() : f.lastPosition()]

    def message_html(self, message_id: int) -> str:
        shown = self._find(message_id)
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
        self.document().clear()

    def show_thread(self, entries: list[MessageEntry]) -> None:
        """Show `entries`, re-rendering only the messages that changed.

        The common prefix (by message id) is kept: a frame there is redrawn only
        if its content or state changed; everything after it is replaced.
        """
        entries = list(entries)
        if self._stream is not None:
            self.flush()
        at_bottom = self.is_at_bottom()
        n = 0
        while (
            n < len(self._shown)
            and n < len(entries)
            and self._shown[n].entry.id == entries[n].id
            and entries[n].id is not None
        ):
            n += 1
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        try:
            if n < len(self._shown):
                cursor.setPosition(self._shown[n].frame.firstPosition() - 1)
                cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()
                del self._shown[n:]
            for shown, entry in zip(self._shown, entries[:n], strict=True):
                if shown.entry.key() != entry.key():
                    shown.entry = entry
                    self._render(shown)
            for entry in entries[n:]:
                self._append(entry)
        finally:
            cursor.endEditBlock()
        streams = [s for s in self._shown if s.entry.streaming]
        new_stream = streams[-1] if streams else None
        if new_stream is not self._stream:
            self._pending.clear()
        self._stream = new_stream
        if at_bottom or n < len(entries):
            self.scroll_to_bottom()

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
        """Queue `text` for the streaming message; inserted on the next timer tick."""
        if self._stream is None or not text:
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

    def _on_scrolled(self, _value: int) -> None:
        if not self.is_at_bottom():
            self._pinned = False  # the user moved away from the bottom

    def scroll_to_message(self, message_id: int) -> None:
        shown = self._find(message_id)
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
            cursor.insertHtml(self._header_html(entry))
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
        cursor.insertHtml(self._header_html(entry) + body + self._footer_html(entry))

    def _header_html(self, entry: MessageEntry) -> str:
        c = colors(self._dark)
        m = entry.message
        role = ROLE_NAMES.get(m.role, m.role.title())
        note = ""
        if entry.streaming:
            note = "generating…"
        elif m.status in STATUS_NOTES:
            note = STATUS_NOTES[m.status]
            error = (getattr(m, "meta", None) or {}).get("error")
            if m.status == "error" and error:
                note = f"error: {error}"
        color = c["error"] if m.status == "error" else c["note"]
        note_html = (
            f' <span style="color:{color}; font-weight:normal">· {html.escape(note)}</span>'
            if note
            else ""
        )
        return f'<p style="margin-bottom:4px"><b>{html.escape(role)}</b>{note_html}</p>'

    def _footer_html(self, entry: MessageEntry) -> str:
        if entry.id is None or entry.id < 0:
            return ""
        c = colors(self._dark)
        mid = entry.id

        def link(action: str, label: str) -> str:
            return (
                f'<a href="{action}:{mid}" style="color:{c["muted"]}; text-decoration:none">'
                f"{label}</a>"
            )

        parts = [link("copy", "Copy")]
        if entry.message.role == "user":
            parts.append(link("edit", "Edit"))
        if entry.can_continue:
            parts.append(link("continue", "Continue"))
        if entry.can_regenerate:
            parts.append(link("regenerate", "Regenerate"))
        if entry.sibling_count > 1:
            i, n = entry.sibling_index, entry.sibling_count
            prev = link("prev", "‹") if i > 0 else f'<span style="color:{c["border"]}">‹</span>'
            nxt = link("next", "›") if i < n - 1 else f'<span style="color:{c["border"]}">›</span>'
            parts.append(f'{prev} <span style="color:{c["muted"]}">{i + 1}/{n}</span> {nxt}')
        sep = "&nbsp;&nbsp;&nbsp;"
        footer = f'<p style="margin-top:6px; font-size:small">{sep.join(parts)}</p>'
        return _sources_html(entry, c) + footer

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


def _sources_html(entry: MessageEntry, c: dict) -> str:
    """Links to the passages a reply was given ("source3:<id>"), checked ones marked."""
    meta = getattr(entry.message, "meta", None) or {}
    sources = meta.get("sources") or []
    if not sources:
        return ""
    links = []
    for source in sources:
        name = html.escape(Path(source["file"]).name)
        page = f" p.{source['page']}" if source.get("page") is not None else ""
        mark = ""
        if source.get("cited"):
            mark = " ✓" if source.get("verified") else " ⚠ unverified"
        links.append(
            f'<a href="source{int(source["number"])}:{entry.id}" style="color:{c["muted"]}">'
            f"[{int(source['number'])}] {name}{page}</a>{mark}"
        )
    return f'<p style="margin-top:4px; font-size:small">{" &nbsp; ".join(links)}</p>'


@dataclass
class _Pending:
    """A user message on screen before the store has it (id None)."""

    content: str
    id: None = None
    role: str = "user"
    status: str = "complete"
    meta: dict | None = None
