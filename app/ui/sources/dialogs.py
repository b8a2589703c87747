"""The file dialogs and questions Sources asks through.

Module-level functions called as `dialogs.ask_…` at the moment of use, so a test
replaces them with `monkeypatch.setattr` and never meets a modal dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

SOURCE_FILTER = "Documents (*.txt *.md *.markdown *.docx *.pdf *.html *.htm);;All files (*)"


def ask_folder(parent: QWidget, caption: str) -> str | None:
    return QFileDialog.getExistingDirectory(parent, caption) or None


def ask_files(parent: QWidget, caption: str) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, caption, "", SOURCE_FILTER)
    return list(paths)


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
