"""The Materials tab without the model: faults, drafts, edits kept, open and export.

Generation runs through the real tab, worker thread and core code; the engine is
scripted only to inject replies a small model might give (test_materials_e2e.py
runs the real one).
"""

from __future__ import annotations

import json

import docx
import pytest
from PySide6.QtCore import Qt

from app.core.grading import read_materials_json
from app.core.grading.materials import QUIZ
from tests.grading.test_materials import QUIZ as QUIZ_REPLY
from tests.ui.grading.conftest import ModelEngine

pytestmark = pytest.mark.gui

RUN_MS = 10_000


def shown(page):
    """Shown at a real size: a never-shown layout leaves buttons 0 px high, unclickable."""
    page.resize(1100, 800)
    page.show()
    page.tabs.setCurrentWidget(page.materials)
    return page


def quiz_page(make_page, script):
    page = shown(make_page(ModelEngine(script)))
    tab = page.materials
    tab.form.choice_spin.setValue(1)
    tab.form.short_spin.setValue(1)
    return page, tab


def test_generate_edit_export_and_the_edits_survive_a_restart(
    make_page, fake_dialogs, qtbot, tmp_path
):
    page, tab = quiz_page(make_page, [json.dumps(QUIZ_REPLY)])
    assert page.run_bar.isHidden()  # the grading bar is not about materials
    assert not tab.markdown_button.isEnabled() and not tab.stop_button.isEnabled()
    tab.form.topic_edit.setText("Photosynthesis")
    with qtbot.waitSignal(tab.controller.finished, timeout=RUN_MS):
        qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    request = page.controller.engine.requests[0]  # the page's engine, shared
    assert "Topic: Photosynthesis" in request.messages[1]["content"]
    editor = tab.quiz_editor
    assert tab.stack.currentWidget() is editor and not tab.modified
    [box] = editor.choice_boxes
    assert box.question_edit.text() == "What do plants make?" and box.answer_buttons[0].isChecked()

    # Edit: the question, a choice, the correct answer, the short answer's key.
    box.question_edit.clear()
    qtbot.keyClicks(box.question_edit, "What do green plants make?")
    qtbot.keyClicks(box.choice_edits[3], " and gas")
    qtbot.mouseClick(box.answer_buttons[3], Qt.MouseButton.LeftButton)
    editor.short_boxes[0].answer_edit.setText("Chlorophyll (green)")
    editor.short_boxes[0].answer_edit.textEdited.emit("Chlorophyll (green)")
    assert tab.modified
    quiz = tab.material()
    assert quiz.multiple_choice[0].question == "What do green plants make?"
    assert quiz.multiple_choice[0].answer_text == "Oil and gas"

    # A new generation asks before it replaces the edits; "No" keeps them.
    fake_dialogs.yes = False
    assert not tab.generate() and tab.material() == quiz
    assert fake_dialogs.asked[-1] == "yes/no: Replace your edits?"

    # Exports carry the edits; the student version has no key.
    fake_dialogs.save_path = str(tmp_path / "quiz.md")
    tab.version_combo.setCurrentIndex(tab.version_combo.findData(False))
    qtbot.mouseClick(tab.markdown_button, Qt.MouseButton.LeftButton)
    student = (tmp_path / "quiz.md").read_text(encoding="utf-8")
    assert "1. What do green plants make?" in student and "D) Oil and gas" in student
    assert "Answer key" not in student and "Chlorophyll" not in student
    teacher_docx = tab.export("docx", str(tmp_path / "quiz"), answers=True)
    assert teacher_docx.endswith("quiz.docx")
    text = "\n".join(p.text for p in docx.Document(teacher_docx).paragraphs)
    assert "1. D) Oil and gas" in text and "Chlorophyll (green)" in text
    assert tab.export("json", str(tmp_path / "quiz.json"), answers=True)
    assert read_materials_json(tmp_path / "quiz.json") == quiz

    # Close the page (the draft is written) and open a new one over the same folder.
    page.shutdown()
    again = make_page(ModelEngine([]), store=None).materials
    assert again.stack.currentWidget() is again.quiz_editor and again.modified
    assert again.material() == quiz


