"""What the Fine-tune mode shows when the `[finetune]` extra is not installed.

Training needs torch, transformers and peft (hundreds of MB), which the rest of
the app never needs; so they are optional, and this panel says exactly what to
install instead of showing controls that could only fail.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.finetune.extras import INSTALL_HINT


def missing_text(missing: list[str]) -> str:
    return (
        "Fine-tuning needs a few more Python packages, which are not installed: "
        f"{', '.join(missing)}.\n\nInstall them with:\n\n{INSTALL_HINT}\n\n"
        "then restart Quillmate. Chat, writing and grading work without them."
    )


class MissingExtraPanel(QWidget):
    def __init__(self, missing: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("finetuneMissingExtra")
        self.missing = list(missing)
        title = QLabel(self.tr("<b>Fine-tuning is not installed</b>"), self)
        self.message = QLabel(missing_text(self.missing), self)
        self.message.setObjectName("missingMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.message, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
