"""The downloads panel: every job with progress, speed, ETA and state; pause, resume, cancel.

DownloadManager calls its listeners on its worker threads. The listener here only
emits a signal (queued to the GUI thread); the panel keeps the latest event of each
job and redraws the rows on a short timer, so a fast download costs a few repaints a
second, not one per 256 KiB (qtconsole's queued-flush habit).
"""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.hub.events import DownloadEvent
from app.ui.models import dialogs
from app.ui.models.download_row import DownloadRow
from app.ui.models.resume_bar import ResumeBar
from app.ui.tasks import GuiRelay, one_line

log = logging.getLogger(__name__)

FLUSH_MS = 150


def event_of(job) -> DownloadEvent:
    """A stored job as an event, to show it before the manager reports on it."""
    return DownloadEvent(
        job.id, job.model_id, job.state, job.bytes_done, job.bytes_total, message=job.error
    )


class DownloadsPanel(QWidget):
    job_finished = Signal(str, str)  # job id, final state ("done", "failed", "cancelled")
    event_received = Signal(object)  # every DownloadEvent, on the GUI thread, before coalescing
    message = Signal(str)

    def __init__(self, manager, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("downloadsPanel")
        self._manager = manager
        self.rows: dict[str, DownloadRow] = {}
        self._pending: dict[str, DownloadEvent] = {}
        self.flush_count = 0
        self._relay = GuiRelay(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self.flush)

        self.heading = QLabel(self.tr("<b>Downloads</b>"), objectName="downloadsHeading")
        self.empty = QLabel(self.tr("No downloads."), objectName="noDownloads")
        self.clear_button = QPushButton(self.tr("Clear finished"), objectName="clearDownloads")
        self.clear_button.clicked.connect(self.clear_finished)
        self.resume_bar = ResumeBar(self)
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.addWidget(self.empty)
        self._list_layout.addStretch(1)
        scroll = QScrollArea(objectName="downloadsScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._list)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.resume_bar)
        layout.addWidget(scroll, 1)

    # -- the manager's side (any thread) ---------------------------------------------------

    def listen(self, event: DownloadEvent) -> None:
        """The DownloadManager listener: runs on a worker thread, only emits."""
        self._relay.call_soon(self._on_event, event)

    def show_stored(self) -> None:
        """Rows for the jobs the manager already has (unfinished ones from last time)."""
        for job in self._manager.jobs():
            self._pending[job.id] = event_of(job)
        self.flush()

    def ask_resume(self, jobs) -> None:
        """Show the left-over downloads as paused (nothing runs them) and ask about them."""
        for job in jobs:
            self._pending[job.id] = dataclasses.replace(event_of(job), state="paused")
        self.flush()
        self.resume_bar.ask(len(jobs))

    # -- the GUI side --------------------------------------------------------------------

    def _on_event(self, event: DownloadEvent) -> None:
        self.event_received.emit(event)
        previous = self._pending.get(event.job_id)
        if previous is not None and previous.state != event.state and event.state != "running":
            self.flush()  # never lose a state change (retrying, paused…) to coalescing
        self._pending[event.job_id] = event
        if event.state in ("done", "failed", "cancelled", "paused"):
            self.flush()
        elif not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        pending, self._pending = self._pending, {}
        if not pending:
            return
        self.flush_count += 1
        for event in pending.values():
            row = self.rows.get(event.job_id)
            if row is None:
                row = self._add_row(event.job_id, event.model_id)
            was = row.state
            row.update_from(event)
            if event.state in ("done", "failed", "cancelled") and was != event.state:
                self.job_finished.emit(event.job_id, event.state)
        self.empty.setVisible(not self.rows)

    def _add_row(self, job_id: str, title: str) -> DownloadRow:
        row = DownloadRow(job_id, title, self._list)
        row.pause_clicked.connect(self.pause)
        row.resume_clicked.connect(self.resume)
        row.cancel_clicked.connect(self.cancel)
        self._list_layout.insertWidget(0, row)
        self.rows[job_id] = row
        return row

    def clear_finished(self) -> None:
        for job_id, row in list(self.rows.items()):
            if row.finished:
                del self.rows[job_id]
                row.deleteLater()
        self.empty.setVisible(not self.rows)

    def state_of(self, job_id: str) -> str | None:
        row = self.rows.get(job_id)
        return row.state if row is not None else None

    # -- actions (quick: they only flag the worker or update one row) ----------------------

    def pause(self, job_id: str) -> None:
        self._manager.pause(job_id)

    def resume(self, job_id: str) -> None:
        try:
            self._manager.resume(job_id)
        except Exception as exc:  # NotEnoughSpace, a job that vanished: one line
            self.message.emit(one_line(exc))

    def cancel(self, job_id: str) -> None:
        answer = dialogs.ask_cancel_download(self, job_id)
        if answer is None:
            return
        self._manager.cancel(job_id, keep_partial=answer == dialogs.KEEP)
