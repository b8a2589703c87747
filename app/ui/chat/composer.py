"""The message input: Enter sends, Shift+Enter adds a line, Esc stops.

While a reply runs the Send button becomes Stop and Enter does nothing (the
text stays), so a stray Enter never interrupts a reply. Editing a past message
happens here too: `begin_edit()` fills the box and shows a banner; the next
submit is an `edit_submitted` (a new branch) instead of a `send_requested`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class PromptEdit(QPlainTextEdit):
    submitted = Signal()
    escape_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            mods = event.modifiers()
            if mods & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
                return
            if not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                self.submitted.emit()
                return
        if key == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


class Composer(QWidget):
    send_requested = Signal(str)  # a new message
    edit_submitted = Signal(int, str)  # message id, new text (resend as a branch)
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("composer")
        self._busy = False
        self._editing_id: int | None = None

        self.edit = PromptEdit(self)
        self.edit.setObjectName("composerEdit")
        self.edit.setPlaceholderText(
            self.tr("Message the model… (Enter to send, Shift+Enter for a new line)")
        )
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(84)
        self.edit.submitted.connect(self.submit)
        self.edit.escape_pressed.connect(self.escape)
        self.edit.textChanged.connect(self._update_buttons)

        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("sendButton")
        self.send_button.clicked.connect(self.submit)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setToolTip(self.tr("Stop the reply (Esc)"))
        self.stop_button.clicked.connect(self.stop_requested)
        self.stop_button.hide()

        self.banner = QLabel(self)
        self.banner.setObjectName("editBanner")
        self.banner.setText(
            self.tr("Editing a message: Enter sends it as a new branch, Esc cancels.")
        )
        self.cancel_edit_button = QToolButton(self)
        self.cancel_edit_button.setObjectName("cancelEditButton")
        self.cancel_edit_button.setText(self.tr("Cancel edit"))
        self.cancel_edit_button.clicked.connect(self.cancel_edit)
        banner_row = QHBoxLayout()
        banner_row.setContentsMargins(0, 0, 0, 0)
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.cancel_edit_button)
        self._banner_box = QWidget(self)
        self._banner_box.setLayout(banner_row)
        self._banner_box.hide()

        buttons = QVBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 10)
        layout.addWidget(self._banner_box)
        layout.addLayout(row)
        self._update_buttons()

    # ---- state -------------------------------------------------------------
    @property
    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)
        self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)

    @property
    def is_busy(self) -> bool:
        return self._busy

    @property
    def editing_id(self) -> int | None:
        return self._editing_id

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.send_button.setVisible(not busy)
        self.stop_button.setVisible(busy)
        self._update_buttons()

    def begin_edit(self, message_id: int, text: str) -> None:
        self._editing_id = message_id
        self.set_text(text)
        self._banner_box.show()
        self.edit.setFocus()

    def cancel_edit(self) -> None:
        if self._editing_id is None:
            return
        self._editing_id = None
        self._banner_box.hide()
        self.edit.clear()

    # ---- actions -------------------------------------------------------------
    def submit(self) -> None:
        text = self.text
        if self._busy or not text.strip():
            return
        if self._editing_id is not None:
            mid = self._editing_id
            self._editing_id = None
            self._banner_box.hide()
            self.edit.clear()
            self.edit_submitted.emit(mid, text)
        else:
            self.edit.clear()
            self.send_requested.emit(text)

    def escape(self) -> None:
        """Esc: stop the running reply, else cancel an edit."""
        if self._busy:
            self.stop_requested.emit()
        elif self._editing_id is not None:
            self.cancel_edit()

    def _update_buttons(self) -> None:
        self.send_button.setEnabled(not self._busy and bool(self.text.strip()))
