"""The Materials tab end to end with the real SmolLM2-135M model: no mocks below the tab.

Stop a generation while the model reads a long document and again once it
writes, then make a 2-question quiz from a loaded document, edit a
question, export Markdown and .docx. A 135M model writes poor questions: the test
checks the machinery (schema-conforming, a keyed answer that is one of the
choices, edits carried into the files, Stop frees the tab and the engine at once).
"""

from __future__ import annotations

import time
from dataclasses import replace

import docx
import pytest
from PySide6.QtCore import Qt

from app.core.grading import validate
from app.core.grading.materials import EXERCISE, QUIZ, quiz_problems
from app.core.grading.materials_generate import quiz_schema
from app.engine.client import EngineClient
from app.engine.types import LoadOptions
from tests.grading.test_materials_model import SMALL, TEXT

pytestmark = [pytest.mark.model, pytest.mark.gui]

RUN_MS = 120_000


@pytest.fixture(scope="module")
def engine(model_path):
    client = EngineClient()
    client.load(LoadOptions(path=str(model_path), n_ctx=2048, n_threads=1))
    yield client
    client.close()


def test_stop_then_quiz_from_a_document_edit_and_export(
    make_page, engine, fake_dialogs, qtbot, tmp_path
):
    page = make_page(engine)
    page.resize(1100, 800)
    page.show()
    page.tabs.setCurrentWidget(page.materials)
    tab = page.materials

    # A long document, stopped while the model still reads it (no token yet): the
    # engine aborts its prompt evaluation at once.
    progress = []
    tab.controller.progress.connect(lambda n, m: progress.append(n))
    tab.base_options = SMALL
    tab.form.document_text = TEXT * 20  # ~900 tokens: seconds to read on a shared CPU
    tab.generate()
    qtbot.waitUntil(lambda: tab.controller.holds_engine, timeout=10_000)
    stopped_at = time.monotonic()
    tab.stop()
    qtbot.waitUntil(lambda: tab.controller.is_idle, timeout=10_000)
    assert progress == [] and time.monotonic() - stopped_at < 2
    tab.form.clear_document()

    # A long exercise, stopped once the first tokens arrive.
    tab.base_options = replace(SMALL, solution_chars=600, task_chars=200)
    tab.form.topic_edit.setText("The water cycle")
    tab.form.set_kind(EXERCISE)
    tab.form.tasks_spin.setValue(6)
    with qtbot.waitSignal(tab.controller.progress, timeout=RUN_MS):
        qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
        assert tab.stop_button.isEnabled() and not tab.generate_button.isEnabled()
    stopped_at = time.monotonic()
    qtbot.mouseClick(tab.stop_button, Qt.MouseButton.LeftButton)
    assert tab.generate_button.isEnabled() and not tab.stop_button.isEnabled()
    assert tab.status_label.text() == "Stopped." and tab.stack.currentWidget() is tab.empty_label
    qtbot.waitUntil(lambda: tab.controller.is_idle, timeout=10_000)
    assert time.monotonic() - stopped_at < 5  # the request was cancelled, not run out

    # A 2-question quiz from a loaded document, on the same engine.
    source = tmp_path / "photosynthesis.txt"
    source.write_text(TEXT, encoding="utf-8")
    fake_dialogs.open_path = str(source)
    with qtbot.waitSignal(tab.form.document_loaded, timeout=RUN_MS):  # read off the GUI thread
        qtbot.mouseClick(tab.form.load_button, Qt.MouseButton.LeftButton)
    tab.form.topic_edit.clear()
    tab.base_options = SMALL
    tab.form.set_kind(QUIZ)
    tab.form.choice_spin.setValue(1)
    tab.form.short_spin.setValue(1)
    progress.clear()
    idle = tab.controller.busy_changed
    with qtbot.waitSignal(idle, timeout=RUN_MS, check_params_cb=lambda busy: not busy):
        qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    assert tab.stack.currentWidget() is tab.quiz_editor, tab.status_label.text()
    quiz = tab.material()
    assert validate(quiz.to_dict(), quiz_schema(SMALL)) == [] and quiz_problems(quiz) == []
    assert progress and tab.progress_bar.value() == 0  # reset when done

    # Edit the question and the key, then export.
    box = tab.quiz_editor.choice_boxes[0]
    box.question_edit.clear()
    qtbot.keyClicks(box.question_edit, "What does chlorophyll catch?")
    box.choice_edits[0].setText("Light")
    box.choice_edits[0].textEdited.emit("Light")
    qtbot.mouseClick(box.answer_buttons[0], Qt.MouseButton.LeftButton)
    teacher = tab.export("markdown", str(tmp_path / "quiz.md"), answers=True)
    text = (tmp_path / "quiz.md").read_text(encoding="utf-8")
    assert teacher and "1. What does chlorophyll catch?" in text and "1. A) Light" in text
    student = tab.export("docx", str(tmp_path / "quiz.docx"), answers=False)
    paragraphs = [p.text for p in docx.Document(student).paragraphs]
    assert "1. What does chlorophyll catch?" in paragraphs and "A) Light" in paragraphs
    assert "Answer key" not in paragraphs
