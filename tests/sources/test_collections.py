"""Collections on real files and a real SQLite index, keyword search (no model needed)."""

from __future__ import annotations

import os

import pytest

from app.core.sources import SourcesError, SourcesService
from app.core.sources.indexer import SOURCE_LIMITS
from tests.sources.corpus import make_folder


@pytest.fixture
def service(tmp_path):
    return SourcesService(tmp_path / "sources")


def indexed(service, tmp_path, name="notes"):
    folder = make_folder(tmp_path / "notes")
    service.add(name, [str(folder)])
    return folder, service.index(name)


def test_every_kind_is_indexed_with_its_place(service, tmp_path):
    folder, report = indexed(service, tmp_path)
    assert report.added == 8 and not report.failed, report.failed
    assert report.embedding_note == "no embedding model: keyword search only"
    [hit] = service.search("notes", "Principia", top=1)
    assert hit.file == str(folder.resolve() / "physics.pdf") and hit.page == 1
    [hit] = service.search("notes", "gravity pulls", top=1)
    assert hit.page == 2
    [hit, *_] = service.search("notes", "oxygen by-product water", top=3)
    assert hit.file.endswith("biology.txt") and (hit.line_start, hit.line_end) == (1, 4)
    [hit, *_] = service.search("notes", "Bastille", top=3)
    assert hit.file.endswith("history.docx") and hit.page is None
    tides = service.search("notes", "ocean tides", top=1)[0]
    assert (
        "gravity causes" in tides.text and "hidden" not in tides.text and "color" not in tides.text
    )
    cafe = service.search("notes", "crêpes", top=1)[0]  # a cp1252 file, decoded
    assert "Zoë" in cafe.text


def test_chinese_is_searchable_without_spaces(service, tmp_path):
    indexed(service, tmp_path)
    [hit, *_] = service.search("notes", "长城有多长", top=2)
    assert hit.file.endswith("中文.txt") and "长城" in hit.text
    [hit, *_] = service.search("notes", "叶绿体", top=2)  # a three-character term
    assert "光合作用" in hit.text
    assert service.search("notes", "长城", top=1)[0].file.endswith("中文.txt")  # two characters


def test_a_question_with_fts_syntax_is_only_words(service, tmp_path):
    indexed(service, tmp_path)
    for query in ('"lava" AND NOT: (basalt', "NEAR(lava basalt)", "*", "'); DROP TABLE files; --"):
        service.search("notes", query)  # no FTS5 syntax error
    assert service.search("notes", "lava: basalt?")[0].file.endswith("geology.md")


def test_only_changed_files_are_read_again(service, tmp_path):
    folder, _report = indexed(service, tmp_path)
    again = service.index("notes")
    assert again.unchanged == 8 and again.added == again.updated == 0
    os.utime(folder / "geology.md", (1, 1))  # touched, same content: one hash, no re-read
    (folder / "biology.txt").write_text("Mitochondria make ATP.\n", encoding="utf-8")
    (folder / "history.docx").unlink()
    report = service.index("notes")
    assert (report.updated, report.unchanged, report.removed) == (1, 6, 1)
    assert service.search("notes", "mitochondria")[0].file.endswith("biology.txt")
    assert not service.search("notes", "chloroplasts")
    assert not service.search("notes", "Bastille")


def test_bad_files_get_one_line_and_the_rest_is_indexed(service, tmp_path):
    folder = make_folder(tmp_path / "notes")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not a pdf at all")
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # a 200 MB text file (sparse: costs no disk)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    service.add("notes", [str(folder)])
    gone = folder / "page.html"

    def delete_while_indexing(progress):  # the file disappears as its turn comes
        if progress.phase == "reading" and progress.current == "latin1.txt" and gone.exists():
            gone.unlink()

    report = service.index("notes", on_progress=delete_while_indexing)
    failed = dict(report.failed)
    assert set(failed) == {
        str((folder / n).resolve()) for n in ("broken.pdf", "huge.txt", "binary.txt", "page.html")
    }
    assert "not a readable PDF" in failed[str((folder / "broken.pdf").resolve())]
    assert "too large" in failed[str((folder / "huge.txt").resolve())]
    assert f"{SOURCE_LIMITS.file_bytes // 2**20} MB" in failed[str((folder / "huge.txt").resolve())]
    assert "disappeared" in failed[str(gone.resolve())]
    assert report.added == 7 and service.search("notes", "Principia")
    assert all("\n" not in line for line in failed.values())


def test_indexing_stops_and_goes_on_after_a_restart(service, tmp_path):
    folder = make_folder(tmp_path / "notes")
    service.add("notes", [str(folder)])
    seen = []
    report = service.index("notes", should_stop=lambda: len(seen) >= 3,
                           on_progress=lambda p: p.phase == "reading" and seen.append(p.current))  # fmt: skip
    assert report.stopped and report.added == 3
    restarted = SourcesService(tmp_path / "sources")  # a new process would open it so
    report = restarted.index("notes")
    assert (report.added, report.unchanged) == (5, 3)


def test_removing_a_collection_removes_its_index(service, tmp_path):
    indexed(service, tmp_path)
    path = service.collections.path_of("notes")
    assert path.is_file() and [i.name for i in service.collections.list()] == ["notes"]
    service.collections.remove("notes")
    assert not list(path.parent.iterdir())
    with pytest.raises(SourcesError, match="no collection named 'notes'"):
        service.search("notes", "lava")


def test_adding_a_missing_path_is_one_clear_error(service, tmp_path):
    with pytest.raises(SourcesError, match="no such file or folder"):
        service.add("notes", [str(tmp_path / "nowhere")])


def test_a_scanned_page_without_ocr_is_said_plainly(service, tmp_path, monkeypatch):
    from app.core.sources import extract
    from tests.documents.makers import pdf_bytes, text_page

    folder = tmp_path / "scans"
    folder.mkdir()
    # Page 2 has no text layer, as a scanned page (an image only) has none.
    (folder / "scan.pdf").write_bytes(pdf_bytes([text_page("Typed page."), b""]))
    monkeypatch.setattr(extract.shutil, "which", lambda _name: None)  # no tesseract here
    service.add("scans", [str(folder)])
    report = service.index("scans")
    [(_file, note)] = report.notes
    assert "1 scanned page(s) have no text and were skipped: install tesseract-ocr" in note
    assert service.search("scans", "typed page")[0].page == 1
