"""The one run that trains at a time: start, resume, pause, cancel, finish, delete.

Kept apart from the page's data and settings so the run's life reads in one
place. The worker process does the work; RunWatcher brings its events to the GUI
thread; this object turns them into the Train tab's state and the Runs list, and
registers a finished adapter in the model library (on the page's worker thread).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.finetune import publish
from app.finetune.runner import TrainingRun
from app.ui.finetune import dialogs
from app.ui.finetune.runs_panel import CAN_RESUME, RunsPanel
from app.ui.finetune.train_panel import STARTING, STOPPED, STOPPING, TRAINING, TrainPanel
from app.ui.finetune.watcher import RunWatcher
from app.ui.tasks import TaskRunner, one_line

log = logging.getLogger(__name__)

FINISHED_TEXT = {
    "paused": "Paused; a checkpoint was saved. Resume here or from the Runs tab.",
    "cancelled": "Cancelled. The run is kept: it can still resume from its last checkpoint.",
}


class TrainingControl(QObject):
    status_message = Signal(str)
    adapter_ready = Signal(str)  # a finished adapter, registered in the library
    run_finished = Signal(dict)  # the worker's "finished" event, once handled here

    def __init__(
        self,
        train: TrainPanel,
        runs: RunsPanel,
        tasks: TaskRunner,
        *,
        library,
        show_train: Callable[[], None],
        parent: QObject,
    ):
        super().__init__(parent)
        self.train = train
        self.runs = runs
        self.tasks = tasks
        self.library = library
        self._show_train = show_train
        self.watcher: RunWatcher | None = None
        self.run: TrainingRun | None = None  # the run the Train tab is about

    @property
    def training(self) -> bool:
        return self.watcher is not None and self.watcher.active

    @property
    def run_path(self) -> str | None:
        return str(self.run.folder.path) if self.run is not None else None

    def watch(self, run: TrainingRun) -> None:
        """Start (or resume) `run` and show its progress on the Train tab."""
        if self.watcher is not None:
            self.watcher.deleteLater()
        self.run = run
        self.watcher = RunWatcher(run, self)
        self.watcher.event.connect(self._on_event)
        self.watcher.finished.connect(self._on_finished)
        state = run.folder.state()
        self.train.begin(int(state.get("total") or 0), run.folder.read_log())
        self.train.show_status(self.tr("Starting the training process…"))
        try:
            self.watcher.start()
        except Exception as exc:  # the extra vanished, or the process could not start
            log.warning("starting training failed: %s", exc, exc_info=True)
            self.train.show_status(
                self.tr("Could not start training: {one_line}").format(one_line=one_line(exc))
            )
            self.train.set_state(STOPPED, resumable=run.status() in CAN_RESUME)
            self.runs.refresh()
            return
        self.train.set_state(STARTING)
        self._show_train()
        self.runs.set_busy(str(run.folder.path))
        self.runs.refresh()
        self.runs.select(str(run.folder.path))
        self.status_message.emit(self.tr("Training {name}…").format(name=run.info().name))

    def pause(self) -> None:
        if self.training:
            self.watcher.pause()
            self.train.set_state(STOPPING)
            self.train.show_status(self.tr("Pausing after the current step (saving a checkpoint)…"))

    def cancel(self) -> None:
        if self.training:
            self.watcher.cancel()
            self.train.set_state(STOPPING)
            self.train.show_status(self.tr("Cancelling after the current step…"))

    def resume(self) -> None:
        """Resume the Train tab's run from its checkpoint."""
        if self.run is not None and not self.training and self.run.status() in CAN_RESUME:
            self.watch(self.run)

    def resume_run(self, path: str) -> None:
        """Resume a run picked on the Runs tab (only one run trains at a time)."""
        if self.training:
            self.status_message.emit(self.tr("A run is training: pause or cancel it first."))
            return
        run = TrainingRun(path)
        try:
            self.train.name.setText(run.info().name)
        except ValueError as exc:
            self.status_message.emit(str(exc))
            return
        self.watch(run)

    def delete_run(self, path: str) -> bool:
        """Delete a run's folder after the user confirms (never the one training)."""
        if path == self.run_path and self.training:
            self.status_message.emit(self.tr("This run is training: pause or cancel it first."))
            return False
        try:
            name = TrainingRun(path).info().name
        except ValueError:
            name = Path(path).name
        if not dialogs.confirm(
            self.runs,
            "Delete the run?",
            f"Delete the run “{name}” with its checkpoint and progress ({path})? "
            "A finished adapter stays where it was saved.",
        ):
            return False
        shutil.rmtree(path, ignore_errors=True)
        if path == self.run_path:
            self.run = None
            self.train.set_state(STOPPED, resumable=False)
        self.runs.refresh()
        return True

    def shutdown(self, wait_s: float) -> None:
        """Pause a training run: it checkpoints after its step and resumes next time."""
        if self.watcher is None:
            return
        event = self.watcher.stop_watching(wait_s)
        if event is None and self.watcher.run.is_running():
            log.info("the training process is still finishing its step; it pauses itself")

    # ---- events ------------------------------------------------------------------------
    def _on_event(self, event: dict) -> None:
        self.train.show_event(event)
        if event.get("type") in ("start", "step") and self.train.state == STARTING:
            self.train.set_state(TRAINING)
        if event.get("type") == "step" and self.runs.selected_path() == self.run_path:
            self.runs.chart.add(event)

    def _on_finished(self, event: dict) -> None:
        status = event.get("status")
        self.runs.set_busy(None)
        if status == "done":
            adapter = event.get("adapter") or ""
            self.train.show_status(
                self.tr("Done. The adapter is at {adapter}").format(adapter=adapter)
            )
            self._register(adapter)
        elif status == "failed":
            self.train.show_status(
                self.tr(
                    "Training failed: {value}. You can resume from the last checkpoint, or change something and start again."
                ).format(value=event.get("error") or "no reason given")
            )
        else:
            self.train.show_status(FINISHED_TEXT.get(status, f"Stopped ({status})."))
        run = self.run
        self.train.set_state(STOPPED, resumable=run is not None and run.status() in CAN_RESUME)
        self.runs.refresh()
        self.status_message.emit(self.tr("Training {status}.").format(status=status))
        self.run_finished.emit(event)

    def _register(self, adapter: str) -> None:
        """Record the speed for estimates and list the adapter in the library (on the
        worker: both read GGUF headers)."""
        if not adapter:
            return
        library, run, rate_folder = self.library, self.run, self.runs.root

        def work(_task):
            publish.record_speed(run, rate_folder)
            return publish.register(library, run, adapter)

        def failed(message: str) -> None:
            self.train.show_status(
                self.tr(
                    "Done. The adapter is at {adapter}, but listing it among your adapters failed: {message}"
                ).format(adapter=adapter, message=message)
            )
            self.adapter_ready.emit(adapter)

        self.tasks.submit(
            work,
            done=lambda _entry: self.adapter_ready.emit(adapter),
            failed=failed,
        )
