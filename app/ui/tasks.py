"""The one way the UI runs work off the GUI thread.

Every feature wraps blocking, Qt-free calls (a model reply, a grading run, a hub
search, parsing a folder of .docx files, writing an export) the same way, so the
machinery lives here once, after Anki's `TaskManager.run_in_background` and
napari's `thread_worker`:

- `TaskRunner.submit(work, done=, failed=, progress=, ended=, key=)` runs
  `work(task)` on a named worker thread; `max_workers=1` keeps tasks in the order
  they were submitted (one engine, one job at a time).
- Whatever reaches the UI comes through one queued signal (`GuiRelay`), so every
  callback runs on the GUI thread.
- Cancel follows Orange (`Orange/widgets/utils/concurrent.py`): `cancel(task)`
  sets the task's `CancelToken` and forgets the task, so what it still reports is
  dropped before it reaches the UI. Work that can stop early checks
  `task.cancelled`, or lets `task.report()` raise `TaskCancelled` (Spyder's
  downloader cancels this way). Tasks submitted with the same `key` supersede
  each other (a new search cancels the one still waiting for the network).
- A task that raises is logged and reported to `failed(str)` as `one_line(exc)`:
  the only place that turns an exception into text for the user.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.core.documents import DocumentError
from app.engine.types import EngineError
from app.hub.errors import HubError, HubUnreachable

log = logging.getLogger(__name__)

OFFLINE_MESSAGE = (
    "Can't reach Hugging Face — search and downloads are unavailable; installed models still work."
)
# Their messages are written to be shown as they are (no class name in front).
USER_FACING = (EngineError, HubError, DocumentError)


def one_line(exc: BaseException) -> str:
    """The message a user sees for an exception: one line, no traceback."""
    if isinstance(exc, HubUnreachable):
        return OFFLINE_MESSAGE  # one plain sentence however the network failed
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, USER_FACING):
        return text or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class TaskCancelled(Exception):
    """Raised inside a task (by `report()` or `CancelToken.check()`) once it was cancelled."""


class CancelToken:
    """A flag shared by the GUI (which sets it) and the work (which checks it)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise TaskCancelled once cancelled: a cheap stop point inside long work."""
        if self._event.is_set():
            raise TaskCancelled


class GuiRelay(QObject):
    """Calls functions on the GUI thread from any thread (always queued).

    Queued calls from one thread arrive in the order they were made, which is
    what lets a task's progress, result and end arrive in that order.
    """

    _call = Signal(object, object)  # function, arguments

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._call.connect(self._on_call, Qt.ConnectionType.QueuedConnection)

    def call_soon(self, function: Callable[..., object], *args) -> None:
        """Call `function(*args)` on the GUI thread (from any thread)."""
        self._call.emit(function, args)

    @Slot(object, object)
    def _on_call(self, function, args) -> None:
        function(*args)


@dataclass(eq=False)  # compared by identity
class Task:
    """One piece of work: what the work sees of itself while it runs."""

    id: int
    key: str | None
    token: CancelToken = field(default_factory=CancelToken)
    on_done: Callable[[Any], None] | None = None
    on_failed: Callable[[str], None] | None = None
    on_progress: Callable[[Any], None] | None = None
    on_ended: Callable[[], None] | None = None
    ended: bool = False  # the worker is through with it (GUI-thread view)
    _runner: TaskRunner | None = field(default=None, repr=False)

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def report(self, value: Any) -> None:
        """Send progress to the GUI thread; raises TaskCancelled once cancelled."""
        self.token.check()
        self.post(self._progress, value)

    def post(self, function: Callable[..., object], *args) -> None:
        """Call `function(*args)` on the GUI thread, unless the task is cancelled by then."""
        self._runner.relay.call_soon(self._deliver, function, args)

    def _deliver(self, function, args) -> None:
        if not self.cancelled:
            function(*args)

    def _progress(self, value: Any) -> None:
        if self.on_progress is not None:
            self.on_progress(value)


class TaskRunner(QObject):
    """A few named worker threads, started on first use; `shutdown()` joins them."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        thread_name: str = "ui-worker",
        max_workers: int = 1,
    ):
        super().__init__(parent)
        self.thread_name = thread_name
        self.max_workers = max_workers
        self.relay = GuiRelay(self)
        self._ids = itertools.count(1)
        self._tasks: dict[int, Task] = {}  # live: submitted, not cancelled, not finished
        self._queue: queue.Queue[tuple[Task, Callable] | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def submit(
        self,
        work: Callable[[Task], Any],
        *,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
        progress: Callable[[Any], None] | None = None,
        ended: Callable[[], None] | None = None,
        key: str | None = None,
    ) -> Task | None:
        """Run `work(task)` on a worker; `done(result)` / `failed(message)` on the GUI thread.

        `ended()` comes last, on the GUI thread, once the worker is through with the
        task, cancelled or not (for "a cancelled run has wound down" bookkeeping).
        After `shutdown()` nothing runs and None is returned: a late click or timer
        on a closing page is no error.
        """
        if self._closed:
            log.debug("%s runner is shut down; task not run", self.thread_name)
            return None
        if key is not None:
            for task in list(self._tasks.values()):
                if task.key == key:
                    self.cancel(task)
        task = Task(next(self._ids), key, on_done=done, on_failed=failed, on_progress=progress,
                    on_ended=ended, _runner=self)  # fmt: skip
        self._tasks[task.id] = task
        self._queue.put((task, work))
        if len(self._threads) < self.max_workers:
            self._start_thread()
        return task

    def cancel(self, task: Task | None) -> None:
        """Set the task's token and drop whatever it still reports (Orange)."""
        if task is not None:
            task.token.cancel()
            self._tasks.pop(task.id, None)

    def cancel_all(self) -> None:
        for task in list(self._tasks.values()):
            self.cancel(task)

    def busy(self, key: str | None = None) -> bool:
        return any(key in (None, t.key) for t in self._tasks.values())

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel everything and join the threads (the window or page is closing)."""
        if self._closed:
            return
        self._closed = True
        self.cancel_all()
        for _thread in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("%s still busy after %.0f s; leaving it", thread.name, timeout)
        self._threads.clear()

    # -- worker side ---------------------------------------------------------------------

    def _start_thread(self) -> None:
        name = self.thread_name
        if self.max_workers > 1:
            name = f"{name}_{len(self._threads)}"
        thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            task, work = item
            try:
                if not task.cancelled:
                    result = work(task)
                    self.relay.call_soon(self._finish, task, result)
            except TaskCancelled:
                pass
            except Exception as exc:  # reported, never raised into Qt
                expected = isinstance(exc, USER_FACING)
                log.log(logging.INFO if expected else logging.WARNING,
                        "%s task %d failed: %s", self.thread_name, task.id, exc,
                        exc_info=not expected)  # fmt: skip
                self.relay.call_soon(self._fail, task, one_line(exc))
            finally:
                self.relay.call_soon(self._end, task)

    # -- GUI side ------------------------------------------------------------------------

    def _finish(self, task: Task, result: Any) -> None:
        if self._tasks.pop(task.id, None) is not None and task.on_done is not None:
            task.on_done(result)

    def _fail(self, task: Task, message: str) -> None:
        if self._tasks.pop(task.id, None) is not None and task.on_failed is not None:
            task.on_failed(message)

    def _end(self, task: Task) -> None:
        self._tasks.pop(task.id, None)
        task.ended = True
        if task.on_ended is not None:
            task.on_ended()
