"""Base vs tuned: answer the last user message twice, adapter off then on, off the GUI thread.

`run_compare` is the Qt-free loop; `CompareRunner` runs it as a task of a
one-thread `app.ui.tasks.TaskRunner` and posts what it yields to the GUI thread. Both answers use the same request and the same seed,
so the adapter is the only difference between them.

The whole comparison holds the engine's lock: Chat, Write and Grade share one engine,
and a grading request that slipped in between the two answers would run with the
adapter switched off behind the user's back. Whatever happens (stop, error, engine
death) the adapter is put back as the user had it.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.engine.types import EngineError, TokenBatch
from app.ui.tasks import CancelToken, Task, TaskRunner

log = logging.getLogger(__name__)

SIDES = ("base", "tuned")
NO_ADAPTER = "No adapter is chosen for this model: choose one first (Model → Adapter…)."
THREAD_NAME = "compare-worker"


@dataclass
class CompareSetup:
    model_name: str
    adapter_path: str
    scale: float
    seed: int


def run_compare(chat, conversation_id: int, emit: Callable[[str, str | None, Any], None],
                stopped: Callable[[], bool]) -> None:  # fmt: skip
    """Generate the reply to the last user message without and with the chosen adapter.

    `emit(kind, side, value)`: ("setup", None, CompareSetup), ("started", side, None),
    ("text", side, str), ("done", side, Done). Raises EngineError for the user.
    """
    engine = chat.engine
    with engine.exclusive():  # no other mode's request in between
        info = chat.ensure_model(conversation_id)
        choice = chat.settings.adapter_choice(info.path)
        if not choice.path:
            raise EngineError(NO_ADAPTER)
        request = chat.compare_request(conversation_id)
        seed = request.sampling.seed
        if seed < 0:
            seed = random.randrange(2**31)
        request.sampling = replace(request.sampling, seed=seed)
        emit("setup", None, CompareSetup(info.name, choice.path, choice.scale, seed))
        try:
            for side, adapter in zip(SIDES, (None, choice.path), strict=True):
                if stopped():
                    break
                engine.set_adapter(adapter, choice.scale)
                emit("started", side, None)
                for event in engine.generate(request):
                    if isinstance(event, TokenBatch):
                        emit("text", side, event.text)
                        if stopped():
                            engine.cancel()
                    else:
                        emit("done", side, event)
        finally:
            engine.set_adapter(choice.active_path, choice.scale)
            log.debug("compare done; adapter back to %s", choice.active_path)


class CompareRunner(QObject):
    """One comparison on its own thread; signals arrive on the GUI thread."""

    setup = Signal(object)  # CompareSetup
    started = Signal(str)  # side
    text_received = Signal(str, str)  # side, text
    finished = Signal(str, object)  # side, Done
    failed = Signal(str)  # one line
    ended = Signal()  # the thread is done (the adapter is back as it was)

    def __init__(self, chat, conversation_id: int, parent: QObject | None = None):
        super().__init__(parent)
        self.chat = chat
        self.conversation_id = conversation_id
        self._stop = CancelToken()  # Stop: end the answer being written, keep the rest
        self._tasks = TaskRunner(self, thread_name=THREAD_NAME)
        self._task: Task | None = None  # its token: a discarded run's late events never show
        self._working = False  # the worker's view: stop() must not cancel a stranger's request

    @property
    def running(self) -> bool:
        return self._working

    def start(self) -> None:
        self._working = True
        self._task = self._tasks.submit(self._work, failed=self.failed.emit, ended=self._on_ended)

    def stop(self) -> None:
        """End the answer being written at its next token; what was written stays."""
        self._stop.cancel()
        if self.running:
            self.chat.engine.cancel()

    def discard(self, timeout: float = 10.0) -> None:
        """Stop, drop every late event and wait for the thread (the dialog closes)."""
        self.stop()
        self._tasks.cancel(self._task)
        self._tasks.shutdown(timeout)

    def _work(self, task: Task) -> None:
        try:
            run_compare(
                self.chat,
                self.conversation_id,
                lambda kind, side, value: task.post(self._on_event, kind, side, value),
                lambda: self._stop.cancelled,
            )
        finally:
            self._working = False

    def _on_ended(self) -> None:
        self._tasks.shutdown()  # one comparison per runner: its thread ends with it
        if not self._task.cancelled:
            self.ended.emit()

    def _on_event(self, kind: str, side, value) -> None:
        if kind == "setup":
            self.setup.emit(value)
        elif kind == "started":
            self.started.emit(side)
        elif kind == "text":
            self.text_received.emit(side, value)
        elif kind == "done":
            self.finished.emit(side, value)


def adapter_label(setup: CompareSetup) -> str:
    return f"With {Path(setup.adapter_path).stem} × {setup.scale:.2f}"
