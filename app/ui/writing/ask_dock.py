"""Ask about this document: binds the ask panel to the editor, the file and the worker.

Each question takes the document as it is at that moment (or the selection,
and the cursor to centre a long document on) and the model the app has
loaded; the answer streams into the panel while the writer keeps editing,
since nothing here changes the document. The questions of one document form
one conversation in the chat store, started by the first question and titled
after the document, so Chat mode lists it too; opening another document, or
"New conversation", starts the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.writing.ask import EMPTY_DOCUMENT
from app.core.writing.ask_chat import AskResult, DocumentChat, Question
from app.ui.writing.ask_panel import AskPanel
from app.ui.writing.ask_worker import AskController
from app.ui.writing.document_files import DocumentFiles
from app.ui.writing.editor import DocumentEditor

log = logging.getLogger(__name__)

WAITING = "Waiting for the model to finish loading…"
# The scope line counts the words of the document: not on every keystroke of a long one.
SCOPE_DELAY_MS = 300


class AskDock(QObject):
    status_message = Signal(str)
    answered = Signal(object)  # AskResult, or None (stopped before it began, or failed)
    conversation_saved = Signal(int)  # the conversation has new messages (Chat mode's list)

    def __init__(
        self,
        chat: DocumentChat,
        editor: DocumentEditor,
        files: DocumentFiles,
        *,
        model_path: Callable[[], str | None] = lambda: None,
        model_loading: Callable[[], bool] = lambda: False,
        dark: bool = False,
        parent=None,
    ):
        super().__init__(parent)
        self.chat = chat
        self.editor = editor
        self.files = files
        self._model_loading = model_loading
        self.panel = AskPanel(parent, dark=dark)
        self.controller = AskController(chat, model_path, self)
        self.conversation_id: int | None = None
        self._deferred: Question | None = None
        self._closed = False
        panel, ctl = self.panel, self.controller
        panel.ask_requested.connect(self.ask)
        panel.stop_requested.connect(self.stop)
        panel.new_conversation_requested.connect(self.new_conversation)
        ctl.context_ready.connect(lambda e: panel.set_included(e.describe(), e.shortened))
        ctl.reply_started.connect(self._on_reply_started)
        ctl.text_received.connect(panel.append_text)
        ctl.finished.connect(self._on_finished)
        ctl.failed.connect(self._on_failed)
        self._scope_timer = QTimer(self)
        self._scope_timer.setSingleShot(True)
        self._scope_timer.setInterval(SCOPE_DELAY_MS)
        self._scope_timer.timeout.connect(self._update_scope_if_shown)
        editor.selectionChanged.connect(self._scope_timer.start)
        editor.textChanged.connect(self._scope_timer.start)
        self.update_scope()

    @property
    def is_busy(self) -> bool:
        return self.controller.is_busy or self._deferred is not None

    def _update_scope_if_shown(self) -> None:
        if self.panel.isVisible():
            self.update_scope()

    def update_scope(self) -> None:
        start, end = self.editor.selection()
        text = self.editor.text()
        chosen = text[start:end] if end > start and text[start:end].strip() else text
        self.panel.set_scope(chosen is not text, len(chosen.split()))

    # ---- questions ------------------------------------------------------------------
    def question(self, text: str) -> Question:
        """`text` about the document as it stands now."""
        return Question(
            text=text,
            document=self.editor.text(),
            title=self.files.document.name,
            selection=self.editor.selection(),
            cursor=self.editor.textCursor().position(),
        )

    def ask(self, text: str) -> bool:
        """Ask `text` about the document; False (and a notice) when it cannot be asked now."""
        if self._closed or self.is_busy or not text.strip():
            return False
        if not self.editor.text().strip():
            self.panel.show_notice(EMPTY_DOCUMENT)
            return False
        question = self.question(text.strip())
        self.panel.show_notice("")
        self.panel.accept_question(question.text)
        self.panel.set_busy(True)
        if self._model_loading():
            self._deferred = question
            self.panel.show_notice(WAITING)
            return True
        self.controller.ask(self.conversation_id, question)
        return True

    def model_ready(self, *_args) -> None:
        """The app's model load ended: ask the question that waited for it."""
        question, self._deferred = self._deferred, None
        if question is not None and not self._closed:
            self.panel.show_notice("")
            self.controller.ask(self.conversation_id, question)

    def stop(self) -> None:
        if self._deferred is not None:
            self._deferred = None
            self._end(self.tr("Stopped before the model began."))
            self.answered.emit(None)
            return
        self.controller.stop()

    def new_conversation(self) -> None:
        """Forget the conversation on show (it stays in the store); the next question starts one."""
        self.controller.cancel()
        self._deferred = None
        self.conversation_id = None
        self.panel.set_busy(False)
        self.panel.reset()

    def shutdown(self) -> None:
        self._closed = True
        self._deferred = None
        self.controller.shutdown()

    # ---- results ---------------------------------------------------------------------
    def _on_reply_started(self, _user, assistant) -> None:
        self.conversation_id = assistant.conversation_id
        self._show_thread(streaming_id=assistant.id)

    def _on_finished(self, result: AskResult | None) -> None:
        if result is None:
            self._end(self.tr("Stopped before the model began."))
        else:
            self.conversation_id = result.conversation_id
            reply = result.reply
            self._end(reply.error or ("Stopped." if reply.message.status == "stopped" else ""))
            title = self.chat.store.get_conversation(result.conversation_id).title
            self.status_message.emit(
                self.tr("The answer is saved in Chat as “{title}”.").format(title=title)
            )
            self.conversation_saved.emit(result.conversation_id)
        self.answered.emit(result)

    def _on_failed(self, message: str) -> None:
        self._end(message, restore=True)
        if self.conversation_id is not None:
            self.conversation_saved.emit(self.conversation_id)
        self.answered.emit(None)

    def _end(self, notice: str, *, restore: bool = False) -> None:
        """The question is over: the transcript as saved, the notice, and Ask again."""
        self.panel.set_busy(False)
        if self.conversation_id is None:
            self.panel.reset()  # the question shown was never saved
        else:
            self._show_thread()
        if restore:
            self.panel.restore_question()
        self.panel.show_notice(notice)
        if notice:
            self.status_message.emit(notice)

    def _show_thread(self, streaming_id: int | None = None) -> None:
        self.panel.show_messages(self.chat.store.thread(self.conversation_id), streaming_id)
