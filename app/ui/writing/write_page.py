"""The Write mode's page: the document on the left, the assist panel on the right.

The page wires three things together: the document (`DocumentFiles`), the
runs (`WriteController`, on a worker thread) and the review (`ReviewPanel`).
Beside the assist panel, in a second tab, the writer can ask about the
document (`AskDock`): a chat with the document in the model's context.
Nothing in the document changes until the writer accepts a change; each
acceptance is applied through one QTextCursor edit block, so Ctrl+Z undoes it.
While a run streams the editor is read-only (its offsets must hold); after it,
editing the document by hand drops the remaining suggestions, whose positions
would no longer be right.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.writing import (
    Action,
    ActionError,
    DocumentNotes,
    NotesStore,
    PartResult,
    WriteRequest,
    WriteResult,
    WritingService,
)
from app.core.writing.ask_chat import DocumentChat
from app.core.writing.requests import option_values
from app.ui.writing.ask_dock import AskDock
from app.ui.writing.assist_panel import AssistPanel
from app.ui.writing.document_files import DocumentFiles
from app.ui.writing.editor import DocumentEditor
from app.ui.writing.worker import WriteController

log = logging.getLogger(__name__)

DROPPED = "The document was edited by hand: the remaining suggestions were dropped."
ASK_SHORTCUT = "Ctrl+Shift+D"  # Ctrl+Shift+A is the adapter dialog (window-wide)


class WritePage(QWidget):
    status_message = Signal(str)
    run_finished = Signal(object)  # WriteResult | None (stopped before it began)

    def __init__(
        self,
        service: WritingService,
        settings,
        *,
        model_path: Callable[[], str | None] = lambda: None,
        model_loading: Callable[[], bool] = lambda: False,
        dark: Callable[[], bool] = lambda: False,
        ask_chat: DocumentChat | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("writePage")
        self.service = service
        self.settings = settings
        self._model_loading = model_loading
        self._dark = dark
        self.notes_store = NotesStore()
        self.controller = WriteController(service, model_path, self)
        self.editor = DocumentEditor(self)
        self.files = DocumentFiles(self.editor, settings, self)
        self.panel = AssistPanel(service.library, self)
        self.review = self.panel.review
        self.ask: AskDock | None = None
        if ask_chat is not None:
            self.ask = AskDock(
                ask_chat,
                self.editor,
                self.files,
                model_path=model_path,
                model_loading=model_loading,
                dark=dark(),
                parent=self,
            )
        self.title_label = QLabel(self.tr("Untitled"), self)
        self.title_label.setObjectName("documentTitle")
        self._action: Action | None = None  # the running / last action
        self._offset = 0  # where the run's text starts in the document
        self._applying = False
        self._deferred: WriteRequest | None = None
        self._closed = False
        self._build()
        self._connect()
        self._on_document_changed(self.files.document)

    # ---- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        bar = QToolBar("Document", self)
        bar.setObjectName("writeToolbar")
        self.new_action = self._tool(bar, self.tr("New"), "newDocument", self.files.new)
        self.open_action = self._tool(bar, self.tr("Open…"), "openDocument", self.files.open)
        self.recent_menu = QMenu(self.tr("Recent"), self)
        self.recent_menu.setObjectName("recentMenu")
        recent = QToolButton(self)
        recent.setObjectName("recentButton")
        recent.setText(self.tr("Recent"))
        recent.setMenu(self.recent_menu)
        recent.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(recent)
        self.save_action = self._tool(bar, self.tr("Save"), "saveDocument", self.files.save)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_as_action = self._tool(
            bar, self.tr("Save as…"), "saveDocumentAs", self.files.save_as
        )
        self.save_as_action.setShortcut(QKeySequence.StandardKey.SaveAs)
        bar.addSeparator()
        self.ask_action = self._tool(
            bar, self.tr("Ask about this document"), "askAboutDocument", self.open_ask
        )
        self.ask_action.setShortcut(QKeySequence(ASK_SHORTCUT))
        self.ask_action.setToolTip(
            self.tr("Chat about the document (or the selection) beside it ({ASK_SHORTCUT})").format(
                ASK_SHORTCUT=ASK_SHORTCUT
            )
        )
        self.ask_action.setEnabled(self.ask is not None)
        bar.addSeparator()
        bar.addWidget(self.title_label)
        for action in (self.save_action, self.save_as_action, self.ask_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        # Esc stops what runs (the answer first) wherever the focus is on the page.
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.stop_any)

        self.side = QTabWidget(self)
        self.side.setObjectName("writeSide")
        self.side.addTab(self.panel, self.tr("Assist"))
        if self.ask is not None:
            self.side.addTab(self.ask.panel, self.tr("Ask"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("writeSplitter")
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setCollapsible(0, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addWidget(self.splitter, 1)
        self._fill_recent()

    def _tool(self, bar: QToolBar, text: str, name: str, slot) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        bar.addAction(action)
        return action

    def _connect(self) -> None:
        files, ctl, panel = self.files, self.controller, self.panel
        files.document_changed.connect(self._on_document_changed)
        files.saved.connect(self._on_saved)
        files.message.connect(self.status_message)
        files.recent_changed.connect(self._fill_recent)
        self.editor.document().modificationChanged.connect(lambda _m: self._update_title())
        self.editor.document().contentsChange.connect(self._on_contents_change)
        self.editor.selectionChanged.connect(self._update_scope)
        panel.run_requested.connect(self.run_action)
        panel.stop_requested.connect(self.stop)
        self.review.edits_ready.connect(self._apply_edits)
        self.review.review_done.connect(
            lambda: self.status_message.emit(self.tr("All changes reviewed."))
        )
        ctl.run_started.connect(self._on_run_started)
        ctl.text_received.connect(self._on_text)
        ctl.part_finished.connect(self._on_part)
        ctl.progress.connect(panel.set_progress)
        ctl.notice.connect(self._notice)
        ctl.finished.connect(self._on_finished)
        ctl.failed.connect(self._on_failed)
        if self.ask is not None:
            self.ask.status_message.connect(self.status_message)
        self._update_scope()

    # ---- document -------------------------------------------------------------------------------
    def _on_document_changed(self, document) -> None:
        self.controller.cancel()
        if self.ask is not None:
            self.ask.new_conversation()
        self._end_run_ui()
        self.review.clear()
        self.editor.set_highlights([])
        self.panel.clear_notices()
        self.panel.notes.set_notes(
            self.notes_store.load(document.path) if document.path else DocumentNotes()
        )
        self._update_title()

    def _on_saved(self, document) -> None:
        self.save_notes()
        self._update_title()

    def save_notes(self) -> None:
        if self.files.document.path is not None:
            self.notes_store.save(self.files.document.path, self.panel.notes.notes())

    def _update_title(self) -> None:
        self.title_label.setText(self.files.title)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.files.recent():
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.files.open(p))
        self.recent_menu.setEnabled(bool(self.files.recent()))

    def _update_scope(self) -> None:
        start, end = self.editor.selection()
        self.panel.set_scope(end > start)

    def _on_contents_change(self, _position: int, removed: int, added: int) -> None:
        if self._applying or not (removed or added):
            return
        self.editor.set_highlights([])
        if self.review.is_reviewing and not self.controller.is_busy:
            self.review.clear()
            self._notice(DROPPED)

    # ---- runs -------------------------------------------------------------------------------------
    def build_request(self) -> WriteRequest | None:
        """The request for the picked action on the selection (or whole document)."""
        action = self.panel.picker.action()
        if action is None:
            return None
        document = self.editor.text()
        start, end = self.editor.selection()
        if action.output == "insert":  # continue writing: the whole text, at the cursor
            text, offset, cursor = document, 0, end
        elif end > start:
            text, offset, cursor = document[start:end], start, None
        else:
            text, offset, cursor = document, 0, None
        request = WriteRequest(
            action=action,
            text=text,
            document=document,
            selection_start=offset,
            cursor=cursor,
            notes=self.panel.notes.notes(),
            title=self.files.document.name,
            **self.panel.picker.options(),
        )
        option_values(action, request)  # raises ActionError for a missing option
        return request

    def run_action(self, name: str | None = None) -> bool:
        if name is not None:
            self.panel.picker.set_action(name)
        if self.controller.is_busy:
            return False
        try:
            request = self.build_request()
        except ActionError as exc:
            self.panel.clear_notices()
            self._notice(str(exc))
            return False
        if request is None:
            return False
        self.save_notes()
        self._action = request.action
        self._offset = request.selection_start
        self.panel.clear_notices()
        self.editor.set_highlights([])
        self.review.begin(request.text)
        self.panel.show_review()
        self.panel.set_running(True)
        self.editor.setReadOnly(True)
        if self._model_loading():
            self._deferred = request
            self._notice(self.tr("Waiting for the model to finish loading…"))
            return True
        self.controller.start(request)
        return True

    def model_ready(self, *_args) -> None:
        """The chat's model load ended: start the run (and the question) that waited for it."""
        request, self._deferred = self._deferred, None
        if request is not None and not self._closed:
            self.controller.start(request)
        if self.ask is not None:
            self.ask.model_ready()

    def stop(self) -> None:
        if self._deferred is not None:
            self._deferred = None
            self._end_run_ui()
            self.review.finish(None)
            return
        self.controller.stop()

    def stop_any(self) -> None:
        """Esc: stop the answer being written, else the running action."""
        if self.ask is not None and self.ask.is_busy:
            self.ask.stop()
        elif self.is_running:
            self.stop()

    def open_ask(self) -> None:
        """Show the chat beside the document, ready for a question."""
        if self.ask is None:
            return
        self.side.setCurrentWidget(self.ask.panel)
        self.ask.update_scope()
        self.ask.panel.edit.setFocus()

    def review_changes(self, changes, offset: int = 0) -> None:
        """Show a finished ChangeSet for review (as a run's result would be shown)."""
        self._offset = offset
        self.review.begin(changes.original)
        self.panel.show_review()
        self.review.finish(changes)

    @property
    def is_running(self) -> bool:
        return self.controller.is_busy or self._deferred is not None

    def _on_run_started(self, total: int) -> None:
        self.panel.set_progress(0, total)

    def _on_text(self, _part: int, text: str) -> None:
        self.review.append_text(text)

    def _on_part(self, part: PartResult) -> None:
        if self._action is not None and self._action.is_edit:
            self.review.add_part(part.end, part.changes)

    def _on_finished(self, result: WriteResult | None) -> None:
        self._end_run_ui()
        if result is None:
            self.review.finish(None)
            self._notice(self.tr("Stopped before the model began."))
        elif result.action.is_edit:
            self.review.finish(result.changes)
            if result.status == "stopped" and not result.notes:
                # The runner's own note (what was kept, what not) says it when it has one:
                # one line, never two that disagree.
                if result.changes is not None and len(result.changes):
                    self._notice(self.tr("Stopped: the changes so far can be reviewed."))
                else:
                    self._notice(self.tr("Stopped: nothing was changed."))
        else:
            self.review.clear()
            self.panel.show_answer()
            self.panel.result_view.show_result(result, self._dark())
            if result.analysis is not None:
                spans = [(h.start, h.end, h.label) for h in result.analysis.highlights]
                self.editor.set_highlights(spans, self._offset)
        if result is not None and result.error:
            self._notice(result.error)
        self.run_finished.emit(result)

    def _on_failed(self, message: str) -> None:
        self._end_run_ui()
        self.review.finish(None)
        self._notice(message)
        self.run_finished.emit(None)

    def _end_run_ui(self) -> None:
        self.panel.set_running(False)
        self.editor.setReadOnly(False)

    def _notice(self, message: str) -> None:
        self.panel.add_notice(message)
        self.status_message.emit(message)

    def _apply_edits(self, edits) -> None:
        self._applying = True
        try:
            self.editor.apply_edits(edits, self._offset)
        finally:
            self._applying = False

    # ---- closing ------------------------------------------------------------------------------------
    def maybe_close(self) -> bool:
        """The window wants to close: ask about unsaved work, then stop the worker."""
        if self._closed:
            return True
        if not self.files.maybe_save():
            return False
        self._closed = True
        self.save_notes()
        self.controller.shutdown()
        if self.ask is not None:
            self.ask.shutdown()
        self.files.close()
        return True
