"""Track changes: the preview plus accept / reject per change, next / previous, all.

The panel owns the run's `ChangeSet` and the writer's decisions; it never
touches the document itself. Each decision emits `edits_ready` with the
`TextEdit`s to apply (positions relative to where the original text starts in
the document), and the page applies them as one undo step. During a run the
set grows part by part; decisions already made are carried into the new set.
The changes show inline (one text, deletions and insertions mixed) or, with
"Side by side" checked, as the original and the suggested text in two panes.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.writing import Change, ChangeSet, TextEdit
from app.ui.writing.changes_view import ChangesView
from app.ui.writing.side_by_side import SideBySideView


class ReviewPanel(QWidget):
    edits_ready = Signal(object)  # list[TextEdit]
    review_done = Signal()  # every change decided (after the run ended)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.view = ChangesView(self)
        self.view.change_clicked.connect(self.select)
        self.side_view = SideBySideView(self)
        self.side_view.change_clicked.connect(self.select)
        self.views = QStackedWidget(self)
        self.views.setObjectName("reviewViews")
        self.views.addWidget(self.view)
        self.views.addWidget(self.side_view)
        self.changes: ChangeSet | None = None
        self.current: int | None = None
        self._done_end = 0  # the original text is reviewed up to here
        self._running = False

        self.position_label = QLabel("", self)
        self.position_label.setObjectName("changePosition")
        self.prev_button = self._button("◀", "previousChange", self.previous, "Previous change")
        self.next_button = self._button("▶", "nextChange", self.next, "Next change")
        self.accept_button = self._button(self.tr("Accept"), "acceptChange", self.accept_current)
        self.reject_button = self._button(self.tr("Reject"), "rejectChange", self.reject_current)
        self.accept_all_button = self._button(self.tr("Accept all"), "acceptAll", self.accept_all)
        self.reject_all_button = self._button(
            self.tr("Reject all"),
            "rejectAll",
            self.reject_all,
            "Reject every change still to review",
        )
        self.side_button = QPushButton(self.tr("Side by side"), self)
        self.side_button.setObjectName("sideBySideToggle")
        self.side_button.setCheckable(True)
        self.side_button.setToolTip(
            self.tr("Show the original and the suggested text side by side")
        )
        self.side_button.toggled.connect(self.set_side_by_side)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.prev_button, self.next_button, self.position_label):
            row.addWidget(widget)
        row.addStretch(1)
        for widget in (
            self.accept_button,
            self.reject_button,
            self.accept_all_button,
            self.reject_all_button,
        ):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addStretch(1)
        top.addWidget(self.side_button)
        layout.addLayout(top)
        layout.addWidget(self.views, 1)
        layout.addLayout(row)
        self._update_buttons()

    def _button(self, text, name, slot, tip="") -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ---- the run ---------------------------------------------------------------------
    def begin(self, original: str) -> None:
        """A run starts on `original`: stream its answer into the preview."""
        self.changes = ChangeSet.from_parts(original, original, [])
        self.current = None
        self._done_end = 0
        self._running = True
        self.view.begin_stream()
        self.side_view.clear()
        self._update_buttons()

    def append_text(self, text: str) -> None:
        self.view.append_text(text)

    def add_part(self, end: int, changes: list[Change]) -> None:
        """A part is done: its region of the original shows with its changes."""
        if self.changes is None:
            return
        self._done_end = max(self._done_end, end)
        if changes:
            self._replace(self.changes.changes + list(changes))
        if self.current is None and self.changes.pending:
            self.current = self.changes.pending[0].index
        self._render()

    def finish(self, final: ChangeSet | None) -> None:
        """The run ended: the final set (decisions so far kept), or the parts seen."""
        self._running = False
        if self.changes is None:
            return
        if final is not None:
            self._replace(final.changes, original=final.original, revised=final.revised)
        self._done_end = len(self.changes.original)
        if self.current is None and self.changes.pending:
            self.current = self.changes.pending[0].index
        self._render()
        if not self.changes.pending:
            self.review_done.emit()

    def _replace(self, changes: list[Change], *, original=None, revised=None) -> None:
        old = self.changes
        fresh = ChangeSet.from_parts(original or old.original, revised or old.revised, changes)
        for change in fresh.changes:  # replay the decisions in order (states only)
            if change.index in old._by_index and old.state(change.index) != "pending":
                state = old.state(change.index)
                (fresh.accept if state == "accepted" else fresh.reject)(change.index)
        self.changes = fresh

    def clear(self) -> None:
        self.changes = None
        self.current = None
        self._running = False
        self.view.begin_stream()
        self.side_view.clear()
        self._update_buttons()

    # ---- inline or side by side ------------------------------------------------------
    @property
    def side_by_side(self) -> bool:
        return self.views.currentWidget() is self.side_view

    def set_side_by_side(self, on: bool) -> None:
        """Two panes (original, suggested) instead of the inline view; the text streams inline."""
        if self.side_button.isChecked() != on:
            self.side_button.setChecked(on)  # comes back here through toggled
            return
        self.views.setCurrentWidget(self.side_view if on else self.view)
        self._render()

    # ---- decisions ---------------------------------------------------------------------
    @property
    def is_reviewing(self) -> bool:
        return self.changes is not None and (self._running or bool(self.changes.pending))

    def pending_count(self) -> int:
        return len(self.changes.pending) if self.changes is not None else 0

    def select(self, index: int) -> None:
        if self.changes is None or index not in self.changes._by_index:
            return
        self.current = index
        self._render()

    def next(self) -> None:
        self._step(+1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        pending = [c.index for c in self.changes.pending] if self.changes else []
        if not pending:
            return
        if self.current is None:
            self.current = pending[0]
        else:
            later = [i for i in pending if (i - self.current) * direction > 0]
            self.current = (min if direction > 0 else max)(later) if later else self.current
        self._render()

    def accept(self, index: int) -> None:
        self._decide(self.changes.accept(index) if self.changes else None)

    def reject(self, index: int) -> None:
        self._decide(self.changes.reject(index) if self.changes else None)

    def accept_current(self) -> None:
        if self.current is not None:
            self.accept(self.current)

    def reject_current(self) -> None:
        if self.current is not None:
            self.reject(self.current)

    def accept_all(self) -> None:
        if self.changes is not None:
            self._emit(self.changes.accept_all())

    def reject_all(self) -> None:
        """Reject every change still pending; accepted ones stay (Ctrl+Z takes those back)."""
        if self.changes is not None:
            for change in self.changes.pending:
                self.changes.reject(change.index)
            self._emit([])

    def _decide(self, edit: TextEdit | None) -> None:
        self._emit([edit] if edit is not None else [])

    def _emit(self, edits: list[TextEdit]) -> None:
        if self.changes is None:
            return
        pending = [c.index for c in self.changes.pending]
        if self.current not in pending:
            later = [i for i in pending if self.current is None or i > self.current]
            self.current = (later or pending or [None])[0]
        if edits:
            self.edits_ready.emit(edits)
        self._render()
        if not self._running and not pending:
            self.review_done.emit()

    # ---- display ------------------------------------------------------------------------
    def _render(self) -> None:
        if self.changes is not None:
            self.view.show_review(self.changes, self._done_end, self.current)
            if self.side_by_side:
                self.side_view.show_review(self.changes, self._done_end, self.current)
        self._update_buttons()

    def _update_buttons(self) -> None:
        pending = self.pending_count()
        total = len(self.changes) if self.changes is not None else 0
        has_current = self.current is not None and pending > 0
        for button in (self.accept_button, self.reject_button):
            button.setEnabled(has_current)
        self.prev_button.setEnabled(pending > 1)
        self.next_button.setEnabled(pending > 1)
        self.accept_all_button.setEnabled(pending > 0)
        self.reject_all_button.setEnabled(pending > 0)
        if total:
            where = ""
            if has_current:
                where = f"change {self.current + 1} · "
            self.position_label.setText(
                self.tr("{where}{pending} of {total} to review").format(
                    where=where, pending=pending, total=total
                )
            )
        else:
            self.position_label.setText("")
