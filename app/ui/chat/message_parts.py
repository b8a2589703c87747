"""The transcript's entries and the HTML around each message: role line, action links.

Kept apart from app.ui.chat.message_view so the view is about the document and its
lazy window; these are plain functions of one message entry and the theme.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.ui.theme import colors

STATUS_NOTES = {
    "stopped": "stopped",
    "interrupted": "interrupted — the engine stopped",
    "streaming": "interrupted",  # saved mid-stream and never finished (a crash)
    "error": "error",
}
ROLE_NAMES = {"user": "You", "assistant": "Assistant", "system": "System"}


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


def _tr(text: str) -> str:
    """Translated in the transcript's context (the strings above are the source text)."""
    return QCoreApplication.translate("MessageView", text)


def header_html(entry, dark: bool) -> str:
    """The role line over a message, with its state ("stopped", "error: …")."""
    c = colors(dark)
    m = entry.message
    role = _tr(ROLE_NAMES.get(m.role, m.role.title()))
    note = ""
    if entry.streaming:
        note = _tr("generating…")
    elif m.status in STATUS_NOTES:
        note = _tr(STATUS_NOTES[m.status])
        error = (getattr(m, "meta", None) or {}).get("error")
        if m.status == "error" and error:
            note = f"{_tr('error')}: {error}"
    color = c["error"] if m.status == "error" else c["note"]
    note_html = (
        f' <span style="color:{color}; font-weight:normal">· {html.escape(note)}</span>'
        if note
        else ""
    )
    return f'<p style="margin-bottom:4px"><b>{html.escape(role)}</b>{note_html}</p>'


def footer_html(entry, dark: bool) -> str:
    """The action links under a message: Copy, Edit, Regenerate, ‹ 2/3 ›, sources."""
    if entry.id is None or entry.id < 0:
        return ""
    c = colors(dark)
    mid = entry.id

    def link(action: str, label: str) -> str:
        return (
            f'<a href="{action}:{mid}" style="color:{c["muted"]}; text-decoration:none">{label}</a>'
        )

    parts = [link("copy", _tr("Copy"))]
    if entry.message.role == "user":
        parts.append(link("edit", _tr("Edit")))
    if entry.can_continue:
        parts.append(link("continue", _tr("Continue")))
    if entry.can_regenerate:
        parts.append(link("regenerate", _tr("Regenerate")))
    if entry.sibling_count > 1:
        i, n = entry.sibling_index, entry.sibling_count
        prev = link("prev", "‹") if i > 0 else f'<span style="color:{c["border"]}">‹</span>'
        nxt = link("next", "›") if i < n - 1 else f'<span style="color:{c["border"]}">›</span>'
        parts.append(f'{prev} <span style="color:{c["muted"]}">{i + 1}/{n}</span> {nxt}')
    sep = "&nbsp;&nbsp;&nbsp;"
    footer = f'<p style="margin-top:6px; font-size:small">{sep.join(parts)}</p>'
    return sources_html(entry, c) + footer


def sources_html(entry, c: dict) -> str:
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
