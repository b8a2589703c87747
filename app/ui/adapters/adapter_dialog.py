"""Model → Adapter…: pick the LoRA adapter for the loaded model, switch it, set its strength.

Changes apply as they are made (no OK button to forget): the list and the switch at
once, the strength a moment after the slider stops, so dragging it sends one change
to the engine rather than dozens. The dialog is modeless: the user can keep chatting
and come back to try another strength.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from app.ui.adapters.control import AdapterControl

SLIDER_STEPS = 100  # slider units per 1.0 of strength
MAX_STRENGTH = 2.0
DEBOUNCE_MS = 250
ADAPTER_FILTER = "GGUF LoRA adapters (*.gguf);;All files (*)"


class AdapterDialog(QDialog):
    def __init__(self, control: AdapterControl, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("adapterDialog")
        self.setWindowTitle(self.tr("Adapter"))
        self.control = control
        self._filling = False
        self._applying = False

        self.model_label = QLabel(self)
        self.model_label.setObjectName("adapterModelLabel")
        self.model_label.setWordWrap(True)
        self.adapter_box = QComboBox(self)
        self.adapter_box.setObjectName("adapterBox")
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.import_button.setObjectName("importAdapterButton")
        self.import_button.setToolTip(self.tr("Add a GGUF LoRA adapter made for this model"))
        self.import_button.clicked.connect(self.choose_file)
        pick = QHBoxLayout()
        pick.addWidget(self.adapter_box, 1)
        pick.addWidget(self.import_button)

        self.enabled_box = QCheckBox(self.tr("Use the adapter"), self)
        self.enabled_box.setObjectName("adapterEnabled")
        self.strength_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.strength_slider.setObjectName("adapterStrength")
        self.strength_slider.setRange(0, int(MAX_STRENGTH * SLIDER_STEPS))
        self.strength_slider.setSingleStep(5)
        self.strength_slider.setPageStep(25)
        self.strength_label = QLabel(self)
        self.strength_label.setObjectName("adapterStrengthLabel")
        self.strength_label.setMinimumWidth(36)
        strength = QHBoxLayout()
        strength.addWidget(self.strength_slider, 1)
        strength.addWidget(self.strength_label)

        self.state_label = QLabel(self)
        self.state_label.setObjectName("adapterStateLabel")
        self.state_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Adapter"), pick)
        form.addRow("", self.enabled_box)
        form.addRow(self.tr("Strength"), strength)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.model_label)
        layout.addLayout(form)
        layout.addWidget(self.state_label)
        layout.addWidget(buttons)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply)
        self.adapter_box.currentIndexChanged.connect(self._on_edit)
        self.enabled_box.toggled.connect(self._on_edit)
        self.strength_slider.valueChanged.connect(self._on_strength)
        control.state_changed.connect(self.fill)
        control.applied.connect(self._on_applied)
        control.failed.connect(self._on_failed)
        control.imported.connect(self._on_imported)
        self.fill()

    # ---- state -----------------------------------------------------------------------
    @property
    def strength(self) -> float:
        return self.strength_slider.value() / SLIDER_STEPS

    def set_strength(self, value: float) -> None:
        self.strength_slider.setValue(round(value * SLIDER_STEPS))

    def selected_path(self) -> str | None:
        return self.adapter_box.currentData()

    def select_adapter(self, adapter_id: str | None) -> bool:
        """Pick an adapter by id (None: no adapter); False when it is not listed."""
        for index in range(self.adapter_box.count()):
            if self.adapter_box.itemData(index, Qt.ItemDataRole.UserRole + 1) == adapter_id:
                self.adapter_box.setCurrentIndex(index)
                return True
        return False

    def fill(self) -> None:
        """Show the base model's adapters and its remembered choice."""
        if self._applying or self._debounce.isActive() or self.control.pending:
            return  # a change of ours is on its way: keep what the user sees
        self._filling = True
        try:
            path = self.control.model_path()
            if not path:
                self.model_label.setText(
                    self.tr("No model is open: adapters go on top of a model.")
                )
            else:
                loaded = "" if self.control.model_loaded() else " (applies when it loads)"
                self.model_label.setText(
                    self.tr("Adapters for {name}{loaded}").format(
                        name=Path(path).name, loaded=loaded
                    )
                )
            choice = self.control.choice()
            self.adapter_box.clear()
            self.adapter_box.addItem(self.tr("None"), None)
            self.adapter_box.setItemData(0, None, Qt.ItemDataRole.UserRole + 1)
            current = 0
            for adapter in self.control.adapters():
                self.adapter_box.addItem(adapter.name, adapter.path)
                index = self.adapter_box.count() - 1
                self.adapter_box.setItemData(index, adapter.id, Qt.ItemDataRole.UserRole + 1)
                self.adapter_box.setItemData(index, adapter.path, Qt.ItemDataRole.ToolTipRole)
                if choice.path and Path(adapter.path) == Path(choice.path):
                    current = index
            self.adapter_box.setCurrentIndex(current)
            self.enabled_box.setChecked(choice.enabled)
            self.set_strength(choice.scale)
            self.import_button.setEnabled(bool(path))
            self._update_controls()
            if self.adapter_box.count() == 1 and path:
                self.state_label.setText(
                    self.tr(
                        "No adapter for this model yet: train one, or import a GGUF LoRA adapter."
                    )
                )
        finally:
            self._filling = False

    def _update_controls(self) -> None:
        chosen = self.selected_path() is not None
        self.enabled_box.setEnabled(chosen)
        self.strength_slider.setEnabled(chosen)
        self.strength_label.setText(f"{self.strength:.2f}")

    # ---- changes -------------------------------------------------------------------------
    def _on_edit(self, *_args) -> None:
        self._update_controls()
        if not self._filling:
            self._debounce.stop()
            self.apply()

    def _on_strength(self, _value: int) -> None:
        self._update_controls()
        if not self._filling:
            self._debounce.start()

    def apply(self) -> None:
        """Send what the dialog shows to the engine (through the control)."""
        self._debounce.stop()
        self.state_label.setText(self.tr("Switching…"))
        self._applying = True  # no refill from inside the list's own signal
        try:
            self.control.choose(
                self.selected_path(), scale=self.strength, enabled=self.enabled_box.isChecked()
            )
        finally:
            self._applying = False

    def choose_file(self) -> None:
        start = str(self.control.services.paths.adapters)
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a LoRA adapter"), start, ADAPTER_FILTER
        )
        if path:
            self.import_path(path)

    def import_path(self, path: str) -> None:
        self.state_label.setText(self.tr("Importing {name}…").format(name=Path(path).name))
        self.control.import_file(path)

    # ---- results -------------------------------------------------------------------------
    def _on_applied(self, choice) -> None:
        if self.control.pending:
            return
        if not choice.path:
            self.state_label.setText(self.tr("No adapter: the model answers as it came."))
        elif not choice.enabled:
            self.state_label.setText(self.tr("The adapter is off."))
        else:
            self.state_label.setText(
                self.tr("The adapter is on at strength {scale:.2f}.").format(scale=choice.scale)
            )

    def _on_failed(self, message: str) -> None:
        self.state_label.setText(message)

    def _on_imported(self, adapter) -> None:
        self.fill()
        self.select_adapter(adapter.id)  # switches to it: why else import it now
        self.state_label.setText(self.tr("Imported {name}.").format(name=adapter.name))
