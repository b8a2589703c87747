"""File → Import conversation JSON and Export conversation as Markdown or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog


def _fail(window, message: str) -> None:
    window.chat_page.show_error(message)
    window.show_message(message, 8000)


def import_conversation(window, path: str | None = None) -> int | None:
    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            window,
            QCoreApplication.translate("MainWindow", "Import a conversation"),
            "",
            QCoreApplication.translate("MainWindow", "Conversation JSON (*.json);;All files (*)"),
        )
        if not path:
            return None
    try:
        conv = window.store.import_json(Path(path).read_text(encoding="utf-8"))
    except Exception as exc:  # StoreError, OSError, UnicodeError: one line
        text = QCoreApplication.translate("MainWindow", "Could not import {name}: {exc}")
        _fail(window, text.format(name=Path(path).name, exc=exc))
        return None
    window.sidebar.refresh(select=conv.id)
    window.open_conversation(conv.id)
    text = QCoreApplication.translate("MainWindow", "Imported “{title}”.")
    window.show_message(text.format(title=conv.title), 4000)
    return conv.id


def export_conversation(window, fmt: str, cid: int | None = None, path: str | None = None):
    cid = cid if cid is not None else window.chat_page.conversation_id
    if cid is None:
        text = QCoreApplication.translate("MainWindow", "Open a conversation to export first.")
        window.show_message(text, 4000)
        return None
    store = window.store
    conv = store.get_conversation(cid)
    suffix = ".md" if fmt == "markdown" else ".json"
    if path is None:
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in conv.title).strip()
        filters = "Markdown (*.md)" if fmt == "markdown" else "Conversation JSON (*.json)"
        path, _ = QFileDialog.getSaveFileName(
            window,
            QCoreApplication.translate("MainWindow", "Export the conversation"),
            (safe or "conversation") + suffix,
            filters,
        )
        if not path:
            return None
    try:
        if fmt == "markdown":
            text = store.export_markdown(cid)
        else:
            text = json.dumps(store.export_json(cid), ensure_ascii=False, indent=2)
        Path(path).write_text(text, encoding="utf-8")
    except Exception as exc:
        text = QCoreApplication.translate("MainWindow", "Could not export to {path}: {exc}")
        _fail(window, text.format(path=path, exc=exc))
        return None
    text = QCoreApplication.translate("MainWindow", "Exported to {path}.")
    window.show_message(text.format(path=path), 4000)
    return path
