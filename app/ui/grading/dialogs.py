"""The file and text dialogs the Grade mode asks through.

Module-level functions, called as `dialogs.ask_…` at the moment of use, so a test
replaces them with `monkeypatch.setattr` and never sees a modal dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

RUBRIC_FILTER = "Rubrics (*.toml *.json *.csv);;TOML (*.toml);;JSON (*.json);;CSV (*.csv)"


def ask_open_path(parent: QWidget, caption: str, file_filter: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, caption, "", file_filter)
    return path or None


def ask_save_path(parent: QWidget, caption: str, suggested: str, file_filter: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, file_filter)
    return path or None


def ask_folder(parent: QWidget, caption: str) -> str | None:
    return QFileDialog.getExistingDirectory(parent, caption) or None


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """A question the teacher answers Yes or No (No is the default)."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_pasted_text(parent: QWidget) -> tuple[str, str] | None:
    """(student, text) typed or pasted by the teacher, or None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("Dialogs", "Paste a submission"))
    student = QLineEdit(dialog)
    student.setPlaceholderText(QCoreApplication.translate("Dialogs", "Student's name"))
    text = QPlainTextEdit(dialog)
    text.setPlaceholderText(QCoreApplication.translate("Dialogs", "The student's answer"))
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form = QFormLayout(dialog)
    form.addRow(QCoreApplication.translate("Dialogs", "Student"), student)
    form.addRow(QCoreApplication.translate("Dialogs", "Text"), text)
    form.addRow(buttons)
    dialog.resize(520, 400)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return student.text(), text.toPlainText()
    finally:
        dialog.deleteLater()
