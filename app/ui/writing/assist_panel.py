"""The assist panel beside the document: pick an action, run it, review what came back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.writing import ActionLibrary
from app.ui.writing.action_picker import ActionPicker
from app.ui.writing.new_action_dialog import NewActionDialog
from app.ui.writing.notes_box import NotesBox
from app.ui.writing.result_view import ResultView
from app.ui.writing.review_panel import ReviewPanel


class AssistPanel(QWidget):
    run_requested = Signal()
    stop_requested = Signal()

    def __init__(self, library: ActionLibrary, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("assistPanel")
        self.library = library
        self.picker = ActionPicker(library, self)
        self.new_action_button = QPushButton(self.tr("New action…"), self)
        self.new_action_button.setObjectName("newActionButton")
        self.new_action_button.clicked.connect(lambda _c=False: self.open_new_action())
        self.scope_label = QLabel("", self)
        self.scope_label.setObjectName("scopeLabel")
        self.run_button = QPushButton(self.tr("Run"), self)
        self.run_button.setObjectName("runButton")
        self.run_button.clicked.connect(lambda _c=False: self.run_requested.emit())
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.clicked.connect(lambda _c=False: self.stop_requested.emit())
        self.stop_button.hide()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("writeProgress")
        self.progress.setMaximumHeight(14)
        self.progress.hide()
        self.notice_label = QLabel("", self)
        self.notice_label.setObjectName("noticeLabel")
        self.notice_label.setWordWrap(True)
        self.review = ReviewPanel(self)
        self.result_view = ResultView(self)
        self.output = QStackedWidget(self)
        self.output.setObjectName("outputStack")
        self.output.addWidget(self.review)
        self.output.addWidget(self.result_view)
        self.notes = NotesBox(self)
        self.dialog: NewActionDialog | None = None

        actions_row = QHBoxLayout()
        actions_row.addWidget(self.scope_label, 1)
        actions_row.addWidget(self.run_button)
        actions_row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.picker)
        layout.addWidget(self.new_action_button)
        layout.addLayout(actions_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.output, 1)
        layout.addWidget(self.notes)

    # ---- state ---------------------------------------------------------------------------
    def set_running(self, running: bool) -> None:
        self.run_button.setVisible(not running)
        self.stop_button.setVisible(running)
        if not running:
            self.progress.hide()

    def set_scope(self, has_selection: bool) -> None:
        self.scope_label.setText(
            self.tr("On the selection") if has_selection else self.tr("On the whole document")
        )

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(
            self.tr("part {min} of {total}").format(min=min(done + 1, total), total=total)
        )
        self.progress.setVisible(total > 1)

    def clear_notices(self) -> None:
        self.notice_label.setText("")

    def add_notice(self, message: str) -> None:
        text = self.notice_label.text()
        if message not in text.split("\n"):
            self.notice_label.setText(f"{text}\n{message}" if text else message)

    def notices(self) -> str:
        return self.notice_label.text()

    def show_review(self) -> None:
        self.output.setCurrentWidget(self.review)

    def show_answer(self) -> None:
        self.output.setCurrentWidget(self.result_view)

    # ---- user actions -----------------------------------------------------------------------
    def open_new_action(self) -> NewActionDialog:
        """Non-modal, so tests (and the writer) can keep the document in view."""
        self.dialog = NewActionDialog(self.library, self)
        self.dialog.saved.connect(self._on_action_saved)
        self.dialog.show()
        return self.dialog

    def _on_action_saved(self, name: str) -> None:
        self.picker.reload(select=name)
        self.add_notice(self.tr("Saved your action “{name}”.").format(name=name))
