"""What training will see, before it starts: counts, tokens, a sample, what is wrong.

The user should learn here, not after an hour of CPU, that half their examples are
cut short or that two conversations had no answer: warnings and dropped items are
listed as the plain sentences `datasets.prepare` writes.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.finetune.datasets import DatasetPreview

SHOWN_EXAMPLES = 20
SNIPPET_CHARS = 120
COLUMNS = (
    QT_TRANSLATE_NOOP("PreviewView", "Split"),
    QT_TRANSLATE_NOOP("PreviewView", "Tokens"),
    QT_TRANSLATE_NOOP("PreviewView", "Source"),
    QT_TRANSLATE_NOOP("PreviewView", "Prompt"),
    QT_TRANSLATE_NOOP("PreviewView", "Answer"),
)


def summary_text(preview: DatasetPreview | None) -> str:
    if preview is None:
        return QCoreApplication.translate(
            "PreviewView", "Choose where the examples come from, then Read the data."
        )
    train, validation = len(preview.train), len(preview.validation)
    if train == 1:
        text = QCoreApplication.translate(
            "PreviewView",
            "{train} example for training, {validation} for validation · {tokens} tokens in all",
        )
    else:
        text = QCoreApplication.translate(
            "PreviewView",
            "{train} examples for training, {validation} for validation · {tokens} tokens in all",
        )
    return text.format(train=train, validation=validation, tokens=f"{preview.total_tokens:,}")


def snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1] + "…"


class PreviewView(QWidget):
    """The preview of a prepared dataset: a summary line, a sample table and two lists."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel(summary_text(None), self)
        self.summary.setObjectName("previewSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("previewTable")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.warnings_label = QLabel(self.tr("Warnings"), self)
        self.warnings = QListWidget(self)
        self.warnings.setObjectName("previewWarnings")
        self.warnings.setWordWrap(True)
        self.dropped_label = QLabel(self.tr("Left out"), self)
        self.dropped = QListWidget(self)
        self.dropped.setObjectName("previewDropped")
        self.dropped.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.warnings, 1)
        layout.addWidget(self.dropped_label)
        layout.addWidget(self.dropped, 1)
        self.show_preview(None)

    def show_preview(self, preview: DatasetPreview | None) -> None:
        self.summary.setText(summary_text(preview))
        self.table.setRowCount(0)
        self.warnings.clear()
        self.dropped.clear()
        if preview is not None:
            self._fill_table(preview)
            self.warnings.addItems(preview.warnings)
            self.dropped.addItems(preview.dropped)
        for label, items in (
            (self.warnings_label, self.warnings),
            (self.dropped_label, self.dropped),
        ):
            label.setVisible(items.count() > 0)
            items.setVisible(items.count() > 0)

    def _fill_table(self, preview: DatasetPreview) -> None:
        rows = [("train", e) for e in preview.train] + [
            ("validation", e) for e in preview.validation
        ]
        shown = rows[:SHOWN_EXAMPLES]
        self.table.setRowCount(len(shown))
        for row, ((split, example), tokens) in enumerate(
            zip(shown, preview.token_counts, strict=False)
        ):
            prompt = next((m["content"] for m in example.messages if m["role"] == "user"), "")
            answer = next(
                (m["content"] for m in reversed(example.messages) if m["role"] == "assistant"), ""
            )
            for column, text in enumerate((split, str(tokens), example.source, prompt, answer)):
                item = QTableWidgetItem(snippet(text))
                item.setToolTip(text)
                self.table.setItem(row, column, item)
