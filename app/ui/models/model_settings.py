"""Per-model settings: chat template override, context size, GPU layers.

A model whose GGUF carries a wrong or missing chat template answers badly;
the override lets the user fix that without editing files. The values are kept
per model file in the settings (`Settings.set_model_override`) and apply the
next time the model loads; the window reloads it at once when it is loaded.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.engine.gguf import GGUFError, read_gguf_header

log = logging.getLogger(__name__)


class ModelSettingsDialog(QDialog):
    def __init__(self, settings, model_path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("modelSettingsDialog")
        self.setWindowTitle(self.tr("Model settings — {name}").format(name=Path(model_path).name))
        self.resize(640, 520)
        self.settings = settings
        self.model_path = str(model_path)
        override = settings.model_override(self.model_path)
        self._gguf_template, header_note = _read_template(self.model_path)

        self.context = QSpinBox(objectName="contextSize")
        self.context.setRange(0, 1_048_576)
        self.context.setSingleStep(1024)
        self.context.setSpecialValueText(
            self.tr("Automatic (training context, capped by free RAM)")
        )
        self.context.setValue(int(override.get("n_ctx") or 0))

        self.gpu_layers = QSpinBox(objectName="gpuLayers")
        self.gpu_layers.setRange(-2, 999)
        self.gpu_layers.setSpecialValueText(self.tr("Automatic"))
        # -2 stands for "automatic" in the box; -1 means all layers, as in llama.cpp.
        layers = override.get("n_gpu_layers")
        self.gpu_layers.setValue(-2 if layers is None else int(layers))
        self.gpu_layers.setToolTip(
            self.tr("-1 offloads every layer; 0 keeps the model on the CPU.")
        )

        self.kv_cache = QComboBox(objectName="kvCache")
        self.kv_cache.addItem(self.tr("f16 (llama.cpp's default)"), "f16")
        self.kv_cache.addItem(
            self.tr("q8_0: half the memory, and edits that repeat the text are drafted ahead"),
            "q8_0",
        )
        self.kv_cache.setCurrentIndex(max(self.kv_cache.findData(override.get("kv_cache")), 0))
        self.kv_cache.setToolTip(
            self.tr(
                "q8_0 lets the engine draft proofreads, rewrites and grading quotes from the "
                "text itself (the same output, checked); prompts are read about 20 % slower."
            )
        )

        self.template = QPlainTextEdit(objectName="templateOverride")
        self.template.setPlaceholderText(
            self.tr("Empty: use the model's own template (or ChatML when it has none).")
        )
        self.template.setPlainText(override.get("chat_template") or "")
        show = QPushButton(self.tr("Copy the model's own template here"), objectName="showTemplate")
        show.setEnabled(bool(self._gguf_template))
        show.clicked.connect(lambda: self.template.setPlainText(self._gguf_template or ""))

        form = QFormLayout()
        form.addRow(self.tr("Context size"), self.context)
        form.addRow(self.tr("GPU layers"), self.gpu_layers)
        form.addRow(self.tr("KV cache"), self.kv_cache)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.model_path, wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Chat template override (Jinja, rendered in a sandbox). {header_note}"
                ).format(header_note=header_note)
            )
        )
        layout.addWidget(self.template, 1)
        layout.addWidget(show)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict:
        layers = self.gpu_layers.value()
        return {
            "n_ctx": self.context.value() or None,
            "n_gpu_layers": None if layers == -2 else layers,
            "chat_template": self.template.toPlainText().strip() or None,
            "kv_cache": None if self.kv_cache.currentData() == "f16" else "q8_0",
        }

    def accept(self) -> None:
        self.settings.set_model_override(self.model_path, **self.values())
        super().accept()


def _read_template(path: str) -> tuple[str | None, str]:
    """The GGUF's own template (header only, fast) and a note for the label."""
    try:
        template = read_gguf_header(path).chat_template
    except (GGUFError, OSError) as exc:
        log.info("no template from %s: %s", path, exc)
        return None, "The model file could not be read."
    if template:
        return template, "The model has its own template."
    return None, "The model has no template: ChatML is used unless you give one."
