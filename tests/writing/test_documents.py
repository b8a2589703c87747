"""Text files in their encodings and line endings, round trip; clear errors otherwise."""

from __future__ import annotations

import codecs
import time

import pytest

from app.core.documents import (
    DocumentError,
    UnencodableText,
    decode_text,
    new_document,
    open_document,
    save_document,
)

TEXT = "Café — “quoted” naïve\nsecond line\n"


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (TEXT.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", True),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", True),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le", True),
        (TEXT.encode("cp1252"), "cp1252", False),
    ],
)
def test_encodings_are_detected_and_saved_back_byte_for_byte(tmp_path, data, encoding, bom):
    path = tmp_path / "essay.txt"
    path.write_bytes(data)
    document = open_document(path)
    assert document.text == TEXT
    assert (document.encoding, document.bom) == (encoding, bom)
    save_document(document, document.text)
    assert path.read_bytes() == data


def test_latin1_without_windows_characters(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Straße à Paris, señor\n".encode("latin-1"))
    document = open_document(path)
    assert document.text == "Straße à Paris, señor\n" and document.encoding == "latin-1"


def test_utf16_without_bom_is_recognised():
    text, encoding, bom = decode_text("Hello world, plain text.".encode("utf-16-le"))
    assert text == "Hello world, plain text." and encoding == "utf-16-le" and not bom


def test_crlf_line_endings_are_kept(tmp_path):
    path = tmp_path / "windows.md"
    path.write_bytes(b"# Title\r\n\r\nBody text.\r\n")
    document = open_document(path)
    assert document.text == "# Title\n\nBody text.\n" and document.kind == "markdown"
    save_document(document, document.text.replace("Body", "New body"))
    assert path.read_bytes() == b"# Title\r\n\r\nNew body text.\r\n"


def test_binary_and_unknown_files_get_a_clear_error(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(DocumentError, match="not a text file"):
        open_document(binary)
    with pytest.raises(DocumentError, match="no such file"):
        open_document(tmp_path / "missing.txt")
    old_word = tmp_path / "old.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DocumentError, match="save it as .docx"):
        open_document(old_word)


def test_bytes_windows_1252_leaves_undefined_fall_back_to_latin1(tmp_path):
    """The last step of the one decoding order: ISO-8859-1 reads every byte, saved back as is."""
    data = b"text with \x81\x8d\x8f\x90\x9d bytes Windows-1252 leaves undefined\n"
    path = tmp_path / "undefined.txt"
    path.write_bytes(data)
    document = open_document(path)
    assert document.encoding == "latin-1" and document.text == data.decode("latin-1")
    save_document(document, document.text)
    assert path.read_bytes() == data


def test_text_the_encoding_cannot_hold_is_refused_then_saved_as_utf8(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("déjà vu\n".encode("latin-1"))
    document = open_document(path)
    with pytest.raises(UnencodableText, match="UTF-8"):
        save_document(document, "déjà vu — 😀\n")
    assert path.read_bytes() == "déjà vu\n".encode("latin-1")  # untouched
    save_document(document, "déjà vu — 😀\n", encoding="utf-8")
    assert open_document(path).text == "déjà vu — 😀\n"


def test_empty_file_and_new_document(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert open_document(empty).text == ""
    document = new_document()
    with pytest.raises(DocumentError, match="choose where"):
        save_document(document, "x")
    save_document(document, "hello\n", tmp_path / "new.txt")
    assert (tmp_path / "new.txt").read_text(encoding="utf-8") == "hello\n"


def test_ten_megabyte_file_opens_and_saves_quickly(tmp_path):
    path = tmp_path / "big.txt"
    paragraph = "All work and no play makes Jack a dull boy, über alles. " * 8 + "\n\n"
    path.write_text(paragraph * (10_500_000 // len(paragraph)), encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    started = time.perf_counter()
    document = open_document(path)
    save_document(document, document.text)
    elapsed = time.perf_counter() - started
    assert elapsed < 5, f"{elapsed:.1f}s"
    assert len(document.text) > 10_000_000
