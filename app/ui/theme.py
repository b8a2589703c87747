"""Light and dark themes that follow the system unless the user picks one.

The app always uses the Fusion style with an explicit palette: the result looks
the same on every platform and in offscreen tests, and a palette switch repaints
every widget at once. "system" follows `QStyleHints.colorScheme()` and its
`colorSchemeChanged` signal; "light" / "dark" (settings["theme"]) override it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

THEME_MODES = ("system", "light", "dark")

# A few accents the palette cannot express (chat bubbles, muted notes).
ACCENT = "#2f6feb"
LIGHT = {
    "window": "#f6f7f9",
    "base": "#ffffff",
    "alt": "#f0f2f5",
    "text": "#1f2328",
    "muted": "#6e7781",
    "button": "#eceef1",
    "border": "#d0d7de",
    "user_bubble": "#e8f0fe",
    "note": "#9a6700",
    "error": "#cf222e",
}
DARK = {
    "window": "#1e2024",
    "base": "#16181c",
    "alt": "#23262b",
    "text": "#e6e6e6",
    "muted": "#8b949e",
    "button": "#2b2f36",
    "border": "#3a3f47",
    "user_bubble": "#23324a",
    "note": "#d29922",
    "error": "#f85149",
}

STYLESHEET = """
QSplitter::handle { background: %(border)s; }
QListWidget#conversationList { border: none; background: %(alt)s; }
QListWidget#conversationList::item { padding: 6px 8px; border-radius: 6px; }
QListWidget#conversationList::item:selected { background: %(accent)s; color: white; }
QTextBrowser#messageView { border: none; background: %(base)s; }
QPlainTextEdit#composerEdit { border: 1px solid %(border)s; border-radius: 8px; padding: 6px;
    background: %(base)s; }
QPushButton#sendButton { background: %(accent)s; color: white; border-radius: 6px;
    padding: 6px 14px; }
QPushButton#sendButton:disabled { background: %(border)s; color: %(muted)s; }
QPushButton#stopButton { background: %(error)s; color: white; border-radius: 6px;
    padding: 6px 14px; }
QLabel#mutedLabel, QLabel#editBanner { color: %(muted)s; }
QLabel#welcomeTitle { font-size: 20pt; font-weight: 600; }
"""


def colors(dark: bool) -> dict[str, str]:
    return dict(DARK if dark else LIGHT, accent=ACCENT)


def make_palette(dark: bool) -> QPalette:
    c = colors(dark)
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: c["window"],
        QPalette.ColorRole.WindowText: c["text"],
        QPalette.ColorRole.Base: c["base"],
        QPalette.ColorRole.AlternateBase: c["alt"],
        QPalette.ColorRole.ToolTipBase: c["base"],
        QPalette.ColorRole.ToolTipText: c["text"],
        QPalette.ColorRole.PlaceholderText: c["muted"],
        QPalette.ColorRole.Text: c["text"],
        QPalette.ColorRole.Button: c["button"],
        QPalette.ColorRole.ButtonText: c["text"],
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#58a6ff" if dark else "#0969da",
        QPalette.ColorRole.LinkVisited: "#bc8cff" if dark else "#8250df",
        QPalette.ColorRole.Mid: c["border"],
        QPalette.ColorRole.Dark: c["border"],
    }
    for role, value in roles.items():
        pal.setColor(role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        pal.setColor(disabled, role, QColor(c["muted"]))
    return pal


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


class ThemeManager(QObject):
    """Applies the chosen theme and re-applies it when the system scheme changes."""

    theme_changed = Signal(bool)  # dark

    def __init__(self, app: QApplication, settings=None, parent: QObject | None = None):
        super().__init__(parent)
        self._app = app
        self._settings = settings
        mode = settings["theme"] if settings is not None else "system"
        self._mode = mode if mode in THEME_MODES else "system"
        self._dark: bool | None = None
        app.setStyle("Fusion")
        app.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def is_dark(self) -> bool:
        if self._mode == "system":
            return system_is_dark()
        return self._mode == "dark"

    def set_mode(self, mode: str) -> None:
        if mode not in THEME_MODES:
            raise ValueError(f"unknown theme {mode!r}")
        self._mode = mode
        if self._settings is not None:
            self._settings["theme"] = mode
        self.apply()

    def apply(self) -> None:
        dark = self.is_dark
        self._app.setPalette(make_palette(dark))
        self._app.setStyleSheet(STYLESHEET % colors(dark))
        if dark != self._dark:
            self._dark = dark
            self.theme_changed.emit(dark)

    def _on_system_scheme_changed(self, _scheme) -> None:
        if self._mode == "system":
            self.apply()
