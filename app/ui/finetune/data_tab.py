"""The Data tab: pick a source, read it, and see the preview of what will be trained on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.ui.finetune.preview import PreviewView
from app.ui.finetune.sources import SourcePicker


class DataTab(QWidget):
    read_requested = Signal()

    def __init__(self, store, database: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.sources = SourcePicker(store, database, self)
        self.read_button = QPushButton(self.tr("Read the data"), self)
        self.read_button.setObjectName("readData")
        self.status = QLabel("", self)
        self.status.setObjectName("dataStatus")
        self.status.setWordWrap(True)
        self.preview = PreviewView(self)
        row = QHBoxLayout()
        row.addWidget(self.read_button)
        row.addWidget(self.status, 1)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.sources, 1)
        upper_layout.addLayout(row)
        split = QSplitter(self)
        split.addWidget(upper)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        self.read_button.clicked.connect(self.read_requested)

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.read_button.setEnabled(not busy)
        self.status.setText(text)
