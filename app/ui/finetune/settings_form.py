"""The Settings tab: the base model, the LoRA and optimiser settings, and the estimate.

Defaults are TrainSettings' own (they suit a small model and a small dataset), so
a user who changes nothing trains something sensible. Every change emits
`changed`; the page answers with a fresh estimate of time and memory.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.finetune.config import TrainSettings

log = logging.getLogger(__name__)

DEVICES = (("auto", "Automatic (GPU when torch sees one)"), ("cpu", "CPU"), ("cuda", "GPU (CUDA)"))


@dataclass(frozen=True)
class BaseModel:
    label: str
    path: str
    model_id: str | None  # the library's id, None for a file the library does not list


def base_models(library) -> list[BaseModel]:
    """The library's models that exist on disk, plus the starter model if not listed."""
    from app.hub.starter import starter_model_path

    found: list[BaseModel] = []
    if library is not None:
        try:
            for model in library.list():
                if model.exists and not model.damaged:
                    found.append(BaseModel(f"{model.name} ({model.id})", model.path, model.id))
        except Exception as exc:  # a locked or closed database: the starter still works
            log.warning("listing the library failed: %s", exc)
    starter = starter_model_path()
    if starter is not None and not any(_same(m.path, starter) for m in found):
        found.append(BaseModel(f"{starter.stem} (starter)", str(starter), None))
    return found


def _same(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


class SettingsForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        defaults = TrainSettings()
        self.models: list[BaseModel] = []
        self._last_rank = defaults.rank
        self.base = QComboBox(self)
        self.base.setObjectName("baseModel")
        self.rank = _int_box(1, 256, defaults.rank, self)
        self.alpha = _float_box(0.5, 1024, defaults.alpha, 1, 1.0, self)
        self.learning_rate = _float_box(1e-6, 0.1, defaults.learning_rate, 6, 1e-5, self)
        self.epochs = _float_box(0.1, 100, defaults.epochs, 1, 0.5, self)
        self.steps = _int_box(0, 1_000_000, 0, self)
        self.steps.setSpecialValueText(self.tr("by epochs"))
        self.max_length = _int_box(16, 32768, defaults.max_length, self)
        self.max_length.setSingleStep(64)
        self.batch_size = _int_box(1, 64, defaults.batch_size, self)
        self.device = QComboBox(self)
        for key, title in DEVICES:
            self.device.addItem(title, key)
        self.estimate = QLabel("", self)
        self.estimate.setObjectName("estimate")
        self.estimate.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Base model"), self.base)
        form.addRow(self.tr("Rank"), self.rank)
        form.addRow(self.tr("Alpha"), self.alpha)
        form.addRow(self.tr("Learning rate"), self.learning_rate)
        form.addRow(self.tr("Epochs"), self.epochs)
        form.addRow(self.tr("Steps (instead of epochs)"), self.steps)
        form.addRow(self.tr("Maximum length (tokens)"), self.max_length)
        form.addRow(self.tr("Batch size"), self.batch_size)
        form.addRow(self.tr("Device"), self.device)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.estimate)
        layout.addStretch(1)

        self.rank.valueChanged.connect(self._on_rank)
        for box in (self.alpha, self.learning_rate, self.epochs, self.steps, self.max_length):
            box.valueChanged.connect(self._changed)
        self.batch_size.valueChanged.connect(self._changed)
        self.base.currentIndexChanged.connect(self._changed)
        self.device.currentIndexChanged.connect(self._changed)
        self._sync_epochs()

    def set_models(self, models: list[BaseModel], preferred: str | None = None) -> None:
        """Fill the base model list and select `preferred` (a path) when it is there."""
        current = preferred or self.base_path()
        self.models = list(models)
        self.base.blockSignals(True)
        self.base.clear()
        for model in self.models:
            self.base.addItem(model.label, model.path)
        index = next(
            (i for i, m in enumerate(self.models) if current and _same(m.path, current)), 0
        )
        self.base.setCurrentIndex(index if self.models else -1)
        self.base.blockSignals(False)
        self.changed.emit()

    def base_model(self) -> BaseModel | None:
        index = self.base.currentIndex()
        return self.models[index] if 0 <= index < len(self.models) else None

    def base_path(self) -> str | None:
        model = self.base_model()
        return model.path if model else None

    def settings(self) -> TrainSettings:
        return TrainSettings(
            rank=self.rank.value(),
            alpha=self.alpha.value(),
            learning_rate=self.learning_rate.value(),
            epochs=self.epochs.value(),
            steps=self.steps.value() or None,
            batch_size=self.batch_size.value(),
            max_length=self.max_length.value(),
            device=self.device.currentData(),
        )

    def set_settings(self, settings: TrainSettings) -> None:
        """Show a run's settings (for a test, or to train again like an earlier run)."""
        self.rank.setValue(settings.rank)
        self.alpha.setValue(settings.alpha)
        self.learning_rate.setValue(settings.learning_rate)
        self.epochs.setValue(settings.epochs)
        self.steps.setValue(settings.steps or 0)
        self.batch_size.setValue(settings.batch_size)
        self.max_length.setValue(settings.max_length)
        self.device.setCurrentIndex(max(0, self.device.findData(settings.device)))

    def _on_rank(self, value: int) -> None:
        """Alpha follows rank ×2 (the usual choice) unless the user set it apart."""
        if abs(self.alpha.value() - 2 * self._last_rank) < 1e-9:
            self.alpha.blockSignals(True)
            self.alpha.setValue(2 * value)
            self.alpha.blockSignals(False)
        self._last_rank = value
        self._changed()

    def _changed(self, *_args) -> None:
        self._sync_epochs()
        self.changed.emit()

    def _sync_epochs(self) -> None:
        self.epochs.setEnabled(self.steps.value() == 0)


def _int_box(low: int, high: int, value: int, parent: QWidget) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(low, high)
    box.setValue(value)
    return box


def _float_box(
    low: float, high: float, value: float, decimals: int, step: float, parent: QWidget
) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setDecimals(decimals)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setValue(value)
    return box
