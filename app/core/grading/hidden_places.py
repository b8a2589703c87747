"""Text in the places of a file that a reader of the page does not see.

Why: an order to the grader can sit in a .docx comment, header or footer, in the
alt text of a picture, in the document's properties, or in a PDF's annotations
and metadata. Whatever pipeline or model later reads the file may see it; the
teacher looking at the page does not. Each place is read here and screened like
the answer itself (submissions.py turns what screening finds into flags), so
honest content in those places (a name in the header, a title) is never flagged.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

MAX_PLACE_CHARS = 20_000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def hidden_places(path: str | Path) -> list[tuple[str, str]]:
    """(where, text) for every non-empty hidden place of a .docx or .pdf; [] otherwise."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            places = _docx_places(path)
        elif suffix == ".pdf":
            places = _pdf_places(path)
        else:
            return []
    except Exception:  # a broken file is reported by read_document, not here
        log.info("%s: hidden places not readable", path, exc_info=True)
        return []
    return [(where, text[:MAX_PLACE_CHARS]) for where, text in places if text and text.strip()]


def _docx_places(path: Path) -> list[tuple[str, str]]:
    import docx

    document = docx.Document(str(path))
    places: list[tuple[str, str]] = []
    for section in document.sections:
        for where, part in (("header", section.header), ("footer", section.footer),
                            ("first-page header", section.first_page_header),
                            ("first-page footer", section.first_page_footer)):  # fmt: skip
            if not part.is_linked_to_previous:
                places.append((where, "\n".join(p.text for p in part.paragraphs)))
    for rel in document.part.rels.values():
        if rel.reltype.endswith(("/comments", "/footnotes", "/endnotes")):
            kind = rel.reltype.rsplit("/", 1)[-1].rstrip("s")
            element = _xml(rel.target_part.blob)
            places.append((kind, "\n".join(t.text or "" for t in element.iter(f"{_W}t"))))
    for shape in document.element.body.iter(f"{_WP}docPr"):
        alt = " ".join(v for v in (shape.get("title"), shape.get("descr")) if v)
        places.append(("alt text of a picture", alt))
    props = document.core_properties
    meta = [props.title, props.subject, props.keywords, props.comments, props.category]
    places.append(("document properties", "\n".join(v for v in meta if v)))
    return places


def _pdf_places(path: Path) -> list[tuple[str, str]]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        reader.decrypt("")
    places: list[tuple[str, str]] = []
    meta = reader.metadata or {}
    places.append(("PDF metadata", "\n".join(str(v) for v in meta.values() if v)))
    notes = []
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            for key in ("/Contents", "/T", "/Subj"):
                if annotation.get(key):
                    notes.append(str(annotation[key]))
    places.append(("PDF annotations", "\n".join(notes)))
    return places


def _xml(blob: bytes):
    from lxml import etree

    return etree.fromstring(blob)
