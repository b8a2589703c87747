"""The dialogs the Fine-tune mode asks through.

Module-level functions, called as `dialogs.ask_…` at the moment of use, so a test
replaces them with `monkeypatch.setattr` and never sees a modal dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

JSONL_FILTER = "Chat examples (*.jsonl);;All files (*)"


def ask_open_path(parent: QWidget, caption: str, file_filter: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, caption, "", file_filter)
    return path or None


def ask_folder(parent: QWidget, caption: str) -> str | None:
    return QFileDialog.getExistingDirectory(parent, caption) or None


def confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes
