"""The questions the Models page asks. Module-level functions, so tests replace them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

KEEP, DELETE = "keep", "delete"


def ask_cancel_download(parent: QWidget | None, name: str) -> str | None:
    """KEEP or DELETE the partial file, or None when the user keeps downloading."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("Dialogs", "Cancel download"))
    box.setText(
        QCoreApplication.translate("Dialogs", "Cancel the download of {name}?").format(name=name)
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "Dialogs",
            "Keep the partial file to continue later from where it stopped, or delete it.",
        )
    )
    keep = box.addButton(
        QCoreApplication.translate("Dialogs", "Cancel, keep partial file"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    delete = box.addButton(
        QCoreApplication.translate("Dialogs", "Cancel, delete partial file"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    box.addButton(
        QCoreApplication.translate("Dialogs", "Keep downloading"), QMessageBox.ButtonRole.RejectRole
    )
    box.exec()
    clicked = box.clickedButton()
    return KEEP if clicked is keep else DELETE if clicked is delete else None


def confirm_remove(parent: QWidget | None, name: str, deletes_files: bool) -> bool:
    if deletes_files:
        text = f"Remove {name} and delete its files from disk?"
    else:
        text = f"Forget {name}? Its file stays where it is; only the library entry goes."
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("Dialogs", "Remove model"), text
    )
    return answer == QMessageBox.StandardButton.Yes


def choose_model_file(parent: QWidget | None, start: str = "") -> str | None:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("Dialogs", "Import a model file"),
        start,
        QCoreApplication.translate("Dialogs", "GGUF models (*.gguf);;All files (*)"),
    )
    return path or None
