"""The text of a .docx, and saving edited text back into it without losing the rest.

The editor sees the body's paragraphs, one per line; a manual line break inside
a paragraph is U+2028 (LINE SEPARATOR, which Qt's editor shows as a line break
within a paragraph) and a tab is "\\t". Tables, images, headers, footnotes and
formatting are not part of that text, so they must survive a save untouched:
instead of writing a new document, a save diffs old and new text paragraph by
paragraph and edits the `w:t` text elements of the changed paragraphs in place,
keeping every run's formatting and every non-text element where it was.
"""

from __future__ import annotations

import io
import logging
from copy import deepcopy
from dataclasses import dataclass
from difflib import SequenceMatcher

from app.core.writing.diff import compute_changes

log = logging.getLogger(__name__)

LINE_BREAK = "\u2028"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Elements whose inside is not paragraph text (an image's text box, a deleted
# run, a field's code): never descended into, never touched.
_OPAQUE = {
    _W + "drawing",
    _W + "pict",
    _W + "object",
    _MC + "AlternateContent",
    _W + "del",
    _W + "delText",
    _W + "instrText",
    _W + "pPr",
    _W + "rPr",
    _W + "footnoteReference",
    _W + "endnoteReference",
    _W + "commentReference",
    _W + "sym",
}
_KEEPS = (_W + "drawing", _W + "pict", _W + "object", _MC + "AlternateContent")


def _docx_error(name: str, exc: Exception):
    from app.core.documents import DocumentError

    return DocumentError(f"{name}: not a valid .docx file ({type(exc).__name__})")


def _open(data: bytes | None, name: str = "the document"):
    import docx

    try:
        return docx.Document(io.BytesIO(data) if data is not None else None)
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise _docx_error(name, exc) from None


@dataclass
class _Segment:
    kind: str  # "t" (editable text), "fixed" (tab, line break: one character), "other"
    element: object
    text: str
    start: int = 0


def _segments(paragraph) -> list[_Segment]:
    found: list[_Segment] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # comments, processing instructions
            if tag == _W + "t":
                found.append(_Segment("t", child, child.text or ""))
            elif tag == _W + "tab":
                found.append(_Segment("fixed", child, "\t"))
            elif tag in (_W + "br", _W + "cr"):
                if child.get(_W + "type") in ("page", "column"):
                    found.append(_Segment("other", child, ""))
                else:
                    found.append(_Segment("fixed", child, LINE_BREAK))
            elif tag == _W + "noBreakHyphen":
                found.append(_Segment("fixed", child, "-"))
            elif tag in _OPAQUE:
                if tag in _KEEPS:
                    found.append(_Segment("other", child, ""))
            else:
                walk(child)

    walk(paragraph)
    position = 0
    for segment in found:
        segment.start = position
        position += len(segment.text)
    return found


def paragraph_text(paragraph) -> str:
    return "".join(s.text for s in _segments(paragraph))


def _has_objects(paragraph) -> bool:
    return any(s.kind == "other" for s in _segments(paragraph))


def read_docx(data: bytes, name: str = "the document") -> tuple[str, list[str]]:
    """(text, notes): the body's paragraphs, one per line, and what else the file holds."""
    document = _open(data, name)
    body = document.element.body
    text = "\n".join(paragraph_text(p._p) for p in document.paragraphs)
    notes = []
    tables = len(body.findall(_W + "tbl"))
    images = len(list(body.iter(_W + "drawing"))) + len(list(body.iter(_W + "pict")))
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
    if any(True for _ in body.iter(_W + "ins")) or any(True for _ in body.iter(_W + "del")):
        notes.append(
            "This document has tracked changes: the editor shows the text as if they were "
            "accepted; Word's own marks stay in the file."
        )
    return text, notes


def write_docx(source: bytes | None, text: str) -> tuple[bytes, list[str]]:
    """The .docx bytes for `text`: `source` edited in place, or a new document."""
    notes: list[str] = []
    document = _open(source)
    lines = text.split("\n")
    if source is None:
        for line in lines:
            document.add_paragraph(line.replace(LINE_BREAK, "\n"))
    else:
        _update_paragraphs(document, lines, notes)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), notes


