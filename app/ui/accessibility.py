"""Accessible names for every control a screen reader can land on.

Qt names most controls by themselves: a button by its text, a field by the label
that is its buddy (QFormLayout rows do that). What is left (lists, tables, editors,
tab bars, search fields without a label) gets a name here, from a table of plain
names by object name, else from the control's placeholder or tooltip. `unnamed()`
lists what still has none: the accessibility test walks every page with it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)


def _t(text: str) -> str:
    return QCoreApplication.translate("Accessibility", text)


# Object name -> what a screen reader says (translated when applied).
NAMES = {
    "changesView": "Proposed changes",
    "writeEditor": "Document",
    "askView": "Questions and answers about the document",
    "askEdit": "Your question about the document",
    "runPicker": "Grading run",
    "hubSearch": "Search Hugging Face",
    "searchBox": "Search conversations",
    "rubricList": "Rubrics",
    "downloadsScroll": "Downloads",
    "modelsTabs": "Model tabs",
    "writeSide": "Writing tools",
    "installedTable": "Installed models",
    "previewTable": "Training examples",
    "repoFiles": "Files of the repository",
    "searchResults": "Search results",
    "submissionText": "Submission text",
    "catalogTree": "Model catalogue",
    "rubricTree": "Rubric criteria and levels",
    "runsList": "Training runs",
    "reviewTable": "Grades to review",
    "conversationList": "Conversations",
    "messageView": "Conversation",
    "collectionList": "Collections",
    "sourcesResults": "Passages found",
    "sourceText": "Source text",
    "endpointList": "Saved servers",
}


def effective_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def _inner_part(widget: QWidget) -> bool:
    """A Qt-made child read through its owner (a spin box's field, a combo box's list)."""
    parent = widget.parentWidget()
    for _ in range(2):
        if parent is None:
            return False
        if isinstance(parent, (QAbstractSpinBox, QComboBox)):
            return True
        parent = parent.parentWidget()
    return False


def _fallback(widget: QWidget) -> str:
    if widget.objectName() in NAMES:
        return _t(NAMES[widget.objectName()])
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)) and widget.placeholderText():
        return widget.placeholderText()
    if widget.toolTip():
        return widget.toolTip()
    if isinstance(widget, QTabWidget) and widget.count():
        titles = [widget.tabText(i).replace("&", "") for i in range(widget.count())]
        return _t("Tabs: {titles}").format(titles=", ".join(titles))
    if isinstance(widget, QAbstractScrollArea):
        title = widget.window().windowTitle()
        return title or ""
    return ""


def candidates(root: QWidget) -> list[QWidget]:
    """The controls under `root` that take keyboard focus (Qt's internals left out)."""
    return [
        w
        for w in root.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and not _inner_part(w)
    ]


def name_widgets(root: QWidget) -> int:
    """Give every unnamed control under `root` a name; return how many were named."""
    named = 0
    for widget in candidates(root):
        if not widget.accessibleName() and not effective_name(widget):
            name = _fallback(widget)
            if name:
                widget.setAccessibleName(name)
                named += 1
    return named


def unnamed(root: QWidget) -> list[QWidget]:
    return [w for w in candidates(root) if not effective_name(w)]
