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

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.core.writing import PartResult, WriteListener, WriteRequest, WritingService
from app.ui.chat.controller import one_line

log = logging.getLogger(__name__)

THREAD_NAME = "write-worker"


@dataclass
class _Run:
    id: int
    request: WriteRequest
    cancelled: bool = False  # forget its results
    stop_requested: bool = False  # end at the next token; the result still comes
    streaming: bool = False  # a part is being generated (our request is the engine's)


class _Relay(QObject):
    """Carries worker-thread events to the GUI thread (always queued)."""

    started = Signal(int, int)
    text = Signal(int, int, str)
    part = Signal(int, object)
    progress = Signal(int, int, int)
    notice = Signal(int, str)
    finished = Signal(int, object)
    failed = Signal(int, str)
    done = Signal(int)


class _Listener(WriteListener):
    """Runs on the worker thread; drops everything once its run is cancelled."""

    def __init__(self, run: _Run, relay: _Relay, service: WritingService):
        self.run, self.relay, self.service = run, relay, service

    def started(self, total_parts: int) -> None:
        if not self.run.cancelled:
            self.relay.started.emit(self.run.id, total_parts)

    def text_received(self, part: int, text: str) -> None:
        self.run.streaming = True
        if self.run.cancelled or self.run.stop_requested:
            self.service.stop()  # a stop that came before our request began
            return
        self.relay.text.emit(self.run.id, part, text)

    def part_finished(self, part: PartResult) -> None:
        self.run.streaming = False
        if not self.run.cancelled:
            self.relay.part.emit(self.run.id, part)

    def progress(self, done: int, total: int) -> None:
        if not self.run.cancelled:
            self.relay.progress.emit(self.run.id, done, total)

    def notice(self, message: str) -> None:
        if not self.run.cancelled:
            self.relay.notice.emit(self.run.id, message)


class WriteController(QObject):
    """Runs writing actions off the GUI thread and reports them as signals."""

    run_started = Signal(int)  # parts planned
    text_received = Signal(int, str)  # part, streamed text
    part_finished = Signal(object)  # PartResult
    progress = Signal(int, int)  # parts done, parts planned
    notice = Signal(str)  # split, trimmed, no changes…
    finished = Signal(object)  # WriteResult (also when stopped)
    failed = Signal(str)  # one line: the run raised (bad request, no model…)
    busy_changed = Signal(bool)

    def __init__(
        self,
        service: WritingService,
        model_path: Callable[[], str | None] = lambda: None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.service = service
        self._model_path = model_path
        self._ids = itertools.count(1)
        self._runs: dict[int, _Run] = {}
        self._relay = _Relay()
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.started.connect(self._on_started, queued)
        self._relay.text.connect(self._on_text, queued)
        self._relay.part.connect(self._on_part, queued)
        self._relay.progress.connect(self._on_progress, queued)
        self._relay.notice.connect(self._on_notice, queued)
        self._relay.finished.connect(self._on_finished, queued)
        self._relay.failed.connect(self._on_failed, queued)
        self._relay.done.connect(self._on_done, queued)
        self._jobs: queue.Queue[_Run | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def is_busy(self) -> bool:
        return any(not r.cancelled for r in self._runs.values())

    def start(self, request: WriteRequest) -> int:
        """Run `request` in the background; a run still going is cancelled first."""
        if self._closed:
            raise RuntimeError("the write controller is shut down")
        self.cancel()
        run = _Run(next(self._ids), request)
        self._runs[run.id] = run
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name=THREAD_NAME, daemon=True)
            self._thread.start()
        self._jobs.put(run)
        self.busy_changed.emit(True)
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

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel everything and join the worker thread (window close)."""
        if self._closed:
            return
        self._closed = True
        for run in self._runs.values():
            run.cancelled = True
            if run.streaming:
                self.service.stop()
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("write worker still busy after %.0f s; leaving it", timeout)
            self._thread = None
        self._runs.clear()

    # ---- worker thread -------------------------------------------------------------
    def _work(self) -> None:
        while True:
            run = self._jobs.get()
            if run is None:
                return
            try:
                if not run.cancelled:
                    path = self._model_path()
                    if path:
                        self.service.ensure_model(path)
                    if not (run.cancelled or run.stop_requested):
                        listener = _Listener(run, self._relay, self.service)
                        result = self.service.run(run.request, listener)
                    else:
                        result = None
                    self._relay.finished.emit(run.id, result)
            except Exception as exc:  # reported, never raised into Qt
                log.warning("write run %d failed: %s", run.id, exc, exc_info=True)
                self._relay.failed.emit(run.id, one_line(exc))
            finally:
                self._relay.done.emit(run.id)

    # ---- GUI thread --------------------------------------------------------------------
    def _live(self, run_id: int) -> _Run | None:
        run = self._runs.get(run_id)
        return None if run is None or run.cancelled else run

    @Slot(int, int)
    def _on_started(self, run_id, total) -> None:
        if self._live(run_id):
            self.run_started.emit(total)

    @Slot(int, int, str)
    def _on_text(self, run_id, part, text) -> None:
        if self._live(run_id):
            self.text_received.emit(part, text)

    @Slot(int, object)
    def _on_part(self, run_id, part) -> None:
        if self._live(run_id):
            self.part_finished.emit(part)

    @Slot(int, int, int)
    def _on_progress(self, run_id, done, total) -> None:
        if self._live(run_id):
            self.progress.emit(done, total)

    @Slot(int, str)
    def _on_notice(self, run_id, message) -> None:
        if self._live(run_id):
            self.notice.emit(message)

    @Slot(int, object)
    def _on_finished(self, run_id, result) -> None:
        if self._live(run_id):
            self.finished.emit(result)

    @Slot(int, str)
    def _on_failed(self, run_id, message) -> None:
        if self._live(run_id):
            self.failed.emit(message)

    @Slot(int)
    def _on_done(self, run_id) -> None:
        run = self._runs.pop(run_id, None)
        if run is not None and not run.cancelled and not self.is_busy:
            self.busy_changed.emit(False)
