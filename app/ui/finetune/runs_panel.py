"""The Runs tab: every training run on disk, its status and its loss chart.

A run is its folder (app.finetune.config.RunFolder), so this list survives the
app closing or crashing: a run that was training when the app died shows as
"interrupted" and resumes from its checkpoint, like a paused or cancelled one.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.finetune.config import RESUMABLE
from app.finetune.runner import TrainingRun, list_runs
from app.ui.finetune.loss_chart import LossChart

log = logging.getLogger(__name__)

COLUMNS = (
    QT_TRANSLATE_NOOP("RunsPanel", "Name"),
    QT_TRANSLATE_NOOP("RunsPanel", "Status"),
    QT_TRANSLATE_NOOP("RunsPanel", "Steps"),
    QT_TRANSLATE_NOOP("RunsPanel", "Created"),
)
CAN_RESUME = (*RESUMABLE, "interrupted")


def run_row(run: TrainingRun) -> tuple[str, str, str, str]:
    info = run.info()
    state = run.state()
    steps = f"{state.get('step', 0)} / {state.get('total', '?')}"
    created = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.created_at))
    return info.name, state["status"], steps, created


def run_details(run: TrainingRun) -> str:
    info = run.info()
    state = run.state()
    lines = [
        f"Base model: {Path(info.base_model).name}",
        f"Data: {info.data_source or '—'} ({info.n_train} for training, "
        f"{info.n_validation} for validation)",
        f"Rank {info.settings.rank}, learning rate {info.settings.learning_rate:g}, "
        f"maximum length {info.settings.max_length}",
        f"Folder: {run.folder.path}",
    ]
    if state.get("adapter"):
        lines.append(f"Adapter: {state['adapter']}")
    if state.get("error"):
        lines.append(f"Failed: {state['error']}")
    return "\n".join(lines)


class RunsPanel(QWidget):
    resume_requested = Signal(str)  # a run folder
    delete_requested = Signal(str)

    def __init__(self, root: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.root = Path(root)
        self.busy_path: str | None = None  # the run training now: no resume, no delete
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("runsList")
        self.tree.setHeaderLabels([QCoreApplication.translate("RunsPanel", c) for c in COLUMNS])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.currentItemChanged.connect(lambda *_: self._show_selected())
        self.details = QLabel("", self)
        self.details.setObjectName("runDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = LossChart(self)
        self.resume_button = QPushButton(self.tr("Resume"), self)
        self.delete_button = QPushButton(self.tr("Delete…"), self)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.resume_button.clicked.connect(self._on_resume)
        self.delete_button.clicked.connect(self._on_delete)
        self.refresh_button.clicked.connect(self.refresh)

        buttons = QHBoxLayout()
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.details)
        lower_layout.addWidget(self.chart, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.tree)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Read the runs folder again; the selection stays on the same run."""
        selected = self.selected_path()
        self.tree.blockSignals(True)
        self.tree.clear()
        for run in list_runs(self.root):
            try:
                row = run_row(run)
            except ValueError as exc:  # a folder damaged by hand: listed, not fatal
                log.warning("%s", exc)
                continue
            item = QTreeWidgetItem(self.tree, list(row))
            item.setData(0, Qt.ItemDataRole.UserRole, str(run.folder.path))
            if str(run.folder.path) == selected:
                self.tree.setCurrentItem(item)
        self.tree.blockSignals(False)
        for column in range(1, len(COLUMNS)):
            self.tree.resizeColumnToContents(column)
        self._show_selected()

    def set_busy(self, path: str | None) -> None:
        """The run now training (None: none): it cannot be deleted, and none resumes."""
        self.busy_path = str(path) if path else None
        self._show_selected()

    def select(self, path: str) -> bool:
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item.data(0, Qt.ItemDataRole.UserRole) == str(path):
                self.tree.setCurrentItem(item)
                return True
        return False

    def selected_path(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def status_of(self, path: str) -> str | None:
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item.data(0, Qt.ItemDataRole.UserRole) == str(path):
                return item.text(1)
        return None

    def _show_selected(self) -> None:
        path = self.selected_path()
        status = None
        if path is None or not Path(path).exists():
            self.details.setText(self.tr("Select a run to see its progress."))
            self.chart.clear()
        else:
            run = TrainingRun(path)
            try:
                status = run.status()
                self.details.setText(run_details(run))
                self.chart.set_events(run.folder.read_log(), run.folder.state().get("total", 0))
            except ValueError as exc:
                self.details.setText(str(exc))
                self.chart.clear()
        idle = path is not None and path != self.busy_path
        self.resume_button.setEnabled(idle and status in CAN_RESUME and self.busy_path is None)
        self.delete_button.setEnabled(idle)

    def _on_resume(self) -> None:
        path = self.selected_path()
        if path:
            self.resume_requested.emit(path)

    def _on_delete(self) -> None:
        path = self.selected_path()
        if path:
            self.delete_requested.emit(path)