def _update_paragraphs(document, lines: list[str], notes: list[str]) -> None:
    paragraphs = [p._p for p in document.paragraphs]
    old = [paragraph_text(p) for p in paragraphs]
    kept_objects = 0
    matcher = SequenceMatcher(None, old, lines, autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        # Lines past the paired ones are new paragraphs, after the last paired one
        # (or before the next old paragraph when nothing is paired).
        extra = lines[j1 + paired : j2]
        if extra:
            if paired:
                anchor, after = paragraphs[i1 + paired - 1], True
            elif i1 < len(paragraphs):
                anchor, after = paragraphs[i1], False
            elif paragraphs:
                anchor, after = paragraphs[-1], True
            else:
                anchor = None
            for line in reversed(extra) if anchor is not None and after else extra:
                if anchor is None:
                    document.add_paragraph(line.replace(LINE_BREAK, "\n"))
                    continue
                new = _new_paragraph_like(anchor, line)
                if after:
                    anchor.addnext(new)
                else:
                    anchor.addprevious(new)
        for k in range(i1 + paired, i2):
            if _has_objects(paragraphs[k]):
                edit_paragraph(paragraphs[k], "")
                kept_objects += 1
            else:
                paragraphs[k].getparent().remove(paragraphs[k])
        for k in range(paired):
            edit_paragraph(paragraphs[i1 + k], lines[j1 + k])
    if kept_objects:
        notes.append(
            f"{kept_objects} deleted paragraph{'s' if kept_objects > 1 else ''} held an image "
            "or drawing: the text was removed but the image was kept."
        )


def _new_paragraph_like(model, text: str):
    """A paragraph with `model`'s paragraph style and first run's formatting."""
    new = deepcopy(model)
    for child in list(new):
        if child.tag != _W + "pPr":
            new.remove(child)
    first_run = model.find(_W + "r")
    run = new.makeelement(_W + "r", {})
    if first_run is not None and first_run.find(_W + "rPr") is not None:
        run.append(deepcopy(first_run.find(_W + "rPr")))
    t = run.makeelement(_W + "t", {})
    t.text = ""
    run.append(t)
    new.append(run)
    _write_segment_text(t, text)
    return new


def edit_paragraph(paragraph, new_text: str) -> None:
    """Make the paragraph's text `new_text`, changing only the text that differs."""
    segments = _segments(paragraph)
    old_text = "".join(s.text for s in segments)
    if old_text == new_text:
        return
    current = {id(s): s.text for s in segments if s.kind == "t"}
    removed: list[_Segment] = []
    for change in reversed(compute_changes(old_text, new_text)):
        _apply_change(paragraph, segments, current, removed, change.start, change.end, change.new)
    for segment in removed:
        parent = segment.element.getparent()
        if parent is not None:
            parent.remove(segment.element)
    for segment in segments:
        if segment.kind == "t" and current[id(segment)] != segment.text:
            _write_segment_text(segment.element, current[id(segment)])


def _apply_change(paragraph, segments, current, removed, start, end, new) -> None:
    # Delete old[start:end] from every segment it covers.
    for segment in segments:
        s0, s1 = segment.start, segment.start + len(segment.text)
        lo, hi = max(start, s0), min(end, s1)
        if lo >= hi:
            continue
        if segment.kind == "t":
            value = current[id(segment)]
            current[id(segment)] = value[: lo - s0] + value[hi - s0 :]
        elif segment.kind == "fixed":
            removed.append(segment)
    if not new:
        return
    anchor, offset = _anchor(segments, start)
    if anchor is None:
        run = paragraph.makeelement(_W + "r", {})
        t = run.makeelement(_W + "t", {})
        t.text = ""
        run.append(t)
        paragraph.append(run)
        anchor = _Segment("t", t, "", start)
        segments.append(anchor)
        current[id(anchor)] = ""
        offset = 0
    value = current[id(anchor)]
    current[id(anchor)] = value[:offset] + new + value[offset:]


def _anchor(segments, position):
    """The text segment to insert at `position`, and the offset inside it."""
    texts = [s for s in segments if s.kind == "t"]
    for segment in texts:
        if segment.start <= position < segment.start + len(segment.text):
            return segment, position - segment.start
    for segment in reversed(texts):
        if segment.start + len(segment.text) == position:
            return segment, position - segment.start
    for segment in texts:
        if segment.start >= position:
            return segment, 0
    if texts:
        last = texts[-1]
        return last, len(last.text)
    return None, 0


def _write_segment_text(t, value: str) -> None:
    """Set a w:t's text; tabs and line breaks become w:tab / w:br siblings in its run."""
    pieces, marks, current = [], [], ""
    for ch in value:
        if ch in ("\t", LINE_BREAK):
            pieces.append(current)
            marks.append(ch)
            current = ""
        else:
            current += ch
    pieces.append(current)
    _set_t(t, pieces[0])
    previous = t
    for mark, piece in zip(marks, pieces[1:], strict=True):
        element = t.makeelement(_W + ("tab" if mark == "\t" else "br"), {})
        previous.addnext(element)
        previous = element
        if piece:
            extra = t.makeelement(_W + "t", {})
            _set_t(extra, piece)
            previous.addnext(extra)
            previous = extra


def _set_t(t, value: str) -> None:
    t.text = value
    if value != value.strip():
        t.set(_XML_SPACE, "preserve")
