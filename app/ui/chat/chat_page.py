"""The chat page: the transcript, the composer, and the welcome panel.

It turns user intent into ChatController calls and the controller's signals
into view updates. The transcript is rebuilt from the store (store.thread +
store.siblings) only when a conversation opens or a reply ends; the view then
re-renders just the messages that changed. While a reply streams, the page
keeps its text so far (`_live_text`): switching away and back shows it whole
even though the store saves it only about once a second.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.backends import ENDPOINT_KEY
from app.core.chat import title_from
from app.core.store import StoreError
from app.ui.announce import announce
from app.ui.chat.composer import Composer
from app.ui.chat.controller import ChatController
from app.ui.chat.message_view import MessageEntry, MessageView, with_content
from app.ui.chat.welcome_panel import WelcomePanel

log = logging.getLogger(__name__)

UNFINISHED = ("stopped", "interrupted", "error", "streaming")


class ChatPage(QWidget):
    conversation_created = Signal(int)
    conversation_changed = Signal(int)  # new messages or state: refresh the sidebar
    status_message = Signal(str, int)  # text, timeout (ms)
    reply_stats = Signal(object)  # GenerationStats of the reply that just ended
    reply_shown = Signal(object)  # ReplyResult, after the view shows it
    about_to_send = Signal()  # save pending edits (system prompt) first
    settings_toggled = Signal(bool)
    open_model_requested = Signal()
    starter_requested = Signal(str)
    model_loading = Signal(str)  # a send will load this model first

    def __init__(
        self,
        services,
        controller: ChatController,
        create_conversation: Callable[[str], object] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("chatPage")
        self.services = services
        self.store = services.store
        self.controller = controller
        self._create = create_conversation or (
            lambda title: self.store.create_conversation(
                title=title, system_prompt=services.settings["system_prompt"] or ""
            )
        )
        self._cid: int | None = None
        self._live_id: int | None = None  # the assistant message streaming now
        self._live_cid: int | None = None
        self._live_text = ""

        # header
        self.title_label = QLabel(self.tr("New chat"), self)
        self.title_label.setObjectName("chatTitle")
        self.title_label.setStyleSheet("font-weight: 600;")
        self.settings_button = QToolButton(self)
        self.settings_button.setObjectName("settingsToggle")
        self.settings_button.setText(self.tr("Settings"))
        self.settings_button.setCheckable(True)
        self.settings_button.toggled.connect(self.settings_toggled)
        self.compare_button = QToolButton(self)
        self.compare_button.setObjectName("compareButton")
        self.compare_button.setText(self.tr("Compare with base"))
        self.compare_button.setToolTip(
            self.tr("Answer your last message with the adapter off and on, side by side")
        )
        self.compare_button.clicked.connect(lambda _checked=False: self.compare_with_base())
        self.compare_dialog = None
        header = QHBoxLayout()
        header.setContentsMargins(12, 6, 8, 0)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.compare_button)
        header.addWidget(self.settings_button)

        # body
        self.view = MessageView(self)
        self.view.action_requested.connect(self._on_action)
        self.view.copied.connect(
            lambda _t: self.status_message.emit(self.tr("Copied to the clipboard."), 2000)
        )
        self.welcome = WelcomePanel(self)
        self.welcome.open_model_requested.connect(self.open_model_requested)
        self.welcome.starter_requested.connect(self.starter_requested)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.view)

        # error banner (one clear line for a failed reply or load)
        self.error_banner = QFrame(self)
        self.error_banner.setObjectName("errorBanner")
        self.error_banner.setStyleSheet(
            "#errorBanner { background: #cf222e22; border: 1px solid #cf222e; border-radius: 6px; }"
        )
        self.error_label = QLabel(self.error_banner)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        close = QToolButton(self.error_banner)
        close.setText("✕")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide_error)
        banner = QHBoxLayout(self.error_banner)
        banner.setContentsMargins(8, 4, 4, 4)
        banner.addWidget(self.error_label, 1)
        banner.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.error_banner.hide()

        self.composer = Composer(self)
        self.composer.send_requested.connect(self.send)
        self.composer.edit_submitted.connect(self.edit_and_resend)
        self.composer.stop_requested.connect(self.stop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        error_row = QHBoxLayout()
        error_row.setContentsMargins(12, 4, 12, 0)
        error_row.addWidget(self.error_banner)
        layout.addLayout(error_row)
        layout.addWidget(self.composer)

        # Esc stops a reply (or cancels an edit) wherever the focus is on the page.
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.composer.escape)

        controller.reply_started.connect(self._on_reply_started)
        controller.text_received.connect(self._on_text_received)
        controller.reply_finished.connect(self._on_reply_finished)
        controller.error.connect(self._on_error)
        controller.busy_changed.connect(self._on_busy_changed)
        controller.reply_cancelled.connect(self._on_reply_cancelled)
        controller.cancelled_reply_ended.connect(self._on_cancelled_reply_ended)
        self.update_welcome()

    # ---- state -------------------------------------------------------------
    @property
    def conversation_id(self) -> int | None:
        return self._cid

    def conversation(self):
        """The open conversation (None: a new chat, or one deleted meanwhile)."""
        if self._cid is None:
            return None
        try:
            return self.store.get_conversation(self._cid)
        except StoreError:
            return None

    def model_path(self) -> str | None:
        """The model this page's chat would use: the conversation's, else the default."""
        conv = self.conversation()
        return (conv.model if conv is not None else None) or self.services.settings["default_model"]

    def model_ready(self) -> bool:
        if self._remote_endpoint():
            return True  # a server answers this conversation
        path = self.model_path()
        return bool(path) and Path(path).is_file()

    def _remote_endpoint(self) -> str | None:
        if self._cid is None:
            return None
        try:
            settings = self.services.store.get_conversation(self._cid).settings
        except Exception:  # a conversation deleted meanwhile
            return None
        return settings.get(ENDPOINT_KEY)

    def update_welcome(self) -> None:
        """Show the welcome panel while no usable model is configured."""
        if self.model_ready():
            self.stack.setCurrentWidget(self.view)
            self.composer.show()
        else:
            self.welcome.set_missing_model(self.model_path())
            self.stack.setCurrentWidget(self.welcome)
            self.composer.hide()

    @property
    def live_text(self) -> str:
        """The text of the reply streaming now (empty when none)."""
        return self._live_text

    @property
    def welcome_visible(self) -> bool:
        return self.stack.currentWidget() is self.welcome

    # ---- conversations -------------------------------------------------------
    def open_conversation(self, cid: int | None, message_id: int | None = None) -> None:
        """Show conversation `cid` (None: a new, empty chat)."""
        self.composer.cancel_edit()
        self._cid = cid
        self.hide_error()
        if cid is None:
            self.view.clear_thread()
            self.title_label.setText(self.tr("New chat"))
        else:
            if message_id is not None and not self._thread_has(cid, message_id):
                self.store.set_leaf(cid, message_id)
            self.view.clear_thread()
            self.reload()
            if message_id is not None:
                self.view.scroll_to_message(message_id)
        self.update_welcome()
        self.composer.set_busy(self.controller.is_replying)
        self.composer.edit.setFocus()

    def _thread_has(self, cid: int, message_id: int) -> bool:
        return any(m.id == message_id for m in self.store.thread(cid))

    def reload(self) -> None:
        """Show the current thread from the store (only changed messages re-render)."""
        if self._cid is None:
            self.view.clear_thread()
            return
        try:
            conv = self.store.get_conversation(self._cid)
        except StoreError:  # deleted meanwhile
            self._cid = None
            self.view.clear_thread()
            self.title_label.setText(self.tr("New chat"))
            return
        self.title_label.setText(conv.title or self.tr("Untitled"))
        self.view.show_thread(self.entries_from_store(self._cid))

    def entries_from_store(self, cid: int) -> list[MessageEntry]:
        thread = self.store.thread(cid)
        busy = self.controller.is_replying
        # One query for every "‹ 2/3 ›", not one per message (2,000 in a long chat).
        positions = self.store.sibling_positions(cid) if thread else {}
        entries = []
        for i, message in enumerate(thread):
            last = i == len(thread) - 1
            live = message.id == self._live_id
            index, count = positions.get(message.id, (0, 1))
            if live:
                message = with_content(message, self._live_text)
            entries.append(
                MessageEntry(
                    message,
                    sibling_index=index,
                    sibling_count=max(1, count),
                    can_regenerate=last and not busy and message.role == "assistant",
                    can_continue=last
                    and not busy
                    and (
                        message.role == "user"
                        or (message.role == "assistant" and message.status in UNFINISHED)
                    ),
                    streaming=live,
                )
            )
        return entries

    # ---- sending -------------------------------------------------------------
    def send(self, text: str) -> bool:
        """Send `text` in the current conversation (creating it if needed)."""
        if not text.strip():
            return False
        if self.controller.is_replying:
            self.status_message.emit(
                self.tr("A reply is still running: stop it first (Esc)."), 4000
            )
            self.composer.set_text(text)
            return False
        if not self.model_ready():
            self.update_welcome()
            self.status_message.emit(self.tr("Choose a model first."), 4000)
            return False
        self.about_to_send.emit()
        if self._cid is None:
            conv = self._create(title_from(text))
            self._cid = conv.id
            self.title_label.setText(conv.title)
            self.conversation_created.emit(conv.id)
        self.view.append_pending_user(text)
        cid = self._cid
        self._begin()
        self.controller.send(cid, text)
        return True

    def edit_and_resend(self, message_id: int, text: str) -> bool:
        if self.controller.is_replying or self._cid is None:
            self.status_message.emit(
                self.tr("A reply is still running: stop it first (Esc)."), 4000
            )
            return False
        self.about_to_send.emit()
        self._begin()
        self.controller.edit_and_resend(message_id, text, self._cid)
        return True

    def regenerate(self) -> bool:
        if self.controller.is_replying or self._cid is None:
            return False
        self.about_to_send.emit()
        self._begin()
        self.controller.regenerate(self._cid)
        return True

    def continue_reply(self) -> bool:
        if self.controller.is_replying or self._cid is None:
            return False
        self.about_to_send.emit()
        self._begin()
        self.controller.continue_reply(self._cid)
        return True

    def stop(self) -> None:
        if self.controller.is_replying:
            self.controller.stop()
            self.status_message.emit("Stopping…", 2000)

    def _begin(self) -> None:
        info = self.services.chat.model_info
        path = self.model_path()
        if path and (info is None or Path(info.path) != Path(path).expanduser().resolve()):
            self.model_loading.emit(path)  # the service loads it before replying
        self.hide_error()
        self._live_id = None
        self._live_cid = self._cid
        self._live_text = ""
        self.composer.set_busy(True)

    def navigate_branch(self, message_id: int, step: int) -> bool:
        """Show the previous (-1) or next (+1) sibling of `message_id`."""
        if self._cid is None:
            return False
        siblings = self.store.siblings(message_id)
        ids = [s.id for s in siblings]
        if message_id not in ids:
            return False
        target = ids.index(message_id) + step
        if not 0 <= target < len(ids):
            return False
        self.store.set_leaf(self._cid, ids[target])
        self.reload()
        return True

    # ---- base vs tuned -------------------------------------------------------------
    def compare_with_base(self):
        """Open the comparison of the last message's answer without and with the adapter."""
        from app.ui.chat.compare_dialog import CompareDialog

        if self.controller.is_busy:
            self.status_message.emit(
                self.tr("Wait for the reply to finish, or stop it (Esc)."), 4000
            )
            return None
        conv = self.conversation()
        if conv is None or not any(m.role == "user" for m in self.store.thread(conv.id)):
            self.status_message.emit(
                self.tr("Send a message first: the comparison answers it."), 4000
            )
            return None
        path = self.model_path()
        if not path or not self.services.settings.adapter_choice(path).path:
            self.status_message.emit(
                self.tr("Choose an adapter for this model first (Model → Adapter…)."), 5000
            )
            return None
        self.shutdown_compare()
        self.about_to_send.emit()  # the comparison uses the saved sampling settings
        dialog = CompareDialog(self.services.chat, conv.id, self)
        self.compare_dialog = dialog
        dialog.open()
        dialog.start()
        return dialog

    def shutdown_compare(self) -> None:
        """Stop a running comparison (window close); the adapter goes back as it was."""
        if self.compare_dialog is not None:
            self.compare_dialog.shutdown()
            self.compare_dialog.deleteLater()
            self.compare_dialog = None

    # ---- errors -------------------------------------------------------------
    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_banner.show()

    def hide_error(self) -> None:
        self.error_banner.hide()
        self.error_label.clear()

    @property
    def error_text(self) -> str:
        return self.error_label.text() if self.error_banner.isVisibleTo(self) else ""

    # ---- view actions ------------------------------------------------------------
    def _on_action(self, action: str, message_id: int) -> None:
        if self.controller.is_replying:
            self.status_message.emit(
                self.tr("Wait for the reply to finish, or stop it (Esc)."), 4000
            )
            return
        if action == "edit":
            entry = next((e for e in self.view.entries() if e.id == message_id), None)
            if entry is not None:
                self.composer.begin_edit(message_id, entry.message.content)
        elif action == "regenerate":
            self.regenerate()
        elif action == "continue":
            self.continue_reply()
        elif action in ("prev", "next"):
            self.navigate_branch(message_id, -1 if action == "prev" else 1)

    # ---- controller signals --------------------------------------------------------
    def _on_reply_started(self, user, assistant) -> None:
        self._live_id = assistant.id
        self._live_cid = assistant.conversation_id
        self._live_text = assistant.content or ""
        if assistant.conversation_id != self._cid:
            return
        announce(self.view, self.tr("Answering…"))
        # Show the new messages right away, after the part of the thread they
        # continue; the full state (siblings, actions) comes from the store when
        # the reply ends.
        entries = self.view.entries()
        ids = [e.id for e in entries]
        new_user = user is not None and user.id not in ids  # send / edit, not regenerate
        anchor = user.parent_id if new_user else assistant.parent_id
        if anchor is not None and anchor not in ids:
            self.reload()
            return
        keep = entries[: ids.index(anchor) + 1] if anchor is not None else []
        keep = [dataclasses.replace(e, can_regenerate=False, can_continue=False) for e in keep]
        if new_user:
            keep.append(MessageEntry(user))
        keep.append(MessageEntry(assistant, streaming=True))
        self.view.show_thread(keep)

    def _on_text_received(self, text: str) -> None:
        self._live_text += text
        if self._live_cid == self._cid and self._live_id is not None:
            self.view.append_stream_text(text)

    def _on_reply_finished(self, result) -> None:
        message = result.message
        cid = message.conversation_id
        self._live_id = None
        self._live_text = ""
        self.composer.set_busy(self.controller.is_replying)
        if cid == self._cid:
            self.reload()
        if result.error:
            self.show_error(result.error)
            announce(self.view, result.error, assertive=True)
        elif message.status == "stopped":
            self.status_message.emit(self.tr("Stopped. The reply so far is kept."), 4000)
        if not result.error and cid == self._cid and message.content:
            announce(self.view, self.tr("Reply: {text}").format(text=message.content))
        if result.done is not None:
            self.reply_stats.emit(result.done.stats)
        self.conversation_changed.emit(cid)
        self.reply_shown.emit(result)

    def _on_error(self, text: str) -> None:
        cid = self._live_cid
        self._live_id = None
        self._live_text = ""
        self.composer.set_busy(self.controller.is_replying)
        self.show_error(text)
        if cid is not None and cid == self._cid:
            self.reload()  # the user's message may have been saved
        if cid is not None:
            self.conversation_changed.emit(cid)

    def _on_reply_cancelled(self, cid) -> None:
        """A reply was superseded (another model, a deleted chat): drop its stream."""
        if cid is None or cid == self._live_cid:
            self._live_id = None
            self._live_text = ""
        self.composer.set_busy(self.controller.is_replying)
        if cid is not None and cid == self._cid:
            self.reload()

    def _on_cancelled_reply_ended(self, cid) -> None:
        if cid is not None and cid == self._cid:
            self.reload()  # its final state (stopped) is in the store now
        if cid is not None:
            self.conversation_changed.emit(cid)

    def _on_busy_changed(self, busy: bool) -> None:
        if not busy:
            self.composer.set_busy(False)
