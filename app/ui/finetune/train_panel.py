"""The Train tab: name the run, start it, watch it, pause, resume or cancel it.

The panel only shows; the page decides (it owns the run). Progress is what the
worker measured: step n of N, loss and validation loss (also drawn), tokens per
second and the time left. A failure is one plain sentence, and the panel goes
back to a state where the user can start again or resume.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.count_bar import CountBar
from app.ui.finetune.loss_chart import LossChart

IDLE, STARTING, TRAINING, STOPPING, STOPPED = "idle", "starting", "training", "stopping", "stopped"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    seconds = max(0, round(seconds))
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 5400:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def stats_text(event: dict) -> str:
    parts = [f"loss {event['loss']:.4f}"]
    if event.get("val_loss") is not None:
        parts.append(f"validation loss {event['val_loss']:.4f}")
    parts.append(f"{event.get('tokens_per_s', 0):.1f} tokens/s")
    parts.append(f"{duration(event.get('eta_s'))} left")
    return " · ".join(parts)


class TrainPanel(QWidget):
    start_requested = Signal()
    pause_requested = Signal()
    resume_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.name.setObjectName("runName")
        self.name.setPlaceholderText(self.tr("A name for the adapter, e.g. my-style"))
        self.start_button = QPushButton(self.tr("Start training"), self)
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.resume_button = QPushButton(self.tr("Resume"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.progress = CountBar(self.tr("step %v of %m"), self.tr("No training run yet"), self)
        self.stats = QLabel("", self)
        self.stats.setObjectName("trainStats")
        self.status = QLabel("", self)
        self.status.setObjectName("trainStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = LossChart(self)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        buttons = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.resume_button):
            buttons.addWidget(button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.stats)
        layout.addWidget(self.status)
        layout.addWidget(self.chart, 1)

        self.start_button.clicked.connect(self.start_requested)
        self.pause_button.clicked.connect(self.pause_requested)
        self.resume_button.clicked.connect(self.resume_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.state = IDLE
        self.set_state(IDLE)

    def set_state(self, state: str, *, resumable: bool = False) -> None:
        """Which buttons make sense: idle/stopped can start; a stopped run may resume."""
        self.state = state
        active = state in (STARTING, TRAINING)
        self.start_button.setEnabled(state in (IDLE, STOPPED))
        self.name.setReadOnly(state not in (IDLE, STOPPED))
        self.pause_button.setEnabled(active)  # a pause while loading stops at step 0
        self.cancel_button.setEnabled(active)
        self.resume_button.setEnabled(state == STOPPED and resumable)

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def begin(self, total: int, past_steps: list[dict] | None = None) -> None:
        """A run starts (or resumes): reset the bar and draw the steps it already made."""
        self.chart.set_events(past_steps or [], total)
        self.progress.setRange(0, max(1, total))
        last = (past_steps or [{}])[-1]
        self.progress.setValue(int(last.get("step", 0)))
        self.stats.setText(stats_text(last) if "loss" in last else "")

    def show_event(self, event: dict) -> None:
        kind = event.get("type")
        if kind == "status":
            self.show_status(event.get("text", ""))
        elif kind == "start":
            self.progress.setRange(0, max(1, int(event["total"])))
            self.progress.setValue(int(event["step"]))
            self.show_status(
                self.tr(
                    "Training on the {device}: {n_train} examples, {n_validation} for validation, {params:,} trainable parameters."
                ).format(
                    device=str(event.get("device", "cpu")).upper(),
                    n_train=event.get("n_train", 0),
                    n_validation=event.get("n_validation", 0),
                    params=event.get("trainable_params", 0),
                )
            )
        elif kind == "step":
            self.progress.setRange(0, max(1, int(event["total"])))
            self.progress.setValue(int(event["step"]))
            self.stats.setText(stats_text(event))
            self.chart.add(event)
        elif kind == "exported":
            self.show_status(self.tr("Wrote the adapter {path}").format(path=event.get("path", "")))
