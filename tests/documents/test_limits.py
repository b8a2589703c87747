"""Hostile and oversized documents end in one clear line, quickly, in every mode.

Each file here is real (a zip, a PDF) and goes through the same calls the modes
make: `open_document` (Write, fine-tuning writing samples), `read_document` /
`from_file` (Grade), `read_text` (anything else).
"""

from __future__ import annotations

import time
import tracemalloc

import pytest
from lxml import etree

from app.core.documents import (
    SUBMISSION_LIMITS,
    DocumentError,
    LimitExceeded,
    Limits,
    open_document,
    paragraph_text,
    read_text,
)
from app.core.grading import read_document
from app.core.grading.submissions import from_file
from app.core.writing.docx_text import edit_paragraph
from tests.documents.makers import (
    MIB,
    W_NS,
    big_stream_page,
    lie_about_sizes,
    nested_docx,
    pdf_bytes,
    plain_docx,
    text_page,
    zip_bomb_docx,
)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """110 MB of XML in a file of about a hundred kilobytes: past every mode's cap."""
    path = zip_bomb_docx(tmp_path_factory.mktemp("bomb") / "essay.docx", 110 * MIB)
    assert path.stat().st_size < 1 * MIB
    return path


def _peak_while(call):
    """(exception raised by `call`, peak Python memory in bytes, seconds taken)."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        call()
    except Exception as exc:  # the test inspects it
        raised = exc
    else:
        raised = None
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return raised, peak, elapsed


@pytest.mark.parametrize(
    "read",
    [open_document, read_document, read_text],
    ids=["write", "grade", "read_text"],
)
def test_a_docx_zip_bomb_is_one_clear_error_quickly_and_in_little_memory(bomb, read):
    raised, peak, elapsed = _peak_while(lambda: read(bomb))
    assert isinstance(raised, LimitExceeded), raised
    message = str(raised)
    assert message.startswith("essay.docx:") and "zip bomb" in message and "MB" in message
    assert "\n" not in message
    assert elapsed < 5, f"{elapsed:.1f}s"
    assert peak < 16 * MIB, f"{peak / MIB:.0f} MB"


def test_a_graded_zip_bomb_is_an_unreadable_submission_not_a_crash(bomb):
    submission = from_file(bomb)
    assert [flag.kind for flag in submission.flags] == ["unreadable"]
    assert "zip bomb" in submission.error and submission.error.count("essay.docx") == 1


def test_a_docx_that_lies_about_its_sizes_stops_at_what_it_declared(tmp_path):
    """A header claiming 1 KB for a 110 MB part: reading stops there (checksum), never 110 MB."""
    bomb = zip_bomb_docx(tmp_path / "bomb.docx", 110 * MIB)
    liar = tmp_path / "liar.docx"
    liar.write_bytes(lie_about_sizes(bomb.read_bytes(), "word/document.xml", 1024))
    raised, peak, elapsed = _peak_while(lambda: open_document(liar))
    assert isinstance(raised, DocumentError) and "liar.docx" in str(raised), raised
    assert elapsed < 5 and peak < 16 * MIB


def test_part_count_and_unpacked_caps_name_the_limit(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(plain_docx("Fine text."))
    assert open_document(path).text == "Fine text."
    with pytest.raises(LimitExceeded, match=r"report\.docx: holds \d+ parts, more than the 3"):
        read_text(path, Limits(zip_entries=3))
    with pytest.raises(LimitExceeded, match=r"report\.docx: unpacks to more than 1,000 bytes"):
        read_text(path, Limits(unpacked_bytes=1000))


def test_a_docx_nested_1500_deep_is_a_clear_error_in_write_and_grade(tmp_path):
    path = nested_docx(tmp_path / "deep.docx", 1500)
    for read in (open_document, read_document):
        with pytest.raises(LimitExceeded, match=r"deep\.docx: .*nested more than \d+ levels"):
            read(path)
    assert "nested" in from_file(path).error


def test_a_docx_nested_as_deep_as_the_parser_allows_reads_correctly(tmp_path):
    path = nested_docx(tmp_path / "deep.docx", 250)
    assert open_document(path).text == "deep text"
    assert read_document(path) == "deep text"


def test_paragraphs_deeper_than_pythons_recursion_limit_are_read_and_edited():
    """lxml holds trees of any depth; the walk over them must not recurse."""
    w = f"{{{W_NS}}}"
    paragraph = etree.Element(w + "p", nsmap={"w": W_NS})
    inner = paragraph
    for _ in range(1500):
        inner = etree.SubElement(inner, w + "smartTag")
    etree.SubElement(etree.SubElement(inner, w + "r"), w + "t").text = "deep text"
    assert paragraph_text(paragraph) == "deep text"
    edit_paragraph(paragraph, "deeper text")
    assert paragraph_text(paragraph) == "deeper text"


def test_a_pdf_with_too_many_pages_is_a_clear_error(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes([text_page(f"Page {n}") for n in range(1001)]))
    started = time.perf_counter()
    with pytest.raises(LimitExceeded, match=r"scan\.pdf: has 1,001 pages, more than the 1,000"):
        read_document(path)
    assert time.perf_counter() - started < 5
    with pytest.raises(LimitExceeded, match="1,001 pages"):
        read_text(path, Limits(pdf_pages=10))
    assert "Page 1000" in read_text(path)  # the editor's default allows it


def test_a_pdf_stream_past_the_cap_is_a_clear_error(tmp_path):
    path = tmp_path / "homework.pdf"
    path.write_bytes(pdf_bytes([big_stream_page(40 * MIB)], compress=True))
    assert path.stat().st_size < MIB
    raised, peak, elapsed = _peak_while(lambda: read_document(path))
    assert isinstance(raised, LimitExceeded), raised
    assert str(raised).startswith("homework.pdf:") and "32 MB" in str(raised)
    assert elapsed < 10, f"{elapsed:.1f}s"
    assert "32 MB" in from_file(path).error


def test_pdf_text_within_the_limits(tmp_path):
    path = tmp_path / "essay.pdf"
    path.write_bytes(
        pdf_bytes([text_page("First page."), text_page("Second page.")], compress=True)
    )
    assert read_document(path) == "First page.\n\nSecond page."
    small = Limits(pdf_stream_bytes=20)
    with pytest.raises(LimitExceeded, match="more than 20 bytes"):
        read_text(path, small)


def test_text_length_and_file_size_caps_name_the_file_and_the_limit(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("word " * 100, encoding="utf-8")
    with pytest.raises(LimitExceeded, match=r"notes\.txt: holds more than 50 characters"):
        open_document(path, Limits(text_chars=50))
    with pytest.raises(LimitExceeded, match=r"notes\.txt: .* too large .*limit is 100 bytes"):
        read_text(path, Limits(file_bytes=100))
    docx_path = tmp_path / "essay.docx"
    docx_path.write_bytes(plain_docx("x" * 500))
    with pytest.raises(LimitExceeded, match=r"essay\.docx: holds more than 100 characters"):
        read_text(docx_path, Limits(text_chars=100))
    assert SUBMISSION_LIMITS.file_bytes < Limits().file_bytes


def test_the_time_budget_stops_a_long_read(tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf_bytes([text_page(f"Page {n}") for n in range(5)]))
    with pytest.raises(LimitExceeded, match=r"long\.pdf: reading it took longer than the 0 s"):
        read_text(path, Limits(seconds=0))
    docx_path = tmp_path / "long.docx"
    docx_path.write_bytes(plain_docx())
    with pytest.raises(LimitExceeded, match="took longer"):
        open_document(docx_path, Limits(seconds=0))
