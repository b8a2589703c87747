"""View → Language (English, 简体中文 or the system's) and View → Text size.

The strings are translated when the window is built, so a new choice is saved
and applies at the next start; the status bar says so.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup

from app.ui import i18n


def theme_label(mode: str) -> str:
    """The View → Theme entry of a theme mode, in the window's language."""
    labels = {
        "system": QCoreApplication.translate("MainWindow", "&System"),
        "light": QCoreApplication.translate("MainWindow", "&Light"),
        "dark": QCoreApplication.translate("MainWindow", "&Dark"),
        "high-contrast": QCoreApplication.translate("MainWindow", "&High contrast"),
    }
    return labels.get(mode, mode.title())


def install_language_menu(window, view_menu) -> dict[str, QAction]:
    """A Language submenu under View; returns its actions by setting value."""
    menu = view_menu.addMenu(QCoreApplication.translate("MainWindow", "&Language"))
    menu.setObjectName("languageMenu")
    group = QActionGroup(window)
    current = window.settings["language"] if "language" in window.settings.data else "auto"
    actions: dict[str, QAction] = {}
    for value in i18n.LANGUAGES:
        if value == "auto":
            text = QCoreApplication.translate("MainWindow", "&Automatic (the system's language)")
        else:
            text = i18n.LANGUAGE_NAMES[value]
        action = QAction(text, window, checkable=True)
        action.setObjectName(f"language_{value}")
        action.setChecked(value == current)
        action.triggered.connect(lambda _checked=False, v=value: choose_language(window, v))
        group.addAction(action)
        menu.addAction(action)
        actions[value] = action
    window.language_actions = actions
    return actions


def choose_language(window, value: str) -> None:
    """Save the choice; the window shows it from the next start."""
    if value not in i18n.LANGUAGES:
        raise ValueError(f"unknown language {value!r}")
    window.settings["language"] = value
    window.language_actions[value].setChecked(True)
    window.show_message(
        QCoreApplication.translate("MainWindow", "The language changes at the next start."),
        5000,
    )


def install_text_size_menu(window, view_menu) -> dict[str, QAction]:
    """Larger (Ctrl++), smaller (Ctrl+-) and the system's size (Ctrl+0), as in browsers."""
    menu = view_menu.addMenu(QCoreApplication.translate("MainWindow", "Text &size"))
    menu.setObjectName("textSizeMenu")
    entries = {
        "larger": (QCoreApplication.translate("MainWindow", "&Larger"), "Ctrl++", 1),
        "smaller": (QCoreApplication.translate("MainWindow", "&Smaller"), "Ctrl+-", -1),
        "reset": (QCoreApplication.translate("MainWindow", "&Normal size"), "Ctrl+0", 0),
    }
    actions: dict[str, QAction] = {}
    for key, (text, shortcut, steps) in entries.items():
        action = QAction(text, window)
        action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False, s=steps: window.theme.step_text_scale(s))
        menu.addAction(action)
        actions[key] = action
    window.text_size_actions = actions
    return actions
