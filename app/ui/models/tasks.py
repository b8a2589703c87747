"""Blocking library calls (network, hashing, scanning) on worker threads, results as signals.

The Models page talks to the Qt-free `app.hub` objects, whose calls block: a search
waits on the network, a verify hashes gigabytes. Each call runs in a small thread pool
(`models-worker_N`); its result, failure and progress come back through queued signals,
so the callbacks run on the GUI thread.

Cancel follows Orange (`Orange/widgets/utils/concurrent.py`): a cancelled task's flag is
set and its id forgotten, so whatever it still reports is dropped before it reaches the
UI. Tasks submitted with the same `key` supersede each other (a new search cancels the
one still waiting for the network). A task that can stop early checks `task.cancelled`,
or lets `task.report()` raise `TaskCancelled` (Spyder's downloader cancels this way).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.hub.errors import HubError

log = logging.getLogger(__name__)

THREAD_PREFIX = "models-worker"


class TaskCancelled(Exception):
    """Raised inside a task by `report()` once the task was cancelled."""


def message_of(exc: BaseException) -> str:
    """One line for the user: HubErrors are written to be shown as they are."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, HubError):
        return text or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@dataclass
class Task:
    id: int
    key: str | None
    on_done: Callable[[Any], None] | None = None
    on_failed: Callable[[BaseException], None] | None = None
    on_progress: Callable[[Any], None] | None = None
    cancelled: bool = False
    _relay: Any = field(default=None, repr=False)

    def report(self, value: Any) -> None:
        """Send progress to the GUI thread; raises TaskCancelled once cancelled."""
        if self.cancelled:
            raise TaskCancelled
        self._relay.progress.emit(self.id, value)


class _Relay(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)
    progress = Signal(int, object)


class TaskRunner(QObject):
    """A few worker threads for the Models page; `shutdown()` joins them."""

    def __init__(self, parent: QObject | None = None, max_workers: int = 3):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers, thread_name_prefix=THREAD_PREFIX)
        self._ids = itertools.count(1)
        self._tasks: dict[int, Task] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._relay = _Relay()
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.done.connect(self._on_done, queued)
        self._relay.failed.connect(self._on_failed, queued)
        self._relay.progress.connect(self._on_progress, queued)

    def submit(
        self,
        work: Callable[[Task], Any],
        *,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        progress: Callable[[Any], None] | None = None,
        key: str | None = None,
    ) -> Task | None:
        """Run `work(task)` on a worker; `done(result)` / `failed(exc)` on the GUI thread."""
        if self._closed:
            return None
        if key is not None:
            for task in list(self._tasks.values()):
                if task.key == key:
                    self.cancel(task)
        task = Task(next(self._ids), key, done, failed, progress, _relay=self._relay)
        self._tasks[task.id] = task
        self._pool.submit(self._run, task, work)
        return task

    def cancel(self, task: Task | None) -> None:
        if task is not None:
            task.cancelled = True
            self._tasks.pop(task.id, None)

    def busy(self, key: str | None = None) -> bool:
        return any(key in (None, t.key) for t in self._tasks.values())

    def shutdown(self) -> None:
        """Cancel everything and join the threads (the window is closing)."""
        if self._closed:
            return
        self._closed = True
        for task in list(self._tasks.values()):
            self.cancel(task)
        self._pool.shutdown(wait=True, cancel_futures=True)

    # -- worker side ---------------------------------------------------------------------

    def _run(self, task: Task, work: Callable[[Task], Any]) -> None:
        if task.cancelled:
            return
        try:
            result = work(task)
        except TaskCancelled:
            return
        except Exception as exc:  # reported, never raised into Qt
            log.info(
                "models task %d failed: %s", task.id, exc, exc_info=not isinstance(exc, HubError)
            )
            self._relay.failed.emit(task.id, exc)
            return
        self._relay.done.emit(task.id, result)

    # -- GUI side ------------------------------------------------------------------------

    @Slot(int, object)
    def _on_done(self, task_id: int, result: Any) -> None:
        task = self._tasks.pop(task_id, None)
        if task is not None and task.on_done is not None:
            task.on_done(result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, exc: BaseException) -> None:
        task = self._tasks.pop(task_id, None)
        if task is not None and task.on_failed is not None:
            task.on_failed(exc)

    @Slot(int, object)
    def _on_progress(self, task_id: int, value: Any) -> None:
        task = self._tasks.get(task_id)
        if task is not None and task.on_progress is not None:
            task.on_progress(value)
