"""The Qt adapter over the blocking, Qt-free materials generation (a quiz or an exercise).

The same habits as GradeController (worker.py): one worker thread takes jobs in
order, its reports come back as queued signals on the GUI thread, and every job
has a token. Stop marks the job stopped and forgets it at once (Orange's habit):
the UI is free again, the late result of a stopped job is dropped, and the
worker closes the token stream, which cancels only its own request in the engine.
While the job's request holds the engine (`EngineClient.exclusive()`), Stop also
cancels it in the engine at once, so even a long prompt evaluation (no token yet
to notice the flag) ends within a fraction of a second. Outside that, Stop never
calls the engine's cancel, which could hit another mode's request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal

from app.core.grading import MaterialsCancelled, MaterialsError, MaterialsOptions, generate
from app.ui.run_queue import RunQueueController

THREAD_NAME = "materials-worker"
NO_MODEL = "No model to write with: load one in Chat or Models first."


@dataclass
class MaterialsJob:
    kind: str  # "quiz" | "exercise"
    topic: str
    document: str
    options: MaterialsOptions
    token: int = 0
    stopped: bool = False
    holding: bool = False  # its request holds the engine: cancelling reaches only it
    reported: bool = False  # its result (or failure) is out: no longer busy


class _OwnStream:
    """The shared engine as one job sees it: each request holds the engine's lock
    (where the engine has one) and marks the job while it does."""

    def __init__(self, engine, job: MaterialsJob):
        self.engine = engine
        self.job = job

    def generate(self, request):
        exclusive = getattr(self.engine, "exclusive", None)
        if exclusive is None:
            yield from self.engine.generate(request)
            return
        with exclusive():
            self.job.holding = True
            try:
                yield from self.engine.generate(request)
            finally:
                self.job.holding = False


class MaterialsController(RunQueueController):
    """Generates teaching materials off the GUI thread and reports them as signals."""

    progress = Signal(int, int)  # tokens written, token budget
    finished = Signal(object)  # Quiz | Exercise
    failed = Signal(str, object)  # one line, and the unusable draft (or None)
    # busy_changed = Signal(bool), from RunQueueController

    thread_name = THREAD_NAME
    label = "materials"

    def __init__(self, engine, load_model: Callable[[], None] = lambda: None, parent=None):
        super().__init__(parent)
        self.engine = engine
        self._load_model = load_model

    @property
    def holds_engine(self) -> bool:
        """A live job's request holds the engine now (Stop would cancel it there)."""
        return any(job.holding and not job.stopped for job in self._runs.values())

    @property
    def is_idle(self) -> bool:
        """No job at all, not even a stopped one still winding down on the worker."""
        return not self._runs

    def start(self, job: MaterialsJob) -> None:
        """Generate `job` (a job still running is stopped first)."""
        self.stop()
        job.token = self._new_id()
        self._submit(job.token, job)

    def stop(self) -> None:
        """Stop now; whatever the stopped job still reports is dropped."""
        live = [job for job in self._runs.values() if not job.stopped]
        for job in live:
            job.stopped = True
            if job.holding:
                self.engine.cancel()
        if live:
            self.busy_changed.emit(False)

    def _is_cancelled(self, job: MaterialsJob) -> bool:
        return job.stopped

    def _cancel_all(self) -> None:
        self.stop()

    # ---- worker thread -------------------------------------------------------------
    def _execute(self, job: MaterialsJob) -> None:
        try:
            self._run(job)
        except MaterialsCancelled:
            if not job.stopped:  # the engine was stopped by someone else
                self._post_result(job.token, self.failed.emit, "stopped", None)
        except MaterialsError as exc:
            self._post_result(job.token, self.failed.emit, str(exc), exc.draft)

    def _run(self, job: MaterialsJob) -> None:
        if getattr(self.engine, "model_info", None) is None:
            self._load_model()
            if getattr(self.engine, "model_info", None) is None:
                raise MaterialsError(NO_MODEL)
        engine = _OwnStream(self.engine, job) if hasattr(self.engine, "generate") else self.engine
        material = generate(
            engine,
            job.kind,
            job.topic,
            job.document,
            job.options,
            stop_requested=lambda: job.stopped,
            on_progress=lambda n, budget: self._post(job.token, self.progress.emit, n, budget),
        )
        self._post_result(job.token, self.finished.emit, material)

    # ---- GUI thread --------------------------------------------------------------------
    def _report_failure(self, job: MaterialsJob, message: str) -> None:
        self.failed.emit(message, None)
