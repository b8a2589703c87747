"""Sources in the window: the menu, the panel, the chat settings' choice, the viewer.

`install_sources(window)` after the modes and menus exist. The panel is made on
first use (opening the window imports nothing of it); the collection names for the
conversation settings are read once the window is up, and again whenever the panel
changes them. A click on a source in a reply opens it at its place.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction

log = logging.getLogger(__name__)


class SourcesUi:
    """What the window holds of Sources (its panel, the viewers it opened)."""

    def __init__(self, window):
        self.window = window
        self.panel = None
        self.viewers: list = []
        bar = window.menuBar()
        menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Sources"))
        last = bar.actions()[-2] if len(bar.actions()) > 1 else None  # Help stays last
        if last is not None:
            bar.insertMenu(last, menu)
        self.open_action = QAction(
            QCoreApplication.translate("MainWindow", "Manage collections…"), window
        )
        self.open_action.setObjectName("openSourcesAction")
        self.open_action.triggered.connect(lambda: self.open_panel())
        menu.addAction(self.open_action)
        window.settings_panel.manage_sources.connect(lambda: self.open_panel())
        window.chat_page.view.source_requested.connect(self.open_source)
        QTimer.singleShot(0, self.refresh_names)

    @property
    def sources(self):
        return self.window.services.sources

    def open_panel(self):
        if self.panel is None:
            from app.ui.sources.panel import SourcesPanel

            self.panel = SourcesPanel(self.sources, self.window)
            self.panel.collections_changed.connect(self.refresh_names)
        self.panel.show()
        self.panel.raise_()
        return self.panel

    def refresh_names(self) -> None:
        try:
            names = self.sources.collections.names()
        except Exception:  # an unreadable folder: the panel says more when opened
            log.warning("cannot list the Sources collections", exc_info=True)
            names = []
        self.window.settings_panel.set_collections(names)

    def open_source(self, message_id: int, number: int):
        """Open source `number` of reply `message_id` at its page and lines."""
        try:
            message = self.window.store.get_message(message_id)
        except Exception:
            return None
        found = [s for s in (message.meta or {}).get("sources", []) if s["number"] == number]
        if not found:
            return None
        from app.ui.sources.viewer import SourceViewer

        viewer = SourceViewer(found[0], self.window)
        self.viewers = [v for v in self.viewers if v.isVisible()] + [viewer]
        viewer.show()
        return viewer

    def shutdown(self) -> None:
        if self.panel is not None:
            self.panel.shutdown()
        for viewer in self.viewers:
            viewer.close()


def install_sources(window) -> SourcesUi:
    return SourcesUi(window)
