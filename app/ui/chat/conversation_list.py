"""The sidebar: New chat, a search box over every message, the conversations.

The list is newest first (the store's order). A title is renamed in place
(double-click, F2 or the context menu). Delete is a soft delete: the window
offers Undo in the status bar, and deleted conversations are purged when the
app closes. While the search box has text the list is replaced by the hits;
activating one opens its conversation at that message.

The titles are a model/view list (app.ui.chat.conversation_model) that reads a page
at a time as it scrolls, and the hits come a page at a time too ("More results…"):
both cost the same with ten chats or ten thousand.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.store import SNIPPET_END, SNIPPET_START
from app.ui.chat.conversation_model import ID_ROLE, ConversationModel

log = logging.getLogger(__name__)

MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 1
MORE_ROLE = Qt.ItemDataRole.UserRole + 2  # the "More results" row at the end of a page
SEARCH_DELAY_MS = 200
SEARCH_PAGE = 50


class _TitleList(QListView):
    """The list of titles; Delete (or Backspace on a Mac keyboard) deletes."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != (
            QAbstractItemView.State.EditingState
        ):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)

    def setCurrentRow(self, row: int) -> None:  # noqa: N802 (QListWidget's name, kept)
        self.setCurrentIndex(self.model().index(row, 0))


class ConversationList(QWidget):
    conversation_selected = Signal(int)
    new_chat_requested = Signal()
    conversation_renamed = Signal(int, str)
    conversation_deleted = Signal(int, str)  # id, title (for the Undo message)
    search_hit_activated = Signal(int, int)  # conversation id, message id
    export_requested = Signal(int, str)  # conversation id, "markdown" | "json"

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("conversationSidebar")
        self._store = store
        self._filling = False
        self._last_hit_id: int | None = None  # where the next page of hits starts

        self.new_button = QPushButton(self.tr("+  New chat"), self)
        self.new_button.setObjectName("newChatButton")
        self.new_button.clicked.connect(self.new_chat_requested)

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(self.tr("Search all chats"))
        self.search_box.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())

        self.model = ConversationModel(store, self)
        self.model.rename_requested.connect(self._on_edited)
        self.list = _TitleList(self)
        self.list.setObjectName("conversationList")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)  # no per-row size pass over 10,000 titles
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.list.delete_pressed.connect(self._delete_current)

        self.results = QListWidget(self)
        self.results.setObjectName("searchResults")
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setSpacing(3)  # hits apart, not run together
        self.results.itemActivated.connect(self._on_hit)
        self.results.itemClicked.connect(self._on_hit)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.results)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.new_button)
        layout.addWidget(self.search_box)
        layout.addWidget(self.stack, 1)
        self.refresh()

    # ---- reading -------------------------------------------------------------
    def conversation_ids(self) -> list[int]:
        """The ids loaded so far (a page at a time as the list scrolls), in order."""
        return self.model.ids()

    def titles(self) -> list[str]:
        return self.model.titles()

    def current_id(self) -> int | None:
        index = self.list.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def index_for(self, cid: int) -> QModelIndex | None:
        """The row of `cid`, loading more of the list if it is further down."""
        row = self.model.row_of(cid)
        return self.model.index(row) if row is not None else None

    # ---- list --------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        """Reload the list from the store, keeping (or moving) the selection quietly.

        As many rows as were loaded come back in one query, and the scroll position
        stays, so a refresh after every reply costs one page, not the whole list.
        """
        keep = select if select is not None else self.current_id()
        bar = self.list.verticalScrollBar()
        scrolled = bar.value()
        self._filling = True
        try:
            self.model.reload(at_least=self.model.rowCount())
            self._set_current(self.index_for(keep) if keep is not None else None)
            bar.setValue(scrolled)
        finally:
            self._filling = False

    def select_conversation(self, cid: int | None) -> None:
        """Highlight `cid` (None: no selection) without emitting conversation_selected."""
        self._filling = True
        try:
            self._set_current(self.index_for(cid) if cid is not None else None)
        finally:
            self._filling = False

    def _set_current(self, index: QModelIndex | None) -> None:
        selection = self.list.selectionModel()
        if index is None:
            selection.clear()
            return
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.list.scrollTo(index)

    def rename(self, cid: int, title: str) -> None:
        title = " ".join(title.split()) or "Untitled"
        self._store.rename_conversation(cid, title)
        row = self.model.row_of(cid)
        if row is not None:
            self.model.set_title(row, title)
        self.conversation_renamed.emit(cid, title)

    def start_rename(self, cid: int) -> None:
        index = self.index_for(cid)
        if index is not None:
            self.list.edit(index)

    def delete(self, cid: int) -> None:
        index = self.index_for(cid)
        title = index.data(Qt.ItemDataRole.DisplayRole) if index is not None else ""
        self._store.delete_conversation(cid)
        self.refresh()
        self.conversation_deleted.emit(cid, title)

    def _delete_current(self) -> None:
        cid = self.current_id()
        if cid is not None:
            self.delete(cid)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._filling and current.isValid():
            self.conversation_selected.emit(current.data(ID_ROLE))

    def _on_edited(self, cid: int, title: str) -> None:
        if not self._filling:
            self.rename(cid, title)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        if not index.isValid():
            return
        cid = index.data(ID_ROLE)
        menu = QMenu(self)
        menu.addAction(self.tr("Rename"), lambda: self.list.edit(index))
        menu.addAction(
            self.tr("Export as Markdown…"), lambda: self.export_requested.emit(cid, "markdown")
        )
        menu.addAction(self.tr("Export as JSON…"), lambda: self.export_requested.emit(cid, "json"))
        menu.addSeparator()
        menu.addAction(self.tr("Delete"), lambda: self.delete(cid))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    # ---- search -------------------------------------------------------------
    def set_search_text(self, text: str) -> None:
        """Type into the search box and search at once (no debounce)."""
        self.search_box.setText(text)
        self.run_search()

    def run_search(self) -> None:
        self._search_timer.stop()
        query = self.search_box.text().strip()
        if not query:
            self.stack.setCurrentWidget(self.list)
            return
        self.results.clear()
        self._last_hit_id = None
        self._add_hits(query)
        self.stack.setCurrentWidget(self.results)

    def more_results(self) -> None:
        """The next page of hits, below the last one shown (the "More results" row)."""
        query = self.search_box.text().strip()
        last = self.results.count() - 1
        if query and last >= 0 and self.results.item(last).data(MORE_ROLE):
            self.results.takeItem(last)
            self._add_hits(query)

    def _add_hits(self, query: str) -> None:
        try:
            hits = self._store.search(query, limit=SEARCH_PAGE, before=self._last_hit_id)
        except Exception as exc:  # a query the full-text engine rejects
            log.info("search %r failed: %s", query, exc)
            hits = []
        for hit in hits:
            title = hit.title or self.tr("Untitled")
            item = QListWidgetItem(f"{title}\n{_snippet_text(hit.snippet)}")
            item.setData(ID_ROLE, hit.conversation_id)
            item.setData(MESSAGE_ROLE, hit.message_id)
            item.setToolTip(html.escape(_snippet_text(hit.snippet)))
            self.results.addItem(item)
            # Shown as the title over the matching words in context, the words marked.
            label = QLabel(snippet_html(title, hit.snippet), self.results)
            label.setWordWrap(True)
            label.setContentsMargins(6, 4, 6, 4)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            item.setSizeHint(label.sizeHint())
            self.results.setItemWidget(item, label)
        if hits:
            self._last_hit_id = hits[-1].message_id
        if len(hits) == SEARCH_PAGE:
            more = QListWidgetItem(self.tr("More results…"))
            more.setData(MORE_ROLE, True)
            self.results.addItem(more)
        if self.results.count() == 0:
            empty = QListWidgetItem(self.tr("No messages match."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(empty)

    def hit_count(self) -> int:
        return sum(1 for i in range(self.results.count()) if self.results.item(i).data(ID_ROLE))

    def activate_hit(self, row: int) -> None:
        self._on_hit(self.results.item(row))

    def _on_hit(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(MORE_ROLE):
            QTimer.singleShot(0, self, self.more_results)  # not while Qt handles the click
            return
        if item is None or item.data(ID_ROLE) is None:
            return
        self.search_hit_activated.emit(item.data(ID_ROLE), item.data(MESSAGE_ROLE))


MATCH_STYLE = "background-color:#fde68a; color:#1f2937; font-weight:600"


def _snippet_text(snippet: str) -> str:
    """The snippet as one plain line, without the store's match markers."""
    text = " ".join((snippet or "").split())
    for tag in (SNIPPET_START, SNIPPET_END, "<b>", "</b>", "<mark>", "</mark>"):
        text = text.replace(tag, "")
    return text


def snippet_html(title: str, snippet: str) -> str:
    """Rich text for a hit: the title in bold, the snippet with its matches highlighted."""
    text = html.escape(" ".join((snippet or "").split()))
    marked = text.replace(SNIPPET_START, f'<span style="{MATCH_STYLE}">').replace(
        SNIPPET_END, "</span>"
    )
    return f"<b>{html.escape(title)}</b><br><span style='font-size:small'>{marked}</span>"
