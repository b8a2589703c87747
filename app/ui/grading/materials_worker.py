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

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.core.grading import MaterialsCancelled, MaterialsError, MaterialsOptions, generate
from app.ui.chat.controller import one_line

log = logging.getLogger(__name__)

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


class _Relay(QObject):
    """Carries worker-thread events to the GUI thread (always queued)."""

    progress = Signal(int, int, int)  # token, tokens written, token budget
    finished = Signal(int, object)  # token, Quiz | Exercise
    failed = Signal(int, str, object)  # token, message, draft or None
    done = Signal(int)


class MaterialsController(QObject):
    """Generates teaching materials off the GUI thread and reports them as signals."""

    progress = Signal(int, int)  # tokens written, token budget
    finished = Signal(object)  # Quiz | Exercise
    failed = Signal(str, object)  # one line, and the unusable draft (or None)
    busy_changed = Signal(bool)

    def __init__(self, engine, load_model: Callable[[], None] = lambda: None, parent=None):
        super().__init__(parent)
        self.engine = engine
        self._load_model = load_model
        self._tokens = itertools.count(1)
        self._jobs: dict[int, MaterialsJob] = {}
        self._relay = _Relay()
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.progress.connect(self._on_progress, queued)
        self._relay.finished.connect(self._on_finished, queued)
        self._relay.failed.connect(self._on_failed, queued)
        self._relay.done.connect(self._on_done, queued)
        self._queue: queue.Queue[MaterialsJob | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def is_busy(self) -> bool:
        return any(not job.stopped for job in self._jobs.values())

    @property
    def holds_engine(self) -> bool:
        """A live job's request holds the engine now (Stop would cancel it there)."""
        return any(job.holding and not job.stopped for job in self._jobs.values())

    @property
    def is_idle(self) -> bool:
        """No job at all, not even a stopped one still winding down on the worker."""
        return not self._jobs

    def start(self, job: MaterialsJob) -> None:
        """Generate `job` (a job still running is stopped first)."""
        if self._closed:
            raise RuntimeError("the materials controller is shut down")
        self.stop()
        job.token = next(self._tokens)
        self._jobs[job.token] = job
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name=THREAD_NAME, daemon=True)
            self._thread.start()
        self._queue.put(job)
        self.busy_changed.emit(True)

    def stop(self) -> None:
        """Stop now; whatever the stopped job still reports is dropped."""
        live = [job for job in self._jobs.values() if not job.stopped]
        for job in live:
            job.stopped = True
            if job.holding:
                self.engine.cancel()
        if live:
            self.busy_changed.emit(False)

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop and join the worker thread (page closing)."""
        if self._closed:
            return
        self._closed = True
        self.stop()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("materials worker still busy after %.0f s; leaving it", timeout)
            self._thread = None
        self._jobs.clear()

    # ---- worker thread -------------------------------------------------------------
    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                if not job.stopped:
                    self._run(job)
            except MaterialsCancelled:
                if not job.stopped:  # the engine was stopped by someone else
                    self._relay.failed.emit(job.token, "stopped", None)
            except MaterialsError as exc:
                self._relay.failed.emit(job.token, str(exc), exc.draft)
            except Exception as exc:  # reported, never raised into Qt
                log.warning("materials generation failed: %s", exc, exc_info=True)
                self._relay.failed.emit(job.token, one_line(exc), None)
            finally:
                self._relay.done.emit(job.token)

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
            on_progress=lambda n, budget: self._relay.progress.emit(job.token, n, budget),
        )
        self._relay.finished.emit(job.token, material)

    # ---- GUI thread --------------------------------------------------------------------
    def _live(self, token: int) -> bool:
        job = self._jobs.get(token)
        return job is not None and not job.stopped

    @Slot(int, int, int)
    def _on_progress(self, token: int, written: int, budget: int) -> None:
        if self._live(token):
            self.progress.emit(written, budget)

    @Slot(int, object)
    def _on_finished(self, token: int, material) -> None:
        if self._live(token):
            self.finished.emit(material)

    @Slot(int, str, object)
    def _on_failed(self, token: int, message: str, draft) -> None:
        if self._live(token):
            self.failed.emit(message, draft)

    @Slot(int)
    def _on_done(self, token: int) -> None:
        job = self._jobs.pop(token, None)
        if job is not None and not job.stopped and not self.is_busy:
            self.busy_changed.emit(False)
