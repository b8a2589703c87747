"""One download in the panel: name, progress bar, bytes · speed · ETA, state, buttons."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from app.hub.events import DownloadEvent
from app.ui.models.formatting import eta_text, size_text, speed_text

STATE_TEXT = {
    "queued": "Queued",
    "running": "Downloading",
    "retrying": "Retrying",
    "paused": "Paused",
    "verifying": "Verifying",
    "done": "Done",
    "failed": "Failed",
    "cancelled": "Cancelled",
}
FINAL = {"done", "cancelled"}
PROGRESS_STEPS = 1000  # 0.1 %: Orange's threshold for a visible change


class DownloadRow(QFrame):
    pause_clicked = Signal(str)
    resume_clicked = Signal(str)
    cancel_clicked = Signal(str)

    def __init__(self, job_id: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"download_{job_id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.job_id = job_id
        self.state = ""
        self.event: DownloadEvent | None = None
        self.title = QLabel(f"<b>{title}</b>", objectName="downloadTitle")
        self.bar = QProgressBar(objectName="downloadProgress")
        self.bar.setRange(0, PROGRESS_STEPS)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        self.detail = QLabel("", objectName="downloadDetail")
        self.state_label = QLabel("", objectName="downloadState", wordWrap=True)
        self.pause_button = QPushButton(self.tr("Pause"), objectName="pauseDownload")
        self.resume_button = QPushButton(self.tr("Resume"), objectName="resumeDownload")
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="cancelDownload")
        self.pause_button.clicked.connect(lambda: self.pause_clicked.emit(self.job_id))
        self.resume_button.clicked.connect(lambda: self.resume_clicked.emit(self.job_id))
        self.cancel_button.clicked.connect(lambda: self.cancel_clicked.emit(self.job_id))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.pause_button, self.resume_button, self.cancel_button):
            buttons.addWidget(button)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.addWidget(self.title, 0, 0)
        grid.addLayout(buttons, 0, 1, 2, 1)
        grid.addWidget(self.bar, 1, 0)
        grid.addWidget(self.detail, 2, 0)
        grid.addWidget(self.state_label, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)

    def update_from(self, event: DownloadEvent) -> None:
        self.event = event
        self.state = event.state
        total, done = event.bytes_total, event.bytes_done
        if event.state == "done":
            done = total = max(total, done, 1)
        steps = int(done * PROGRESS_STEPS / total) if total else 0
        if steps != self.bar.value():
            self.bar.setValue(steps)
        parts = [f"{size_text(done)} of {size_text(total)}"]
        if event.state == "running":
            parts += [speed_text(event.speed), eta_text(event.eta)]
        self.detail.setText(" · ".join(p for p in parts if p))
        state = STATE_TEXT.get(event.state, event.state)
        if event.message and event.state in (
            "retrying",
            "failed",
            "done",
            "cancelled",
            "verifying",
        ):
            state = f"{state}: {event.message}"
        self.state_label.setText(state)
        self.state_label.setToolTip(event.message or "")
        self.pause_button.setVisible(event.state in ("queued", "running", "retrying"))
        self.resume_button.setVisible(event.state in ("paused", "failed"))
        self.cancel_button.setVisible(event.state not in FINAL)
        self.cancel_button.setEnabled(event.state != "verifying")

    @property
    def finished(self) -> bool:
        return self.state in FINAL
