"""A base for Qt controllers whose runs carry their own stop and cancel flags.

Chat replies, grading runs, writing actions, questions about the document and
teaching materials each wrap a blocking, Qt-free call the same way: runs go to one worker thread in order (an
`app.ui.tasks.TaskRunner` with one thread), each with an integer id; what a run
reports comes back to the GUI thread as a queued call tagged with that id; a
run's own flags (`cancelled`, or what `_is_cancelled` says) decide at delivery
whether the call still reaches the UI (Orange's habit), because these runs
cancel in more than one way (stopped, superseded, the document changed).

A subclass sets `thread_name` and `label`, runs one run in `_execute` (worker
thread), reports through `_post`, and defines a `failed` signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.ui.tasks import TaskRunner


class RunQueueController(QObject):
    """Runs work off the GUI thread, one run at a time, and drops cancelled runs' reports."""

    busy_changed = Signal(bool)

    thread_name = "run-worker"
    label = "run"  # in messages: "the write controller is shut down"

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._log = logging.getLogger(type(self).__module__)
        self._runs: dict[int, Any] = {}
        self._runner = TaskRunner(self, thread_name=self.thread_name)
        self._next_id = 0
        self._closed = False

    # ---- for subclasses ------------------------------------------------------------
    def _execute(self, run) -> None:
        """Do one run (worker thread); report through `_post`; exceptions are reported."""
        raise NotImplementedError

    def _is_cancelled(self, run) -> bool:
        return run.cancelled

    def _cancel_all(self) -> None:
        """Cancel every run before the thread is joined (shutdown)."""
        self.cancel()

    def _report_failure(self, run, message: str) -> None:
        """GUI thread: `run` raised; `message` is one line."""
        self.failed.emit(message)

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _submit(self, run_id: int, run) -> None:
        """Queue `run` for the worker thread (started on first use)."""
        if self._closed:
            raise RuntimeError(f"the {self.label} controller is shut down")
        was_busy = self.is_busy
        self._runs[run_id] = run

        def work(_task) -> None:
            if not self._is_cancelled(run):
                self._execute(run)

        self._runner.submit(
            work,
            failed=lambda message: self._deliver(run_id, self._report_failure, (run, message)),
            ended=lambda: self._on_done(run_id),
        )
        if not was_busy:
            self.busy_changed.emit(True)

    def _post(self, run_id: int, function: Callable[..., object], *args) -> None:
        """Call `function(*args)` on the GUI thread, unless the run is cancelled by then."""
        self._runner.relay.call_soon(self._deliver, run_id, function, args)

    def _post_result(self, run_id: int, function: Callable[..., object], *args) -> None:
        """`_post` for a run's last word (its result or failure): the run stops counting
        as busy before `function` runs, so whoever hears the result sees an idle page."""
        self._runner.relay.call_soon(self._deliver_result, run_id, function, args)

    def _live(self, run_id: int):
        """The run if it is still wanted, else None."""
        run = self._runs.get(run_id)
        return None if run is None or self._is_cancelled(run) else run

    # ---- public ----------------------------------------------------------------------
    def _pending(self) -> list:
        """Runs still wanted whose result has not been reported yet (a run object may
        carry `reported`: once its result is out it is not busy, though not yet done)."""
        return [
            run
            for run in self._runs.values()
            if not self._is_cancelled(run) and not getattr(run, "reported", False)
        ]

    @property
    def is_busy(self) -> bool:
        return bool(self._pending())

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel everything and join the worker thread (window or page closing)."""
        if self._closed:
            return
        self._closed = True
        self._cancel_all()
        self._runner.shutdown(timeout)
        self._runs.clear()

    # ---- GUI thread --------------------------------------------------------------------
    def _deliver(self, run_id: int, function, args) -> None:
        if self._live(run_id) is not None:
            function(*args)

    def _deliver_result(self, run_id: int, function, args) -> None:
        run = self._live(run_id)
        if run is None:
            return
        was_busy = self.is_busy
        run.reported = True
        if was_busy and not self.is_busy:
            self.busy_changed.emit(False)
        function(*args)

    def _on_done(self, run_id: int) -> None:
        run = self._runs.pop(run_id, None)
        if run is None or self._is_cancelled(run) or getattr(run, "reported", False):
            return
        if not self.is_busy:
            self.busy_changed.emit(False)
