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

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from app.core.writing.ask import Excerpt
from app.core.writing.ask_chat import AskListener, DocumentChat, Question
from app.ui.run_queue import RunQueueController

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


class _Listener(AskListener):
    """Runs on the worker thread; drops everything once its run is cancelled."""

    def __init__(self, run: _Run, controller: AskController):
        self.run, self.controller = run, controller

    def _send(self, signal, *args) -> None:
        if not self.run.cancelled:
            self.controller._post(self.run.id, signal.emit, *args)

    def context_ready(self, excerpt: Excerpt) -> None:
        self._send(self.controller.context_ready, excerpt)

    def reply_started(self, user, assistant) -> None:
        self._send(self.controller.reply_started, user, assistant)

    def text_received(self, text: str) -> None:
        self.run.streaming = True
        if self.run.cancelled or self.run.stop_requested:
            self.controller.chat.stop()  # a stop that came before our answer began
        self._send(self.controller.text_received, text)


class AskController(RunQueueController):
    """Asks questions about the document off the GUI thread; reports them as signals."""

    context_ready = Signal(object)  # Excerpt: what the model was given
    reply_started = Signal(object, object)  # user Message, assistant Message (saved)
    text_received = Signal(str)
    finished = Signal(object)  # AskResult, or None when stopped before it was asked
    failed = Signal(str)  # one line: no model, context too small, empty document…
    # busy_changed = Signal(bool), from RunQueueController

    thread_name = THREAD_NAME
    label = "ask"

    def __init__(
        self,
        chat: DocumentChat,
        model_path: Callable[[], str | None] = lambda: None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.chat = chat
        self._model_path = model_path

    def ask(self, conversation_id: int, question: Question) -> int:
        """Ask in the background; a question still being answered is cancelled first."""
        self.cancel()
        run = _Run(self._new_id(), conversation_id, question)
        self._submit(run.id, run)
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

    # ---- worker thread -------------------------------------------------------------
    def _execute(self, run: _Run) -> None:
        if run.stop_requested:
            self._post(run.id, self._report, run, self.finished, None)
            return
        if run.question.model is None:
            run.question.model = self._model_path()
        listener = _Listener(run, self)
        try:
            result = self.chat.ask(run.conversation_id, run.question, listener)
        finally:
            run.streaming = False  # whatever runs on the engine now is not ours
        self._post(run.id, self._report, run, self.finished, result)

    # ---- GUI thread --------------------------------------------------------------------
    def _report(self, run: _Run, signal, value) -> None:
        """The run's result or failure: it is not busy any more, though not yet done."""
        run.reported = True
        signal.emit(value)
        self.busy_changed.emit(self.is_busy)

    def _report_failure(self, run: _Run, message: str) -> None:
        self._report(run, self.failed, message)

    def _on_done(self, run_id: int) -> None:
        self._runs.pop(run_id, None)  # busy_changed was emitted with its result
