"""The text of a .docx: opened once, safely, and walked without recursion.

`open_docx` is the only place a user's .docx reaches python-docx: the zip is
checked first (`docx_package`), so a zip bomb ends in one clear error. The text
of a paragraph comes from `segments`, which walks the paragraph's XML with an
explicit stack: Word nests content controls, smart tags, fields and tracked
changes inside one another, and no nesting may hit Python's recursion limit.
libxml2 itself refuses XML deeper than 256 levels; that refusal becomes a
`LimitExceeded` naming the limit rather than "not a valid .docx". Write edits the same segments in place
(`app.core.writing.docx_text`), so reading and saving agree on what the text is.

The editor sees the body's paragraphs, one per line; a manual line break inside
a paragraph is U+2028 (LINE SEPARATOR, which Qt's editor shows as a line break
within a paragraph) and a tab is "\\t".
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from app.core.documents.docx_package import check_docx_package
from app.core.documents.errors import DocumentError, LimitExceeded
from app.core.documents.limits import DEFAULT_LIMITS, Budget, Limits

log = logging.getLogger(__name__)

LINE_BREAK = "\u2028"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Elements whose inside is not paragraph text (an image's text box, a deleted
# run, a field's code): never descended into, never touched.
_OPAQUE = {
    W + "drawing",
    W + "pict",
    W + "object",
    _MC + "AlternateContent",
    W + "del",
    W + "delText",
    W + "instrText",
    W + "pPr",
    W + "rPr",
    W + "footnoteReference",
    W + "endnoteReference",
    W + "commentReference",
    W + "sym",
}
KEEPS = (W + "drawing", W + "pict", W + "object", _MC + "AlternateContent")
_CHECK_EVERY = 1000  # paragraphs between two looks at the clock
# libxml2 (under lxml, under python-docx) refuses XML nested deeper than 256
# elements; its message is turned into one that names the limit.
_EXCESSIVE_DEPTH = re.compile(r"Excessive depth in document: (\d+)")


def open_docx(
    data: bytes,
    name: str = "the document",
    limits: Limits = DEFAULT_LIMITS,
    *,
    budget: Budget | None = None,
):
    """A python-docx Document for `data`, after the zip-bomb check; DocumentError if not."""
    import docx

    budget = budget or Budget(name, limits)
    check_docx_package(data, budget)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged file
        depth = _EXCESSIVE_DEPTH.search(str(exc))
        if depth:
            raise LimitExceeded(
                f"{name}: its XML is nested more than {depth.group(1)} levels deep, "
                "the limit for a .docx"
            ) from None
        raise DocumentError(f"{name}: not a valid .docx file ({type(exc).__name__})") from None


@dataclass
class Segment:
    """One piece of a paragraph's text and the XML element it comes from (to edit in place)."""

    kind: str  # "t" (editable text), "fixed" (tab, line break: one character), "other"
    element: object
    text: str
    start: int = 0


def segments(paragraph) -> list[Segment]:
    """The paragraph's text pieces in document order, found with an explicit stack.

    Not recursive: lxml happily holds trees deeper than Python's recursion
    limit (one built in code, or parsed by a libxml2 without a depth cap).
    """
    found: list[Segment] = []
    stack = [iter(paragraph)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if not isinstance(tag, str):
            continue  # comments, processing instructions
        if tag == W + "t":
            found.append(Segment("t", child, child.text or ""))
        elif tag == W + "tab":
            found.append(Segment("fixed", child, "\t"))
        elif tag in (W + "br", W + "cr"):
            if child.get(W + "type") in ("page", "column"):
                found.append(Segment("other", child, ""))
            else:
                found.append(Segment("fixed", child, LINE_BREAK))
        elif tag == W + "noBreakHyphen":
            found.append(Segment("fixed", child, "-"))
        elif tag in _OPAQUE:
            if tag in KEEPS:
                found.append(Segment("other", child, ""))
        elif len(child):
            stack.append(iter(child))
    position = 0
    for segment in found:
        segment.start = position
        position += len(segment.text)
    return found


def paragraph_text(paragraph) -> str:
    return "".join(s.text for s in segments(paragraph))


def _paragraphs_text(paragraphs, budget: Budget, total: int = 0) -> list[str]:
    lines = []
    for index, paragraph in enumerate(paragraphs):
        if index % _CHECK_EVERY == 0:
            budget.check()
        line = paragraph_text(paragraph)
        total += len(line) + 1
        budget.check_text(total)
        lines.append(line)
    return lines


def read_docx(
    data: bytes, name: str = "the document", limits: Limits = DEFAULT_LIMITS
) -> tuple[str, list[str]]:
    """(text, notes) for the editor: the body's paragraphs, one per line, and what else it holds."""
    budget = Budget(name, limits)
    document = open_docx(data, name, limits, budget=budget)
    body = document.element.body
    text = "\n".join(_paragraphs_text((p._p for p in document.paragraphs), budget))
    return text, _notes(body)


def _notes(body) -> list[str]:
    notes = []
    tables = len(body.findall(W + "tbl"))
    images = len(list(body.iter(W + "drawing"))) + len(list(body.iter(W + "pict")))
    kept = []
    if tables:
        kept.append(f"{tables} table{'s' if tables > 1 else ''}")
    if images:
        kept.append(
            f"{images} image{'s' if images > 1 else ''} or drawing{'s' if images > 1 else ''}"
        )
    if kept:
        notes.append(
            f"This document has {' and '.join(kept)}: they are kept as they are when you "
            "save it as .docx, but their text is not in the editor."
        )
    if any(True for _ in body.iter(W + "ins")) or any(True for _ in body.iter(W + "del")):
        notes.append(
            "This document has tracked changes: the editor shows the text as if they were "
            "accepted; Word's own marks stay in the file."
        )
    return notes


def docx_plain_text(document, budget: Budget) -> str:
    """All the text a reader sees: body paragraphs, then each table row as tab-joined cells.

    For grading and other read-only uses: line breaks inside a paragraph are
    plain newlines here, since nothing is saved back.
    """
    lines = _paragraphs_text((p._p for p in document.paragraphs), budget)
    total = sum(len(line) + 1 for line in lines)
    for table in document.tables:
        for row in table.rows:
            budget.check()
            cells = [
                "\n".join(_paragraphs_text((p._p for p in cell.paragraphs), budget, total))
                for cell in row.cells
            ]
            line = "\t".join(cells)
            total += len(line) + 1
            budget.check_text(total)
            lines.append(line)
    return "\n".join(lines).replace(LINE_BREAK, "\n")
