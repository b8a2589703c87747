"""The Qt adapter over the blocking, Qt-free WritingService.

`WritingService.run` blocks until the action ends, so every run goes to one
worker thread; its WriteListener calls come back as queued signals on the GUI
thread. Each run has an id: cancelling a run (Orange's habit) forgets the id so
whatever it still emits is dropped, and starting a new run cancels the old one.

The engine is shared with the chat and serialises requests, so a write run may
wait while a chat reply finishes. `engine.cancel()` stops whatever request is
running, so Stop only reaches the engine once *our* run is generating; before
that it is a flag the listener honours at the run's first token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from app.core.writing import PartResult, WriteListener, WriteRequest, WritingService
from app.ui.run_queue import RunQueueController

THREAD_NAME = "write-worker"


@dataclass
class _Run:
    id: int
    request: WriteRequest
    cancelled: bool = False  # forget its results
    stop_requested: bool = False  # end at the next token; the result still comes
    streaming: bool = False  # a part is being generated (our request is the engine's)


class _Listener(WriteListener):
    """Runs on the worker thread; drops everything once its run is cancelled."""

    def __init__(self, run: _Run, controller: WriteController):
        self.run, self.controller = run, controller

    def _send(self, signal, *args) -> None:
        if not self.run.cancelled:
            self.controller._post(self.run.id, signal.emit, *args)

    def started(self, total_parts: int) -> None:
        self._send(self.controller.run_started, total_parts)

    def text_received(self, part: int, text: str) -> None:
        self.run.streaming = True
        if self.run.cancelled or self.run.stop_requested:
            self.controller.service.stop()  # a stop that came before our request began
            return
        self._send(self.controller.text_received, part, text)

    def part_finished(self, part: PartResult) -> None:
        self.run.streaming = False
        self._send(self.controller.part_finished, part)

    def progress(self, done: int, total: int) -> None:
        self._send(self.controller.progress, done, total)

    def notice(self, message: str) -> None:
        self._send(self.controller.notice, message)


class WriteController(RunQueueController):
    """Runs writing actions off the GUI thread and reports them as signals."""

    run_started = Signal(int)  # parts planned
    text_received = Signal(int, str)  # part, streamed text
    part_finished = Signal(object)  # PartResult
    progress = Signal(int, int)  # parts done, parts planned
    notice = Signal(str)  # split, trimmed, no changes…
    finished = Signal(object)  # WriteResult (also when stopped)
    failed = Signal(str)  # one line: the run raised (bad request, no model…)
    # busy_changed = Signal(bool), from RunQueueController

    thread_name = THREAD_NAME
    label = "write"

    def __init__(
        self,
        service: WritingService,
        model_path: Callable[[], str | None] = lambda: None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.service = service
        self._model_path = model_path

    def start(self, request: WriteRequest) -> int:
        """Run `request` in the background; a run still going is cancelled first."""
        self.cancel()
        run = _Run(self._new_id(), request)
        self._submit(run.id, run)
        return run.id

    def stop(self) -> None:
        """End the running action at its next token; its (partial) result still arrives."""
        for run in self._runs.values():
            if not run.cancelled:
                run.stop_requested = True
                if run.streaming:
                    self.service.stop()

    def cancel(self) -> None:
        """Stop every run and drop its late results."""
        live = [r for r in self._runs.values() if not r.cancelled]
        for run in live:
            run.cancelled = True
            if run.streaming:
                self.service.stop()
        if live:
            self.busy_changed.emit(False)

    def _cancel_all(self) -> None:
        # at shutdown: also runs cancelled earlier that still stream; no busy_changed
        for run in self._runs.values():
            run.cancelled = True
            if run.streaming:
                self.service.stop()

    # ---- worker thread -------------------------------------------------------------
    def _execute(self, run: _Run) -> None:
        path = self._model_path()
        if path:
            self.service.ensure_model(path)
        if not (run.cancelled or run.stop_requested):
            result = self.service.run(run.request, _Listener(run, self))
        else:
            result = None
        self._post_result(run.id, self.finished.emit, result)
