"""A .docx keeps its tables, images and formatting when edited text is saved back."""

from __future__ import annotations

import io
import struct
import zlib

import docx
import pytest
from docx.shared import Inches

from app.core.documents import DocumentError, open_document, save_document
from app.core.writing.docx_text import LINE_BREAK


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def report(tmp_path):
    document = docx.Document()
    document.add_heading("My report", level=1)
    intro = document.add_paragraph("This is ")
    intro.add_run("bold").bold = True
    intro.add_run(" text with a mistake: teh end.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "cell A"
    table.cell(1, 1).text = "cell D"
    pictured = document.add_paragraph("A picture: ")
    pictured.add_run().add_picture(io.BytesIO(tiny_png()), width=Inches(0.5))
    lines = document.add_paragraph("Line one")
    lines.add_run().add_break()
    lines.add_run("line two\twith a tab")
    document.add_paragraph("Last paragraph.")
    path = tmp_path / "report.docx"
    document.save(path)
    return path


def test_text_is_the_body_paragraphs_and_the_rest_is_announced(report):
    document = open_document(report)
    assert document.kind == "docx"
    assert document.text.split("\n") == [
        "My report",
        "This is bold text with a mistake: teh end.",
        "A picture: ",
        f"Line one{LINE_BREAK}line two\twith a tab",
        "Last paragraph.",
    ]
    assert any("1 table" in note and "1 image" in note for note in document.notes)


def test_edits_keep_tables_images_and_run_formatting(report, tmp_path):
    document = open_document(report)
    edited = document.text.replace("teh end", "the end").replace("bold", "strong")
    edited = edited.replace("line two", "line 2")
    notes = save_document(document, edited)
    assert notes == []
    again = docx.Document(report)
    assert again.tables[0].cell(0, 0).text == "cell A"
    assert again.tables[0].cell(1, 1).text == "cell D"
    assert len(again.inline_shapes) == 1
    intro = again.paragraphs[1]
    assert [(r.text, bool(r.bold)) for r in intro.runs] == [
        ("This is ", False),
        ("strong", True),
        (" text with a mistake: the end.", False),
    ]
    assert open_document(report).text == edited
    assert "<w:br/>" in again.paragraphs[3]._p.xml  # the line break is still an element


def test_paragraphs_added_and_removed(report):
    document = open_document(report)
    lines = document.text.split("\n")
    lines.insert(2, "A brand new paragraph.")
    del lines[-1]  # "Last paragraph."
    lines.append("A new ending.")
    save_document(document, "\n".join(lines))
    reopened = open_document(report)
    assert reopened.text == "\n".join(lines)
    assert len(docx.Document(report).tables) == 1


def test_deleting_the_paragraph_with_the_image_keeps_the_image(report):
    document = open_document(report)
    lines = [line for line in document.text.split("\n") if not line.startswith("A picture")]
    notes = save_document(document, "\n".join(lines))
    assert any("image was kept" in note for note in notes)
    assert len(docx.Document(report).inline_shapes) == 1


def test_tabs_and_line_breaks_typed_in_the_editor_become_word_elements(report):
    document = open_document(report)
    edited = document.text.replace("Last paragraph.", f"Last\tparagraph{LINE_BREAK}ends here.")
    save_document(document, edited)
    assert open_document(report).text == edited


def test_a_new_docx_from_plain_text_and_docx_to_txt(tmp_path, report):
    from app.core.documents import new_document

    fresh = new_document()
    save_document(fresh, "Title\nBody with\ttab.", tmp_path / "fresh.docx")
    assert open_document(tmp_path / "fresh.docx").text == "Title\nBody with\ttab."
    document = open_document(report)
    notes = save_document(document, document.text, tmp_path / "plain.txt")
    assert any("not kept" in note for note in notes)
    assert (tmp_path / "plain.txt").read_text(encoding="utf-8") == document.text


def test_a_damaged_docx_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentError, match="not a valid .docx"):
        open_document(bad)
