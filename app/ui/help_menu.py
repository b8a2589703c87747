"""Help: keyboard shortcuts (read from the window's own actions), a short user guide
for each mode, and About that says what the whole app does.

The shortcut list is built from the actions at the moment it is opened, so it can
never drift from the keys that really work.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout

import app

GUIDE = (
    (QT_TRANSLATE_NOOP("MainWindow", "Chat"), QT_TRANSLATE_NOOP("MainWindow", "Type a message and press Enter (Shift+Enter for a new line). Esc stops a reply. "
     "Regenerate, edit a past message or continue a reply from the links under it. The "
     "conversation settings (Ctrl+,) hold its system prompt, model and sampling, which "
     "collection of your files it answers from (Sources), and whether this computer or a "
     "server you saved answers it.")),
    (QT_TRANSLATE_NOOP("MainWindow", "Write"), QT_TRANSLATE_NOOP("MainWindow", "Open a .txt, .md or .docx document, pick an action (proofread, rewrite, "
     "shorten, translate…) and review its edits as tracked changes: accept or reject each. "
     "Ask about this document (Ctrl+Shift+D) chats with the document beside it.")),
    (QT_TRANSLATE_NOOP("MainWindow", "Grade"), QT_TRANSLATE_NOOP("MainWindow", "Choose a rubric and a folder of submissions, then grade them in a batch. Code "
     "checks every quote the model gives as evidence and flags text that tries to instruct "
     "the grader. Review, override, and export a gradebook and feedback.")),
    (QT_TRANSLATE_NOOP("MainWindow", "Models"), QT_TRANSLATE_NOOP("MainWindow", "Download models from the catalogue or Hugging Face (downloads resume), import "
     "the models of other apps in place, and choose per-model settings.")),
    (QT_TRANSLATE_NOOP("MainWindow", "Fine-tune"), QT_TRANSLATE_NOOP("MainWindow", "Teach a LoRA adapter your style or your grading standard from your "
     "conversations, a JSONL file, a folder of your writing or reviewed grades; it runs in "
     "the background and can be paused and resumed.")),
    (QT_TRANSLATE_NOOP("MainWindow", "Sources"), QT_TRANSLATE_NOOP("MainWindow", "Sources → Manage collections… adds folders and files to a collection, "
     "indexed in the background. A chat that answers from a collection cites its passages "
     "as [1], [2]; citations the code cannot verify are marked, and a click opens the "
     "passage in its file.")),
)  # fmt: skip

ABOUT = QT_TRANSLATE_NOOP(
    "MainWindow",
    "<b>Quillmate {version}</b><p>Chat, write and grade homework with a language model "
    "that runs on your own computer through llama.cpp. Conversations, documents, grades, "
    "indexes of your files and tuned adapters stay in your data folder; text leaves this "
    "computer only for a download you start or a server you chose for a conversation "
    "(shown plainly).</p><p>Five modes: Chat (with answers from your own documents, "
    "citations checked), Write (edits as tracked changes), Grade (rubric grading with "
    "checked evidence), Models and Fine-tune (LoRA on your own data).</p>",
)


def shortcuts(window) -> list[tuple[str, str]]:
    """(keys, what they do) for every action of the window that has a shortcut."""
    rows = {}
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action.text().replace("&", "").rstrip("…").strip()
        if keys and text:
            rows[(keys, text)] = None
    return sorted(rows, key=lambda row: row[1].lower())


def _dialog(window, title: str, body: str, name: str) -> QDialog:
    dialog = QDialog(window)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.resize(560, 520)
    browser = QTextBrowser(dialog)
    browser.setHtml(body)
    QVBoxLayout(dialog).addWidget(browser)
    dialog.browser = browser
    dialog.show()
    return dialog


def show_shortcuts(window) -> QDialog:
    rows = "".join(
        f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(QCoreApplication.translate('MainWindow', text))}</td></tr>"
        for keys, text in shortcuts(window)
    )
    return _dialog(
        window,
        QCoreApplication.translate("MainWindow", "Keyboard shortcuts"),
        f"<table>{rows}</table>",
        "shortcuts",
    )


def show_guide(window) -> QDialog:
    body = "".join(
        f"<h3>{html.escape(QCoreApplication.translate('MainWindow', mode))}</h3><p>{html.escape(QCoreApplication.translate('MainWindow', text))}</p>"
        for mode, text in GUIDE
    )
    return _dialog(
        window, QCoreApplication.translate("MainWindow", "User guide"), body, "userGuide"
    )


def about_text(window) -> str:
    return QCoreApplication.translate("MainWindow", ABOUT).format(version=app.__version__)


def install_help(window, help_menu) -> None:
    for text, slot, name in (
        (QT_TRANSLATE_NOOP("MainWindow", "&Keyboard shortcuts"), show_shortcuts, "shortcutsAction"),
        (QT_TRANSLATE_NOOP("MainWindow", "&User guide"), show_guide, "guideAction"),
    ):
        action = QAction(QCoreApplication.translate("MainWindow", text), window)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False, s=slot: s(window))
        help_menu.insertAction(help_menu.actions()[0] if help_menu.actions() else None, action)
