"""Remote servers: the OpenAI-compatible endpoints a conversation may be answered by.

The window's face of `quillmate endpoints`: save a server (name, URL, model, timeout,
a CA file), its API key kept in the OS keyring (never in settings.json), remove it,
and ask it for its models on a worker thread (a slow or dead server never freezes the
window). Saving does not send anything; a conversation's text goes to a server only
once the user picks it in that conversation's settings and confirms.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import endpoints
from app.ui.accessibility import name_widgets
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class EndpointsDialog(QDialog):
    changed = Signal()  # saved or removed: the chat settings list them again
    models_listed = Signal(list)

    def __init__(self, settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("endpointsDialog")
        self.setWindowTitle(self.tr("Remote servers"))
        self.resize(640, 480)
        self.settings = settings
        self._runner = TaskRunner(self, thread_name="quillmate-endpoints")
        self.list = QListWidget(self)
        self.list.setObjectName("endpointList")
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.name_edit = QLineEdit(self)
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText("http://gpu-box:8000/v1")
        self.model_edit = QLineEdit(self)
        self.model_edit.setPlaceholderText(self.tr("(the first model the server lists)"))
        self.key_edit = QLineEdit(self)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("kept in the OS keyring"))
        self.timeout_spin = QDoubleSpinBox(self)
        self.timeout_spin.setRange(5, 3600)
        self.timeout_spin.setValue(60)
        self.ca_edit = QLineEdit(self)
        self.ca_edit.setPlaceholderText(
            self.tr("a CA bundle, for a server with its own certificate")
        )
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("URL"), self.url_edit)
        form.addRow(self.tr("Model"), self.model_edit)
        form.addRow(self.tr("API key"), self.key_edit)
        form.addRow(self.tr("Timeout (s)"), self.timeout_spin)
        form.addRow(self.tr("CA file"), self.ca_edit)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.clicked.connect(lambda: self.save())
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(lambda: self.remove())
        self.models_button = QPushButton(self.tr("List its models"), self)
        self.models_button.clicked.connect(lambda: self.list_models())
        buttons = QHBoxLayout()
        for button in (self.save_button, self.remove_button, self.models_button):
            buttons.addWidget(button)
        self.status = QLabel(self)
        self.status.setObjectName("endpointStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Text sent to a server leaves this computer. Each conversation "
                           "chooses where it is answered, in its settings."), self)
        )  # fmt: skip
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.refresh()
        name_widgets(self)

    def refresh(self, select: str | None = None) -> None:
        self.list.clear()
        for name, entry in endpoints.saved(self.settings).items():
            item = QListWidgetItem(f"{name} — {entry['url']}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, name)
            if name == select:
                self.list.setCurrentItem(item)
        self.remove_button.setEnabled(self.list.currentItem() is not None)

    def _current(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _show_current(self) -> None:
        name = self._current()
        self.remove_button.setEnabled(name is not None)
        entry = endpoints.saved(self.settings).get(name or "")
        if not entry:
            return
        self.name_edit.setText(name)
        self.url_edit.setText(entry["url"])
        self.model_edit.setText(entry.get("model") or "")
        self.timeout_spin.setValue(float(entry.get("timeout") or 60))
        self.ca_edit.setText(entry.get("ca_file") or "")
        self.key_edit.clear()

    def save(self) -> bool:
        name = self.name_edit.text().strip()
        try:
            entry = endpoints.add(
                self.settings, name, self.url_edit.text().strip(),
                model=self.model_edit.text().strip() or None, timeout=self.timeout_spin.value(),
                ca_file=self.ca_edit.text().strip() or None,
            )  # fmt: skip
            key = self.key_edit.text().strip()
            if key:
                endpoints.store_api_key(name, key)
                self.key_edit.clear()
        except endpoints.EndpointError as exc:
            self.status.setText(str(exc))
            return False
        self.status.setText(self.tr("Saved {name}: {url}").format(name=name, url=entry["url"]))
        self.refresh(select=name)
        self.changed.emit()
        return True

    def remove(self) -> bool:
        name = self._current()
        if name is None:
            return False
        endpoints.remove(self.settings, name)
        self.status.setText(self.tr("Removed {name}.").format(name=name))
        self.refresh()
        self.changed.emit()
        return True

    def list_models(self) -> None:
        name = self._current() or self.name_edit.text().strip()
        if not name:
            return
        self.status.setText(self.tr("Asking {name} for its models…").format(name=name))

        def ask(_task):
            engine = endpoints.engine_for(self.settings, name)
            try:
                return engine.list_models()
            finally:
                engine.close()

        self._runner.submit(ask, done=self._show_models, failed=self.status.setText)

    def _show_models(self, models: list) -> None:
        self.status.setText(
            self.tr("Models: {models}").format(models=", ".join(models) or self.tr("none"))
        )
        self.models_listed.emit(list(models))

    def done(self, result: int) -> None:
        self._runner.shutdown()
        super().done(result)
