"""Adds the Chat mode to the main window: `install_chat_mode(window)`.

Chat is a mode like the others: this builds its controller, the conversation list,
the page and the settings panel, and adds them as the first mode. It also creates
the window's ModelState, the one owner of "which model is loaded" that the other
modes' installers use, because the chat controller is what loads models.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QSplitter

from app.ui.chat.chat_page import ChatPage
from app.ui.chat.controller import ChatController
from app.ui.chat.conversation_list import ConversationList
from app.ui.chat.settings_panel import SettingsPanel
from app.ui.model_state import ModelState


def install_chat_mode(window) -> ChatPage:
    services = window.services
    window.controller = ChatController(services.chat, window)

    window.sidebar = ConversationList(window.store, window)
    window.chat_page = ChatPage(
        services, window.controller, create_conversation=window._create_conversation, parent=window
    )
    window.settings_panel = SettingsPanel(window.settings, window.store, window)
    window.settings_panel.hide()
    window.splitter = QSplitter(Qt.Orientation.Horizontal, window)
    window.splitter.setObjectName("mainSplitter")
    window.splitter.setHandleWidth(1)
    window.splitter.addWidget(window.sidebar)
    window.splitter.addWidget(window.chat_page)
    window.splitter.addWidget(window.settings_panel)
    window.splitter.setStretchFactor(0, 0)
    window.splitter.setStretchFactor(1, 1)
    window.splitter.setStretchFactor(2, 0)
    window.splitter.setCollapsible(1, False)
    window.splitter.setSizes([260, 700, 300])
    window.model_state = ModelState(services, window.controller, window)
    window.add_mode("chat", QCoreApplication.translate("Install", "Chat"), window.splitter)
    return window.chat_page


def install_chat_status(window) -> None:
    """After the status bar exists: it names the backend of the open conversation."""
    from app.ui.chat.backend_status import install_backend_status

    install_backend_status(window)
