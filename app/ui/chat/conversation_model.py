"""The sidebar's conversations as a Qt model that loads a page at a time.

Why a model and not a QListWidget: a widget list makes an item per conversation up
front, so 10,000 chats cost a query of 10,000 rows and 10,000 items before the
window shows. Here the view asks for rows as it scrolls (canFetchMore/fetchMore),
each page one indexed query (`Store.list_conversations(limit, after)`), so the
sidebar costs the same with 10 chats or 10,000.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, Qt, Signal

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole
PAGE = 200  # rows per fetch: a few screens of titles


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConversationList", text)


class ConversationModel(QAbstractListModel):
    """(id, title) rows, newest activity first, fetched from the store on demand."""

    rename_requested = Signal(int, str)  # id, the title typed in the editor

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self._store = store
        self._rows: list[tuple[int, str]] = []
        self._after: tuple[float, int] | None = None  # the keyset of the last row
        self._more = True
        self.fetches = 0  # pages read from the store (tests)

    # ---- loading -------------------------------------------------------------
    def reload(self, at_least: int = PAGE) -> None:
        """Read the list again from the top, as many rows as were loaded (one query)."""
        self.beginResetModel()
        self._rows, self._after, self._more = [], None, True
        self._append(self._page(max(PAGE, at_least)))
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or not self._more:
            return
        page = self._page(PAGE)
        if page:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._append(page)
            self.endInsertRows()

    def _page(self, limit: int) -> list:
        self.fetches += 1
        page = self._store.list_conversations(limit=limit, after=self._after)
        self._more = len(page) == limit
        return page

    def _append(self, page: list) -> None:
        self._rows += [(conv.id, conv.title) for conv in page]
        if page:
            self._after = (page[-1].updated_at, page[-1].id)

    def row_of(self, cid: int) -> int | None:
        """The row of conversation `cid`, loading further pages until it is found."""
        while True:
            for row, (rid, _title) in enumerate(self._rows):
                if rid == cid:
                    return row
            if not self._more:
                return None
            self.fetchMore()

    # ---- reading ---------------------------------------------------------------
    def ids(self) -> list[int]:
        return [rid for rid, _title in self._rows]

    def titles(self) -> list[str]:
        return [title or _tr("Untitled") for _rid, title in self._rows]

    def set_title(self, row: int, title: str) -> None:
        """Show a new title without asking the store (it was just saved)."""
        self._rows[row] = (self._rows[row][0], title)
        index = self.index(row)
        self.dataChanged.emit(index, index)

    # ---- Qt model ------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        cid, title = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return title or _tr("Untitled")
        if role == Qt.ItemDataRole.EditRole:
            return title
        if role == ID_ROLE:
            return cid
        return None

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """The in-place editor's commit: the list renames through the store."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        self.rename_requested.emit(self._rows[index.row()][0], str(value))
        return True

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
