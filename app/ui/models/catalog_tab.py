"""The curated catalogue: recommended models, each quant with a "fits this computer" verdict.

Reading the catalogue is quick, but the verdict needs this machine's free memory and
whether llama.cpp can offload (which imports llama.cpp and may run nvidia-smi), so the
whole table is computed on a worker and filled in when it arrives.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.hub.catalog import load_catalog
from app.hub.fit import fit_for_catalog, this_machine
from app.ui.models.formatting import VERDICT_COLOR, VERDICT_TEXT, size_text
from app.ui.tasks import TaskRunner

COLUMNS = (
    QT_TRANSLATE_NOOP("CatalogTab", "Model / quant"),
    QT_TRANSLATE_NOOP("CatalogTab", "Size"),
    QT_TRANSLATE_NOOP("CatalogTab", "Fits this computer"),
    QT_TRANSLATE_NOOP("CatalogTab", "Licence"),
    QT_TRANSLATE_NOOP("CatalogTab", "Context"),
    QT_TRANSLATE_NOOP("CatalogTab", "Good at"),
    "",
)
FIT_COLUMN, BUTTON_COLUMN = 2, 6


def _compute(installed: Callable[[], set[str]]) -> tuple[list[tuple], set[str]]:
    machine = this_machine()
    entries = [
        (model, [(quant, fit_for_catalog(model, quant, None, machine)) for quant in model.quants])
        for model in load_catalog()
    ]
    return entries, {name.lower() for name in installed()}


class CatalogTab(QWidget):
    download_requested = Signal(str, str)  # repo, file
    loaded = Signal(int)  # number of models shown

    def __init__(
        self,
        runner: TaskRunner,
        parent: QWidget | None = None,
        installed: Callable[[], set[str]] = set,
    ):
        super().__init__(parent)
        self.setObjectName("catalogTab")
        self._runner = runner
        self._installed = installed  # file names already on this computer
        self.note = QLabel(
            self.tr("Reading the catalogue…"), objectName="catalogNote", wordWrap=True
        )
        self.tree = QTreeWidget(objectName="catalogTree")
        self.tree.setHeaderLabels([QCoreApplication.translate("CatalogTab", c) for c in COLUMNS])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(BUTTON_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(BUTTON_COLUMN, 110)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 1)
        self.buttons: dict[tuple[str, str], QPushButton] = {}  # (model id, quant) → Download

    def load(self) -> None:
        self._runner.submit(
            lambda _task: _compute(self._installed),
            done=lambda found: self._show(*found),
            failed=self._fail,
            key="catalog",
        )

    def _fail(self, message: str) -> None:
        self.note.setText(
            self.tr("The catalogue could not be read: {message}").format(message=message)
        )
        self.loaded.emit(0)

    def _show(self, entries: list[tuple], installed: set[str] = frozenset()) -> None:
        self.tree.clear()
        self.buttons.clear()
        for model, quants in entries:
            top = QTreeWidgetItem(
                [
                    f"{model.name}" + (f" ({model.params})" if model.params else ""),
                    "",
                    "",
                    model.license,
                    f"{model.context_length:,}",
                    model.good_at,
                ]
            )
            top.setToolTip(0, model.repo)
            top.setToolTip(5, model.good_at)
            self.tree.addTopLevelItem(top)
            for quant, verdict in quants:
                star = " (recommended)" if quant.quant == model.recommended else ""
                child = QTreeWidgetItem([quant.quant + star, size_text(quant.size)])
                child.setText(FIT_COLUMN, VERDICT_TEXT[verdict.level])
                child.setForeground(FIT_COLUMN, VERDICT_COLOR[verdict.level])
                child.setToolTip(FIT_COLUMN, verdict.reason)
                child.setData(0, Qt.ItemDataRole.UserRole, (model.id, quant.quant, verdict.level))
                top.addChild(child)
                button = QPushButton(
                    self.tr("Download"), objectName=f"download_{model.id}_{quant.quant}"
                )
                button.setToolTip(f"{model.repo}/{quant.file}")
                if quant.file.rsplit("/", 1)[-1].lower() in installed:
                    button.setText(self.tr("Installed"))
                    button.setEnabled(False)
                    button.setToolTip(self.tr("Already on this computer: see Installed"))
                button.clicked.connect(
                    lambda _c=False, r=model.repo, f=quant.file: self.download_requested.emit(r, f)
                )
                self.tree.setItemWidget(child, BUTTON_COLUMN, button)
                self.buttons[(model.id, quant.quant)] = button
            top.setExpanded(True)
        self.note.setText(
            self.tr(
                "Recommended chat models. The verdict compares each file plus its working memory "
                "with what this computer has free now."
            )
        )
        self.loaded.emit(len(entries))

    def verdicts(self) -> dict[tuple[str, str], str]:
        """{(model id, quant): "fits" | "tight" | "too big"} as shown."""
        out = {}
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                model_id, quant, level = top.child(j).data(0, Qt.ItemDataRole.UserRole)
                out[(model_id, quant)] = level
        return out
