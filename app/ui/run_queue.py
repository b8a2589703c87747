"""A base for Qt controllers that run blocking work on one worker thread.

Writing actions, questions about the document and teaching materials each wrap a
blocking, Qt-free call the same way, so the machinery lives here once: runs go
to one worker thread in order, each with an integer id; what a run reports
comes back to the GUI thread as a queued call tagged with that id; cancelling a
run (Orange's habit) makes those calls be dropped, so a cancelled run's late
results never reach the UI; an exception is logged and reported as one line;
shutdown joins the thread.

A subclass sets `thread_name` and `label`, runs one run in `_execute` (worker
thread), reports through `_post`, and defines a `failed` signal. Its run
objects carry a `cancelled` flag unless it overrides `_is_cancelled`.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.ui.chat.controller import one_line


class _Relay(QObject):
    """Carries worker-thread calls to the GUI thread (always queued)."""

    call = Signal(int, object, object)  # run id, function, arguments
    done = Signal(int)  # run id: the worker is through with it


class RunQueueController(QObject):
    """Runs work off the GUI thread, one run at a time, and drops cancelled runs' reports."""

    busy_changed = Signal(bool)

    thread_name = "run-worker"
    label = "run"  # in messages: "the write controller is shut down"

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._log = logging.getLogger(type(self).__module__)
        self._ids = itertools.count(1)
        self._runs: dict[int, Any] = {}
        self._relay = _Relay()
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.call.connect(self._on_call, queued)
        self._relay.done.connect(self._on_done, queued)
        self._queue: queue.Queue[tuple[int, Any] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
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
        return next(self._ids)

    def _submit(self, run_id: int, run) -> None:
        """Queue `run` for the worker thread (started on first use)."""
        if self._closed:
            raise RuntimeError(f"the {self.label} controller is shut down")
        self._runs[run_id] = run
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name=self.thread_name, daemon=True)
            self._thread.start()
        self._queue.put((run_id, run))
        self.busy_changed.emit(True)

    def _post(self, run_id: int, function: Callable[..., object], *args) -> None:
        """Call `function(*args)` on the GUI thread, unless the run is cancelled by then."""
        self._relay.call.emit(run_id, function, args)

    def _live(self, run_id: int):
        """The run if it is still wanted, else None."""
        run = self._runs.get(run_id)
        return None if run is None or self._is_cancelled(run) else run

    # ---- public ----------------------------------------------------------------------
    @property
    def is_busy(self) -> bool:
        return any(not self._is_cancelled(run) for run in self._runs.values())

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel everything and join the worker thread (window or page closing)."""
        if self._closed:
            return
        self._closed = True
        self._cancel_all()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            if self._thread.is_alive():
                self._log.warning(
                    "%s worker still busy after %.0f s; leaving it", self.label, timeout
                )
            self._thread = None
        self._runs.clear()

    # ---- worker thread -------------------------------------------------------------
    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            run_id, run = item
            try:
                if not self._is_cancelled(run):
                    self._execute(run)
            except Exception as exc:  # reported, never raised into Qt
                self._log.warning("%s run %d failed: %s", self.label, run_id, exc, exc_info=True)
                self._post(run_id, self._report_failure, run, one_line(exc))
            finally:
                self._relay.done.emit(run_id)

    # ---- GUI thread --------------------------------------------------------------------
    @Slot(int, object, object)
    def _on_call(self, run_id: int, function, args) -> None:
        if self._live(run_id) is not None:
            function(*args)

    @Slot(int)
    def _on_done(self, run_id: int) -> None:
        run = self._runs.pop(run_id, None)
        if run is not None and not self._is_cancelled(run) and not self.is_busy:
            self.busy_changed.emit(False)
