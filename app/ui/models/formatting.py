"""How the Models page writes sizes, speeds, times, parameter counts and fit verdicts."""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.hub.fit import FITS, TIGHT, TOO_BIG
from app.hub.library import human_size
from app.ui import tasks

OFFLINE_MESSAGE = tasks.OFFLINE_MESSAGE  # the text of one_line(HubUnreachable)

VERDICT_TEXT = {FITS: "Fits", TIGHT: "Tight", TOO_BIG: "Too big"}
# Readable on light and dark themes alike.
VERDICT_COLOR = {FITS: QColor("#2e9d4f"), TIGHT: QColor("#d08a00"), TOO_BIG: QColor("#d23c3c")}


def size_text(n: int | None) -> str:
    return human_size(n) if n else "—"


def speed_text(bytes_per_second: float) -> str:
    return f"{human_size(bytes_per_second)}/s" if bytes_per_second > 0 else ""


def eta_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds} s left"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s left"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min left"


def params_text(n: int | None) -> str:
    if not n:
        return "—"
    for unit, scale in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f}{unit}".replace(".0", "")
    return str(n)
