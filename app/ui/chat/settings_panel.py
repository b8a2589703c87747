"""Per-conversation settings: system prompt, model and sampling.

The sampling fields show the conversation's own values over the app defaults
(settings["sampling"]). Only the fields the user changes are stored in the
conversation (update_conversation(settings=…)), so a changed app default still
reaches every field a conversation never overrode. "Reset" drops the overrides.

With no conversation yet (a new chat before its first message) the panel keeps
its values as a draft that `draft()` hands to the conversation when it is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core import backends, endpoints
from app.core.backends import ENDPOINT_KEY
from app.core.sources.chat_turn import META_KEY as SOURCES_KEY
from app.hub.modelfile import readable
from app.settings import DEFAULT_SAMPLING

SAVE_DELAY_MS = 400

# key: (label, widget kind, minimum, maximum, step, decimals, tooltip)
FIELDS: dict[str, tuple] = {
    "temperature": (
        "Temperature",
        "float",
        0.0,
        2.0,
        0.05,
        2,
        "0 is deterministic; higher is more varied.",
    ),
    "top_p": (
        "Top-p",
        "float",
        0.0,
        1.0,
        0.01,
        2,
        "Sample from the smallest set of tokens with this total probability.",
    ),
    "top_k": ("Top-k", "int", 0, 1000, 1, 0, "Sample from the k most likely tokens (0: all)."),
    "repeat_penalty": (
        "Repeat penalty",
        "float",
        0.5,
        2.0,
        0.01,
        2,
        "Above 1 discourages repeating recent tokens.",
    ),
    "max_tokens": ("Max tokens", "int", 1, 131072, 16, 0, "The longest reply, in tokens."),
    "seed": ("Seed", "int", -1, 2**31 - 1, 1, 0, "-1: a new random seed for every reply."),
}
OBJECT_NAMES = {
    "temperature": "temperatureSpin",
    "top_p": "topPSpin",
    "top_k": "topKSpin",
    "repeat_penalty": "repeatPenaltySpin",
    "max_tokens": "maxTokensSpin",
    "seed": "seedSpin",
}


def ask_send_remote(parent, question: str) -> bool:
    """The one-time question before a conversation's text goes to a server (tests patch it)."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("SettingsPanel", "Send to a server"),
        question,
        buttons,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class SettingsPanel(QScrollArea):
    model_changed = Signal(str)  # "" means the app default
    manage_sources = Signal()  # "Manage…" next to the collection choice
    backend_changed = Signal(str)  # an endpoint's name, "" for this computer
    backend_shown = Signal(str)  # the same, whenever a conversation is shown
    settings_saved = Signal(int)  # conversation id

    def __init__(self, settings, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsPanel")
        self.setWidgetResizable(True)
        self.setMinimumWidth(240)
        self._settings = settings
        self._store = store
        self._cid: int | None = None
        self._loading = False
        self._overrides: dict[str, Any] = {}
        self._extra: dict[str, Any] = {}  # keys of conversation.settings this panel does not edit
        self._draft_prompt: str | None = None

        body = QWidget(self)
        self.setWidget(body)
        layout = QVBoxLayout(body)
        title = QLabel(self.tr("<b>Conversation settings</b>"), body)
        layout.addWidget(title)

        layout.addWidget(QLabel(self.tr("System prompt"), body))
        self.system_prompt = QPlainTextEdit(body)
        self.system_prompt.setObjectName("systemPromptEdit")
        self.system_prompt.setPlaceholderText(self.tr("How the assistant should behave"))
        self.system_prompt.setFixedHeight(110)
        self.system_prompt.textChanged.connect(self._on_prompt_changed)
        layout.addWidget(self.system_prompt)

        layout.addWidget(QLabel(self.tr("Model"), body))
        self.model_path = QLineEdit(body)
        self.model_path.setObjectName("modelPathEdit")
        self.model_path.editingFinished.connect(self._on_model_edited)
        browse = QToolButton(body)
        browse.setObjectName("browseModelButton")
        browse.setText("…")
        browse.setToolTip(self.tr("Choose a .gguf file for this conversation"))
        browse.clicked.connect(self._browse_model)
        row = QHBoxLayout()
        row.addWidget(self.model_path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.model_name = QLabel(body)
        self.model_name.setObjectName("modelNameLabel")
        layout.addWidget(self.model_name)

        layout.addWidget(QLabel(self.tr("Answered by"), body))
        self.backend_combo = QComboBox(body)
        self.backend_combo.setObjectName("backendCombo")
        self.backend_combo.setToolTip(
            self.tr("This computer, or a server you saved (the text is then sent there)")
        )
        self.backend_combo.currentIndexChanged.connect(self._on_backend_chosen)
        layout.addWidget(self.backend_combo)
        self.remote_badge = QLabel(body)
        self.remote_badge.setObjectName("remoteBadge")
        self.remote_badge.setWordWrap(True)
        self.remote_badge.setStyleSheet("color: #b45309; font-weight: bold")
        self.remote_badge.hide()
        layout.addWidget(self.remote_badge)

        layout.addWidget(QLabel(self.tr("Answer from sources"), body))
        self.sources_combo = QComboBox(body)
        self.sources_combo.setObjectName("sourcesCombo")
        self.sources_combo.setToolTip(
            self.tr("Answers come from this collection of your files, with checked citations")
        )
        self.sources_combo.currentIndexChanged.connect(self._on_sources_chosen)
        manage = QToolButton(body)
        manage.setObjectName("manageSourcesButton")
        manage.setText(self.tr("Manage…"))
        manage.clicked.connect(self.manage_sources.emit)
        sources_row = QHBoxLayout()
        sources_row.addWidget(self.sources_combo, 1)
        sources_row.addWidget(manage)
        layout.addLayout(sources_row)
        self._collections: list[str] = []

        form = QFormLayout()
        self.spins: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for key, (label, kind, lo, hi, step, decimals, tip) in FIELDS.items():
            spin = QDoubleSpinBox(body) if kind == "float" else QSpinBox(body)
            if kind == "float":
                spin.setDecimals(decimals)
            spin.setRange(lo, hi)
            spin.setSingleStep(step)
            spin.setToolTip(tip)
            spin.setObjectName(OBJECT_NAMES[key])
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(lambda value, k=key: self._on_spin_changed(k, value))
            self.spins[key] = spin
            form.addRow(label, spin)
        layout.addLayout(form)
        self.reset_button = QPushButton(self.tr("Reset to defaults"), body)
        self.reset_button.setObjectName("resetSamplingButton")
        self.reset_button.clicked.connect(self.reset_sampling)
        layout.addWidget(self.reset_button)
        layout.addStretch(1)

        self._prompt_timer = QTimer(self)
        self._prompt_timer.setSingleShot(True)
        self._prompt_timer.setInterval(SAVE_DELAY_MS)
        self._prompt_timer.timeout.connect(self.commit)
        self.set_conversation(None)

    # ---- reading -------------------------------------------------------------
    @property
    def conversation_id(self) -> int | None:
        return self._cid

    def defaults(self) -> dict[str, Any]:
        return {**DEFAULT_SAMPLING, **(self._settings["sampling"] or {})}

    def sampling(self) -> dict[str, Any]:
        """What the next reply uses: the defaults with this conversation's overrides."""
        return {**self.defaults(), **self._overrides}

    def overrides(self) -> dict[str, Any]:
        return dict(self._overrides)

    def draft(self) -> dict[str, Any]:
        """Keyword arguments for store.create_conversation (a new chat's settings)."""
        return {
            "system_prompt": self.system_prompt.toPlainText(),
            "model": self.model_path.text().strip() or None,
            "settings": dict(self._overrides),
        }

    # ---- showing -------------------------------------------------------------
    def set_conversation(self, conversation) -> None:
        """Show `conversation`'s settings (None: a new chat's draft)."""
        self.commit()
        self._loading = True
        try:
            if conversation is None:
                self._cid = None
                self._overrides = {}
                self._extra = {}
                self.system_prompt.setPlainText(self._settings["system_prompt"] or "")
                self.model_path.setText("")
            else:
                self._cid = conversation.id
                stored = dict(conversation.settings or {})
                self._overrides = {k: v for k, v in stored.items() if k in FIELDS}
                self._extra = {k: v for k, v in stored.items() if k not in FIELDS}
                self.system_prompt.setPlainText(conversation.system_prompt or "")
                self.model_path.setText(conversation.model or "")
            self._show_model_placeholder()
            self._show_sources()
            self._show_backend()
            values = self.sampling()
            for key, spin in self.spins.items():
                spin.setValue(values.get(key, DEFAULT_SAMPLING.get(key, 0)))
        finally:
            self._loading = False

    def _show_model_placeholder(self) -> None:
        """The model by its readable name; the path (often cut off) in the tooltip."""
        default = self._settings["default_model"]
        chosen = self.model_path.text().strip()
        self.model_path.setPlaceholderText(
            self.tr("Default: {name}").format(name=readable(Path(default).stem))
            if default
            else self.tr("No default model chosen")
        )
        shown = chosen or default
        self.model_path.setToolTip(shown or "")
        self.model_path.setCursorPosition(0)
        self.model_name.setText(
            (readable(Path(shown).stem) + ("" if chosen else self.tr(" (the default)")))
            if shown
            else ""
        )

    # ---- editing -------------------------------------------------------------
    def set_value(self, key: str, value) -> None:
        """Set one sampling field as the user would (saved at once)."""
        self.spins[key].setValue(value)

    def reset_sampling(self) -> None:
        self._overrides = {}
        self._loading = True
        try:
            for key, value in self.defaults().items():
                if key in self.spins:
                    self.spins[key].setValue(value)
        finally:
            self._loading = False
        self._save_sampling()

    def _on_spin_changed(self, key: str, value) -> None:
        if self._loading:
            return
        self._overrides[key] = int(value) if FIELDS[key][1] == "int" else float(value)
        self._save_sampling()

    # ---- backend -------------------------------------------------------------
    def attached_endpoint(self) -> str | None:
        return self._extra.get(ENDPOINT_KEY)

    def refresh_backends(self) -> None:
        """List the saved servers again (the Remote servers dialog changed them)."""
        self._show_backend()

    def _show_backend(self) -> None:
        loading, self._loading = self._loading, True
        try:
            saved = endpoints.saved(self._settings)
            attached = self.attached_endpoint()
            self.backend_combo.clear()
            self.backend_combo.addItem(self.tr("This computer"), None)
            for name, entry in saved.items():
                self.backend_combo.addItem(f"{name} — {entry['url']}", name)
            if attached and attached not in saved:
                self.backend_combo.addItem(
                    self.tr("{name} (removed)").format(name=attached), attached
                )
            self.backend_combo.setCurrentIndex(max(self.backend_combo.findData(attached), 0))
            self.backend_combo.setEnabled(self._cid is not None)
        finally:
            self._loading = loading
        self._show_badge()
        self.backend_shown.emit(self.attached_endpoint() or "")

    def _show_badge(self) -> None:
        name = self.attached_endpoint()
        entry = endpoints.saved(self._settings).get(name or "", {})
        if name:
            url = entry.get("url", "?")
            self.remote_badge.setText(
                self.tr("Sent to {name} ({url}): this conversation leaves your computer").format(
                    name=name, url=url
                )
            )
        self.remote_badge.setVisible(bool(name))
        self.model_path.setEnabled(not name)

    def _on_backend_chosen(self, _index: int) -> None:
        if self._loading or self._cid is None:
            return
        name = self.backend_combo.currentData()
        if name and not backends.confirmed(self._settings, name):
            url = endpoints.saved(self._settings).get(name, {}).get("url", "?")
            question = self.tr(
                "The text of this conversation will be sent to {url} to be answered. Send it there?"
            ).format(url=url)
            if not ask_send_remote(self, question):
                self._show_backend()  # back to what it was
                return
            backends.confirm(self._settings, name)
        if name:
            self._extra[ENDPOINT_KEY] = name
        else:
            self._extra.pop(ENDPOINT_KEY, None)
        self._save_sampling()
        self._show_badge()
        self.backend_changed.emit(name or "")
        self.backend_shown.emit(name or "")

    # ---- sources -------------------------------------------------------------
    def set_collections(self, names: list[str]) -> None:
        """The collections a conversation can answer from (the Sources panel's list)."""
        self._collections = list(names)
        self._show_sources()

    def attached_collection(self) -> str | None:
        return self._extra.get(SOURCES_KEY)

    def _show_sources(self) -> None:
        loading, self._loading = self._loading, True
        try:
            attached = self.attached_collection()
            self.sources_combo.clear()
            self.sources_combo.addItem(self.tr("None: the model alone"), None)
            for name in self._collections:
                self.sources_combo.addItem(name, name)
            if attached and attached not in self._collections:
                # Removed since: shown, so a reply that fails for it is understood.
                self.sources_combo.addItem(
                    self.tr("{name} (removed)").format(name=attached), attached
                )
            self.sources_combo.setCurrentIndex(max(self.sources_combo.findData(attached), 0))
            self.sources_combo.setEnabled(self._cid is not None)
        finally:
            self._loading = loading

    def _on_sources_chosen(self, _index: int) -> None:
        if self._loading or self._cid is None:
            return
        name = self.sources_combo.currentData()
        if name:
            self._extra[SOURCES_KEY] = name
        else:
            self._extra.pop(SOURCES_KEY, None)
        self._save_sampling()

    def _save_sampling(self) -> None:
        if self._cid is None:
            return
        stored = {**self._extra, **self._overrides}
        self._store.update_conversation(self._cid, settings=stored)
        self.settings_saved.emit(self._cid)

    def _on_prompt_changed(self) -> None:
        if not self._loading:
            self._draft_prompt = self.system_prompt.toPlainText()
            self._prompt_timer.start()

    def commit(self) -> None:
        """Save a system prompt still waiting for its debounce (before a send)."""
        self._prompt_timer.stop()
        if self._draft_prompt is None:
            return
        prompt, self._draft_prompt = self._draft_prompt, None
        if self._cid is not None:
            self._store.update_conversation(self._cid, system_prompt=prompt)
            self.settings_saved.emit(self._cid)

    def _on_model_edited(self) -> None:
        if self._loading:
            return
        path = self.model_path.text().strip()
        self._show_model_placeholder()
        if self._cid is not None:
            conv = self._store.get_conversation(self._cid)
            if (conv.model or "") == path:
                return
            self._store.update_conversation(self._cid, model=path)
            self.settings_saved.emit(self._cid)
        self.model_changed.emit(path)

    def set_model(self, path: str) -> None:
        self.model_path.setText(path)
        self._on_model_edited()

    def _browse_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a model for this conversation"),
            "",
            self.tr("GGUF models (*.gguf);;All files (*)"),
        )
        if path:
            self.set_model(path)
