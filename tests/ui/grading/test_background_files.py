"""Reading a submissions folder and writing exports happen off the GUI thread.

A class set of real .docx files: choosing the folder returns at once, the list
fills in when the worker has parsed them, and the parsing never ran on the GUI
thread. Exports the same way: the click returns, the file appears, `exported` says where.
"""

from __future__ import annotations

import threading

import docx
import pytest
from PySide6.QtCore import Qt

from app.ui.grading import assignment_tab, review_tab
from tests.ui.grading.test_grade_widgets import CLASS, RUN_MS, setup_assignment

pytestmark = pytest.mark.gui

STUDENTS = 40


def write_class(folder, n=STUDENTS):
    folder.mkdir()
    for i in range(n):
        made = docx.Document()
        made.add_paragraph(f"Student {i} explains photosynthesis.")
        for j in range(30):
            made.add_paragraph(f"Paragraph {j}: plants use light, water and air to make sugar.")
        made.save(folder / f"student_{i:02d}.docx")


def test_a_folder_of_docx_files_is_read_in_the_background(
    make_page, fake_dialogs, tmp_path, qtbot, monkeypatch
):
    folder = tmp_path / "class"
    write_class(folder)
    threads = []
    gate = threading.Event()  # holds the worker until the GUI has checked it was not waited on
    real_load = assignment_tab.load_folder

    def load_folder(path):
        threads.append(threading.current_thread())
        assert gate.wait(10)
        return real_load(path)

    monkeypatch.setattr(assignment_tab, "load_folder", load_folder)
    page = make_page()
    page.rubrics.load_example("short_answer_science")
    tab = page.assignment
    tab.title_edit.setText("Photosynthesis")
    fake_dialogs.folder = str(folder)

    qtbot.mouseClick(tab.add_folder_button, Qt.MouseButton.LeftButton)
    # Back at once: nothing added yet, the button waits for the read to end.
    assert tab.table.rowCount() == 0 and tab.reading
    assert not tab.add_folder_button.isEnabled()
    with qtbot.waitSignal(tab.submissions_changed, timeout=30_000):
        gate.set()
    assert tab.table.rowCount() == STUDENTS
    assert threads and threads[0] is not threading.main_thread()
    assert threads[0].name == assignment_tab.FILES_THREAD
    qtbot.waitUntil(tab.add_folder_button.isEnabled)
    subs = page.store.submissions(tab.assignment_id)
    assert len(subs) == STUDENTS and "Student 7 explains" in subs[7].text


def test_a_folder_that_cannot_be_read_says_so(make_page, fake_dialogs, tmp_path, qtbot):
    page = make_page()
    page.rubrics.load_example("short_answer_science")
    tab = page.assignment
    tab.title_edit.setText("Photosynthesis")
    messages = []
    tab.status_message.connect(messages.append)
    assert tab.add_folder(str(tmp_path / "missing")) is not None
    qtbot.waitUntil(lambda: any("Could not read the folder" in m for m in messages))
    assert "no such folder" in messages[-1]
    assert tab.table.rowCount() == 0


def test_an_export_runs_in_the_background(make_page, fake_dialogs, tmp_path, qtbot, monkeypatch):
    page = make_page()
    setup_assignment(page, CLASS)
    with qtbot.waitSignal(page.run_finished, timeout=RUN_MS):
        qtbot.mouseClick(page.grade_button, Qt.MouseButton.LeftButton)
    review = page.review

    threads = []
    gate = threading.Event()
    real_write = review_tab.write_feedback_docx

    def write_feedback_docx(*args):
        threads.append(threading.current_thread())
        assert gate.wait(10)
        return real_write(*args)

    monkeypatch.setattr(review_tab, "write_feedback_docx", write_feedback_docx)
    target = tmp_path / "docx"
    fake_dialogs.folder = str(target)
    qtbot.mouseClick(review.docx_button, Qt.MouseButton.LeftButton)
    assert not target.exists()  # the click came back before the files were written
    with qtbot.waitSignal(review.exported, timeout=30_000) as exported:
        gate.set()
    assert exported.args == [str(target)]
    assert sorted(p.name for p in target.iterdir()) == ["Ann.docx", "Ben.docx", "Cat.docx"]
    assert threads[0].name == review_tab.EXPORT_THREAD


def test_a_failed_export_is_one_line(make_page, fake_dialogs, tmp_path, qtbot):
    page = make_page()
    setup_assignment(page, CLASS)
    with qtbot.waitSignal(page.run_finished, timeout=RUN_MS):
        qtbot.mouseClick(page.grade_button, Qt.MouseButton.LeftButton)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with qtbot.waitSignal(page.review.export_failed, timeout=30_000) as failed:
        page.review.export_csv(str(blocker / "grades.csv"))
    assert "\n" not in failed.args[0] and failed.args[0]
