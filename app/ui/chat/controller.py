"""The Qt adapter over the blocking, Qt-free ChatService.

Every ChatService call blocks until its reply is finished, so each one runs as
a task of a one-thread `app.ui.tasks.TaskRunner` (one engine, one job at a
time, in order). The ReplyListener callbacks arrive on that thread and are
posted to the GUI thread as the task's reports.

Cancel follows Orange (`Orange/widgets/utils/concurrent.py`): every job is a
*run* (a task); cancelling one sets its token, asks the engine to stop and
lets the runner forget it, so whatever the run still emits afterwards is
dropped before it reaches the UI. Starting a new job cancels a running reply (a new job
supersedes the old). A plain `stop()` is gentler: the reply ends at the next
token and its final result (status "stopped", text kept) is still delivered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)

THREAD_NAME = "chat-worker"


@dataclass
class _Run:
    kind: str  # "reply" | "load"
    job: Callable[[_Run], Any]
    conversation_id: int | None = None
    task: Task | None = field(default=None, repr=False)
    stop_requested: bool = False  # user Stop: end at the next token, keep the result
    reported: bool = False  # its result (or failure) has been emitted
    assistant_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> int:
        return self.task.id

    @property
    def cancelled(self) -> bool:  # Orange: forget its results
        return self.task.cancelled


class _Listener:
    """The ReplyListener handed to ChatService; runs on the worker thread."""

    def __init__(self, run: _Run, controller: ChatController):
        self._run = run
        self._controller = controller
        self._chat = controller.chat
        self.model_before = self._chat.model_info

    def report_model(self) -> None:
        """Tell the UI when the service loaded the conversation's model itself."""
        info = self._chat.model_info
        if info is not None and info is not self.model_before:
            self.model_before = info
            # Not cancel-sensitive (call_soon, not post): the model is loaded either way.
            self._controller._runner.relay.call_soon(
                self._controller._on_model_changed, self._run, info
            )

    def reply_started(self, user, assistant) -> None:
        self._run.assistant_id = getattr(assistant, "id", None)
        self.report_model()  # before the first token, so the status bar names it
        if self._run.cancelled or self._run.stop_requested:
            # A stop that came before the reply began (e.g. during the model
            # load) is repeated here, where the engine can honour it.
            self._chat.stop()
        self._run.task.post(self._controller.reply_started.emit, user, assistant)

    def text_received(self, text: str) -> None:
        if self._run.cancelled or self._run.stop_requested:
            self._chat.stop()
        self._run.task.post(self._controller.text_received.emit, text)


