"""Text out of homework files, through the one reader every mode uses.

Reading itself (encodings, .docx, .pdf, limits) is `app.core.documents`, so a
student's file reads exactly as it would in Write. What is grading's own is
the tighter `SUBMISSION_LIMITS` (one hostile file must not stall a class's
batch) and the hunt for text hidden from a human reader in a .docx.
"""

from __future__ import annotations

from pathlib import Path

from app.core.documents import (
    READABLE_SUFFIXES,
    SUBMISSION_LIMITS,
    TEXT_SUFFIXES,
    DocumentError,
    extract,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "TEXT_SUFFIXES",
    "DocumentError",
    "docx_hidden_text",
    "read_document",
    "read_submission",
]

SUPPORTED_SUFFIXES = READABLE_SUFFIXES


def read_document(path: str | Path) -> str:
    """The text of a submission (or a task, model answer, source) file; DocumentError if not."""
    return extract(path, SUBMISSION_LIMITS).text


def read_submission(path: str | Path) -> tuple[str, list[str]]:
    """(text, hidden): the file's text, and any .docx text formatted to be invisible."""
    extracted = extract(path, SUBMISSION_LIMITS)
    hidden = docx_hidden_text(extracted.docx) if extracted.docx is not None else []
    return extracted.text, hidden


def docx_hidden_text(document) -> list[str]:
    """Text in a python-docx Document a reader would not see: hidden, white, or tiny (< 3 pt).

    A classic way to slip instructions to an AI grader; the text is still graded
    (the model reads it), so it is reported for a flag.
    """
    from docx.shared import Pt, RGBColor

    found = []
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    for paragraph in paragraphs:
        for run in paragraph.runs:
            font = run.font
            color = font.color.rgb if font.color is not None and font.color.type else None
            if run.text.strip() and (
                font.hidden
                or color == RGBColor(0xFF, 0xFF, 0xFF)
                or (font.size is not None and font.size < Pt(3))
            ):
                found.append(run.text)
    return found
