"""Read one file of a collection into units (pages, or the whole text) for passages.

The same readers and limits as every other mode (`app.core.documents`), plus what
Sources needs beyond them: the page of each PDF passage, .html pages, and text from
scanned PDF pages through tesseract when it is installed. Where it is not, the file
is still indexed for the pages that have text and the note says plainly that the
scanned pages were skipped and how to get them read.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from app.core.documents import DEFAULT_LIMITS, DocumentError, Limits
from app.core.documents.docx_file import docx_plain_text, open_docx
from app.core.documents.html_file import HTML_SUFFIXES, html_text
from app.core.documents.limits import Budget
from app.core.documents.pdf_file import read_pdf_pages
from app.core.documents.reader import (
    DOCX_SUFFIX,
    PDF_SUFFIX,
    TEXT_SUFFIXES,
    decode_text_file,
    read_file_bytes,
)
from app.core.sources.passages import Unit

log = logging.getLogger(__name__)

SOURCE_SUFFIXES = (*TEXT_SUFFIXES, DOCX_SUFFIX, PDF_SUFFIX, *HTML_SUFFIXES)
NO_OCR = (
    "{count} scanned page(s) have no text and were skipped: install tesseract-ocr "
    "(and tesseract-ocr-chi-sim for Chinese) to have them read"
)
OCR_SECONDS = 120


@dataclass
class Read:
    """A file's units and what the reader wants the user to know about it."""

    units: list[Unit]
    kind: str
    notes: list[str] = field(default_factory=list)


def read_source(path: Path, limits: Limits = DEFAULT_LIMITS) -> Read:
    """The units of one file; DocumentError (one line) when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in SOURCE_SUFFIXES:
        raise DocumentError(f"{path.name}: not a file type Sources reads ({suffix or 'none'})")
    path, data = read_file_bytes(path, limits)
    if suffix == PDF_SUFFIX:
        return _read_pdf(path, data, limits)
    if suffix == DOCX_SUFFIX:
        budget = Budget(path.name, limits)
        document = open_docx(data, path.name, limits, budget=budget)
        return Read([Unit(docx_plain_text(document, budget))], "docx")
    text, _encoding, _bom, _newline = decode_text_file(data, path.name, limits)
    if suffix in HTML_SUFFIXES:
        return Read([Unit(html_text(text, Budget(path.name, limits)))], "html")
    return Read([Unit(text)], TEXT_SUFFIXES[suffix])


def _read_pdf(path: Path, data: bytes, limits: Limits) -> Read:
    pages = read_pdf_pages(data, path.name, limits)
    empty = [number for number, text in enumerate(pages, start=1) if not text.strip()]
    notes: list[str] = []
    if empty:
        if shutil.which("tesseract"):
            done = _ocr_pages(data, empty, pages)
            if done < len(empty):
                notes.append(f"{len(empty) - done} page(s) had no text, even through OCR")
            elif done:
                notes.append(f"{done} scanned page(s) read through OCR")
        else:
            notes.append(NO_OCR.format(count=len(empty)))
    units = [Unit(text, number) for number, text in enumerate(pages, start=1) if text.strip()]
    return Read(units, "pdf", notes)


def _ocr_pages(data: bytes, numbers: list[int], pages: list[str]) -> int:
    """Read the images of the pages in `numbers` with tesseract; how many gave text."""
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    done = 0
    with tempfile.TemporaryDirectory(prefix="quillmate-ocr-") as folder:
        for number in numbers:
            texts = []
            for index, image in enumerate(reader.pages[number - 1].images):
                target = Path(folder) / f"p{number}-{index}{Path(image.name).suffix or '.png'}"
                target.write_bytes(image.data)
                texts.append(_tesseract(target))
            text = "\n\n".join(t for t in texts if t.strip())
            if text.strip():
                pages[number - 1] = text
                done += 1
    return done


def _tesseract(image: Path) -> str:
    languages = "eng+chi_sim" if _has_language("chi_sim") else "eng"
    try:
        out = subprocess.run(
            ["tesseract", str(image), "stdout", "-l", languages],
            capture_output=True,
            text=True,
            timeout=OCR_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("tesseract failed on %s: %s", image.name, exc)
        return ""
    return out.stdout if out.returncode == 0 else ""


def _has_language(code: str) -> bool:
    try:
        out = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return code in out.stdout.split()