class ChatController(QObject):
    """Runs ChatService calls off the GUI thread and reports them as signals."""

    reply_started = Signal(object, object)  # user Message | None, assistant Message
    text_received = Signal(str)  # a batch of new reply text
    reply_finished = Signal(object)  # ReplyResult
    error = Signal(str)  # a call failed without a result (one line)
    model_loading = Signal(str)  # path
    model_loaded = Signal(object)  # ModelInfo
    model_load_failed = Signal(str)  # one line
    busy_changed = Signal(bool)
    reply_cancelled = Signal(object)  # conversation id: its late results will be dropped
    cancelled_reply_ended = Signal(object)  # conversation id: the dropped run has ended

    def __init__(self, chat, parent: QObject | None = None):
        super().__init__(parent)
        self._chat = chat
        self._runs: dict[int, _Run] = {}  # queued or running, not yet ended
        self._runner = TaskRunner(self, thread_name=THREAD_NAME)
        self._closed = False

    # ---- state -----------------------------------------------------------
    @property
    def chat(self):
        return self._chat

    def _pending(self) -> list[_Run]:
        return [r for r in self._runs.values() if not r.cancelled and not r.reported]

    @property
    def is_busy(self) -> bool:
        return bool(self._pending())

    @property
    def is_replying(self) -> bool:
        return self.current_reply() is not None

    @property
    def is_loading_model(self) -> bool:
        return any(r.kind == "load" for r in self._pending())

    def current_reply(self) -> _Run | None:
        for run in self._pending():
            if run.kind == "reply":
                return run
        return None

    @property
    def replying_conversation(self) -> int | None:
        run = self.current_reply()
        return run.conversation_id if run else None

    # ---- requests ----------------------------------------------------------
    def send(self, conversation_id: int, text: str) -> int:
        return self._reply(conversation_id, lambda lis: self._chat.send(conversation_id, text, lis))

    def regenerate(self, conversation_id: int) -> int:
        return self._reply(conversation_id, lambda lis: self._chat.regenerate(conversation_id, lis))

    def continue_reply(self, conversation_id: int) -> int:
        return self._reply(
            conversation_id, lambda lis: self._chat.continue_reply(conversation_id, lis)
        )

    def edit_and_resend(self, message_id: int, new_text: str, conversation_id: int | None = None):
        return self._reply(
            conversation_id, lambda lis: self._chat.edit_and_resend(message_id, new_text, lis)
        )

    def load_model(self, path: str) -> int:
        """Load `path` in the background; a running reply is cancelled first."""
        self.cancel()

        def job(_run: _Run):
            return self._chat.load_model(path)

        run = self._submit("load", job, extra={"path": str(path)})
        self.model_loading.emit(str(path))
        return run.id

    def stop(self) -> None:
        """End the running reply at its next token; its result still arrives."""
        for run in self._runs.values():
            if run.kind == "reply":
                run.stop_requested = True
        if any(r.kind == "reply" for r in self._runs.values()):
            self._chat.stop()

    def cancel(self) -> None:
        """Stop every queued or running reply and drop its late results (Orange)."""
        cancelled = []
        for run in self._runs.values():
            if run.kind == "reply" and not run.cancelled and not run.reported:
                self._runner.cancel(run.task)
                cancelled.append(run)
        if cancelled:
            self._chat.stop()
            for run in cancelled:
                self.reply_cancelled.emit(run.conversation_id)
            self.busy_changed.emit(self.is_busy)

    def shutdown(self, timeout: float = 30.0) -> None:
        """Cancel everything and end the worker thread (window close)."""
        if self._closed:
            return
        self._closed = True
        self._runner.cancel_all()
        if self._runs:
            try:
                self._chat.stop()
            except Exception:  # the engine may already be gone
                log.debug("stop during shutdown failed", exc_info=True)
        self._runner.shutdown(timeout)
        self._runs.clear()

    # ---- internals -----------------------------------------------------------
    def _reply(self, conversation_id, call) -> int:
        self.cancel()  # a new reply supersedes a running one

        def job(run: _Run):
            listener = _Listener(run, self)
            try:
                return call(listener)
            finally:
                listener.report_model()

        return self._submit("reply", job, conversation_id=conversation_id).id

    def _submit(self, kind, job, conversation_id=None, extra=None) -> _Run:
        if self._closed:
            raise RuntimeError("the chat controller is shut down")
        run = _Run(kind, job, conversation_id, extra=extra or {})
        was_busy = self.is_busy
        done = self._on_loaded if kind == "load" else self._on_finished

        def work(task: Task):
            run.task = task  # the worker may start before submit() returns
            return run.job(run)

        run.task = self._runner.submit(
            work,
            done=lambda result: done(run, result),
            failed=lambda message: self._on_failed(run, message),
            ended=lambda: self._on_ended(run),
        )
        self._runs[run.id] = run
        if not was_busy:
            self.busy_changed.emit(True)
        return run

    # ---- GUI thread (the runner drops a cancelled run's reports) --------------------------
    def _on_finished(self, run: _Run, result) -> None:
        run.reported = True  # not busy any more for whoever handles the result
        self.reply_finished.emit(result)

    def _on_failed(self, run: _Run, message: str) -> None:
        run.reported = True
        if run.kind == "load":
            self.model_load_failed.emit(message)
        else:
            self.error.emit(message)

    def _on_loaded(self, run: _Run, info) -> None:
        run.reported = True
        self.model_loaded.emit(info)

    def _on_model_changed(self, run: _Run, info) -> None:
        # A reply that loaded its conversation's model (cancelled or not: the
        # model is loaded either way).
        if run.id in self._runs:
            self.model_loaded.emit(info)

    def _on_ended(self, run: _Run) -> None:
        if self._runs.pop(run.id, None) is None:
            return
        if run.cancelled and run.kind == "reply" and not self._closed:
            self.cancelled_reply_ended.emit(run.conversation_id)
        if not self.is_busy:
            self.busy_changed.emit(False)
