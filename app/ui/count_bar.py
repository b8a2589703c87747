"""A progress bar that counts ("3 of 20") only once there is something to count.

A plain QProgressBar with a "%v of %m" format reads "0 of 1" on a page where nothing
has started, which users take for a run of one. This one shows a plain sentence until
a run gives it a range.
"""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget


class CountBar(QProgressBar):
    def __init__(self, counted: str, idle: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._counted = counted
        self._idle = idle
        self.set_idle()

    def set_idle(self, text: str | None = None) -> None:
        """Nothing counted (yet): the bar empty, a sentence in place of numbers."""
        super().setRange(0, 1)
        self.setValue(0)
        self.setFormat(text or self._idle)

    def setRange(self, minimum: int, maximum: int) -> None:  # noqa: N802 - Qt's name
        super().setRange(minimum, maximum)
        self.setFormat(self._counted)
