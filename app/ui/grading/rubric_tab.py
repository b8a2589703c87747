"""The rubric library: the stored rubrics, the shipped examples, import/export, the editor."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.grading import (
    GradingStore,
    RubricError,
    example_rubrics,
    load_example,
    load_rubric,
    save_rubric,
)
from app.ui.grading import dialogs
from app.ui.grading.rubric_editor import RubricEditor, template_rubric

RUBRIC_ID = Qt.ItemDataRole.UserRole


class RubricTab(QWidget):
    status_message = Signal(str)
    library_changed = Signal()  # a rubric was added, renamed or deleted

    def __init__(self, store: GradingStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.current_id: int | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("rubricList")
        self.editor = RubricEditor(self)
        self.new_button = QPushButton(self.tr("New"), self)
        self.example_button = QToolButton(self)
        self.example_button.setText(self.tr("Load example"))
        self.example_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.example_button)
        for name in example_rubrics():
            menu.addAction(name.replace("_", " "), lambda n=name: self.load_example(n))
        self.example_button.setMenu(menu)
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("saveRubricButton")
        self.delete_button = QPushButton(self.tr("Delete"), self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.example_button)
        left_layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.export_button)
        row.addWidget(self.delete_button)
        left_layout.addLayout(row)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.editor, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        right_layout.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([220, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

        self.new_button.clicked.connect(self.new_rubric)
        self.import_button.clicked.connect(lambda: self.import_rubric())
        self.export_button.clicked.connect(lambda: self.export_rubric())
        self.save_button.clicked.connect(self.commit)
        self.delete_button.clicked.connect(self.delete_current)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.editor.changed.connect(self._update_buttons)
        self.refresh()

    # ---- the library -------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        select = self.current_id if select is None else select
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for rubric_id, title in self.store.list_rubrics():
                item = QListWidgetItem(title, self.list)
                item.setData(RUBRIC_ID, rubric_id)
                if rubric_id == select:
                    self.list.setCurrentItem(item)
        finally:
            self.list.blockSignals(False)
        if select is not None and self._item(select) is not None:
            if select != self.current_id or not self.editor.modified:
                self._show(select)
        elif self.list.count():
            self.list.setCurrentRow(0)
            self._show(self.list.currentItem().data(RUBRIC_ID))
        else:
            self._show(None)

    def select(self, rubric_id: int) -> bool:
        item = self._item(rubric_id)
        if item is None:
            return False
        self.list.setCurrentItem(item)
        return self.current_id == rubric_id

    def _item(self, rubric_id: int) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            if self.list.item(row).data(RUBRIC_ID) == rubric_id:
                return self.list.item(row)
        return None

    def _on_current_changed(self, current, previous) -> None:
        if current is None:
            return
        rubric_id = current.data(RUBRIC_ID)
        if rubric_id == self.current_id:
            return
        if not self.commit():  # the edits are invalid: stay on them
            self.list.blockSignals(True)
            self.list.setCurrentItem(previous)
            self.list.blockSignals(False)
            return
        self._show(rubric_id)

    def _show(self, rubric_id: int | None) -> None:
        self.current_id = rubric_id
        self.editor.set_rubric(self.store.get_rubric(rubric_id) if rubric_id is not None else None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current_id is not None
        self.save_button.setEnabled(has and self.editor.modified)
        self.export_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    # ---- actions -------------------------------------------------------------------------
    def commit(self) -> bool:
        """Save the editor's changes to the library; False (and a message) if invalid."""
        if self.current_id is None or not self.editor.modified:
            return True
        try:
            rubric = self.editor.rubric()
        except RubricError as exc:
            self.status_message.emit(self.tr("The rubric cannot be saved: {exc}").format(exc=exc))
            return False
        self.store.save_rubric(rubric, self.current_id)
        self.editor.modified = False
        item = self._item(self.current_id)
        if item is not None and item.text() != rubric.title:
            item.setText(rubric.title)
        self._update_buttons()
        self.library_changed.emit()
        return True

    def _add(self, rubric, message: str) -> int | None:
        if not self.commit():
            return None
        rubric_id = self.store.save_rubric(rubric)
        self.refresh(select=rubric_id)
        self.library_changed.emit()
        self.status_message.emit(message)
        return rubric_id

    def new_rubric(self) -> int | None:
        return self._add(template_rubric(), "New rubric added.")

    def load_example(self, name: str) -> int | None:
        try:
            rubric = load_example(name)
        except (KeyError, RubricError) as exc:
            self.status_message.emit(self.tr("Could not load the example: {exc}").format(exc=exc))
            return None
        return self._add(rubric, f"Example “{rubric.title}” added to your rubrics.")

    def import_rubric(self, path: str | None = None) -> int | None:
        path = path or dialogs.ask_open_path(self, "Import a rubric", dialogs.RUBRIC_FILTER)
        if not path:
            return None
        try:
            rubric = load_rubric(path)
        except RubricError as exc:
            self.status_message.emit(self.tr("Could not import the rubric: {exc}").format(exc=exc))
            return None
        return self._add(rubric, f"Imported “{rubric.title}”.")

    def export_rubric(self, path: str | None = None) -> str | None:
        if self.current_id is None:
            return None
        try:
            rubric = self.editor.rubric()
        except RubricError as exc:
            self.status_message.emit(
                self.tr("The rubric cannot be exported: {exc}").format(exc=exc)
            )
            return None
        safe = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in rubric.title).strip()
        path = path or dialogs.ask_save_path(
            self, "Export the rubric", (safe or "rubric") + ".toml", dialogs.RUBRIC_FILTER
        )
        if not path:
            return None
        try:
            save_rubric(rubric, path)
        except (OSError, RubricError) as exc:
            self.status_message.emit(self.tr("Could not export the rubric: {exc}").format(exc=exc))
            return None
        self.status_message.emit(self.tr("Rubric exported to {name}.").format(name=Path(path).name))
        return path

    def delete_current(self) -> None:
        if self.current_id is None:
            return
        self.store.delete_rubric(self.current_id)
        self.current_id = None
        self.editor.modified = False
        self.refresh()
        self.library_changed.emit()
