"""The Qt adapter over the blocking, Qt-free BatchRunner.

`BatchRunner.run` blocks until the run ends, so runs go through
`app.ui.run_queue.RunQueueController` (one worker thread, in order; reports
posted to the GUI thread). Cancelling (Orange's habit) marks the job so whatever
the cancelled run still reports is dropped, while its state stays in SQLite and
the run can be resumed later. Pause lets the submission being graded finish.

The engine is shared with the chat and the Write mode (requests serialise on its
lock). If no model is loaded the worker loads the page's model first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from app.core.grading import BatchRunner, GradingStore, Progress
from app.ui.run_queue import RunQueueController

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


class GradeController(RunQueueController):
    """Runs grading runs off the GUI thread and reports them as signals."""

    progress = Signal(object)  # Progress
    result_saved = Signal(int)  # result id, committed in the store
    run_finished = Signal(int, str)  # run id, state it ended in (finished, paused…)
    failed = Signal(str)  # one line: the run could not start or broke
    # busy_changed = Signal(bool), from RunQueueController

    thread_name = THREAD_NAME
    label = "grade"

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

    @property
    def current_run(self) -> int | None:
        live = self._live_jobs()
        return live[0].run_id if live else None

    def start(self, run_id: int) -> None:
        """Grade what is pending in `run_id` (a new run, or one to resume)."""
        if self._closed:
            raise RuntimeError("the grade controller is shut down")
        self.cancel()
        job = _Job(self._new_id(), run_id)
        self._submit(job.token, job)

    def pause(self) -> None:
        """Stop after the submission being graded; its result still arrives."""
        for job in self._live_jobs():
            job.pause_requested = True
            if job.runner is not None:
                job.runner.pause()

    def cancel(self) -> None:
        """Stop now and drop late reports; the run stays resumable in the store."""
        live = self._live_jobs()
        self._cancel(live)
        if live:
            self.busy_changed.emit(False)

    def _cancel_all(self) -> None:
        self._cancel(list(self._runs.values()))  # at shutdown: no busy_changed

    def _cancel(self, jobs: list[_Job]) -> None:
        for job in jobs:
            job.cancelled = True
            if job.runner is not None:
                job.runner.cancel()

    def _live_jobs(self) -> list[_Job]:
        return [job for job in self._runs.values() if not job.cancelled]

    # ---- worker thread -------------------------------------------------------------
    def _execute(self, job: _Job) -> None:
        if self.engine.model_info is None:
            self._load_model()
            if self.engine.model_info is None:
                raise RuntimeError(NO_MODEL)
        if job.cancelled:
            return
        if job.pause_requested:  # paused before it began: nothing was graded
            self._post(job.token, self.run_finished.emit, job.run_id, "paused")
            return

        def on_progress(progress: Progress) -> None:
            # run() clears its flags as it starts: a request that came in between
            # is passed on again here, before each submission.
            if job.cancelled:
                runner.cancel()
            elif job.pause_requested:
                runner.pause()
            self._post(job.token, self.progress.emit, progress)

        runner = BatchRunner(
            self.store,
            _OwnRequests(self.engine),
            on_progress=on_progress,
            on_result=lambda rid: self._post(job.token, self.result_saved.emit, rid),
        )
        job.runner = runner
        state = runner.run(job.run_id)
        self._post(job.token, self.run_finished.emit, job.run_id, state)
