"""A large document opens on a worker: the page answers at once and the text arrives later."""

from __future__ import annotations

import threading

import docx
import pytest

from app.ui.writing import document_files

pytestmark = pytest.mark.gui


def large_docx(path, paragraphs=4000):
    made = docx.Document()
    for i in range(paragraphs):
        made.add_paragraph(f"Paragraph {i}: the quick brown fox jumps over the lazy dog again.")
    made.save(path)
    assert document_files.is_large(path)
    return path


def test_a_large_docx_is_read_off_the_gui_thread(services, write_window, tmp_path, qtbot,
                                                  monkeypatch):  # fmt: skip
    window, page = write_window(services)
    path = large_docx(tmp_path / "thesis.docx")
    threads = []
    gate = threading.Event()
    real_open = document_files.open_document

    def open_document(p):
        threads.append(threading.current_thread().name)
        assert gate.wait(10)
        return real_open(p)

    monkeypatch.setattr(document_files, "open_document", open_document)
    assert page.files.open(path)
    # Back at once: the old (empty) text stays, read-only, until the document arrives.
    assert page.files.opening and page.editor.isReadOnly() and page.editor.text() == ""
    with qtbot.waitSignal(page.files.document_changed, timeout=30_000):
        gate.set()
    assert threads == [document_files.OPEN_THREAD]
    assert "Paragraph 3999:" in page.editor.text()
    assert not page.files.opening and not page.editor.isReadOnly()
    assert page.files.document.path == path and page.title_label.text() == "thesis.docx"
    assert services.settings["recent_documents"] == [str(path.resolve())]


def test_a_newer_open_drops_the_large_one_still_being_read(services, write_window, tmp_path,
                                                           qtbot, monkeypatch):  # fmt: skip
    window, page = write_window(services)
    big = large_docx(tmp_path / "big.docx")
    small = tmp_path / "note.txt"
    small.write_text("A short note.\n", encoding="utf-8")
    gate = threading.Event()
    real_open = document_files.open_document
    ended = threading.Event()

    def open_document(p):
        if p == big:
            assert gate.wait(10)
            try:
                return real_open(p)
            finally:
                ended.set()
        return real_open(p)

    monkeypatch.setattr(document_files, "open_document", open_document)
    assert page.files.open(big)
    assert page.files.open(small)  # small: at once, on the GUI thread
    assert page.editor.text() == "A short note.\n" and not page.editor.isReadOnly()
    gate.set()
    assert ended.wait(10)
    qtbot.wait(200)  # the dropped result would have arrived by now
    assert page.editor.text() == "A short note.\n"
    assert page.files.document.path == small


def test_a_large_file_that_cannot_open_says_so(services, write_window, tmp_path, qtbot,
                                               monkeypatch, answers):  # fmt: skip
    window, page = write_window(services)
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * document_files.LARGE_FILE_BYTES)
    warned = []
    monkeypatch.setattr(
        document_files.QMessageBox, "warning", lambda _p, title, text: warned.append(text)
    )
    with qtbot.waitSignal(page.files.open_failed, timeout=30_000) as failed:
        assert page.files.open(path)
    assert warned == [failed.args[0]] and "\n" not in failed.args[0]
    assert not page.editor.isReadOnly() and page.files.document.path is None
