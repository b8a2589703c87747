"""Adds the Models mode to a MainWindow: `install_models_mode(window)`.

The window needs no knowledge of the library: the page asks it to load a model
(`choose_model`), shows its messages in the status bar, and is shut down (downloads
stopped, threads joined) when the window closes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.close_watcher import ShutdownOnClose
from app.ui.models.model_settings import ModelSettingsDialog
from app.ui.models.models_page import ModelsPage


def install_models_mode(
    window, *, library=None, hub=None, manager=None, start: bool = True
) -> ModelsPage:
    """Create the Models page (with the app's library, hub and downloads) and add its mode."""
    from app.hub.downloads import DownloadManager
    from app.hub.hubapi import HubClient
    from app.hub.library import Library

    previous = getattr(window, "models_page", None)
    if previous is not None:
        previous.shutdown()  # replaced (tests wire a page to a local hub)
    library = library or Library(settings=window.settings)
    hub = hub or HubClient()
    manager = manager or DownloadManager(library, hub, max_parallel=2)
    page = ModelsPage(library, hub, manager, window, settings=window.settings)
    window.add_mode("models", QCoreApplication.translate("Install", "Models"), page)
    window.models_page = page

    def use(path: str) -> None:
        window.choose_model(path)
        window.show_mode("chat")

    def edit_settings(path: str) -> ModelSettingsDialog:
        dialog = ModelSettingsDialog(window.settings, path, window)
        dialog.accepted.connect(lambda: _reload_if_loaded(window, path))
        dialog.open()
        page.settings_dialog = dialog
        return dialog

    page.use_model_requested.connect(use)
    page.model_settings_requested.connect(edit_settings)
    page.status_message.connect(lambda text: window.show_message(text, 6000))
    # Loading a model makes it the default: the library shows which one that is.
    window.controller.model_loaded.connect(lambda _info: page.refresh_library())
    ShutdownOnClose(window, page)
    if start:
        page.start()
    return page


def _reload_if_loaded(window, path: str) -> None:
    info = window.services.chat.model_info
    if info is not None and info.path == path:
        window.controller.load_model(path)  # the new settings apply now
