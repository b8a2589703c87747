"""The status-bar button that names the active adapter; a click opens the dialog.

It sits in the window's status bar, so it shows in every mode: Chat, Write and Grade
share one engine, and the user should always see whether their answers come from
the tuned model.
"""

from __future__ import annotations

from PySide6.QtWidgets import QToolButton, QWidget

from app.ui.adapters.control import AdapterControl


class AdapterStatusButton(QToolButton):
    def __init__(self, control: AdapterControl, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("adapterStatus")
        self.setAutoRaise(True)
        self.control = control
        control.state_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        choice = self.control.choice()
        self.setText(self.control.status_text())
        self.setToolTip(
            (choice.path or "No LoRA adapter on the model.")
            + "\nClick to choose an adapter and its strength (Model → Adapter…)."
        )
        # Hidden until there is something to say: no model, or none of its adapters.
        self.setVisible(bool(choice.path) or bool(self.control.model_path()))
