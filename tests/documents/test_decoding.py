"""One decoder: a text file reads the same in Write, Grade and everywhere else.

Before the shared reader, Grade tried Windows-1252 then Latin-1 while Write
refused bytes Windows-1252 leaves undefined, and the two treated a stray
carriage return differently, so one file could read two ways.
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.documents import DocumentError, decode_text, open_document, read_text
from app.core.grading import read_document
from app.core.grading.rubric_io import load_rubric
from app.finetune.datasets import from_writing_folder

TEXT = "Café naïve — “quoted”, 10 € and ü.\nSecond line, señor.\n"
LATIN1 = "Straße à Paris, señor, ½ °C\nZweite Zeile.\n"


def write_and_grade(path):
    """The text Write's editor would show and the text Grade would grade."""
    return open_document(path).text, read_document(path)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("cp1252", TEXT.encode("cp1252"), TEXT),
        ("latin-1", LATIN1.encode("latin-1"), LATIN1),
        ("utf-16-le-bom", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT),
        ("utf-16-be-bom", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT),
        ("utf-32-le-bom", codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), TEXT),
        ("utf-8-sig", codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT),
        ("utf-16-no-bom", "Plain words only.\n".encode("utf-16-le"), "Plain words only.\n"),
        # Bytes Windows-1252 leaves undefined: Latin-1 reads them (Write used to refuse).
        ("undefined-1252", b"caf\xe9 \x81 \x8d\n", "café \x81 \x8d\n"),
        # A stray CR in a CRLF file is a line end in both (Write used to keep it).
        ("mixed-newlines", b"one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
    ],
)
def test_a_file_reads_the_same_in_write_and_grade(tmp_path, name, data, expected):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    write_text, grade_text = write_and_grade(path)
    assert write_text == grade_text == read_text(path) == expected


def test_writing_samples_for_fine_tuning_read_as_write_does(tmp_path):
    folder = tmp_path / "samples"
    folder.mkdir()
    paragraphs = "\n\n".join(f"Paragraphe {n} écrit à la main, señor." for n in range(6))
    (folder / "old.txt").write_bytes(paragraphs.encode("cp1252"))
    examples = from_writing_folder(folder, max_words=60)
    assert examples.skipped == []
    assert "Paragraphe 5 écrit à la main, señor." in examples[-1].messages[-1]["content"]


def test_a_rubric_saved_by_excel_in_windows_1252_loads(tmp_path):
    path = tmp_path / "lab.csv"
    text = "criterion,weight,level,points,descriptor\nMéthode,1,Complète,2,“all” steps\n"
    path.write_bytes(text.encode("cp1252"))
    rubric = load_rubric(path)
    assert rubric.criteria[0].name == "Méthode" and rubric.criteria[0].levels[0].label == "Complète"


def test_binary_is_the_same_clear_error_everywhere(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02")
    messages = set()
    for read in (open_document, read_document):
        with pytest.raises(DocumentError, match=r"photo\.txt: not a text file") as caught:
            read(path)
        messages.add(str(caught.value))
    assert len(messages) == 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_no_bytes_ever_raise_unicode_decode_error(data):
    """Any bytes decode, or end in a DocumentError: never a UnicodeDecodeError."""
    try:
        text, encoding, bom = decode_text(data, "x.txt")
    except DocumentError as exc:
        assert not isinstance(exc, UnicodeDecodeError)
        assert str(exc).startswith("x.txt: ")
        return
    assert isinstance(text, str) and encoding


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200).map(lambda b: bytes(c | 0x80 for c in b) + b"\n"))
def test_non_utf8_text_reads_the_same_in_write_and_grade(tmp_path_factory, data):
    """Bytes of 0x80 and above (rarely valid UTF-8) never fail, and Write and Grade agree."""
    path = tmp_path_factory.mktemp("hi") / "essay.txt"
    path.write_bytes(data)
    write_text, grade_text = write_and_grade(path)
    assert write_text == grade_text
