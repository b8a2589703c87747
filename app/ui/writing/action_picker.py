"""The action picker: built-in and user actions, with the options an action needs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from app.core.writing import TONES, Action, ActionLibrary


class ActionPicker(QWidget):
    action_changed = Signal(str)

    def __init__(self, library: ActionLibrary, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("actionPicker")
        self.library = library
        self.combo = QComboBox(self)
        self.combo.setObjectName("actionCombo")
        self.tone = QComboBox(self)
        self.tone.setObjectName("toneBox")
        self.tone.setEditable(True)
        self.tone.addItems(TONES)
        self.language = QLineEdit(self)
        self.language.setObjectName("languageEdit")
        self.language.setPlaceholderText(self.tr("e.g. French"))
        self.categories = QLineEdit(self)
        self.categories.setObjectName("categoriesEdit")
        self.categories.setPlaceholderText(
            self.tr("comma-separated, e.g. complaint, praise, question")
        )
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("Action"), self.combo)
        self.form.addRow(self.tr("Tone"), self.tone)
        self.form.addRow(self.tr("Language"), self.language)
        self.form.addRow(self.tr("Categories"), self.categories)
        self.combo.currentIndexChanged.connect(self._on_changed)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        keep = select or self.action_name()
        self.combo.blockSignals(True)
        self.combo.clear()
        for action in self.library.all():
            label = action.title + (" (yours)" if action.source == "user" else "")
            self.combo.addItem(label, action.name)
            self.combo.setItemData(self.combo.count() - 1, action.description, 3)  # tooltip
        index = self.combo.findData(keep) if keep else -1
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)
        self._on_changed()

    def action_name(self) -> str | None:
        return self.combo.currentData()

    def set_action(self, name: str) -> None:
        index = self.combo.findData(name)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def action(self) -> Action | None:
        name = self.action_name()
        return self.library.get(name) if name else None

    def options(self) -> dict:
        """tone / language / categories for the WriteRequest (only those the action uses)."""
        action = self.action()
        fields = set(action.fields) if action else set()
        return {
            "tone": self.tone.currentText().strip() or None if "tone" in fields else None,
            "language": self.language.text().strip() or None if "language" in fields else None,
            "categories": self.categories.text().strip() or None
            if "categories" in fields
            else None,
        }

    def _on_changed(self, *_args) -> None:
        action = self.action()
        fields = set(action.fields) if action else set()
        for name, widget in (
            ("tone", self.tone),
            ("language", self.language),
            ("categories", self.categories),
        ):
            self.form.setRowVisible(widget, name in fields)
        if action is not None:
            self.combo.setToolTip(action.description)
            self.action_changed.emit(action.name)
