"""Shut a mode's page down when its window closes.

Pages that own worker threads or processes (grading, downloads, training) must stop
them before the window's own cleanup closes the services they use; an event filter
on the window sees the Close event first.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject


class ShutdownOnClose(QObject):
    """Calls `page.shutdown()` when `window` closes."""

    def __init__(self, window, page):
        super().__init__(window)
        self.page = page
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Close:
            self.page.shutdown()
        return False
