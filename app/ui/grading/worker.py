"""The Qt adapter over the blocking, Qt-free BatchRunner.

`BatchRunner.run` blocks until the run ends, so runs are tasks of a one-thread
`app.ui.tasks.TaskRunner`, one after the other; its callbacks are posted to the
GUI thread. Each start is a task with a token: cancelling (Orange's habit) sets
it and forgets the task, so whatever the cancelled run still reports is dropped, while its state stays in SQLite and
the run can be resumed later. Pause lets the submission being graded finish.

The engine is shared with the chat and the Write mode (requests serialise on its
lock). If no model is loaded the worker loads the page's model first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from app.core.grading import BatchRunner, GradingStore, Progress
from app.ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)

THREAD_NAME = "grade-worker"
NO_MODEL = "No model to grade with: load one in Chat or Models first."


@dataclass(eq=False)  # compared by identity
class _Job:
    run_id: int
    task: Task | None = field(default=None, repr=False)
    pause_requested: bool = False
    runner: BatchRunner | None = field(default=None, repr=False)

    @property
    def cancelled(self) -> bool:
        return self.task is not None and self.task.cancelled


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
        self._jobs: list[_Job] = []  # queued or running, not yet ended
        self._tasks = TaskRunner(self, thread_name=THREAD_NAME)
        self._closed = False

    @property
    def is_busy(self) -> bool:
        return self.current_run is not None

    @property
    def current_run(self) -> int | None:
        for job in self._jobs:
            if not job.cancelled:
                return job.run_id
        return None

    def start(self, run_id: int) -> None:
        """Grade what is pending in `run_id` (a new run, or one to resume)."""
        if self._closed:
            raise RuntimeError("the grade controller is shut down")
        self.cancel()
        job = _Job(run_id)

        def work(task: Task) -> None:
            job.task = task  # the worker may start before submit() returns
            self._run(job)

        job.task = self._tasks.submit(
            work,
            failed=self.failed.emit,
            ended=lambda: self._on_ended(job),
        )
        self._jobs.append(job)
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
            self._tasks.cancel(job.task)
            if job.runner is not None:
                job.runner.cancel()
        if live:
            self.busy_changed.emit(False)

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel everything and join the worker thread (window close)."""
        if self._closed:
            return
        self._closed = True
        self._tasks.cancel_all()
        for job in self._jobs:
            if job.runner is not None:
                job.runner.cancel()
        self._tasks.shutdown(timeout)
        self._jobs.clear()

    def _live_jobs(self) -> list[_Job]:
        return [job for job in self._jobs if not job.cancelled]

    # ---- worker thread -------------------------------------------------------------
    def _run(self, job: _Job) -> None:
        if self.engine.model_info is None:
            self._load_model()
            if self.engine.model_info is None:
                raise RuntimeError(NO_MODEL)
        if job.cancelled:
            return
        if job.pause_requested:  # paused before it began: nothing was graded
            job.task.post(self.run_finished.emit, job.run_id, "paused")
            return

        def on_progress(progress: Progress) -> None:
            # run() clears its flags as it starts: a request that came in between
            # is passed on again here, before each submission.
            if job.cancelled:
                runner.cancel()
            elif job.pause_requested:
                runner.pause()
            job.task.post(self.progress.emit, progress)

        runner = BatchRunner(
            self.store,
            _OwnRequests(self.engine),
            on_progress=on_progress,
            on_result=lambda rid: job.task.post(self.result_saved.emit, rid),
        )
        job.runner = runner
        state = runner.run(job.run_id)
        job.task.post(self.run_finished.emit, job.run_id, state)

    # ---- GUI thread --------------------------------------------------------------------
    def _on_ended(self, job: _Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
            if not job.cancelled and not self.is_busy:
                self.busy_changed.emit(False)