def test_an_unusable_reply_is_reported_and_its_draft_can_be_fixed(make_page, qtbot):
    twin = json.loads(json.dumps(QUIZ_REPLY))
    twin["multiple_choice"][0]["choices"] = ["Sugar", "Sugar", "Iron", "Oil"]
    page, tab = quiz_page(make_page, [json.dumps(twin), json.dumps(twin)])
    tab.form.topic_edit.setText("Plants")
    with qtbot.waitSignal(tab.controller.failed, timeout=RUN_MS):
        tab.generate()
    assert "another choice is the same as the answer" in tab.status_label.text()
    assert tab.stack.currentWidget() is tab.empty_label and tab.draft_button.isVisible()
    assert tab.generate_button.isEnabled() and not tab.stop_button.isEnabled()
    qtbot.mouseClick(tab.draft_button, Qt.MouseButton.LeftButton)
    assert tab.stack.currentWidget() is tab.quiz_editor and tab.modified
    assert "To fix: question 1: another choice" in tab.status_label.text()
    box = tab.quiz_editor.choice_boxes[0]
    box.choice_edits[1].setText("Salt")
    assert tab.show_problems() == []


def test_broken_replies_no_model_and_empty_source_are_clear(make_page, qtbot):
    page, tab = quiz_page(make_page, ["{", "{"])
    messages = []
    tab.status_message.connect(messages.append)
    assert not tab.generate() and messages[-1] == "Give a topic or load a document first."
    tab.form.topic_edit.setText("Plants")
    with qtbot.waitSignal(tab.controller.failed, timeout=RUN_MS):
        tab.generate()
    assert "invalid JSON" in messages[-1] and not tab.draft_button.isVisible()

    engine = ModelEngine([])
    engine.model_info = None  # and nothing to load
    tab = make_page(engine).materials
    tab.form.topic_edit.setText("Plants")
    with qtbot.waitSignal(tab.controller.failed, timeout=RUN_MS):
        tab.generate()
    assert "No model to write with" in tab.status_label.text()


def test_an_exercise_from_a_loaded_document(make_page, fake_dialogs, qtbot, tmp_path):
    source = tmp_path / "notes.docx"
    document = docx.Document()
    document.add_paragraph("A fraction names part of a whole. 2/4 is the same as 1/2.")
    document.save(str(source))
    reply = {"title": "Fractions", "instructions": "Simplify.", "tasks": ["2/4", "3/6"],
             "solution": "1/2 and 1/2"}  # fmt: skip
    page = shown(make_page(ModelEngine([json.dumps(reply)])))
    tab = page.materials
    fake_dialogs.open_path = str(tmp_path / "missing.pdf")
    with qtbot.waitSignal(tab.form.document_loaded, timeout=RUN_MS) as loaded:
        assert tab.form.load_document()  # read on a worker thread
        assert not tab.form.load_button.isEnabled()
    assert loaded.args == [False]
    assert "Could not read" in tab.status_label.text()
    assert "missing.pdf: no such file" in tab.status_label.text()
    fake_dialogs.open_path = str(source)
    qtbot.waitUntil(tab.form.load_button.isEnabled)
    with qtbot.waitSignal(tab.form.document_loaded, timeout=RUN_MS) as loaded:
        qtbot.mouseClick(tab.form.load_button, Qt.MouseButton.LeftButton)
    assert loaded.args == [True]
    assert tab.form.document_label.text() == "notes.docx · 13 words"
    tab.form.set_kind("exercise")
    assert tab.form.tasks_spin.isVisibleTo(tab) and not tab.form.choice_spin.isVisibleTo(tab)
    tab.form.tasks_spin.setValue(2)
    with qtbot.waitSignal(tab.controller.finished, timeout=RUN_MS):
        tab.generate()
    ask = page.controller.engine.requests[0].messages[1]["content"]
    assert "<<<DOCUMENT" in ask and "2/4 is the same as 1/2" in ask and "2 tasks" in ask
    editor = tab.exercise_editor
    assert [e.text() for e in editor.task_edits] == ["2/4", "3/6"]
    editor.add_task("4/8")
    editor.solution_edit.setPlainText("1/2, 1/2 and 1/2")
    exercise = tab.material()
    assert exercise.tasks == ["2/4", "3/6", "4/8"] and tab.modified
    path = tab.export("markdown", str(tmp_path / "ex.md"), answers=False)
    text = (tmp_path / "ex.md").read_text(encoding="utf-8")
    assert path and "3. 4/8" in text and "1/2, 1/2" not in text

    # Open a saved quiz in place of the edited exercise (after asking).
    saved = tmp_path / "saved.json"
    saved.write_text(json.dumps({"format": "quillmate-materials", "version": 1,
                                 "kind": QUIZ, "material": QUIZ_REPLY}), encoding="utf-8")  # fmt: skip
    fake_dialogs.open_path = str(saved)
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    assert tab.stack.currentWidget() is tab.quiz_editor
    assert tab.material().title == "Photosynthesis" and not tab.modified
