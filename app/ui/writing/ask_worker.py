"""The Qt adapter over the blocking, Qt-free DocumentChat (ask about this document).

The same pattern as `worker.WriteController`: every question runs on one
worker thread; the listener's calls come back as queued signals on the GUI
thread; each run has an id, and cancelling a run forgets it, so whatever it
still emits is dropped (Orange's habit). A new question cancels the old one.

The engine is shared with the chat and the writing actions and runs one
request at a time, and `engine.cancel()` stops whichever request is running.
So Stop reaches the engine only once *our* answer is streaming; before that it
is a flag, honoured at the answer's first token (or before it is asked at all).
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.core.writing.ask import Excerpt
from app.core.writing.ask_chat import AskListener, DocumentChat, Question
from app.ui.chat.controller import one_line

log = logging.getLogger(__name__)

THREAD_NAME = "ask-worker"


@dataclass
class _Run:
    id: int
    conversation_id: int
    question: Question
    cancelled: bool = False  # forget its results
    stop_requested: bool = False  # end at the next token; the result still comes
    streaming: bool = False  # our answer is the engine's request now
    reported: bool = False  # its result (or failure) has been emitted: not busy any more


class _Relay(QObject):
    """Carries worker-thread events to the GUI thread (always queued)."""

    context = Signal(int, object)
    started = Signal(int, object, object)
    text = Signal(int, str)
    finished = Signal(int, object)
    failed = Signal(int, str)
    done = Signal(int)


class _Listener(AskListener):
    """Runs on the worker thread; drops everything once its run is cancelled."""

    def __init__(self, run: _Run, relay: _Relay, chat: DocumentChat):
        self.run, self.relay, self.chat = run, relay, chat

    def context_ready(self, excerpt: Excerpt) -> None:
        if not self.run.cancelled:
            self.relay.context.emit(self.run.id, excerpt)

    def reply_started(self, user, assistant) -> None:
        if not self.run.cancelled:
            self.relay.started.emit(self.run.id, user, assistant)

    def text_received(self, text: str) -> None:
        self.run.streaming = True
        if self.run.cancelled or self.run.stop_requested:
            self.chat.stop()  # a stop that came before our answer began
            if self.run.cancelled:
                return
        self.relay.text.emit(self.run.id, text)


class AskController(QObject):
    """Asks questions about the document off the GUI thread; reports them as signals."""

    context_ready = Signal(object)  # Excerpt: what the model was given
    reply_started = Signal(object, object)  # user Message, assistant Message (saved)
    text_received = Signal(str)
    finished = Signal(object)  # AskResult, or None when stopped before it was asked
    failed = Signal(str)  # one line: no model, context too small, empty document…
    busy_changed = Signal(bool)

    def __init__(
        self,
        chat: DocumentChat,
        model_path: Callable[[], str | None] = lambda: None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.chat = chat
        self._model_path = model_path
        self._ids = itertools.count(1)
        self._runs: dict[int, _Run] = {}
        self._relay = _Relay()
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.context.connect(self._on_context, queued)
        self._relay.started.connect(self._on_started, queued)
        self._relay.text.connect(self._on_text, queued)
        self._relay.finished.connect(self._on_finished, queued)
        self._relay.failed.connect(self._on_failed, queued)
        self._relay.done.connect(self._on_done, queued)
        self._jobs: queue.Queue[_Run | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._closed = False

    def _pending(self) -> list[_Run]:
        return [r for r in self._runs.values() if not r.cancelled and not r.reported]

    @property
    def is_busy(self) -> bool:
        return bool(self._pending())

    def ask(self, conversation_id: int, question: Question) -> int:
        """Ask in the background; a question still being answered is cancelled first."""
        if self._closed:
            raise RuntimeError("the ask controller is shut down")
        self.cancel()
        run = _Run(next(self._ids), conversation_id, question)
        self._runs[run.id] = run
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name=THREAD_NAME, daemon=True)
            self._thread.start()
        self._jobs.put(run)
        self.busy_changed.emit(True)
        return run.id

    def stop(self) -> None:
        """End the answer at its next token; what it wrote is kept and still reported."""
        for run in self._pending():
            run.stop_requested = True
            if run.streaming:
                self.chat.stop()

    def cancel(self) -> None:
        """Stop every run and drop its late results (the document changed, a new question)."""
        live = self._pending()
        for run in live:
            run.cancelled = True
            if run.streaming:
                self.chat.stop()
        if live:
            self.busy_changed.emit(False)

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel everything and join the worker thread (window close)."""
        if self._closed:
            return
        self._closed = True
        self.cancel()
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("ask worker still busy after %.0f s; leaving it", timeout)
            self._thread = None
        self._runs.clear()

    # ---- worker thread -------------------------------------------------------------
    def _work(self) -> None:
        while True:
            run = self._jobs.get()
            if run is None:
                return
            try:
                if run.cancelled:
                    continue
                if run.stop_requested:
                    self._relay.finished.emit(run.id, None)
                    continue
                if run.question.model is None:
                    run.question.model = self._model_path()
                listener = _Listener(run, self._relay, self.chat)
                try:
                    result = self.chat.ask(run.conversation_id, run.question, listener)
                finally:
                    run.streaming = False  # whatever runs on the engine now is not ours
                self._relay.finished.emit(run.id, result)
            except Exception as exc:  # reported, never raised into Qt
                log.warning("ask run %d failed: %s", run.id, exc, exc_info=True)
                self._relay.failed.emit(run.id, one_line(exc))
            finally:
                self._relay.done.emit(run.id)

    # ---- GUI thread --------------------------------------------------------------------
    def _live(self, run_id: int) -> _Run | None:
        run = self._runs.get(run_id)
        return None if run is None or run.cancelled else run

    @Slot(int, object)
    def _on_context(self, run_id, excerpt) -> None:
        if self._live(run_id):
            self.context_ready.emit(excerpt)

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
            run.reported = True
            self.finished.emit(result)
            self.busy_changed.emit(self.is_busy)

    @Slot(int, str)
    def _on_failed(self, run_id, message) -> None:
        run = self._live(run_id)
        if run is not None:
            run.reported = True
            self.failed.emit(message)
            self.busy_changed.emit(self.is_busy)

    @Slot(int)
    def _on_done(self, run_id) -> None:
        self._runs.pop(run_id, None)
