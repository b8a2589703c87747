"""The Qt adapter over the blocking, Qt-free BatchRunner.

`BatchRunner.run` blocks until the run ends, so runs go to one worker thread, one
after the other; its callbacks come back as queued signals on the GUI thread.
Each start has a token: cancelling (Orange's habit) forgets the token so whatever
the cancelled run still reports is dropped, while its state stays in SQLite and
the run can be resumed later. Pause lets the submission being graded finish.

The engine is shared with the chat and the Write mode (requests serialise on its
lock). If no model is loaded the worker loads the page's model first.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.core.grading import BatchRunner, GradingStore, Progress
from app.ui.chat.controller import one_line

log = logging.getLogger(__name__)

THREAD_NAME = "grade-worker"
NO_MODEL = "No model to grade with: load one in Chat or Models first."


@dataclass
class _Job:
    token: int
    run_id: int
    cancelled: bool = False
    pause_requested: bool = False
    runner: BatchRunner | None = field(default=None, repr=False)


class _OwnRequests:
    """The shared engine as the runner sees it: `cancel()` stops only a grading
    request of ours (EngineClient's cancel by owner), so cancelling a run between
    submissions, or while its request still waits for the engine, never stops a
    chat reply or a quiz that holds the engine then."""

    def __init__(self, engine):
        self.engine = engine

    def complete(self, request):
        return self.engine.complete(request, owner=self)

    def cancel(self) -> None:
        self.engine.cancel(owner=self)


class _Relay(QObject):
    """Carries worker-thread events to the GUI thread (always queued)."""

    progress = Signal(int, object)
    result = Signal(int, int)
    finished = Signal(int, int, str)
    failed = Signal(int, str)
    done = Signal(int)


class GradeController(QObject):
    """Runs grading runs off the GUI thread and reports them as signals."""

    progress = Signal(object)  # Progress
    result_saved = Signal(int)  # result id, committed in the store
    run_finished = Signal(int, str)  # run id, state it ended in (finished, paused…)
    failed = Signal(str)  # one line: the run could not start or broke
    busy_changed = Signal(bool)

    def __init__(
        self,
        store: GradingStore,
        engine,
        load_model: Callable[[], None] = lambda: None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.engine = engine
        self._load_model = load_model
        self._tokens = itertools.count(1)
        self._jobs_by_token: dict[int, _Job] = {}
        self._relay = _Relay()
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.progress.connect(self._on_progress, queued)
        self._relay.result.connect(self._on_result, queued)
        self._relay.finished.connect(self._on_finished, queued)
        self._relay.failed.connect(self._on_failed, queued)
        self._relay.done.connect(self._on_done, queued)
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def is_busy(self) -> bool:
        return self.current_run is not None

    @property
    def current_run(self) -> int | None:
        for job in self._jobs_by_token.values():
            if not job.cancelled:
                return job.run_id
        return None

    def start(self, run_id: int) -> None:
        """Grade what is pending in `run_id` (a new run, or one to resume)."""
        if self._closed:
            raise RuntimeError("the grade controller is shut down")
        self.cancel()
        job = _Job(next(self._tokens), run_id)
        self._jobs_by_token[job.token] = job
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name=THREAD_NAME, daemon=True)
            self._thread.start()
        self._queue.put(job)
        self.busy_changed.emit(True)

    def pause(self) -> None:
        """Stop after the submission being graded; its result still arrives."""
        for job in self._live_jobs():
            job.pause_requested = True
            if job.runner is not None:
                job.runner.pause()

    def cancel(self) -> None:
        """Stop now and drop late reports; the run stays resumable in the store."""
        live = self._live_jobs()
        for job in live:
            job.cancelled = True
            if job.runner is not None:
                job.runner.cancel()
        if live:
            self.busy_changed.emit(False)

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel everything and join the worker thread (window close)."""
        if self._closed:
            return
        self._closed = True
        for job in self._jobs_by_token.values():
            job.cancelled = True
            if job.runner is not None:
                job.runner.cancel()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("grade worker still busy after %.0f s; leaving it", timeout)
            self._thread = None
        self._jobs_by_token.clear()

    def _live_jobs(self) -> list[_Job]:
        return [job for job in self._jobs_by_token.values() if not job.cancelled]

    # ---- worker thread -------------------------------------------------------------
    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                if not job.cancelled:
                    self._run(job)
            except Exception as exc:  # reported, never raised into Qt
                log.warning("grading run %d failed: %s", job.run_id, exc, exc_info=True)
                self._relay.failed.emit(job.token, one_line(exc))
            finally:
                self._relay.done.emit(job.token)

    def _run(self, job: _Job) -> None:
        if self.engine.model_info is None:
            self._load_model()
            if self.engine.model_info is None:
                raise RuntimeError(NO_MODEL)
        if job.cancelled:
            return
        if job.pause_requested:  # paused before it began: nothing was graded
            self._relay.finished.emit(job.token, job.run_id, "paused")
            return

        def on_progress(progress: Progress) -> None:
            # run() clears its flags as it starts: a request that came in between
            # is passed on again here, before each submission.
            if job.cancelled:
                runner.cancel()
            elif job.pause_requested:
                runner.pause()
            self._relay.progress.emit(job.token, progress)

        runner = BatchRunner(
            self.store,
            _OwnRequests(self.engine),
            on_progress=on_progress,
            on_result=lambda rid: self._relay.result.emit(job.token, rid),
        )
        job.runner = runner
        state = runner.run(job.run_id)
        self._relay.finished.emit(job.token, job.run_id, state)

    # ---- GUI thread --------------------------------------------------------------------
    def _live(self, token: int) -> bool:
        job = self._jobs_by_token.get(token)
        return job is not None and not job.cancelled

    @Slot(int, object)
    def _on_progress(self, token: int, progress: Progress) -> None:
        if self._live(token):
            self.progress.emit(progress)

    @Slot(int, int)
    def _on_result(self, token: int, result_id: int) -> None:
        if self._live(token):
            self.result_saved.emit(result_id)

    @Slot(int, int, str)
    def _on_finished(self, token: int, run_id: int, state: str) -> None:
        if self._live(token):
            self.run_finished.emit(run_id, state)

    @Slot(int, str)
    def _on_failed(self, token: int, message: str) -> None:
        if self._live(token):
            self.failed.emit(message)

    @Slot(int)
    def _on_done(self, token: int) -> None:
        job = self._jobs_by_token.pop(token, None)
        if job is not None and not job.cancelled and not self.is_busy:
            self.busy_changed.emit(False)
