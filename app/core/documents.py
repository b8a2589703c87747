"""Open and save the writer's documents: .txt and .md in any common encoding, and .docx.

Text files come in many encodings. We read UTF-8 (with or without a BOM),
UTF-16 and UTF-32 with a BOM, and the Western single-byte encodings
(ISO-8859-1 / Windows-1252), and save back in the encoding and line endings we
found, so opening and saving a file never changes bytes the writer did not
touch. A file that is none of these (binary, or another encoding) gets a clear
error instead of mojibake.

.docx files are edited in place (see `app.core.writing.docx_text`): only the
paragraphs' text changes, so tables, images and formatting survive a save.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".text": "text"}
DOCX_SUFFIX = ".docx"
MAX_BYTES = 200 * 1024 * 1024  # beyond this an editor is not the right tool
# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = {
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
}
# Control characters that never occur in real text (tab, newlines, form feed and
# escape excepted); their presence means the bytes are not text in that encoding.
_BINARY_BYTES = bytes(range(0x00, 0x09)) + b"\x0b\x0e\x0f" + bytes(range(0x10, 0x1B))
_BINARY_BYTES += bytes(range(0x1C, 0x20)) + b"\x7f"
_C1 = re.compile("[\x80-\x9f]")


class DocumentError(Exception):
    """A document cannot be opened or saved; the message says why, in one line."""


class UnencodableText(DocumentError):
    """The text holds characters the file's encoding cannot store (save as UTF-8)."""


@dataclass
class Document:
    """An opened document: its text for the editor, and how to save it back."""

    path: Path | None
    text: str
    kind: str = "text"  # "text" | "markdown" | "docx"
    encoding: str = "utf-8"  # text files: the encoding found (saved back in it)
    bom: bool = False  # text files: the file started with a byte-order mark
    newline: str = "\n"  # text files: "\n", "\r\n" or "\r" (the text itself uses "\n")
    notes: list[str] = field(default_factory=list)  # for the user: what was kept, how
    source: bytes | None = None  # .docx: the original file, to save edits into

    @property
    def name(self) -> str:
        return self.path.name if self.path else "Untitled"


def kind_for(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == DOCX_SUFFIX:
        return "docx"
    return TEXT_SUFFIXES.get(suffix, "text")


# --------------------------------------------------------------------- reading
def open_document(path: str | Path) -> Document:
    """Read a .txt, .md or .docx file; raises DocumentError with a clear reason."""
    path = Path(path).expanduser()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if path.is_dir():
        raise DocumentError(f"{path}: is a folder, not a document")
    if size > MAX_BYTES:
        raise DocumentError(
            f"{path.name}: {size / 2**20:.0f} MB is too large to edit here "
            f"(the limit is {MAX_BYTES // 2**20} MB)"
        )
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise DocumentError(
            f"{path.name}: old Word .doc files cannot be opened; save it as .docx in Word first"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if suffix == DOCX_SUFFIX:
        from app.core.writing.docx_text import read_docx

        text, notes = read_docx(data, path.name)
        return Document(path, text, kind="docx", notes=notes, source=data)
    text, encoding, bom = decode_text(data, path.name)
    text, newline = normalize_newlines(text)
    return Document(path, text, kind=kind_for(path), encoding=encoding, bom=bom, newline=newline)


def decode_text(data: bytes, name: str = "the file") -> tuple[str, str, bool]:
    """(text, encoding, bom) for UTF-8/16/32 with a BOM, UTF-8, ISO-8859-1 or Windows-1252."""
    for encoding, bom in _BOMS.items():
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding, True
            except UnicodeDecodeError:
                label = encoding.upper()
                raise DocumentError(
                    f"{name}: starts like {label} but is not valid {label}"
                ) from None
    text, encoding = _decode_without_bom(data, name)
    return text, encoding, False


def _decode_without_bom(data: bytes, name: str) -> tuple[str, str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _looks_binary(data):
        return text, "utf-8"
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if text is not None or _looks_binary(data):
        raise _not_text(name)
    latin = data.decode("latin-1")
    if not _C1.search(latin):
        return latin, "latin-1"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise _not_text(name) from None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Text saved as UTF-16 without a BOM: mostly ASCII, so every other byte is zero."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros > half * 0.6:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            if not _looks_binary(text.encode("utf-8")):
                return text, encoding
    return None


def _looks_binary(data: bytes) -> bool:
    """True when control bytes show up: real text has almost none."""
    sample = data[:65536]
    if not sample:
        return False
    stray = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return stray > 0 and (b"\x00" in sample or stray > len(sample) // 1000)


def _not_text(name: str) -> DocumentError:
    return DocumentError(
        f"{name}: not a text file Quillmate can read (it is not UTF-8, UTF-16, "
        "Latin-1 or Windows-1252 text)"
    )


def normalize_newlines(text: str) -> tuple[str, str]:
    """The text with "\\n" line ends, and the line end the file used."""
    if "\r\n" in text:
        return text.replace("\r\n", "\n"), "\r\n"
    if "\r" in text:
        return text.replace("\r", "\n"), "\r"
    return text, "\n"


# --------------------------------------------------------------------- saving
def save_document(
    document: Document, text: str, path: str | Path | None = None, *, encoding: str | None = None
) -> list[str]:
    """Write `text` as `document` (or to `path`); returns notes for the user.

    Text files keep their encoding and line endings unless `encoding` is given;
    raises UnencodableText when the text cannot be stored in the file's
    encoding (offer to save as UTF-8). A .docx saved back to .docx keeps its
    tables, images and formatting; saving to a text format keeps the text only.
    The file is replaced atomically, so a failed save never leaves half a file.
    """
    target = Path(path).expanduser() if path is not None else document.path
    if target is None:
        raise DocumentError("choose where to save the document first")
    notes: list[str] = []
    if kind_for(target) == "docx":
        from app.core.writing.docx_text import write_docx

        data, notes = write_docx(document.source if document.kind == "docx" else None, text)
    else:
        if document.kind == "docx":
            notes.append(
                "Saved as plain text: the .docx formatting, tables and images are not kept "
                "in this file (the original .docx is unchanged)."
            )
        from_text = document.kind != "docx"
        chosen = encoding or (document.encoding if from_text else "utf-8")
        bom = document.bom if from_text and chosen == document.encoding else False
        data = encode_text(text, chosen, document.newline if from_text else "\n", bom=bom)
    _write_atomically(target, data)
    if document.kind == "docx" and kind_for(target) == "docx":
        document.source = data
    document.path, document.text = target, text
    if encoding and encoding != document.encoding:
        document.encoding, document.bom = encoding, False
    return notes


def encode_text(text: str, encoding: str, newline: str = "\n", *, bom: bool = False) -> bytes:
    if newline != "\n":
        text = text.replace("\n", newline)
    try:
        return (_BOMS.get(encoding, b"") if bom else b"") + text.encode(encoding)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end]
        raise UnencodableText(
            f"the text holds {bad!r}, which {encoding.upper()} cannot store: save it as UTF-8"
        ) from None


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.quillmate-tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DocumentError(f"{path}: cannot be saved ({exc.strerror or exc})") from None


def new_document(kind: str = "text") -> Document:
    """An empty, unsaved document."""
    return Document(path=None, text="", kind=kind)
