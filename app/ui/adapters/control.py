"""The one adapter switch of the window: which LoRA adapter the shared engine uses.

Chat, Write and Grade share one engine (and so one adapter), so the choice is made
once, here, and holds in every mode. It is remembered per base model in the settings
(`Settings.adapter_choice`), which is also what every model load reads: a model loaded
later, by any mode, comes up with its adapter already on. A change is saved at once and
applied to the engine on a worker thread (the engine may be busy with a reply; its lock
makes the switch wait for it). Quick changes (a strength slider being dragged)
supersede each other: only the last one reaches the engine. If the engine refuses an
adapter, the previous choice comes back, so a bad file can never stop the model from
loading next time.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from app.settings import AdapterChoice
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

THREAD_NAME = "adapter-worker"
POLL_MS = 1000  # another mode may load a model without telling the window


class AdapterControl(QObject):
    state_changed = Signal()  # the loaded model, its adapter or the list changed
    applied = Signal(object)  # AdapterChoice now in the engine
    failed = Signal(str)  # one line
    imported = Signal(object)  # Adapter added from a file

    def __init__(self, services, library, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services
        self.settings = services.settings
        self.engine = services.engine
        self.library = library
        self.runner = TaskRunner(self, thread_name=THREAD_NAME)
        self._seen_model: str | None = None
        self._applied: AdapterChoice | None = None  # last choice the engine confirmed
        self.pending = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.check_model)
        self._poll.start()

    # ---- reading --------------------------------------------------------------------
    def model_path(self) -> str | None:
        """The base model: the one loaded now, else the default one that will load."""
        info = self.engine.model_info
        return info.path if info is not None else (self.settings["default_model"] or None)

    def model_loaded(self) -> bool:
        return self.engine.model_info is not None

    def adapters(self):
        """Adapters that can go on the base model (registered for it, or that fit it)."""
        path = self.model_path()
        if not path or not Path(path).is_file():
            return []
        try:
            return self.library.adapters_for_model(path)
        except Exception as exc:  # the library's database may be locked or gone
            log.warning("listing adapters failed: %s", exc)
            return []

    def choice(self) -> AdapterChoice:
        path = self.model_path()
        return self.settings.adapter_choice(path) if path else AdapterChoice(None)

    def adapter_name(self, adapter_path: str | None) -> str:
        if not adapter_path:
            return ""
        known = self.library.find_adapter_by_path(adapter_path)
        return known.name if known is not None else Path(adapter_path).stem

    def status_text(self) -> str:
        """What the status bar says: the adapter on the model and its strength."""
        choice = self.choice()
        if not choice.path:
            return "No adapter"
        name = self.adapter_name(choice.path)
        if not choice.enabled:
            return f"Adapter {name}: off"
        return f"Adapter {name} × {choice.scale:.2f}"

    # ---- changing ---------------------------------------------------------------------
    def choose(self, adapter_path: str | None, *, scale: float = 1.0, enabled: bool = True) -> None:
        """Remember the adapter for the base model and switch the engine to it."""
        model = self.model_path()
        if not model:
            self.failed.emit(self.tr("Open a model first: adapters go on top of a model."))
            return
        before = self.settings.adapter_choice(model)
        self.settings.set_adapter_choice(model, adapter_path, scale=scale, enabled=enabled)
        choice = self.settings.adapter_choice(model)
        if not self.model_loaded():
            self.state_changed.emit()
            self.applied.emit(choice)  # the next load applies it (Settings.load_options)
            return
        if self._applied is None:
            self._applied = before  # what the model's load applied
        self._submit(model, choice)
        self.state_changed.emit()

    def _submit(self, model: str, choice: AdapterChoice, *, retry: bool = True) -> None:
        self.pending = True

        def work(_task):
            info = self.engine.model_info
            if info is None or info.path != model:
                return choice  # another model came meanwhile: its own load chose
            self.engine.set_adapter(choice.active_path, choice.scale)
            return choice

        self.runner.submit(
            work,
            done=self._on_applied,
            failed=lambda message: self._on_failed(model, message, retry),
            key="apply",
        )

    def import_file(self, path: str) -> None:
        """Copy an adapter .gguf into the library for the base model (off the GUI thread)."""
        model = self.model_path()

        def work(_task):
            return self.library.import_adapter(path, base_model_path=model)

        self.runner.submit(work, done=self._on_imported, failed=self._on_import_failed)

    def check_model(self) -> None:
        """Redraw when the loaded model changed (any mode may have loaded one)."""
        info = self.engine.model_info
        path = info.path if info is not None else None
        if path != self._seen_model:
            self._seen_model = path
            self._applied = None
            self.state_changed.emit()

    def shutdown(self) -> None:
        """Window close: join the worker, then close the library's connection."""
        self._poll.stop()
        self.runner.shutdown()
        self.library.close()

    # ---- results -------------------------------------------------------------------------
    def _on_applied(self, choice: AdapterChoice) -> None:
        self.pending = self.runner.busy("apply")
        self._applied = choice
        log.info("adapter now %s at %.2f", choice.active_path, choice.scale)
        self.applied.emit(choice)
        self.state_changed.emit()

    def _on_failed(self, model: str, message: str, retry: bool) -> None:
        """Go back to the last adapter that worked (or to none), in settings and engine."""
        self.pending = self.runner.busy("apply")
        previous = self._applied if retry and self._applied is not None else AdapterChoice(None)
        self.settings.set_adapter_choice(
            model, previous.path, scale=previous.scale, enabled=previous.enabled
        )
        self.failed.emit(
            self.tr("The adapter could not be switched on: {message}").format(message=message)
        )
        self.state_changed.emit()
        if self.model_loaded():
            # A refused file may have left the engine with no adapter: make it match.
            self._submit(model, self.settings.adapter_choice(model), retry=False)

    def _on_imported(self, adapter) -> None:
        self.imported.emit(adapter)
        self.state_changed.emit()

    def _on_import_failed(self, message: str) -> None:
        self.failed.emit(message)
