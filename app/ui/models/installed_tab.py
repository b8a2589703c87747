"""The library: installed models with their GGUF facts, and what to do with one.

Listing reads one SQLite table (quick, on the GUI thread). Whatever touches model
files runs on a worker: verify (hashes gigabytes, with progress), import (reads a GGUF
header), scan (walks other apps' folders), remove (deletes files).
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.hub.imports import scan
from app.ui.models import dialogs
from app.ui.models.formatting import params_text, size_text
from app.ui.tasks import TaskRunner

COLUMNS = (
    "Name", "Id", "Architecture", "Parameters", "Quant", "Context", "Template", "Licence",
    "Size", "Source",
)  # fmt: skip
SOURCE_TEXT = {"downloaded": "Downloaded", "imported": "Imported", "starter": "Built in"}
VERIFY_STEPS = 1000


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class InstalledTab(QWidget):
    use_requested = Signal(str)  # path
    settings_requested = Signal(str)  # path
    message = Signal(str)
    refreshed = Signal()
    verified = Signal(object)  # VerifyResult
    imported = Signal(object)  # InstalledModel
    scanned = Signal(object)  # ScanReport
    removed = Signal(str)  # the line saying what happened

    def __init__(self, library, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("installedTab")
        self._library = library
        self._runner = runner
        self._models = []
        self.table = QTableWidget(0, len(COLUMNS), objectName="installedTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(lambda *_: self.use())

        def button(text, name, slot, tip=""):
            b = QPushButton(text, objectName=name, toolTip=tip)
            b.clicked.connect(lambda _c=False: slot())
            return b

        self.use_button = button("Use", "useModel", self.use, "Load this model for chatting")
        self.default_button = button(
            "Set default", "setDefaultModel", self.set_default, "Load this model at start"
        )
        self.settings_button = button(
            "Settings…", "modelSettings", self.edit_settings,
            "Context size, GPU layers and chat template for this model",
        )  # fmt: skip
        self.verify_button = button(
            "Verify again", "verifyModel", self.verify, "Re-check the file's SHA-256"
        )
        self.remove_button = button("Remove", "removeModel", self.remove)
        self.import_button = button(
            "Import file…", "importModel", self.choose_and_import, "Add a .gguf where it is"
        )
        self.scan_button = button(
            "Scan other apps' folders", "scanModels", self.scan,
            "Find models from LM Studio, GPT4All, Ollama and the Hugging Face cache",
        )  # fmt: skip
        self.progress = QProgressBar(objectName="verifyProgress")
        self.progress.setRange(0, VERIFY_STEPS)
        self.progress.setMaximumHeight(12)
        self.progress.hide()
        self.status = QLabel("", objectName="libraryMessage", wordWrap=True)

        actions = QHBoxLayout()
        for b in (
            self.use_button, self.default_button, self.settings_button, self.verify_button,
            self.remove_button,
        ):  # fmt: skip
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        actions.addWidget(self.scan_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self._update_buttons()

    # -- the list ------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        current = select or (self.selected().id if self.selected() else None)
        self._models = self._library.list()
        default = self._library.default()
        self.table.setRowCount(0)
        bold = QFont()
        bold.setBold(True)
        for model in self._models:
            row = self.table.rowCount()
            self.table.insertRow(row)
            is_default = default is not None and default.id == model.id
            name = model.name + (" (default)" if is_default else "")
            if not model.exists:
                name += " (missing)"
            if model.damaged:
                name += " (damaged)"
            if model.unverified:
                name += self.tr(" (unverified)")
            values = (
                name,
                model.id,
                model.architecture or "—",
                params_text(model.n_params),
                model.quant or "—",
                f"{model.context_length:,}" if model.context_length else "—",
                "Yes" if model.has_chat_template else "No",
                model.license or "—",
                size_text(model.size_bytes),
                SOURCE_TEXT.get(model.source, model.source)
                + ("" if model.origin in ("hub", "starter", "file") else f" ({model.origin})"),
            )
            for col, value in enumerate(values):
                item = _cell(value)
                if is_default:
                    item.setFont(bold)
                self.table.setItem(row, col, item)
            self.table.item(row, 0).setToolTip(model.path)
            if model.id == current:
                self.table.selectRow(row)
        self._update_buttons()
        self.refreshed.emit()

    def model_ids(self) -> list[str]:
        return [m.id for m in self._models]

    def select(self, model_id: str) -> bool:
        for row, model in enumerate(self._models):
            if model.id == model_id:
                self.table.selectRow(row)
                return True
        return False

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._models):
            return None
        return self._models[rows[0].row()]

    def _update_buttons(self) -> None:
        model = self.selected()
        busy = self._runner.busy("verify")
        for b in (self.use_button, self.default_button, self.settings_button):
            b.setEnabled(model is not None and model.exists and not model.damaged)
        self.verify_button.setEnabled(model is not None and not busy)
        self.remove_button.setEnabled(model is not None)
        downloaded = model is not None and model.source == "downloaded"
        self.remove_button.setText(
            self.tr("Remove") if downloaded or model is None else self.tr("Forget")
        )
        self.remove_button.setToolTip(
            self.tr("Delete the downloaded files")
            if downloaded
            else self.tr("Drop it from the list; files stay")
        )

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.message.emit(text)

    # -- actions ------------------------------------------------------------------------

    def use(self) -> None:
        model = self.selected()
        if model is not None and model.exists and not model.damaged:
            self.use_requested.emit(model.path)

    def set_default(self) -> None:
        model = self.selected()
        if model is None:
            return
        self._library.set_default(model.id)
        self.refresh()
        self._say(self.tr("{name} loads at start from now on.").format(name=model.name))

    def edit_settings(self) -> None:
        model = self.selected()
        if model is not None:
            self.settings_requested.emit(model.path)

    def verify(self) -> None:
        model = self.selected()
        if model is None or self._runner.busy("verify"):
            return
        library = self._library

        def work(task):
            last = [-1, 0.0]

            def progress(done: int, total: int) -> None:
                step = done * VERIFY_STEPS // max(total, 1)
                now = time.monotonic()
                if step != last[0] and (now - last[1] >= 0.05 or step == VERIFY_STEPS):
                    last[0], last[1] = step, now
                    task.report(step)  # raises TaskCancelled when the page closes
                elif task.cancelled:
                    task.report(step)

            return library.verify(model.id, progress)

        self.progress.setValue(0)
        self.progress.show()
        self._say(self.tr("Verifying {name}…").format(name=model.name))
        self._runner.submit(
            work,
            done=lambda result: self._verified(model.id, result),
            failed=self._verify_failed,
            progress=self.progress.setValue,
            key="verify",
        )
        self._update_buttons()

    def _verified(self, model_id: str, result) -> None:
        self.progress.hide()
        self.refresh(select=model_id)
        self._say(result.message)
        self.verified.emit(result)

    def _verify_failed(self, message: str) -> None:
        self.progress.hide()
        self._update_buttons()
        self._say(message)

    def remove(self) -> None:
        model = self.selected()
        if model is None:
            return
        deletes = model.source == "downloaded"
        if not dialogs.confirm_remove(self, model.name, deletes):
            return
        library = self._library

        def work(_task):
            if deletes:
                return library.remove(model.id)
            library.forget(model.id)
            return f"Forgot {model.name}; its file stays where it is ({model.path})."

        self._runner.submit(work, done=self._removed, failed=self._failed)

    def _removed(self, line: str) -> None:
        self.refresh()
        self._say(line[:1].upper() + line[1:])
        self.removed.emit(line)

    def choose_and_import(self) -> None:
        path = dialogs.choose_model_file(self)
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        library = self._library
        self._say(self.tr("Importing {name}…").format(name=Path(path).name))
        self._runner.submit(
            lambda _task: library.import_file(path), done=self._imported, failed=self._failed
        )

    def _imported(self, model) -> None:
        self.refresh(select=model.id)
        self._say(
            self.tr("Imported {name} as {id} (the file stays where it is).").format(
                name=model.name, id=model.id
            )
        )
        self.imported.emit(model)

    def scan(self) -> None:
        library = self._library
        self.scan_button.setEnabled(False)
        self._say(
            self.tr("Looking in the Hugging Face cache, LM Studio, GPT4All and Ollama folders…")
        )
        self._runner.submit(
            lambda _task: scan(library), done=self._scanned, failed=self._scan_failed, key="scan"
        )

    def _scanned(self, report) -> None:
        self.scan_button.setEnabled(True)
        self.refresh()
        self._say(scan_summary(report))
        self.scanned.emit(report)

    def _scan_failed(self, message: str) -> None:
        self.scan_button.setEnabled(True)
        self._failed(message)

    def _failed(self, message: str) -> None:
        self._say(message)


def scan_summary(report) -> str:
    if not (report.added or report.known or report.skipped):
        return "No models found in the Hugging Face cache, LM Studio, GPT4All or Ollama folders."
    parts = [f"{len(report.added)} added"]
    if report.known:
        parts.append(f"{len(report.known)} already listed")
    if report.skipped:
        parts.append(f"{len(report.skipped)} skipped ({report.skipped[0][1]}…)")
    names = ", ".join(m.name for m in report.added[:3])
    return "Scan: " + ", ".join(parts) + (f": {names}" if names else "") + "."
