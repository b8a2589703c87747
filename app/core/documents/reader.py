"""Read a user's document from disk, whatever the mode: the checks every mode shares.

Write, Grade, the materials generator and the fine-tuning datasets all come
here (or to `files.open_document`, which uses the same pieces), so a file gets
the same encoding, the same limits and the same one-line errors everywhere.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from app.core.documents.docx_file import docx_plain_text, open_docx
from app.core.documents.errors import DocumentError, LimitExceeded
from app.core.documents.limits import DEFAULT_LIMITS, Budget, Limits, megabytes
from app.core.documents.pdf_file import read_pdf
from app.core.documents.text import decode_text, normalize_newlines

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".text": "text"}
DOCX_SUFFIX = ".docx"
PDF_SUFFIX = ".pdf"
READABLE_SUFFIXES = (*TEXT_SUFFIXES, DOCX_SUFFIX, PDF_SUFFIX)


@dataclass
class Extracted:
    """The plain text of a document, and what it was read from."""

    text: str
    kind: str  # "text" | "markdown" | "docx" | "pdf"
    encoding: str = ""  # text files: the encoding found
    docx: object | None = None  # .docx: the python-docx Document, for callers that look further


def read_file_bytes(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> tuple[Path, bytes]:
    """(path, bytes) of a document, or DocumentError naming the file and what is wrong."""
    path = Path(path).expanduser()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if path.is_dir():
        raise DocumentError(f"{path}: is a folder, not a document")
    if size > limits.file_bytes:
        raise LimitExceeded(
            f"{path.name}: {megabytes(size)} is too large to read here "
            f"(the limit is {megabytes(limits.file_bytes)})"
        )
    if path.suffix.lower() == ".doc":
        raise DocumentError(
            f"{path.name}: old Word .doc files cannot be opened; save it as .docx in Word first"
        )
    try:
        return path, path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def decode_text_file(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS):
    """(text with "\\n" line ends, encoding, bom, newline) of a text file's bytes."""
    text, encoding, bom = decode_text(data, name)
    Budget(name, limits).check_text(len(text))
    text, newline = normalize_newlines(text)
    if encoding != "utf-8":
        log.info("%s decoded as %s", name, encoding)
    return text, encoding, bom, newline


def extract(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    """The plain text of a .txt, .md, .docx or .pdf file; DocumentError for anything else."""
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix not in READABLE_SUFFIXES and suffix != ".doc":
        shown = suffix or "(none)"
        raise DocumentError(
            f"{path.name}: unsupported file type {shown} (Quillmate reads .txt, .md, .docx, .pdf)"
        )
    path, data = read_file_bytes(path, limits)
    if suffix == DOCX_SUFFIX:
        budget = Budget(path.name, limits)
        document = open_docx(data, path.name, limits, budget=budget)
        return Extracted(docx_plain_text(document, budget), "docx", docx=document)
    if suffix == PDF_SUFFIX:
        return Extracted(read_pdf(data, path.name, limits), "pdf")
    text, encoding, _bom, _newline = decode_text_file(data, path.name, limits)
    return Extracted(text, TEXT_SUFFIXES[suffix], encoding)


def read_text(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The plain text of a .txt, .md, .docx or .pdf file (see `extract`)."""
    return extract(path, limits).text
