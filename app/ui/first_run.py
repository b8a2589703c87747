"""The first-run page: what Quillmate is, where data lives, and a model to start with.

A new user of LM Studio or GPT4All gets a welcome screen that ends with a model to
chat with; here the same: the starter model when it is installed, the catalogue model
that fits this computer (one click downloads it, with its size and a rough speed), and
the models other apps already keep on this disk (found in the background, imported in
place). It says plainly that nothing is sent anywhere.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.paths import app_paths, choose_data_folder

log = logging.getLogger(__name__)


def should_show(settings) -> bool:
    """Only for a new profile: no model chosen yet and the page not seen before."""
    return not settings["first_run_done"] and not settings["default_model"]


class _Relay(QObject):
    """Carries results from the background threads to the GUI thread (queued)."""

    found = Signal(object)  # list of import candidates
    imported = Signal(object)  # ScanReport
    failed = Signal(str)
    recommended = Signal(object)  # a Recommendation, or None


class FirstRunDialog(QDialog):
    download_requested = Signal(str, str)  # repo, file
    use_model = Signal(str)  # path of a model to use at once

    def __init__(self, settings, parent: QWidget | None = None, *, home=None, recommendation=None):
        super().__init__(parent)
        self.settings = settings
        self._home = home  # where other apps' folders are looked for (tests)
        self._candidates: list = []
        self._relay = _Relay(self)
        self._relay.recommended.connect(self._show_recommendation)
        self.setWindowTitle(self.tr("Welcome to Quillmate"))
        self.setAccessibleName(self.tr("Welcome to Quillmate"))
        layout = QVBoxLayout(self)

        intro = QLabel(
            self.tr(
                "Quillmate chats, helps you write and grades homework with a language model "
                "that runs on this computer.\nNothing is sent anywhere: your text stays here "
                "unless you download a model or set up a remote server yourself."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        layout.addWidget(self._data_box())
        layout.addWidget(self._model_box(recommendation))
        layout.addWidget(self._import_box())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start"))
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.finished.connect(self._remember)

        self._relay.found.connect(self._on_found)
        self._relay.imported.connect(self._on_imported)
        self._relay.failed.connect(lambda text: self.import_status.setText(text))
        threading.Thread(target=self._find, name="first-run-scan", daemon=True).start()

    # ------------------------------------------------------------- sections
    def _data_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Your data"))
        row = QHBoxLayout(box)
        self.data_label = QLabel(str(app_paths().data))
        self.data_label.setWordWrap(True)
        self.data_label.setToolTip(str(app_paths().data))
        row.addWidget(self.data_label, 1)
        show = QPushButton(self.tr("Open"))
        show.setAccessibleName(self.tr("Open the data folder"))
        show.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(app_paths().data)))
        )
        change = QPushButton(self.tr("Change…"))
        change.setAccessibleName(self.tr("Change the data folder"))
        change.clicked.connect(self._change_folder)
        row.addWidget(show)
        row.addWidget(change)
        return box

    def _model_box(self, recommendation) -> QGroupBox:
        from app.hub.starter import starter_model_path

        box = QGroupBox(self.tr("A model to start with"))
        column = QVBoxLayout(box)
        starter = starter_model_path()
        if starter is not None:
            line = QHBoxLayout()
            line.addWidget(QLabel(self.tr("The starter model (SmolLM2 135M, 98 MB) is installed.")))
            self.use_starter = QPushButton(self.tr("Chat with it"))
            self.use_starter.clicked.connect(lambda: self._use(str(starter)))
            line.addWidget(self.use_starter)
            column.addLayout(line)
        self.recommendation = None
        self._recommend_line = QHBoxLayout()
        self.recommend_label = QLabel(self.tr("Looking for a model that fits this computer…"))
        self.recommend_label.setWordWrap(True)
        self._recommend_line.addWidget(self.recommend_label, 1)
        column.addLayout(self._recommend_line)
        if recommendation is not None:
            self._show_recommendation(recommendation)
        else:
            # Sizing the machine starts a probe process (about 1 s): never before the
            # window's first paint, never on the GUI thread.
            threading.Thread(target=self._recommend, name="first-run-fit", daemon=True).start()
        return box

    def _recommend(self) -> None:
        from app.hub.recommend import recommend

        found = None
        try:
            found = recommend()
        except Exception as exc:  # a broken catalogue must not block the first start
            log.warning("no recommendation: %s", exc)
        try:
            self._relay.recommended.emit(found)
        except RuntimeError:  # the page was closed first: nobody to tell
            log.debug("first-run page closed before the recommendation was found")

    def _show_recommendation(self, recommendation) -> None:
        self.recommendation = recommendation
        if recommendation is None:
            self.recommend_label.setText(
                self.tr("No catalogue model fits this computer's free memory now.")
            )
            return
        text = self.tr("Recommended for this computer: {name} ({size:.0f} MB, about "
                       "{speed:.0f} tokens/s, a rough estimate).")  # fmt: skip
        self.recommend_label.setText(
            text.format(
                name=recommendation.model.name,
                size=recommendation.size_mb,
                speed=recommendation.tokens_per_second,
            )
        )
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setAccessibleName(
            self.tr("Download {name}").format(name=recommendation.model.name)
        )
        self.download_button.clicked.connect(self._download)
        self._recommend_line.addWidget(self.download_button)

    def _import_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Models from other apps"))
        line = QHBoxLayout(box)
        self.import_status = QLabel(self.tr("Looking for models of LM Studio, GPT4All, Ollama…"))
        self.import_status.setWordWrap(True)
        line.addWidget(self.import_status, 1)
        self.import_button = QPushButton(self.tr("Import them"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._import)
        line.addWidget(self.import_button)
        return box

    # -------------------------------------------------------------- actions
    def _change_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for conversations and models"), str(app_paths().data)
        )
        if folder:
            self.set_data_folder(folder)

    def set_data_folder(self, folder: str) -> None:
        chosen = choose_data_folder(folder)
        self.data_label.setText(
            self.tr("{folder} (from the next start; the old folder is left as it is)").format(
                folder=chosen
            )
        )

    def _use(self, path: str) -> None:
        self.use_model.emit(path)
        self.accept()

    def _download(self) -> None:
        r = self.recommendation
        self.download_requested.emit(r.model.repo, r.quant.file)
        self.download_button.setEnabled(False)
        self.download_button.setText(self.tr("Queued"))

    def _find(self) -> None:
        from app.hub.imports import find_all

        try:
            self._relay.found.emit(find_all(self._home))
        except Exception as exc:  # an unreadable folder: say so, never crash the page
            self._relay.failed.emit(self.tr("Could not look: {error}").format(error=exc))

    def _on_found(self, candidates: list) -> None:
        self._candidates = candidates
        if candidates:
            self.import_status.setText(
                self.tr("Found {n} model file(s) that other apps keep on this computer.").format(
                    n=len(candidates)
                )
            )
            self.import_button.setEnabled(True)
        else:
            self.import_status.setText(self.tr("No models of other apps were found."))

    def _import(self) -> None:
        self.import_button.setEnabled(False)
        self.import_status.setText(self.tr("Importing (in place, nothing is copied)…"))
        candidates = list(self._candidates)

        def work() -> None:
            from app.hub.imports import register_candidates
            from app.hub.library import Library

            try:
                with Library(settings=self.settings) as library:
                    self._relay.imported.emit(register_candidates(library, candidates))
            except Exception as exc:  # reported on the page
                self._relay.failed.emit(self.tr("Import failed: {error}").format(error=exc))

        threading.Thread(target=work, name="first-run-import", daemon=True).start()

    def _on_imported(self, report) -> None:
        self.import_status.setText(
            self.tr("Imported {added}; {known} already known; {skipped} skipped.").format(
                added=len(report.added), known=len(report.known), skipped=len(report.skipped)
            )
        )

    def _remember(self, _result: int) -> None:
        self.settings["first_run_done"] = True
