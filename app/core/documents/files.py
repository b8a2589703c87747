"""Open and save the writer's documents: .txt and .md in any common encoding, and .docx.

Text files are decoded by `text.decode_text` (the same decoder every mode
uses) and saved back in the encoding and line endings found, so opening and
saving never changes bytes the writer did not touch. .docx files are edited in
place (see `app.core.writing.docx_text`): only the paragraphs' text changes, so
tables, images and formatting survive a save. Reading goes through the same
limits as every other mode (`limits.Limits`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from app.core.documents.docx_file import read_docx
from app.core.documents.errors import DocumentError
from app.core.documents.limits import DEFAULT_LIMITS, Limits
from app.core.documents.reader import (
    DOCX_SUFFIX,
    TEXT_SUFFIXES,
    decode_text_file,
    read_file_bytes,
)
from app.core.documents.text import encode_text


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


def open_document(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a .txt, .md or .docx file (any other name is read as text); DocumentError if not."""
    path, data = read_file_bytes(path, limits)
    if path.suffix.lower() == DOCX_SUFFIX:
        text, notes = read_docx(data, path.name, limits)
        return Document(path, text, kind="docx", notes=notes, source=data)
    text, encoding, bom, newline = decode_text_file(data, path.name, limits)
    return Document(path, text, kind=kind_for(path), encoding=encoding, bom=bom, newline=newline)


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
        # Editing lives with the writing assistant; imported here to keep this
        # package below app.core.writing.
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
