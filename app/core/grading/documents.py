"""Text out of homework files: .txt, .md, .docx (python-docx) and .pdf (pypdf).

Students hand in files from every editor on every system, so plain text is
decoded by evidence rather than assumed: a byte-order mark first (UTF-8, UTF-16,
UTF-32), then strict UTF-8, then UTF-16 without a BOM (recognised by its NUL
bytes), then Windows-1252, then Latin-1. A file with NUL bytes that is none of
those is not text, and the error says so instead of grading garbage.
"""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + (".docx", ".pdf")
MAX_FILE_BYTES = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DocumentError(Exception):
    """The file cannot be read as a submission; the message says why, in one line."""


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of a text file; return (text, encoding used). Raises DocumentError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DocumentError(
                    f"it starts with a {encoding} mark but is not {encoding}"
                ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = _utf16_without_bom(data)
    if guess:
        try:
            return data.decode(guess), guess
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise DocumentError("it is not a text file (it contains binary data)")
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly ASCII has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def read_document(path: str | Path) -> str:
    """The text of a submission file; raises DocumentError with a one-line reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"unsupported file type {suffix or '(none)'}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"cannot read it ({exc.strerror or exc})") from exc
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"it is too large ({size // (1024 * 1024)} MB)")
    if suffix == ".docx":
        return _read_docx(path)
    if suffix == ".pdf":
        return _read_pdf(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read it ({exc.strerror or exc})") from exc
    text, encoding = decode_text(data)
    if encoding != "utf-8":
        log.info("%s decoded as %s", path.name, encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_docx(path: Path) -> str:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise DocumentError("reading .docx needs python-docx (pip install python-docx)") from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for broken files
        raise DocumentError(f"not a readable .docx file ({type(exc).__name__})") from exc
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def docx_hidden_text(path: str | Path) -> list[str]:
    """Text in a .docx that a reader would not see: hidden, white, or tiny (< 3 pt).

    A classic way to slip instructions to an AI grader; the text is still graded
    (the model reads it), so it is reported for a flag.
    """
    import docx
    from docx.shared import Pt, RGBColor

    try:
        document = docx.Document(str(path))
    except Exception:
        return []
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


def _read_pdf(path: Path) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise DocumentError("reading .pdf needs pypdf (pip install pypdf)") from exc
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                raise DocumentError("the PDF is password-protected") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise DocumentError(f"not a readable PDF ({exc})") from exc
    return "\n\n".join(page.strip("\n") for page in pages)
