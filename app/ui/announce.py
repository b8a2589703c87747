"""Polite announcements to screen readers: a reply is announced when it starts and ends.

A screen reader that read every streamed token would talk over itself hundreds of times
per reply; one that heard nothing would leave a blind user waiting in silence. So a
reply is announced twice, politely (after what the reader is saying): "Answering…",
then its first sentences once it is complete. Errors interrupt (assertive). Qt sends
the announcement to the platform's accessibility bridge (AT-SPI, UIA, NSAccessibility);
`recent` keeps the last few for the log and for tests.
"""

from __future__ import annotations

import logging
from collections import deque

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

SPOKEN_CHARS = 400  # of a finished reply: its start; the rest is read on request
recent: deque[tuple[str, str]] = deque(maxlen=20)  # (politeness, text)


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    text = " ".join(text.split())
    if len(text) > SPOKEN_CHARS:
        text = text[: SPOKEN_CHARS - 1].rstrip() + "…"
    politeness = (
        QAccessible.AnnouncementPoliteness.Assertive
        if assertive
        else QAccessible.AnnouncementPoliteness.Polite
    )
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(politeness)
    QAccessible.updateAccessibility(event)
    recent.append(("assertive" if assertive else "polite", text))
    log.debug("announced (%s): %s", recent[-1][0], text[:80])
