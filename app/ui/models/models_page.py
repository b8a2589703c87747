"""The Models mode: catalogue, hub search and the library in tabs, downloads below them.

The page owns the Qt-free objects it shows (Library, HubClient, DownloadManager) and one
TaskRunner for their blocking calls; `shutdown()` stops the downloads, joins every worker
thread and closes the library's connection. At the next start the downloads left
unfinished continue only as the settings allow ("resume_downloads": ask by default).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.ui.models.catalog_tab import CatalogTab
from app.ui.models.downloads_panel import DownloadsPanel
from app.ui.models.installed_tab import InstalledTab
from app.ui.models.search_tab import SearchTab
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

THREAD_NAME = "models-worker"


def installed_files(library) -> set[str]:
    """File names of the models on this computer: the library's and the starter."""
    from pathlib import Path

    from app.hub.starter import starter_model_path

    names = {Path(model.path).name for model in library.list()}
    starter = starter_model_path()
    if starter is not None:
        names.add(Path(starter).name)
    return names


class ModelsPage(QWidget):
    use_model_requested = Signal(str)  # path
    model_settings_requested = Signal(str)  # path
    status_message = Signal(str)
    download_queued = Signal(str)  # job id
    download_failed = Signal(str)  # one line (planning or queueing failed)

    def __init__(self, library, hub, manager, parent: QWidget | None = None, settings=None):
        super().__init__(parent)
        self.setObjectName("modelsPage")
        self.library, self.hub, self.manager = library, hub, manager
        self.settings = settings
        self.runner = TaskRunner(self, thread_name=THREAD_NAME, max_workers=3)
        self._started = False
        self._catalog_loaded = False
        self._closed = False

        self.catalog = CatalogTab(self.runner, installed=lambda: installed_files(library))
        self.search = SearchTab(hub, self.runner)
        self.installed = InstalledTab(library, self.runner)
        self.downloads = DownloadsPanel(manager)
        self.tabs = QTabWidget(objectName="modelsTabs")
        self.tabs.addTab(self.catalog, self.tr("Catalogue"))
        self.tabs.addTab(self.search, self.tr("Search"))
        self.tabs.addTab(self.installed, self.tr("Installed"))
        split = QSplitter(Qt.Orientation.Vertical, objectName="modelsSplitter")
        split.addWidget(self.tabs)
        split.addWidget(self.downloads)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 240])
        split.setCollapsible(1, False)
        self.downloads.setMinimumHeight(130)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(split)

        self.catalog.download_requested.connect(self.download)
        self.search.download_requested.connect(self.download)
        self.installed.use_requested.connect(self.use_model_requested)
        self.installed.settings_requested.connect(self.model_settings_requested)
        self.installed.message.connect(self.status_message)
        self.downloads.message.connect(self.status_message)
        self.downloads.job_finished.connect(self._on_job_finished)
        self.downloads.resume_bar.resume_chosen.connect(self._resume_left_over)
        self.downloads.resume_bar.hold_chosen.connect(self._hold_left_over)

    def start(self) -> None:
        """Fill the tabs; continue (or ask about) the downloads the last session left."""
        if self._started:
            return
        self._started = True
        self.manager.add_listener(self.downloads.listen)
        left_over = self.manager.start_up(self._resume_policy())
        self.downloads.show_stored()
        if left_over:
            self.downloads.ask_resume(left_over)
        self.installed.refresh()
        library = self.library
        self.runner.submit(
            lambda _t: library.sync_starter(), done=lambda _m: self.installed.refresh()
        )

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        # The catalogue's fit verdicts ask llama.cpp whether it can offload to a
        # GPU; doing that only when the page is first shown keeps llama.cpp out
        # of the GUI process at start-up (the window shows in well under 1 s).
        super().showEvent(event)
        if self._started and not self._catalog_loaded:
            self._catalog_loaded = True
            self.catalog.load()

    def _resume_policy(self) -> str:
        policy = self.settings["resume_downloads"] if self.settings is not None else "ask"
        return policy if policy in ("ask", "always", "never") else "ask"

    def _resume_left_over(self, remember: bool) -> None:
        if remember and self.settings is not None:
            self.settings["resume_downloads"] = "always"
        self.manager.resume_unfinished()

    def _hold_left_over(self, remember: bool) -> None:
        if remember and self.settings is not None:
            self.settings["resume_downloads"] = "never"
        self.manager.hold_unfinished()

    def download(self, repo: str, file: str) -> None:
        """Plan (network) and queue a download on a worker; the panel shows its progress."""
        manager = self.manager
        self.status_message.emit(self.tr("Preparing the download of {file}…").format(file=file))

        def work(_task):
            return manager.enqueue(manager.plan(repo, file=file))

        self.runner.submit(work, done=self._queued, failed=self._not_queued)

    def _queued(self, job) -> None:
        self.status_message.emit(self.tr("Downloading {model_id}.").format(model_id=job.model_id))
        self.download_queued.emit(job.id)

    def _not_queued(self, text: str) -> None:
        self.status_message.emit(text)
        self.download_failed.emit(text)

    def _on_job_finished(self, job_id: str, state: str) -> None:
        if state == "done":
            model = self.installed_model_of(job_id)
            self.installed.refresh(select=model.id if model is not None else None)
            name = model.id if model is not None else job_id
            self.status_message.emit(
                self.tr("{name} is installed: find it under Installed.").format(name=name)
            )
        elif state == "failed":
            row = self.downloads.rows.get(job_id)
            message = row.event.message if row is not None and row.event else None
            self.status_message.emit(
                self.tr("The download of {job_id} failed: {value}").format(
                    job_id=job_id, value=message or "see the panel"
                )
            )

    def installed_model_of(self, job_id: str):
        """The library entry a finished download installed (ids may differ on a clash)."""
        job = self.manager.get(job_id)
        return self.library.find_download(job.repo, job.first_file) if job else None

    def refresh_library(self) -> None:
        if not self._closed:
            self.installed.refresh()

    def shutdown(self) -> None:
        """Window closing: stop downloads (they resume next start) and join every thread."""
        if self._closed:
            return
        self._closed = True
        try:
            self.manager.close()
        finally:
            self.manager.remove_listener(self.downloads.listen)
            self.runner.shutdown()
            self.library.close()
