"""The Qt adapter over the blocking, Qt-free ChatService.

Every ChatService call blocks until its reply is finished, so each one runs on
a single worker thread (one engine, one job at a time; a queue keeps them in
order). The ReplyListener callbacks arrive on that thread and are re-emitted as
queued signals on the GUI thread.

Cancel follows Orange (`Orange/widgets/utils/concurrent.py`): every job is a
*run* with an id; cancelling one sets its flag, asks the engine to stop and
forgets the id, so whatever the run still emits afterwards is dropped before it
reaches the UI. Starting a new job cancels a running reply (a new job
supersedes the old). A plain `stop()` is gentler: the reply ends at the next
token and its final result (status "stopped", text kept) is still delivered.
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

log = logging.getLogger(__name__)


def one_line(exc: BaseException) -> str:
    """The message a user sees for an exception: one line, no traceback."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    from app.engine.types import EngineError  # Qt-free, cheap

    if isinstance(exc, EngineError):
        return text or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


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


class _Relay(QObject):
    """Carries worker-thread events to the GUI thread (always queued)."""

    started = Signal(int, object, object)
    text = Signal(int, str)
    finished = Signal(int, object)
    failed = Signal(int, str)
    loaded = Signal(int, object)
    model_changed = Signal(int, object)
    done = Signal(int)


class _Listener:
    """The ReplyListener handed to ChatService; runs on the worker thread."""

    def __init__(self, run: _Run, relay: _Relay, chat):
        self._run = run
        self._relay = relay
        self._chat = chat
        self.model_before = chat.model_info

    def report_model(self) -> None:
        """Tell the UI when the service loaded the conversation's model itself."""
        info = self._chat.model_info
        if info is not None and info is not self.model_before:
            self.model_before = info
            self._relay.model_changed.emit(self._run.id, info)

    def reply_started(self, user, assistant) -> None:
        self._run.assistant_id = getattr(assistant, "id", None)
        self.report_model()  # before the first token, so the status bar names it
        if self._run.cancelled or self._run.stop_requested:
            # A stop that came before the reply began (e.g. during the model
            # load) is repeated here, where the engine can honour it.
            self._chat.stop()
        if not self._run.cancelled:
            self._relay.started.emit(self._run.id, user, assistant)

    def text_received(self, text: str) -> None:
        if self._run.cancelled or self._run.stop_requested:
            self._chat.stop()
        if not self._run.cancelled:
            self._relay.text.emit(self._run.id, text)


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
        self._ids = itertools.count(1)
        self._runs: dict[int, _Run] = {}  # queued or running, not yet done
        self._relay = _Relay()
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.started.connect(self._on_started, queued)
        self._relay.text.connect(self._on_text, queued)
        self._relay.finished.connect(self._on_finished, queued)
        self._relay.failed.connect(self._on_failed, queued)
        self._relay.loaded.connect(self._on_loaded, queued)
        self._relay.model_changed.connect(self._on_model_changed, queued)
        self._relay.done.connect(self._on_done, queued)
        self._jobs: queue.Queue[_Run | None] = queue.Queue()
        self._thread: threading.Thread | None = None
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

        def job(run: _Run):
            info = self._chat.load_model(path)
            self._relay.loaded.emit(run.id, info)

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
                run.cancelled = True
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
        for run in self._runs.values():
            run.cancelled = True
        if self._runs:
            try:
                self._chat.stop()
            except Exception:  # the engine may already be gone
                log.debug("stop during shutdown failed", exc_info=True)
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("chat worker still busy after %.0f s; leaving it", timeout)
            self._thread = None
        self._runs.clear()

    # ---- internals -----------------------------------------------------------
    def _reply(self, conversation_id, call) -> int:
        self.cancel()  # a new reply supersedes a running one

        def job(run: _Run):
            listener = _Listener(run, self._relay, self._chat)
            try:
                result = call(listener)
            finally:
                listener.report_model()
            self._relay.finished.emit(run.id, result)

        return self._submit("reply", job, conversation_id=conversation_id).id

    def _submit(self, kind, job, conversation_id=None, extra=None) -> _Run:
        if self._closed:
            raise RuntimeError("the chat controller is shut down")
        run = _Run(next(self._ids), kind, job, conversation_id, extra=extra or {})
        was_busy = self.is_busy
        self._runs[run.id] = run
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="chat-worker", daemon=True)
            self._thread.start()
        self._jobs.put(run)
        if not was_busy:
            self.busy_changed.emit(True)
        return run

    def _work(self) -> None:
        while True:
            run = self._jobs.get()
            if run is None:
                return
            try:
                if not run.cancelled:
                    run.job(run)
            except Exception as exc:  # reported, never raised into Qt
                log.warning("%s run %d failed: %s", run.kind, run.id, exc, exc_info=True)
                self._relay.failed.emit(run.id, one_line(exc))
            finally:
                self._relay.done.emit(run.id)

    def _live(self, run_id: int) -> _Run | None:
        run = self._runs.get(run_id)
        return None if run is None or run.cancelled else run

    @Slot(int, object, object)
    def _on_started(self, run_id, user, assistant) -> None:
        if self._live(run_id):
            self.reply_started.emit(user, assistant)

    @Slot(int, str)
    def _on_text(self, run_id, text) -> None:
        if self._live(run_id):
            self.text_received.emit(text)

    @Slot(int, object)
    def _on_finished(self, run_id, result) -> None:
        run = self._live(run_id)
        if run is not None:
            run.reported = True  # not busy any more for whoever handles the result
            self.reply_finished.emit(result)

    @Slot(int, str)
    def _on_failed(self, run_id, message) -> None:
        run = self._live(run_id)
        if run is None:
            return
        run.reported = True
        if run.kind == "load":
            self.model_load_failed.emit(message)
        else:
            self.error.emit(message)

    @Slot(int, object)
    def _on_loaded(self, run_id, info) -> None:
        run = self._live(run_id)
        if run is not None:
            run.reported = True
            self.model_loaded.emit(info)

    @Slot(int, object)
    def _on_model_changed(self, run_id, info) -> None:
        # A reply that loaded its conversation's model (not cancelled-sensitive:
        # the model is loaded either way).
        if run_id in self._runs:
            self.model_loaded.emit(info)

    @Slot(int)
    def _on_done(self, run_id) -> None:
        run = self._runs.pop(run_id, None)
        if run is None:
            return
        if run.cancelled and run.kind == "reply" and not self._closed:
            self.cancelled_reply_ended.emit(run.conversation_id)
        if not self.is_busy:
            self.busy_changed.emit(False)
