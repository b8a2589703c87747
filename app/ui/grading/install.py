"""Adds the Grade mode to the main window: `install_grade_mode(window)`.

The page opens its own GradingStore on the app's database (WAL: it sits beside
the conversation store), grades with the shared engine, and is shut down (run
stopped but resumable, worker joined, store closed) when the window closes.
Installing again (tests) shuts the previous page down first.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer

from app.core.grading import GradingStore
from app.ui.close_watcher import ShutdownOnClose
from app.ui.grading.grade_page import GradePage


def install_grade_mode(window, *, store: GradingStore | None = None) -> GradePage:
    """Create the Grade page, add it as a mode and connect it to the window."""
    services = window.services
    state = window.model_state
    previous = getattr(window, "grade_page", None)
    if previous is not None:  # installed again: the new page replaces the old one
        previous.shutdown()
    old_watcher = getattr(window, "grade_close_watcher", None)
    if old_watcher is not None:
        window.removeEventFilter(old_watcher)
        old_watcher.deleteLater()

    page = GradePage(
        store or GradingStore(services.paths.database),
        services.engine,
        model_path=state.path,
        load_model=state.ensure_loaded,
        model_loading=state.is_loading,
        parent=window,
    )
    window.add_mode("grade", QCoreApplication.translate("Install", "Grade"), page)
    page.status_message.connect(lambda text: window.show_message(text, 6000))
    state.ready.connect(page.model_ready)
    window.grade_page = page
    window.grade_close_watcher = ShutdownOnClose(window, page)

    def offer() -> None:
        if getattr(window, "grade_page", None) is page and not page.is_closed:
            page.offer_unfinished()

    QTimer.singleShot(0, page, offer)
    return page
