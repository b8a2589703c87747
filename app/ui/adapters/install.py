"""Adds the adapter switch to the main window: `install_adapters(window)`.

A Model → Adapter… entry and a status-bar button (shown in every mode), both over
one AdapterControl that the window keeps as `window.adapters`. The control opens its
own Library on the app database; the window calls `control.shutdown()` when it closes
(its worker joined, the library closed).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from app.ui.adapters.adapter_dialog import AdapterDialog
from app.ui.adapters.control import AdapterControl
from app.ui.adapters.status_button import AdapterStatusButton


def install_adapters(
    window, model_menu, *, library=None, status_index: int | None = None
) -> AdapterControl:
    """Create the control, its menu entry and status button; return the control.

    `status_index` places the button among the status bar's permanent widgets
    (next to the model's name reads best); None puts it last.
    """
    from app.hub.library import Library

    control = AdapterControl(window.services, library or Library(settings=window.settings), window)
    window.adapters = control
    window.adapter_button = AdapterStatusButton(control, window)
    if status_index is None:
        window.statusBar().addPermanentWidget(window.adapter_button)
    else:
        window.statusBar().insertPermanentWidget(status_index, window.adapter_button)

    def open_dialog() -> AdapterDialog:
        dialog = getattr(window, "adapter_dialog", None)
        if dialog is None:
            dialog = AdapterDialog(control, window)
            window.adapter_dialog = dialog
        dialog.fill()
        dialog.show()
        dialog.raise_()
        return dialog

    window.open_adapter_dialog = open_dialog
    action = QAction(QCoreApplication.translate("Install", "&Adapter…"), window)
    action.setObjectName("adapterAction")
    action.setShortcut("Ctrl+Shift+A")
    action.triggered.connect(lambda _checked=False: open_dialog())
    model_menu.addAction(action)
    window.adapter_action = action
    window.adapter_button.clicked.connect(lambda _checked=False: open_dialog())

    control.failed.connect(lambda text: window.show_message(text, 8000))
    control.applied.connect(lambda _choice: window.show_message(control.status_text() + ".", 3000))
    window.controller.model_loaded.connect(lambda _info: control.check_model())

    def update_compare() -> None:
        # Compare with base means something only with an adapter chosen for the model.
        offered = bool(control.model_path() and control.choice().path)
        compare = getattr(window, "compare_action", None)
        if compare is not None:
            compare.setEnabled(offered)
        window.chat_page.compare_button.setVisible(offered)

    control.state_changed.connect(update_compare)
    control.applied.connect(lambda _choice: update_compare())
    update_compare()
    return control
