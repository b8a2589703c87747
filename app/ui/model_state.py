"""Which model the modes work with: one answer for Chat, Write, Grade and Fine-tune.

The modes share one engine, so "the model" is the one loaded in it, or, before any
is loaded, the default model from the settings. Before this object each mode's
installer kept its own closure with that rule; now they all ask here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ModelState(QObject):
    ready = Signal(object)  # ModelInfo after a load, or the error line after a failure

    def __init__(self, services, controller, parent: QObject | None = None):
        super().__init__(parent)
        self._services = services
        self._controller = controller
        controller.model_loaded.connect(self.ready.emit)
        controller.model_load_failed.connect(self.ready.emit)

    def path(self) -> str | None:
        """The loaded model's file, else the default model's, else None."""
        info = self._services.engine.model_info
        if info is not None:
            return info.path
        return self._services.settings["default_model"] or None

    def is_loading(self) -> bool:
        return bool(self._controller.is_loading_model)

    def ensure_loaded(self) -> None:
        """On a worker thread: load the model if none is loaded yet (grading, tools)."""
        path = self.path()
        if path and self._services.engine.model_info is None:
            self._services.chat.load_model(path)


def shown_name(info) -> str:
    """The model as the user knows it: "SmolLM2 135M Instruct", not the GGUF's general.name
    ("Smollm2 135M 8k Lc100K Mix1 Ep2"); a server's model by the id it gives."""
    if info is None:
        return ""
    if getattr(info, "architecture", "") == "remote":
        return info.name
    from pathlib import Path

    from app.hub.modelfile import readable

    return readable(Path(info.path).stem) or info.name
