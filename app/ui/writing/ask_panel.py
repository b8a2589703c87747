"""The chat docked beside the document: ask about it, read the answers as they stream.

The transcript is the Chat mode's MessageView (same rendering, same
throttled streaming); the question box is its PromptEdit (Enter asks,
Shift+Enter adds a line, Esc stops). Above the transcript the panel says what
the questions are about (the selection or the whole document), and after each
question which part of the document the model was actually given.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.writing.ask import word_count
from app.ui.chat.composer import PromptEdit
from app.ui.chat.message_view import MessageEntry, MessageView

PLACEHOLDER = QT_TRANSLATE_NOOP(
    "AskPanel", "Ask about this document… (Enter to ask, Shift+Enter for a new line, Esc stops)"
)


class AskPanel(QWidget):
    ask_requested = Signal(str)
    stop_requested = Signal()
    new_conversation_requested = Signal()

    def __init__(self, parent: QWidget | None = None, dark: bool = False):
        super().__init__(parent)
        self.setObjectName("askPanel")
        self._busy = False
        self._last_question = ""
        self.scope_label = QLabel("", self)
        self.scope_label.setObjectName("askScopeLabel")
        self.new_button = QPushButton(self.tr("New conversation"), self)
        self.new_button.setObjectName("askNewConversation")
        self.new_button.setToolTip(self.tr("Start over: earlier questions stay in Chat mode"))
        self.new_button.clicked.connect(lambda _c=False: self.new_conversation_requested.emit())
        self.view = MessageView(self, dark=dark)
        self.view.setObjectName("askView")
        self.view.setPlaceholderText(
            self.tr("Questions about the document and their answers show here.")
        )
        self.view.action_requested.connect(self._on_message_action)
        self.included_label = QLabel("", self)
        self.included_label.setObjectName("askIncludedLabel")
        self.included_label.setWordWrap(True)
        self.included_label.hide()
        self.notice_label = QLabel("", self)
        self.notice_label.setObjectName("askNoticeLabel")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        self.edit = PromptEdit(self)
        self.edit.setObjectName("askEdit")
        self.edit.setPlaceholderText(self.tr(PLACEHOLDER))
        self.edit.setTabChangesFocus(True)
        self.edit.setMaximumHeight(90)
        self.edit.submitted.connect(self.submit)
        self.edit.escape_pressed.connect(self.stop_requested)
        self.ask_button = QPushButton(self.tr("Ask"), self)
        self.ask_button.setObjectName("askButton")
        self.ask_button.clicked.connect(lambda _c=False: self.submit())
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setObjectName("askStopButton")
        self.stop_button.clicked.connect(lambda _c=False: self.stop_requested.emit())
        self.stop_button.hide()

        top = QHBoxLayout()
        top.addWidget(self.scope_label, 1)
        top.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.edit, 1)
        bottom.addWidget(self.ask_button)
        bottom.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.included_label)
        layout.addWidget(self.notice_label)
        layout.addLayout(bottom)

    # ---- state -------------------------------------------------------------------
    @property
    def is_busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool) -> None:
        """While an answer streams Ask becomes Stop and Enter does nothing (the text stays)."""
        self._busy = busy
        self.ask_button.setVisible(not busy)
        self.stop_button.setVisible(busy)

    def set_scope(self, has_selection: bool, words: int) -> None:
        what = self.tr("the selection") if has_selection else self.tr("the whole document")
        self.scope_label.setText(
            self.tr("Asking about {what} ({word_count})").format(
                what=what, word_count=word_count(words)
            )
        )

    def set_included(self, text: str, shortened: bool) -> None:
        """Which part of the document the model saw; stressed when it is not all of it."""
        self.included_label.setText(text)
        self.included_label.setProperty("warning", shortened)
        self.included_label.setStyleSheet("font-weight:600;" if shortened else "")
        self.included_label.show()

    def included(self) -> str:
        return self.included_label.text() if self.included_label.isVisible() else ""

    def show_notice(self, message: str) -> None:
        self.notice_label.setText(message)
        self.notice_label.setVisible(bool(message))

    def notice(self) -> str:
        return self.notice_label.text() if self.notice_label.isVisible() else ""

    def reset(self) -> None:
        """A new document or a new conversation: an empty transcript."""
        self.view.clear_thread()
        self.included_label.hide()
        self.show_notice("")

    # ---- the transcript -----------------------------------------------------------
    def show_messages(self, messages, streaming_id: int | None = None) -> None:
        self.view.show_thread([MessageEntry(m, streaming=m.id == streaming_id) for m in messages])

    def append_text(self, text: str) -> None:
        self.view.append_stream_text(text)

    # ---- input ----------------------------------------------------------------------
    def submit(self) -> None:
        text = self.edit.toPlainText().strip()
        if text and not self._busy:
            self.ask_requested.emit(text)

    def accept_question(self, text: str) -> None:
        """The question is being asked: out of the box, into the transcript."""
        self._last_question = text
        self.edit.clear()
        self.view.append_pending_user(text)

    def restore_question(self) -> None:
        """A question that failed goes back in the box (unless the writer typed anew)."""
        if self._last_question and not self.edit.toPlainText().strip():
            self.edit.setPlainText(self._last_question)

    def _on_message_action(self, action: str, message_id: int) -> None:
        """ "Edit" on a question puts it back in the box, to ask again as a new question."""
        if action != "edit":
            return
        for entry in self.view.entries():
            if entry.id == message_id:
                self.edit.setPlainText(entry.message.content)
                self.edit.setFocus()
