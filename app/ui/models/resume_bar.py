"""The question at start-up: continue the downloads the last session left unfinished?

Resuming unasked would start using the network (maybe a metered or a borrowed one) the
moment the app opens, so by default the app asks, once, above the downloads; "Don't ask
again" stores the answer in the settings ("resume_downloads": "always" or "never").
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class ResumeBar(QFrame):
    resume_chosen = Signal(bool)  # remember the answer
    hold_chosen = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("resumeDownloadsBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel("", objectName="resumeDownloadsText", wordWrap=True)
        self.remember = QCheckBox(self.tr("Don't ask again"), objectName="resumeRemember")
        self.resume_button = QPushButton(self.tr("Resume"), objectName="resumeLeftOver")
        self.hold_button = QPushButton(self.tr("Not now"), objectName="holdLeftOver")
        self.resume_button.clicked.connect(lambda: self._chosen(self.resume_chosen))
        self.hold_button.clicked.connect(lambda: self._chosen(self.hold_chosen))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.remember)
        layout.addWidget(self.resume_button)
        layout.addWidget(self.hold_button)
        self.hide()

    def ask(self, count: int) -> None:
        self.text.setText(
            self.tr("%n download(s) did not finish last time. Continue now?", "", count)
        )
        self.remember.setChecked(False)
        self.show()

    def _chosen(self, signal) -> None:
        self.hide()
        signal.emit(self.remember.isChecked())
