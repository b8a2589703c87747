"""Compare with base: the last message answered by the base model and by the tuned one.

Two columns side by side, streaming as they are written (base first: one engine, one
answer at a time), with Stop and Run again. Nothing is saved in the conversation: this
is a look at what the adapter changes. The dialog is window-modal so no other request
waits behind the comparison unseen; closing it stops the run and puts the adapter back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.chat.compare_worker import SIDES, CompareRunner, adapter_label

PROMPT_PREVIEW = 160


class CompareDialog(QDialog):
    def __init__(self, chat, conversation_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setWindowTitle(self.tr("Compare with base model"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(900, 520)
        self.chat = chat
        self.conversation_id = conversation_id
        self.runner: CompareRunner | None = None
        self.finish_reasons: dict[str, str] = {}
        self.seed: int | None = None

        self.prompt_label = QLabel(self)
        self.prompt_label.setObjectName("comparePrompt")
        self.prompt_label.setWordWrap(True)
        self.titles: dict[str, QLabel] = {}
        self.replies: dict[str, QPlainTextEdit] = {}
        grid = QGridLayout()
        for column, side in enumerate(SIDES):
            title = QLabel(
                self.tr("Base model") if side == "base" else self.tr("With the adapter"), self
            )
            title.setObjectName(f"{side}Title")
            title.setStyleSheet("font-weight: 600;")
            reply = QPlainTextEdit(self)
            reply.setObjectName(f"{side}Reply")
            reply.setReadOnly(True)
            grid.addWidget(title, 0, column)
            grid.addWidget(reply, 1, column)
            self.titles[side], self.replies[side] = title, reply
        self.state_label = QLabel(self)
        self.state_label.setObjectName("compareState")

        buttons = QDialogButtonBox(self)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setObjectName("compareStop")
        self.again_button = QPushButton(self.tr("Run again"), self)
        self.again_button.setObjectName("compareAgain")
        buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.again_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.stop_button.clicked.connect(self.stop)
        self.again_button.clicked.connect(self.start)

        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt_label)
        layout.addLayout(grid, 1)
        layout.addWidget(self.state_label)
        layout.addWidget(buttons)
        self._show_prompt()

    # ---- running -------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.runner is not None and self.runner.running

    def text(self, side: str) -> str:
        return self.replies[side].toPlainText()

    def start(self) -> None:
        """(Re)run the comparison from empty columns."""
        if self.runner is not None:
            self.runner.discard()
        self.finish_reasons.clear()
        for reply in self.replies.values():
            reply.clear()
        runner = CompareRunner(self.chat, self.conversation_id, self)
        runner.setup.connect(self._on_setup)
        runner.started.connect(self._on_started)
        runner.text_received.connect(self._on_text)
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)
        runner.ended.connect(self._on_ended)
        self.runner = runner
        self.state_label.setText(self.tr("Loading…"))
        self._set_running(True)
        runner.start()

    def stop(self) -> None:
        if self.running:
            self.runner.stop()
            self.state_label.setText(self.tr("Stopping…"))

    def shutdown(self) -> None:
        """Stop and wait for the run (the window closes); its late events are dropped."""
        if self.runner is not None:
            self.runner.discard()
            self.runner = None
        self._set_running(False)

    def done(self, result: int) -> None:  # close, Esc, the Close button
        self.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        self.shutdown()
        super().closeEvent(event)

    # ---- the runner's signals ----------------------------------------------------------------
    def _on_setup(self, setup) -> None:
        self.titles["base"].setText(
            self.tr("Base model ({model_name})").format(model_name=setup.model_name)
        )
        self.titles["tuned"].setText(adapter_label(setup))
        self.seed = setup.seed

    def _on_started(self, side: str) -> None:
        name = "base model" if side == "base" else "tuned model"
        self.state_label.setText(self.tr("The {name} is answering…").format(name=name))

    def _on_text(self, side: str, text: str) -> None:
        view = self.replies[side]
        bar = view.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        cursor = QTextCursor(view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        cursor.insertText(text)
        cursor.endEditBlock()
        if at_bottom:
            bar.setValue(bar.maximum())

    def _on_finished(self, side: str, done) -> None:
        self.finish_reasons[side] = done.finish_reason
        self.replies[side].setPlainText(done.text)  # the final text, stop strings trimmed

    def _on_failed(self, message: str) -> None:
        self.state_label.setText(message)

    def _on_ended(self) -> None:
        self._set_running(False)
        if self.state_label.text().endswith("…"):
            stopped = "cancelled" in self.finish_reasons.values() or len(self.finish_reasons) < 2
            self.state_label.setText(
                self.tr("Stopped.")
                if stopped
                else self.tr("Both answers are done (the same request and seed, {seed}).").format(
                    seed=self.seed
                )
            )

    def _set_running(self, running: bool) -> None:
        self.stop_button.setEnabled(running)
        self.again_button.setEnabled(not running)

    def _show_prompt(self) -> None:
        thread = self.chat.store.thread(self.conversation_id)
        last = next((m for m in reversed(thread) if m.role == "user" and m.content), None)
        text = " ".join(last.content.split()) if last is not None else ""
        if len(text) > PROMPT_PREVIEW:
            text = text[: PROMPT_PREVIEW - 1] + "…"
        self.prompt_label.setText(self.tr("Your message: {text}").format(text=text) if text else "")
