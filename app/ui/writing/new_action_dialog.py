"""A small editor for the writer's own action: a name and a prompt template."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.core.writing import ActionError, ActionLibrary

OUTPUTS = {
    "edit": "Changes to the text (track changes)",
    "answer": "An answer beside the text",
    "replace": "Replace the text as a whole",
}
EXAMPLE = "Rewrite the text below as a haiku.\n\n{text}"


class NewActionDialog(QDialog):
    saved = Signal(str)  # the action's name

    def __init__(self, library: ActionLibrary, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("newActionDialog")
        self.setWindowTitle(self.tr("New writing action"))
        self.library = library
        self.name = QLineEdit(self)
        self.name.setObjectName("actionName")
        self.name.setPlaceholderText(self.tr("lower-case, e.g. haiku"))
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("actionTitle")
        self.output = QComboBox(self)
        self.output.setObjectName("actionOutput")
        for key, label in OUTPUTS.items():
            self.output.addItem(label, key)
        self.template = QPlainTextEdit(self)
        self.template.setObjectName("actionTemplate")
        self.template.setPlaceholderText(EXAMPLE)
        self.error_label = QLabel("", self)
        self.error_label.setObjectName("actionError")
        self.error_label.setWordWrap(True)
        hint = QLabel(self.tr("Fields: {text}, {document}, {tone}, {language}, {memory}…"), self)
        hint.setObjectName("mutedLabel")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Result"), self.output)
        form.addRow(self.tr("Template"), self.template)
        form.addRow(hint)
        form.addRow(self.error_label)
        form.addRow(buttons)

    def save(self) -> bool:
        """Check and write the action file; errors stay in the dialog, in one line."""
        try:
            action = self.library.save_user_action(
                self.name.text().strip(),
                self.template.toPlainText(),
                title=self.title_edit.text().strip(),
                output=self.output.currentData(),
            )
        except (ActionError, OSError) as exc:
            self.error_label.setText(str(exc))
            return False
        self.error_label.setText("")
        self.saved.emit(action.name)
        self.accept()
        return True
