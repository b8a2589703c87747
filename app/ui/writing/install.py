"""Adds the Write mode to the main window (the window calls this once)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from app.core.writing import WritingService
from app.core.writing.ask_chat import DocumentChat
from app.ui.writing.write_page import WritePage


class _CloseGuard(QObject):
    """Asks about unsaved documents before the window closes (and stops the worker)."""

    def __init__(self, page: WritePage, parent: QObject):
        super().__init__(parent)
        self.page = page

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Close and not self.page.maybe_close():
            event.ignore()
            return True
        return False


def install_write_mode(window) -> WritePage:
    """Create the Write page, add it as a mode and connect it to the window."""
    services = window.services
    state = window.model_state
    theme = getattr(window, "theme", None)
    page = WritePage(
        WritingService(services.engine, services.settings),
        services.settings,
        model_path=state.path,
        model_loading=state.is_loading,
        dark=lambda: bool(theme is not None and theme.is_dark),
        ask_chat=DocumentChat(services.store, services.engine, services.settings),
        parent=window,
    )
    window.add_mode("write", QCoreApplication.translate("Install", "Write"), page)
    page.status_message.connect(lambda text: window.show_message(text, 6000))
    sidebar = getattr(window, "sidebar", None)
    if page.ask is not None and sidebar is not None:
        # Questions about a document are a conversation Chat mode lists too.
        page.ask.conversation_saved.connect(lambda cid: _show_in_chat(window, sidebar, cid))
    if page.ask is not None and theme is not None:
        theme.theme_changed.connect(page.ask.panel.view.set_dark)
    state.ready.connect(page.model_ready)
    old_guard = getattr(window, "write_close_guard", None)
    if old_guard is not None:  # installed again (tests): the new page replaces the old
        window.removeEventFilter(old_guard)
        old_guard.deleteLater()
    window.write_page = page
    window.write_close_guard = _CloseGuard(page, window)
    window.installEventFilter(window.write_close_guard)

    def offer_recovery() -> None:
        if getattr(window, "write_page", None) is page:  # only the page still in use
            page.files.offer_recovery()

    QTimer.singleShot(0, page, offer_recovery)
    return page


def _show_in_chat(window, sidebar, cid: int) -> None:
    """List the document's conversation, and refresh it if Chat mode has it open."""
    sidebar.refresh()
    chat_page = getattr(window, "chat_page", None)
    if chat_page is not None and chat_page.conversation_id == cid:
        chat_page.reload()
