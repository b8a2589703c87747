"""The Edit menu (undo, redo, cut, copy, paste, select all, find) and the find bar.

The clipboard actions go to whatever text widget has the focus, as in every desktop
app. Find (Ctrl+F) searches the open conversation in Chat and the document in Write:
Enter finds the next match, Shift+Enter the previous one, wrapping at the end; Esc
closes the bar. The bar says when there is no match instead of doing nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolBar,
    QToolButton,
    QWidget,
)

_EDITS = (
    (QT_TRANSLATE_NOOP("MainWindow", "&Undo"), QKeySequence.StandardKey.Undo, "undo"),
    (QT_TRANSLATE_NOOP("MainWindow", "&Redo"), QKeySequence.StandardKey.Redo, "redo"),
    (None, None, None),
    (QT_TRANSLATE_NOOP("MainWindow", "Cu&t"), QKeySequence.StandardKey.Cut, "cut"),
    (QT_TRANSLATE_NOOP("MainWindow", "&Copy"), QKeySequence.StandardKey.Copy, "copy"),
    (QT_TRANSLATE_NOOP("MainWindow", "&Paste"), QKeySequence.StandardKey.Paste, "paste"),
    (
        QT_TRANSLATE_NOOP("MainWindow", "Select &all"),
        QKeySequence.StandardKey.SelectAll,
        "selectAll",
    ),
)


class FindBar(QToolBar):
    def __init__(self, window):
        super().__init__(QCoreApplication.translate("MainWindow", "Find"), window)
        self.setObjectName("findBar")
        self.setMovable(False)
        self.window_ = window
        body = QWidget(self)
        row = QHBoxLayout(body)
        row.setContentsMargins(4, 0, 4, 0)
        self.edit = QLineEdit(body)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText(
            QCoreApplication.translate("MainWindow", "Find in this conversation or document")
        )
        self.edit.returnPressed.connect(lambda: self.find_next())
        self.result = QLabel(body)
        self.result.setObjectName("findResult")
        previous = QToolButton(body)
        previous.setText("↑")
        previous.setToolTip(
            QCoreApplication.translate("MainWindow", "Previous match (Shift+Enter)")
        )
        previous.clicked.connect(lambda: self.find_next(backward=True))
        following = QToolButton(body)
        following.setText("↓")
        following.setToolTip(QCoreApplication.translate("MainWindow", "Next match (Enter)"))
        following.clicked.connect(lambda: self.find_next())
        close = QToolButton(body)
        close.setText("✕")
        close.setToolTip(QCoreApplication.translate("MainWindow", "Close (Esc)"))
        close.clicked.connect(self.hide)
        for widget in (self.edit, previous, following, self.result):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(close)
        self.addWidget(body)
        back = QAction(self)
        back.setShortcut("Shift+Return")
        back.triggered.connect(lambda: self.find_next(backward=True))
        self.edit.addAction(back)
        escape = QAction(self)
        escape.setShortcut("Escape")
        escape.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.triggered.connect(self.hide)
        self.addAction(escape)
        self.hide()

    def target(self):
        """The text widget of the current mode: the conversation, or the document."""
        mode = self.window_.current_mode()
        if mode == "chat":
            return self.window_.chat_page.view
        if mode == "write":
            return self.window_.write_page.editor
        return None

    def open(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def find_next(self, backward: bool = False) -> bool:
        target, text = self.target(), self.edit.text()
        if target is None or not text:
            self.result.setText(
                QCoreApplication.translate("MainWindow", "Nothing to search here") if text else ""
            )
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = target.find(text, flags)
        if not found:  # wrap around once
            cursor = target.textCursor()
            cursor.movePosition(
                QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
            )
            target.setTextCursor(cursor)
            found = target.find(text, flags)
        self.result.setText("" if found else QCoreApplication.translate("MainWindow", "No match"))
        return found


def _on_focus(method: str) -> None:
    widget = QApplication.focusWidget()
    slot = getattr(widget, method, None)
    if callable(slot):
        slot()


def install_edit_menu(window, before) -> FindBar:
    """An Edit menu before the menu action `before`, and the window's find bar."""
    menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Edit"))
    window.menuBar().insertMenu(before, menu)
    for text, key, method in _EDITS:
        if text is None:
            menu.addSeparator()
            continue
        action = QAction(QCoreApplication.translate("MainWindow", text), window)
        action.setShortcut(key)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the widget's own keys win
        action.triggered.connect(lambda _checked=False, m=method: _on_focus(m))
        menu.addAction(action)
    menu.addSeparator()
    bar = FindBar(window)
    window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, bar)
    find = QAction(QCoreApplication.translate("MainWindow", "&Find…"), window)
    find.setObjectName("findAction")
    find.setShortcut(QKeySequence.StandardKey.Find)
    find.triggered.connect(bar.open)
    menu.addAction(find)
    window.find_bar, window.find_action = bar, find
    return bar
