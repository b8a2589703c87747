"""Watches one training run's worker process from the GUI thread.

`TrainingRun.poll()` never blocks, so a 200 ms QTimer on the GUI thread is all it
takes to turn the worker's pipe into Qt signals: no extra thread, and nothing to
join when the window closes. The timer stops by itself once the run finishes.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.finetune.runner import TrainingRun

log = logging.getLogger(__name__)

POLL_MS = 200


class RunWatcher(QObject):
    """Starts a run's worker and re-emits its events on the GUI thread."""

    event = Signal(dict)  # every event, as the worker sent it
    finished = Signal(dict)  # the "finished" event: status done/paused/cancelled/failed

    def __init__(self, run: TrainingRun, parent: QObject | None = None):
        super().__init__(parent)
        self.run = run
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)

    @property
    def active(self) -> bool:
        """True from start until the worker's "finished" event has been delivered."""
        return self._timer.isActive()

    def start(self) -> None:
        """Start (or resume) the worker; raises what TrainingRun.start raises."""
        self.run.start()
        self._timer.start()

    def poll(self) -> None:
        try:
            events = self.run.poll()
        except Exception as exc:  # a broken pipe object must not stop the GUI
            log.warning("polling the training worker failed: %s", exc, exc_info=True)
            events = [{"type": "finished", "status": "failed", "error": str(exc)}]
        for event in events:
            self.event.emit(event)
            if event.get("type") == "finished":
                self._timer.stop()
                self.finished.emit(event)
                return

    def pause(self) -> None:
        self.run.pause()

    def cancel(self) -> None:
        self.run.cancel()

    def stop_watching(self, wait_s: float = 0.0) -> dict[str, Any] | None:
        """Stop the timer; if the worker runs, ask it to pause and wait up to wait_s.

        The worker checkpoints after its current step before it stops, so closing
        the app never loses more than one step, and the run resumes later. A step
        longer than wait_s is left to finish in the worker on its own.
        """
        self._timer.stop()
        if not self.run.is_running():
            return None
        self.run.pause()
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            for event in self.run.poll(0.1):
                if event.get("type") == "finished":
                    return event
        return None
