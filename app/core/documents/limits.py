"""How much work reading one document may cost, and the clock that enforces it.

A .docx is a zip file and a .pdf holds compressed streams: a few kilobytes on
disk can expand to gigabytes (a "zip bomb"), and a deeply nested or huge file
can keep the reader busy for minutes. Every mode that reads user documents
(Write, Grade, fine-tuning) reads them through `app.core.documents` with a
`Limits`, so a hostile file costs the same bounded work everywhere and ends in
one clear `LimitExceeded` line instead of a frozen window or an out-of-memory.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from app.core.documents.errors import LimitExceeded

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Caps for one document; the defaults suit an editor, `SUBMISSION_LIMITS` grading."""

    file_bytes: int = 200 * MIB  # the file on disk
    text_chars: int = 200_000_000  # the text we hand back (a 200 MB text file fits)
    seconds: float = 60.0  # wall-clock time for one document
    zip_entries: int = 10_000  # parts in a .docx
    unpacked_bytes: int = 512 * MIB  # all parts of a .docx once decompressed (images too)
    xml_bytes: int = 100 * MIB  # the XML parts of a .docx once decompressed
    pdf_pages: int = 5_000
    pdf_stream_bytes: int = 64 * MIB  # one decompressed PDF content stream


DEFAULT_LIMITS = Limits()
# Homework: one student's file. Smaller caps keep a class folder with one
# hostile or absurd file from stalling the whole batch.
SUBMISSION_LIMITS = Limits(
    file_bytes=20 * MIB,
    text_chars=5_000_000,
    seconds=30.0,
    unpacked_bytes=256 * MIB,
    xml_bytes=64 * MIB,
    pdf_pages=1_000,
    pdf_stream_bytes=32 * MIB,
)


def megabytes(count: int) -> str:
    """A byte count for a message: "20 MB", "12 KB" below a megabyte, "100 bytes" below that."""
    if count >= MIB:
        return f"{count / MIB:.0f} MB"
    if count >= 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count:,} bytes"


class Budget:
    """The time left for one document; `check()` raises once it is spent.

    Readers call it inside their loops (per zip chunk, per page, per thousand
    paragraphs), so the limit holds without a thread or a signal.
    """

    def __init__(self, name: str, limits: Limits):
        self.name = name
        self.limits = limits
        self._deadline = time.monotonic() + limits.seconds

    def check(self) -> None:
        if time.monotonic() > self._deadline:
            raise LimitExceeded(
                f"{self.name}: reading it took longer than the "
                f"{self.limits.seconds:g} s limit; the file is too large or too complex"
            )

    def check_text(self, length: int) -> None:
        """Raise when `length` characters of text are past the text limit."""
        if length > self.limits.text_chars:
            raise LimitExceeded(
                f"{self.name}: holds more than {self.limits.text_chars:,} characters "
                "of text, the limit for one document"
            )
