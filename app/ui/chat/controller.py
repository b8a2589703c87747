"""The Qt adapter over the blocking, Qt-free ChatService.

Every ChatService call blocks until its reply is finished, so each one runs
through `app.ui.run_queue.RunQueueController` (one worker thread: one engine,
one job at a time, in order). The ReplyListener callbacks arrive on that thread
and are posted to the GUI thread tagged with their run's id.

Cancel follows Orange (`Orange/widgets/utils/concurrent.py`): every job is a
*run* with an id; cancelling one sets its flag and asks the engine to stop, so
whatever the run still emits afterwards is dropped before it reaches the UI. Starting a new job cancels a running reply (a new job
supersedes the old). A plain `stop()` is gentler: the reply ends at the next
token and its final result (status "stopped", text kept) is still delivered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.ui.run_queue import RunQueueController

log = logging.getLogger(__name__)

THREAD_NAME = "chat-worker"


@dataclass
class _Run:
    id: int
    kind: str  # "reply" | "load"
    job: Callable[[_Run], Any]
    conversation_id: int | None = None
    cancelled: bool = False  # Orange: forget its results
    stop_requested: bool = False  # user Stop: end at the next token, keep the result
    reported: bool = False  # its result (or failure) has been emitted
    assistant_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


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
                self._controller._on_model_changed, self._run.id, info
            )

    def reply_started(self, user, assistant) -> None:
        self._run.assistant_id = getattr(assistant, "id", None)
        self.report_model()  # before the first token, so the status bar names it
        if self._run.cancelled or self._run.stop_requested:
            # A stop that came before the reply began (e.g. during the model
            # load) is repeated here, where the engine can honour it.
            self._chat.stop()
        self._controller._post(self._run.id, self._controller.reply_started.emit, user, assistant)

    def text_received(self, text: str) -> None:
        if self._run.cancelled or self._run.stop_requested:
            self._chat.stop()
        self._controller._post(self._run.id, self._controller.text_received.emit, text)


class ChatController(RunQueueController):
    """Runs ChatService calls off the GUI thread and reports them as signals."""

    reply_started = Signal(object, object)  # user Message | None, assistant Message
    text_received = Signal(str)  # a batch of new reply text
    reply_finished = Signal(object)  # ReplyResult
    error = Signal(str)  # a call failed without a result (one line)
    model_loading = Signal(str)  # path
    model_loaded = Signal(object)  # ModelInfo
    model_load_failed = Signal(str)  # one line
    # busy_changed = Signal(bool), from RunQueueController
    reply_cancelled = Signal(object)  # conversation id: its late results will be dropped
    cancelled_reply_ended = Signal(object)  # conversation id: the dropped run has ended

    thread_name = THREAD_NAME
    label = "chat"

    def __init__(self, chat, parent: QObject | None = None):
        super().__init__(parent)
        self._chat = chat

    # ---- state -----------------------------------------------------------
    @property
    def chat(self):
        return self._chat

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

        run = self._new_run("load", job, extra={"path": str(path)})
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
                run.cancelled = True
                cancelled.append(run)
        if cancelled:
            self._chat.stop()
            for run in cancelled:
                self.reply_cancelled.emit(run.conversation_id)
            self.busy_changed.emit(self.is_busy)

    def shutdown(self, timeout: float = 30.0) -> None:
        """Cancel everything and end the worker thread (window close)."""
        super().shutdown(timeout)

    def _cancel_all(self) -> None:
        for run in self._runs.values():
            run.cancelled = True
        if self._runs:
            try:
                self._chat.stop()
            except Exception:  # the engine may already be gone
                log.debug("stop during shutdown failed", exc_info=True)

    # ---- internals -----------------------------------------------------------
    def _reply(self, conversation_id, call) -> int:
        self.cancel()  # a new reply supersedes a running one

        def job(run: _Run):
            listener = _Listener(run, self)
            try:
                return call(listener)
            finally:
                listener.report_model()

        return self._new_run("reply", job, conversation_id=conversation_id).id

    def _new_run(self, kind, job, conversation_id=None, extra=None) -> _Run:
        run = _Run(self._new_id(), kind, job, conversation_id, extra=extra or {})
        self._submit(run.id, run)
        return run

    # ---- worker thread -------------------------------------------------------------
    def _execute(self, run: _Run) -> None:
        result = run.job(run)
        report = self._on_loaded if run.kind == "load" else self._on_finished
        self._post(run.id, report, run, result)

    # ---- GUI thread (a cancelled run's reports never get here) -----------------------
    def _on_finished(self, run: _Run, result) -> None:
        run.reported = True  # not busy any more for whoever handles the result
        self.reply_finished.emit(result)

    def _report_failure(self, run: _Run, message: str) -> None:
        run.reported = True
        if run.kind == "load":
            self.model_load_failed.emit(message)
        else:
            self.error.emit(message)

    def _on_loaded(self, run: _Run, info) -> None:
        run.reported = True
        self.model_loaded.emit(info)

    def _on_model_changed(self, run_id: int, info) -> None:
        # A reply that loaded its conversation's model (cancelled or not: the
        # model is loaded either way).
        if run_id in self._runs:
            self.model_loaded.emit(info)

    def _on_done(self, run_id: int) -> None:
        run = self._runs.pop(run_id, None)
        if run is None:
            return
        if run.cancelled and run.kind == "reply" and not self._closed:
            self.cancelled_reply_ended.emit(run.conversation_id)
        if not self.is_busy:
            self.busy_changed.emit(False)
