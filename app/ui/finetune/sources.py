"""Where the training examples come from: the source picker of the Data tab.

Four sources, one panel each: conversations from the chat store (ticked in a
list), a JSONL file, a folder of the user's own writing, and the grading runs
whose reviewed grades teach the grader the teacher's standard. The picker only
says what was chosen (`choice()`); reading it happens on a worker (data_work).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.finetune import dialogs
from app.ui.finetune.data_work import CONVERSATIONS, GRADING, JSONL, WRITING, DataChoice

log = logging.getLogger(__name__)

KINDS = (
    (CONVERSATIONS, "Conversations from your chats"),
    (JSONL, "A JSONL file of chat examples"),
    (WRITING, "A folder of your own writing"),
    (GRADING, "Graded work you reviewed"),
)


class CheckList(QWidget):
    """A list of ticked items (conversations, grading runs) with All / None buttons."""

    changed = Signal()

    def __init__(self, note: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        self.note = QLabel(note, self)
        self.note.setWordWrap(True)
        all_button = QPushButton(self.tr("All"), self)
        none_button = QPushButton(self.tr("None"), self)
        all_button.clicked.connect(lambda: self.set_all(True))
        none_button.clicked.connect(lambda: self.set_all(False))
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(all_button)
        buttons.addWidget(none_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)

    def fill(self, rows: list[tuple[int, str]], empty: str) -> None:
        """(id, label) rows; ticks survive a refresh for ids still there."""
        ticked = set(self.checked_ids())
        self.list.blockSignals(True)
        self.list.clear()
        for item_id, label in rows:
            item = QListWidgetItem(label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, item_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if item_id in ticked else Qt.CheckState.Unchecked
            )
        if not rows:
            item = QListWidgetItem(empty, self.list)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.list.blockSignals(False)
        self.changed.emit()

    def checked_ids(self) -> list[int]:
        ids = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(item.data(Qt.ItemDataRole.UserRole))
        return ids

    def set_checked(self, ids, checked: bool = True) -> None:
        wanted = set(ids)
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in wanted:
                item.setCheckState(state)

    def set_all(self, checked: bool) -> None:
        ids = [self.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.list.count())]
        self.set_checked([i for i in ids if i is not None], checked)


class PathField(QWidget):
    """A path typed or chosen with Browse…"""

    changed = Signal()

    def __init__(self, note: str, browse, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(note)
        self.edit.textChanged.connect(lambda _text: self.changed.emit())
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        self.browse_button.clicked.connect(lambda: self._browse(browse))
        label = QLabel(note, self)
        label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(label)
        layout.addStretch(1)

    def _browse(self, browse) -> None:
        path = browse(self)
        if path:
            self.edit.setText(path)


class SourcePicker(QWidget):
    """The source combo and the panel for the chosen source."""

    changed = Signal()

    def __init__(self, store, database: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.database = Path(database)
        self.kind = QComboBox(self)
        self.kind.setObjectName("dataSource")
        for key, title in KINDS:
            self.kind.addItem(title, key)
        self.conversations = CheckList(self.tr("Each ticked conversation is one example."), self)
        self.jsonl = PathField(
            'One example per line: {"messages": [{"role": …, "content": …}, …]} '
            'or {"prompt": …, "completion": …}.',
            lambda parent: dialogs.ask_open_path(
                parent, "Choose a JSONL file", dialogs.JSONL_FILTER
            ),
            self,
        )
        self.writing = PathField(
            "Your .txt, .md and .docx files, cut at paragraphs into “continue this text” "
            "examples, so the adapter learns your style.",
            lambda parent: dialogs.ask_folder(parent, "Choose a folder of your writing"),
            self,
        )
        self.grading = CheckList(
            self.tr("Only grades you reviewed (marked reviewed, or changed) are used."), self
        )
        self.panels = QStackedWidget(self)
        for panel in (self.conversations, self.jsonl, self.writing, self.grading):
            self.panels.addWidget(panel)
            panel.changed.connect(self.changed)
        self.kind.currentIndexChanged.connect(self._on_kind)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.panels, 1)
        self.refresh()

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def current_kind(self) -> str:
        return self.kind.currentData()

    def refresh(self) -> None:
        """List the conversations and grading runs again (they change in other modes)."""
        kind = self.current_kind()
        if kind == CONVERSATIONS:
            self.conversations.fill(self._conversation_rows(), "No conversations yet.")
        elif kind == GRADING:
            self.grading.fill(self._grading_rows(), "No grading runs yet.")

    def choice(self) -> DataChoice:
        kind = self.current_kind()
        if kind == CONVERSATIONS:
            ids = tuple(self.conversations.checked_ids())
            return DataChoice(kind, ids=ids, label=f"{len(ids)} conversations")
        if kind == GRADING:
            ids = tuple(self.grading.checked_ids())
            return DataChoice(kind, ids=ids, label=f"reviewed grades of {len(ids)} runs")
        field = self.jsonl if kind == JSONL else self.writing
        path = field.edit.text().strip()
        return DataChoice(kind, path=path, label=path)

    def _on_kind(self, index: int) -> None:
        self.panels.setCurrentIndex(index)
        self.refresh()
        self.changed.emit()

    def _conversation_rows(self) -> list[tuple[int, str]]:
        try:
            conversations = self.store.list_conversations()
        except Exception as exc:  # the store may be closed while the window closes
            log.warning("listing conversations failed: %s", exc)
            return []
        return [(c.id, f"{c.title}  ·  {_date(c.updated_at)}") for c in conversations]

    def _grading_rows(self) -> list[tuple[int, str]]:
        if not self.database.exists():
            return []
        from app.core.grading import GradingStore

        try:
            store = GradingStore(self.database)
        except Exception as exc:
            log.warning("opening the grading store failed: %s", exc)
            return []
        try:
            return [
                (run.id, f"{run.assignment.title or 'Untitled'}  ·  run {run.id}  ·  "
                 f"{_date(run.created_at)}")
                for run in store.list_runs()
            ]  # fmt: skip
        finally:
            store.close()


def _date(timestamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp or 0))
