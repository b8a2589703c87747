"""The rubric editor: title, criteria (name, description, weight) and their ordered levels.

A tree: each top-level row is a criterion, its children are its levels (best
first, as teachers write them). Cells are edited in place; `rubric()` turns the
tree back into a Rubric, which validates it, so what the editor hands out is
always a rubric scoring can trust (or a RubricError naming the problem).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.grading import Criterion, Level, Rubric, RubricError

NAME, TEXT, POINTS, WEIGHT = range(4)
HEADERS = ["Criterion / level", "Description / descriptor", "Points", "Weight"]
KIND = Qt.ItemDataRole.UserRole  # "criterion" or "level"
ID = Qt.ItemDataRole.UserRole + 1  # a criterion's id, kept so stored results still match


def template_rubric() -> Rubric:
    """What "New rubric" starts from: one criterion with three levels."""
    return Rubric(
        "New rubric",
        [
            Criterion(
                "Content",
                [
                    Level("Good", 2, "Complete and correct."),
                    Level("Fair", 1, "Partly complete or partly correct."),
                    Level("Poor", 0, "Missing or wrong."),
                ],
            )
        ],
    )


def _number(text: str, what: str) -> float:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        raise RubricError(f"{what} must be a number, not {text!r}") from None


def _shown(value: float) -> str:
    return f"{value:g}"


class RubricEditor(QWidget):
    changed = Signal()  # any edit (the rubric differs from what was set)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self.modified = False
        self._meta: dict = {}
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("rubricTitle")
        self.description_edit = QLineEdit(self)
        self.description_edit.setObjectName("rubricDescription")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("rubricTree")
        self.tree.setColumnCount(len(HEADERS))
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setColumnWidth(NAME, 200)
        self.tree.setColumnWidth(TEXT, 340)
        self.tree.setEditTriggers(
            QTreeWidget.EditTrigger.DoubleClicked
            | QTreeWidget.EditTrigger.EditKeyPressed
            | QTreeWidget.EditTrigger.SelectedClicked
        )
        self.add_criterion_button = QPushButton(self.tr("Add criterion"), self)
        self.add_level_button = QPushButton(self.tr("Add level"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.up_button = QPushButton(self.tr("Up"), self)
        self.down_button = QPushButton(self.tr("Down"), self)

        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Description"), self.description_edit)
        buttons = QHBoxLayout()
        for button in (
            self.add_criterion_button,
            self.add_level_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

        self.add_criterion_button.clicked.connect(lambda: self.add_criterion())
        self.add_level_button.clicked.connect(lambda: self.add_level())
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.title_edit.textEdited.connect(self._edited)
        self.description_edit.textEdited.connect(self._edited)
        self.tree.itemChanged.connect(self._edited)

    # ---- in and out ----------------------------------------------------------------
    def set_rubric(self, rubric: Rubric | None) -> None:
        self._loading = True
        try:
            self.tree.clear()
            self.title_edit.setText(rubric.title if rubric else "")
            self.description_edit.setText(rubric.description if rubric else "")
            self._meta = dict(rubric.meta) if rubric else {}
            for criterion in rubric.criteria if rubric else []:
                item = self._criterion_item(criterion)
                for level in criterion.levels:
                    self._level_item(item, level)
                item.setExpanded(True)
        finally:
            self._loading = False
        self.modified = False
        self.setEnabled(rubric is not None)

    def rubric(self) -> Rubric:
        """The rubric as edited; raises RubricError saying what is wrong."""
        criteria = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            name = item.text(NAME).strip()
            where = f"criterion {i + 1} ({name or 'no name'})"
            levels = []
            for j in range(item.childCount()):
                child = item.child(j)
                label = child.text(NAME).strip()
                levels.append(
                    Level(
                        label,
                        _number(child.text(POINTS), f"{where}, level {label or j + 1}: points"),
                        child.text(TEXT).strip(),
                    )
                )
            criteria.append(
                Criterion(
                    name,
                    levels,
                    description=item.text(TEXT).strip(),
                    weight=_number(item.text(WEIGHT) or "1", f"{where}: weight"),
                    id=item.data(NAME, ID) or "",
                )
            )
        return Rubric(
            self.title_edit.text().strip(),
            criteria,
            description=self.description_edit.text().strip(),
            meta=dict(self._meta),
        )

    # ---- editing -----------------------------------------------------------------------
    def add_criterion(self, name: str = "New criterion") -> QTreeWidgetItem:
        levels = [Level("Good", 2), Level("Fair", 1), Level("Poor", 0)]
        self._loading = True
        try:
            item = self._criterion_item(Criterion(name, levels, id="x"))
            item.setData(NAME, ID, "")
            for level in levels:
                self._level_item(item, level)
            item.setExpanded(True)
        finally:
            self._loading = False
        self.tree.setCurrentItem(item)
        self._edited()
        return item

    def add_level(self, label: str | None = None) -> QTreeWidgetItem | None:
        """A level at the end of the selected criterion (worth 0 points)."""
        criterion = self._selected_criterion()
        if criterion is None:
            return None
        taken = {criterion.child(i).text(NAME) for i in range(criterion.childCount())}
        if label is None:
            n = criterion.childCount() + 1
            while f"Level {n}" in taken:
                n += 1
            label = f"Level {n}"
        self._loading = True
        try:
            item = self._level_item(criterion, Level(label, 0))
        finally:
            self._loading = False
        criterion.setExpanded(True)
        self.tree.setCurrentItem(item)
        self._edited()
        return item

    def remove_selected(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        else:
            parent.removeChild(item)
        self._edited()

    def move_selected(self, step: int) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            index = self.tree.indexOfTopLevelItem(item)
            target = index + step
            if not 0 <= target < self.tree.topLevelItemCount():
                return
            expanded = item.isExpanded()
            self.tree.takeTopLevelItem(index)
            self.tree.insertTopLevelItem(target, item)
            item.setExpanded(expanded)
        else:
            index = parent.indexOfChild(item)
            target = index + step
            if not 0 <= target < parent.childCount():
                return
            parent.takeChild(index)
            parent.insertChild(target, item)
        self.tree.setCurrentItem(item)
        self._edited()

    def _selected_criterion(self) -> QTreeWidgetItem | None:
        item = self.tree.currentItem()
        if item is None:
            return self.tree.topLevelItem(0) if self.tree.topLevelItemCount() else None
        return item.parent() or item

    # ---- items ---------------------------------------------------------------------------
    def _criterion_item(self, criterion: Criterion) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setData(NAME, KIND, "criterion")
        item.setData(NAME, ID, criterion.id)
        item.setText(NAME, criterion.name)
        item.setText(TEXT, criterion.description)
        item.setText(WEIGHT, _shown(criterion.weight))
        font = item.font(NAME)
        font.setBold(True)
        item.setFont(NAME, font)
        return item

    def _level_item(self, parent: QTreeWidgetItem, level: Level) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setData(NAME, KIND, "level")
        item.setText(NAME, level.label)
        item.setText(TEXT, level.descriptor)
        item.setText(POINTS, _shown(level.points))
        return item

    def _edited(self, *_args) -> None:
        if self._loading:
            return
        self.modified = True
        self.changed.emit()
