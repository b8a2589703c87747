"""Light, dark and high-contrast themes, and a text size, that follow the system.

The app always uses the Fusion style with an explicit palette: the result looks
the same on every platform and in offscreen tests, and a palette switch repaints
every widget at once. "system" follows `QStyleHints.colorScheme()` and its
`colorSchemeChanged` signal; "light" / "dark" / "high-contrast" (settings["theme"])
override it. High contrast is for low vision: black and white with yellow for what is
selected or a link, borders drawn, the WCAG AAA contrast ratio (7:1) for every pair of
text and background it sets. The text size is the system's font size times
settings["text_scale"] (percent), so it follows the system's own font scaling and the
user's choice on top of it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

THEME_MODES = ("system", "light", "dark", "high-contrast")
TEXT_SCALES = (80, 90, 100, 110, 125, 150, 175, 200)  # percent of the system font size

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

HIGH_CONTRAST = {
    "window": "#000000",
    "base": "#000000",
    "alt": "#000000",
    "text": "#ffffff",
    "muted": "#e0e0e0",
    "button": "#000000",
    "border": "#ffffff",
    "user_bubble": "#1a1a1a",
    "note": "#ffff00",
    "error": "#ff8080",
    "accent": "#ffff00",
    "accent_text": "#000000",
}

STYLESHEET = """
QSplitter::handle { background: %(border)s; }
QListWidget#conversationList { border: none; background: %(alt)s; }
QListWidget#conversationList::item { padding: 6px 8px; border-radius: 6px; }
QListWidget#conversationList::item:selected { background: %(accent)s; color: %(accent_text)s; }
QTextBrowser#messageView { border: none; background: %(base)s; }
QPlainTextEdit#composerEdit { border: 1px solid %(border)s; border-radius: 8px; padding: 6px;
    background: %(base)s; }
QPushButton#sendButton { background: %(accent)s; color: %(accent_text)s; border-radius: 6px;
    padding: 6px 14px; }
QPushButton#sendButton:disabled { background: %(border)s; color: %(muted)s; }
QPushButton#stopButton { background: %(error)s; color: white; border-radius: 6px;
    padding: 6px 14px; }
QLabel#mutedLabel, QLabel#editBanner { color: %(muted)s; }
QLabel#welcomeTitle { font-size: 20pt; font-weight: 600; }
"""


HIGH_CONTRAST_EXTRA = """
QPushButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QListView,
QTreeView, QTableView { border: 2px solid #ffffff; }
*:focus { outline: 2px solid #ffff00; border-color: #ffff00; }
"""


def colors(dark: bool, high_contrast: bool = False) -> dict[str, str]:
    if high_contrast:
        return dict(HIGH_CONTRAST)
    return dict(DARK if dark else LIGHT, accent=ACCENT, accent_text="#ffffff")


def make_palette(dark: bool, high_contrast: bool = False) -> QPalette:
    c = colors(dark, high_contrast)
    accent, on_accent = c["accent"], c["accent_text"]
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
        QPalette.ColorRole.Highlight: accent,
        QPalette.ColorRole.HighlightedText: on_accent,
        QPalette.ColorRole.Link: "#ffff00" if high_contrast else "#58a6ff" if dark else "#0969da",
        QPalette.ColorRole.LinkVisited: (
            "#ffff00" if high_contrast else "#bc8cff" if dark else "#8250df"
        ),
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
        self._applied: tuple | None = None  # (dark, high contrast) last applied
        # The system's own font size (its font scaling included), before ours.
        # Kept on the application: a second manager must not take our scaled size for it.
        if app.property("systemPointSize") is None:
            app.setProperty("systemPointSize", app.font().pointSizeF() or 10.0)
        self._system_point_size = float(app.property("systemPointSize"))
        scale = settings.data.get("text_scale", 100) if settings is not None else 100
        self._text_scale = scale if scale in TEXT_SCALES else 100
        app.setStyle("Fusion")
        app.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def is_dark(self) -> bool:
        """Dark backgrounds (high contrast is white on black): code styles follow it."""
        if self._mode == "system":
            return system_is_dark()
        return self._mode in ("dark", "high-contrast")

    @property
    def is_high_contrast(self) -> bool:
        return self._mode == "high-contrast"

    @property
    def text_scale(self) -> int:
        return self._text_scale

    def set_text_scale(self, percent: int) -> None:
        """The text size in percent of the system's; the nearest step of TEXT_SCALES."""
        percent = min(TEXT_SCALES, key=lambda step: abs(step - percent))
        self._text_scale = percent
        if self._settings is not None:
            self._settings["text_scale"] = percent
        self.apply()

    def step_text_scale(self, steps: int) -> None:
        """Larger (+1) or smaller (-1) by one step; 0 resets to the system's size."""
        if steps == 0:
            self.set_text_scale(100)
            return
        index = TEXT_SCALES.index(self._text_scale) + steps
        self.set_text_scale(TEXT_SCALES[max(0, min(index, len(TEXT_SCALES) - 1))])

    def set_mode(self, mode: str) -> None:
        if mode not in THEME_MODES:
            raise ValueError(f"unknown theme {mode!r}")
        self._mode = mode
        if self._settings is not None:
            self._settings["theme"] = mode
        self.apply()

    def apply(self) -> None:
        dark, high = self.is_dark, self.is_high_contrast
        font = self._app.font()
        font.setPointSizeF(self._system_point_size * self._text_scale / 100)
        self._app.setFont(font)
        self._app.setPalette(make_palette(dark, high))
        sheet = STYLESHEET % colors(dark, high)
        self._app.setStyleSheet(sheet + HIGH_CONTRAST_EXTRA if high else sheet)
        if (dark, high) != self._applied:
            self._applied = (dark, high)
            self._dark = dark
            self.theme_changed.emit(dark)

    def _on_system_scheme_changed(self, _scheme) -> None:
        if self._mode == "system":
            self.apply()
