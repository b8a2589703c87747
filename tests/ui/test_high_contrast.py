"""High contrast and text size with the real window: every colour pair readable, sizes kept."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from app.ui.theme import TEXT_SCALES, ThemeManager


def luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


PAIRS = [
    (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
    (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
    (QPalette.ColorRole.Link, QPalette.ColorRole.Base),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
]


def test_high_contrast_meets_the_aaa_ratio_for_every_pair(make_window, services):
    window = make_window(services)
    window.theme_actions["high-contrast"].trigger()
    assert services.settings["theme"] == "high-contrast" and window.theme.is_high_contrast
    palette = QGuiApplication.palette()
    for text, background in PAIRS:
        ratio = contrast(palette.color(text), palette.color(background))
        assert ratio >= 7.0, (text, background, ratio)
    assert "border: 2px solid" in QApplication.instance().styleSheet()  # controls outlined
    light = contrast(QColor("#6e7781"), QColor("#ffffff"))  # the light theme's muted text
    assert light < 7.0  # what high contrast is for
    window.set_theme("light")
    assert "border: 2px solid" not in QApplication.instance().styleSheet()


def test_text_size_scales_the_system_font_and_is_kept(make_window, services):
    window = make_window(services)
    app = QApplication.instance()
    system = float(app.property("systemPointSize"))
    theme = window.theme
    assert window.text_size_actions["larger"].shortcut().toString() == "Ctrl++"
    window.text_size_actions["larger"].trigger()
    window.text_size_actions["larger"].trigger()
    assert theme.text_scale == 125 and services.settings["text_scale"] == 125
    assert abs(app.font().pointSizeF() - system * 1.25) < 0.01
    again = ThemeManager(app, services.settings)  # the next start reads the setting
    again.apply()
    assert again.text_scale == 125 and abs(app.font().pointSizeF() - system * 1.25) < 0.01
    for _ in range(20):
        again.step_text_scale(+1)
    assert again.text_scale == TEXT_SCALES[-1]
    again.step_text_scale(0)
    assert again.text_scale == 100 and abs(app.font().pointSizeF() - system) < 0.01
