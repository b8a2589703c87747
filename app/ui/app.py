"""Start the GUI: QApplication, theme, main window.

Start-up stays under a second because nothing heavy happens before the window
shows: Services.create() only opens the settings and the SQLite store, llama.cpp
is imported only inside the engine's own process, and the default model starts
loading in the background once the window is on screen.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication

import app

log = logging.getLogger(__name__)


def run_gui(argv: list[str] | None = None, services=None) -> int:
    """Open the main window and run the event loop; returns the exit code."""
    argv = list(sys.argv if argv is None else argv) or ["quillmate"]
    qt_app = QApplication.instance() or QApplication(argv)
    qt_app.setApplicationName("Quillmate")
    qt_app.setOrganizationName("Quillmate")
    qt_app.setApplicationVersion(app.__version__)
    qt_app.setDesktopFileName("quillmate")

    from app.ui.main_window import MainWindow
    from app.ui.theme import ThemeManager

    own_services = services is None
    if own_services:
        from app.services import Services

        services = Services.create()
    try:
        theme = ThemeManager(qt_app, services.settings)
        theme.apply()
        window = MainWindow(services, theme=theme)
        window.show()
        code = qt_app.exec()
        window.close()
        return code
    finally:
        if own_services:
            services.close()
