"""The sidebar: New chat, a search box over every message, the conversations.

The list is newest first (the store's order). A title is renamed in place
(double-click, F2 or the context menu). Delete is a soft delete: the window
offers Undo in the status bar, and deleted conversations are purged when the
app closes. While the search box has text the list is replaced by the hits;
activating one opens its conversation at that message.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.store import SNIPPET_END, SNIPPET_START

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole
MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_DELAY_MS = 200


class _TitleList(QListWidget):
    """The list of titles; Delete (or Backspace on a Mac keyboard) deletes."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != (
            QAbstractItemView.State.EditingState
        ):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


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

        self.new_button = QPushButton("+  New chat", self)
        self.new_button.setObjectName("newChatButton")
        self.new_button.clicked.connect(self.new_chat_requested)

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText("Search all chats")
        self.search_box.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())

        self.list = _TitleList(self)
        self.list.setObjectName("conversationList")
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.list.itemChanged.connect(self._on_item_changed)
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
        return [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())]

    def titles(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def item_for(self, cid: int) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == cid:
                return self.list.item(i)
        return None

    # ---- list --------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        """Reload the list from the store, keeping (or moving) the selection quietly."""
        keep = select if select is not None else self.current_id()
        self._filling = True
        try:
            self.list.clear()
            for conv in self._store.list_conversations():
                item = QListWidgetItem(conv.title or "Untitled")
                item.setData(ID_ROLE, conv.id)
                item.setToolTip(conv.title or "Untitled")
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.list.addItem(item)
                if conv.id == keep:
                    self.list.setCurrentItem(item)
        finally:
            self._filling = False

    def select_conversation(self, cid: int | None) -> None:
        """Highlight `cid` (None: no selection) without emitting conversation_selected."""
        self._filling = True
        try:
            item = self.item_for(cid) if cid is not None else None
            if item is None:
                self.list.setCurrentItem(None)
                self.list.clearSelection()
            else:
                self.list.setCurrentItem(item)
        finally:
            self._filling = False

    def rename(self, cid: int, title: str) -> None:
        title = " ".join(title.split()) or "Untitled"
        self._store.rename_conversation(cid, title)
        item = self.item_for(cid)
        if item is not None and item.text() != title:
            self._filling = True
            item.setText(title)
            self._filling = False
        self.conversation_renamed.emit(cid, title)

    def start_rename(self, cid: int) -> None:
        item = self.item_for(cid)
        if item is not None:
            self.list.editItem(item)

    def delete(self, cid: int) -> None:
        item = self.item_for(cid)
        title = item.text() if item is not None else ""
        self._store.delete_conversation(cid)
        self.refresh()
        self.conversation_deleted.emit(cid, title)

    def _delete_current(self) -> None:
        cid = self.current_id()
        if cid is not None:
            self.delete(cid)

    def _on_current_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if not self._filling and current is not None:
            self.conversation_selected.emit(current.data(ID_ROLE))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if not self._filling:
            self.rename(item.data(ID_ROLE), item.text())

    def _context_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        cid = item.data(ID_ROLE)
        menu = QMenu(self)
        menu.addAction("Rename", lambda: self.list.editItem(item))
        menu.addAction("Export as Markdown…", lambda: self.export_requested.emit(cid, "markdown"))
        menu.addAction("Export as JSON…", lambda: self.export_requested.emit(cid, "json"))
        menu.addSeparator()
        menu.addAction("Delete", lambda: self.delete(cid))
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
        try:
            hits = self._store.search(query)
        except Exception as exc:  # a query the full-text engine rejects
            log.info("search %r failed: %s", query, exc)
            hits = []
        for hit in hits:
            title = hit.title or "Untitled"
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
        if not hits:
            empty = QListWidgetItem("No messages match.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(empty)
        self.stack.setCurrentWidget(self.results)

    def hit_count(self) -> int:
        return sum(1 for i in range(self.results.count()) if self.results.item(i).data(ID_ROLE))

    def activate_hit(self, row: int) -> None:
        self._on_hit(self.results.item(row))

    def _on_hit(self, item: QListWidgetItem | None) -> None:
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
