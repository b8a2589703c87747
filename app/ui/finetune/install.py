"""Adds the Fine-tune mode to the main window: `install_finetune_mode(window)`.

The page opens its own Library on the app database (to list base models and
register finished adapters), keeps its runs under `<data>/finetune/` and writes
adapters to the adapters folder. When the window closes, a training run is
paused (the worker checkpoints after its step, so it resumes next time) and the
page's worker thread is joined. Installing again (tests) shuts the old page down.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from app.ui.close_watcher import ShutdownOnClose
from app.ui.finetune.page import FinetunePage

log = logging.getLogger(__name__)


def install_finetune_mode(window, *, library=None) -> FinetunePage:
    """Create the Fine-tune page, add it as a mode and connect it to the window."""
    from app.hub.library import Library

    services = window.services
    paths = services.paths

    previous = getattr(window, "finetune_page", None)
    if previous is not None:  # installed again: the new page replaces the old one
        previous.shutdown()
    old_watcher = getattr(window, "finetune_close_watcher", None)
    if old_watcher is not None:
        window.removeEventFilter(old_watcher)
        old_watcher.deleteLater()

    page = FinetunePage(
        services.store,
        database=paths.database,
        runs_root=paths.data / "finetune",
        adapters_dir=paths.adapters,
        library=library or Library(settings=window.settings),
        own_library=library is None,
        default_model=window.model_state.path,
        parent=window,
    )
    window.add_mode("finetune", QCoreApplication.translate("Install", "Fine-tune"), page)
    page.status_message.connect(lambda text: window.show_message(text, 6000))

    def adapter_ready(path: str) -> None:
        window.show_message(
            QCoreApplication.translate("Install", "New adapter: {path}").format(path=path), 10000
        )
        adapters = getattr(window, "adapters", None)  # the window's adapter switch
        if adapters is not None and hasattr(adapters, "state_changed"):
            adapters.state_changed.emit()

    page.adapter_ready.connect(adapter_ready)
    window.finetune_page = page
    window.finetune_close_watcher = ShutdownOnClose(window, page)
    return page
