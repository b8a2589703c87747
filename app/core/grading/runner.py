"""Batch grading: every pending submission of a run, with progress, pause, cancel, resume.

The run's state lives in SQLite, not in this object: results start as 'pending'
and each graded submission is committed on its own, so a run stopped any way at
all (pause, cancel, app closed, process killed) resumes by calling `run()` again
and grades only what is still pending. One unreadable file or one failed reply
becomes an 'error' result and the batch goes on; only an engine that keeps dying
stops it (marked 'interrupted', resumable).

`run()` blocks: the GUI calls it on a worker thread and `pause()` / `cancel()`
from the GUI thread. Callbacks are called on the worker thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.grading import results as R
from app.core.grading.grader import Engine, Grader, GradingCancelled
from app.core.grading.results import GradeOutcome
from app.core.grading.store import GradingStore
from app.engine.types import EngineDied, EngineError

log = logging.getLogger(__name__)

MAX_ENGINE_DEATHS = 3  # in a row: the model cannot run, so stop instead of failing everyone


@dataclass
class Progress:
    run_id: int
    done: int  # submissions finished (any status)
    total: int
    current: str = ""  # the student being graded now
    elapsed: float = 0.0  # seconds in this session
    eta_seconds: float | None = None  # None until one submission has been timed
    state: str = "running"
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


class BatchRunner:
    def __init__(
        self,
        store: GradingStore,
        engine: Engine,
        *,
        on_progress: Callable[[Progress], None] | None = None,
        on_result: Callable[[int], None] | None = None,
        lanes: list[Engine] | None = None,
    ):
        self.store = store
        self.engine = engine
        # More engines (one per request in flight, e.g. remote servers): several
        # submissions are graded at once, fewer when the server answers 429/503.
        self.lanes = [engine, *(lanes or [])]
        self.on_progress = on_progress or (lambda progress: None)
        self.on_result = on_result or (lambda result_id: None)
        self._pause = threading.Event()
        self._cancel = threading.Event()

    def pause(self) -> None:
        """Stop after the submission being graded now; resume with run()."""
        self._pause.set()

    def cancel(self) -> None:
        """Stop at once; the submission being graded stays pending (resumable)."""
        self._cancel.set()
        for engine in self.lanes:
            engine.cancel()

    def _stop_requested(self) -> bool:
        return self._cancel.is_set()

    def run(self, run_id: int) -> str:
        """Grade what is pending in run `run_id`; return the state it ends in."""
        self._pause.clear()
        self._cancel.clear()
        if len(self.lanes) > 1:
            from app.core.grading.in_flight import run_in_flight

            return run_in_flight(self, run_id)
        info = self.store.get_run(run_id)
        grader = Grader(self.engine, info.assignment, info.options, self._stop_requested)
        pending = self.store.pending_ids(run_id)  # ids only: each text is read in turn
        counts = self.store.counts(run_id)
        total = sum(counts.values())
        done = total - len(pending)
        self.store.set_run_state(run_id, "running")
        started = time.monotonic()
        timed: list[float] = []
        deaths = 0
        state, error = "finished", ""
        for index, result_id in enumerate(pending):
            if self._cancel.is_set():
                state = "cancelled"
                break
            if self._pause.is_set():
                state = "paused"
                break
            submission = self.store.pending_submission(result_id)
            if submission is None:  # graded meanwhile (another window on the same run)
                continue
            remaining = len(pending) - index
            eta = sum(timed) / len(timed) * remaining if timed else None
            self.on_progress(
                Progress(run_id, done, total, submission.student, time.monotonic() - started, eta)
            )
            t0 = time.monotonic()
            outcome, died = self.attempt(grader, submission)
            if outcome is None:
                state = "cancelled"
                break
            deaths = deaths + 1 if died else 0
            if deaths >= MAX_ENGINE_DEATHS:
                self.store.save_outcome(
                    result_id, outcome, kept_flags(submission.id, submission.flags, info.options)
                )
                state, error = "interrupted", f"the engine keeps stopping: {outcome.error}"
                break
            if outcome.status in (R.GRADED, R.NEEDS_REVIEW):
                timed.append(time.monotonic() - t0)
            flags = kept_flags(submission.id, submission.flags + outcome.flags, info.options)
            self.store.save_outcome(result_id, outcome, flags)
            done += 1
            self.on_result(result_id)
        return self.finish(run_id, state, error, done, total, started)

    def finish(self, run_id: int, state: str, error: str, done: int, total: int, started) -> str:
        """Record the state the run ends in and report it once more; return it."""
        self.store.set_run_state(run_id, state, error)
        elapsed = time.monotonic() - started
        eta = 0.0 if state == "finished" else None
        counts = self.store.counts(run_id)
        self.on_progress(Progress(run_id, done, total, "", elapsed, eta, state, counts))
        return state

    def attempt(self, grader: Grader, submission) -> tuple[GradeOutcome | None, bool]:
        """(outcome, the engine died) for one submission; (None, False) when cancelled.

        Every failure but a cancel becomes an 'error' outcome: one bad reply never
        stops the batch (the caller stops it when the engine keeps dying).
        """
        try:
            return self._grade_one(grader, submission), False
        except GradingCancelled:
            return None, False
        except EngineDied as exc:
            log.warning("engine died on %s", submission.student)
            return _failed(str(exc)), True
        except EngineError as exc:
            return _failed(str(exc)), False
        except Exception as exc:  # one bad reply must never stop the batch
            log.exception("grading %s failed", submission.student)
            return _failed(f"internal error: {type(exc).__name__}: {exc}"), False

    def _grade_one(self, grader: Grader, submission) -> GradeOutcome:
        if submission.error:
            return GradeOutcome(status=R.ERROR, criteria={}, error=submission.error)
        if submission.is_empty:
            return GradeOutcome(status=R.SKIPPED, criteria={}, problems=["the submission is empty"])
        return grader.grade(submission.text)


def kept_flags(submission_id, flags, options) -> list:
    """The flags of a submission less those the teacher dismissed for this run."""
    dismissed = {
        (d.get("kind"), tuple(d["span"]) if d.get("span") else None)
        for d in options.dismissed
        if d.get("submission_id") == submission_id
    }
    return [f for f in flags if (f.kind, tuple(f.span) if f.span else None) not in dismissed]


def _failed(message: str) -> GradeOutcome:
    return GradeOutcome(status=R.ERROR, criteria={}, error=message)
