"""Start the GUI: QApplication, theme, main window.

Start-up stays under a second because nothing heavy happens before the window
shows: Services.create() only opens the settings and the SQLite store, llama.cpp
is imported only inside the engine's own process, and the default model starts
loading in the background once the window is on screen.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import app

log = logging.getLogger(__name__)


def run_gui(argv: list[str] | None = None, services=None, self_test: bool = False) -> int:
    """Open the main window and run the event loop; returns the exit code.

    self_test: load the starter model, answer one prompt, open every mode, exit
    (app/ui/self_test.py).
    """
    argv = list(sys.argv if argv is None else argv) or ["quillmate"]
    qt_app = QApplication.instance() or QApplication(argv)
    qt_app.setApplicationName("Quillmate")
    qt_app.setOrganizationName("Quillmate")
    qt_app.setApplicationVersion(app.__version__)
    qt_app.setDesktopFileName("quillmate")

    from app.ui import crash_log, i18n
    from app.ui.main_window import MainWindow
    from app.ui.theme import ThemeManager

    crash_log.install(show_dialog=not self_test)

    own_services = services is None
    if own_services:
        from app.services import Services

        services = Services.create()
    try:
        i18n.install(services.settings["language"], qt_app)
        theme = ThemeManager(qt_app, services.settings)
        theme.apply()
        window = MainWindow(services, theme=theme)
        window.show()
        if self_test:
            from app.ui import self_test as check

            check.start(window, services)
        else:
            _first_run(window, services)
        previous = _quit_on_sigint(window)
        try:
            code = qt_app.exec()
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        window.close()
        return code
    finally:
        if own_services:
            services.close()


def _first_run(window, services) -> None:
    """The welcome page on a new profile (app/ui/first_run.py), over the window."""
    from app.ui.first_run import FirstRunDialog, should_show

    if not should_show(services.settings):
        return
    dialog = FirstRunDialog(services.settings, window)

    def download(repo: str, file: str) -> None:
        window.show_mode("models")
        window.models_page.download(repo, file)

    dialog.download_requested.connect(download)
    dialog.use_model.connect(window.choose_model)
    dialog.open()


def _quit_on_sigint(window):
    """Ctrl+C in the terminal closes the window cleanly.

    Python runs signal handlers only between bytecodes, never while Qt's loop
    waits in C++, so a slow no-op timer hands control back now and then.
    """
    if threading.current_thread() is not threading.main_thread():
        return None  # signal.signal works only on the main thread
    previous = signal.signal(signal.SIGINT, lambda *_: window.close())
    timer = QTimer(window)
    timer.setInterval(250)
    timer.timeout.connect(lambda: None)
    timer.start()
    return previous
