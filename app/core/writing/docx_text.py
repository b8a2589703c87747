"""Saving edited text back into a .docx without losing the rest.

Reading is `app.core.documents` (the same safe reader every mode uses); the
editor sees the body's paragraphs, one per line (U+2028 for a manual line break,
"\\t" for a tab). Tables, images, headers, footnotes and formatting are not part
of that text, so they must survive a save untouched: instead of writing a new
document, a save diffs old and new text paragraph by paragraph and edits the
`w:t` text elements of the changed paragraphs in place, keeping every run's
formatting and every non-text element where it was. The paragraph's pieces come
from `app.core.documents.docx_file.segments`, so reading and saving agree.
"""

from __future__ import annotations

import io
import logging
from copy import deepcopy
from difflib import SequenceMatcher

from app.core.documents.docx_file import (
    LINE_BREAK,
    Segment,
    W,
    open_docx,
    paragraph_text,
    segments,
)
from app.core.writing.diff import compute_changes

log = logging.getLogger(__name__)

__all__ = ["LINE_BREAK", "edit_paragraph", "paragraph_text", "write_docx"]

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _open(source: bytes | None):
    """python-docx's Document for `source` (through the safe reader), or a new one."""
    if source is None:
        import docx

        return docx.Document()
    return open_docx(source)


def _has_objects(paragraph) -> bool:
    return any(s.kind == "other" for s in segments(paragraph))


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
        if child.tag != W + "pPr":
            new.remove(child)
    first_run = model.find(W + "r")
    run = new.makeelement(W + "r", {})
    if first_run is not None and first_run.find(W + "rPr") is not None:
        run.append(deepcopy(first_run.find(W + "rPr")))
    t = run.makeelement(W + "t", {})
    t.text = ""
    run.append(t)
    new.append(run)
    _write_segment_text(t, text)
    return new


def edit_paragraph(paragraph, new_text: str) -> None:
    """Make the paragraph's text `new_text`, changing only the text that differs."""
    pieces = segments(paragraph)
    old_text = "".join(s.text for s in pieces)
    if old_text == new_text:
        return
    current = {id(s): s.text for s in pieces if s.kind == "t"}
    removed: list[Segment] = []
    for change in reversed(compute_changes(old_text, new_text)):
        _apply_change(paragraph, pieces, current, removed, change.start, change.end, change.new)
    for segment in removed:
        parent = segment.element.getparent()
        if parent is not None:
            parent.remove(segment.element)
    for segment in pieces:
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
        run = paragraph.makeelement(W + "r", {})
        t = run.makeelement(W + "t", {})
        t.text = ""
        run.append(t)
        paragraph.append(run)
        anchor = Segment("t", t, "", start)
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
        element = t.makeelement(W + ("tab" if mark == "\t" else "br"), {})
        previous.addnext(element)
        previous = element
        if piece:
            extra = t.makeelement(W + "t", {})
            _set_t(extra, piece)
            previous.addnext(extra)
            previous = extra


def _set_t(t, value: str) -> None:
    t.text = value
    if value != value.strip():
        t.set(_XML_SPACE, "preserve")
