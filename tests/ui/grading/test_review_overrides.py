"""The teacher's changes in Review (level, typed points, a note) and "Regrade selected".

Grading goes through the real page, worker thread, BatchRunner and store; only
the engine is scripted, so the model's levels are known and can change between
runs (as they would after a rubric change).
"""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt

from app.core.grading import feedback_markdown, score_result
from app.ui.grading.review_table import TEACHER_MARK
from tests.grading.helpers import ESSAY, grading_script, reply, small_rubric
from tests.ui.grading.conftest import ModelEngine
from tests.ui.grading.test_grade_widgets import setup_assignment

pytestmark = pytest.mark.gui

RUN_MS = 20_000
CLASS = [(name, f"{ESSAY} {name} wrote this.") for name in ("Ann", "Ben", "Cat")]


class LevelsEngine(ModelEngine):
    """Grades every submission with the levels in `self.levels` (change them between runs)."""

    def __init__(self):
        self.levels = {"thesis": "Clear", "evidence": "Strong"}
        super().__init__(grading_script(self._reply))

    def _reply(self, _user: str) -> str:
        return reply(
            thesis=(self.levels["thesis"], ["School uniforms should be required."]),
            evidence=(self.levels["evidence"], ["fights dropped after uniforms came in"]),
        )


def graded_page(make_page, qtbot, engine=None):
    page = make_page(engine or LevelsEngine())
    page.resize(1200, 800)
    page.show()
    setup_assignment(page, CLASS)
    with qtbot.waitSignal(page.run_finished, timeout=RUN_MS) as done:
        page.start_grading()
    assert done.args[1] == "finished"
    return page, done.args[0]


def open_student(page, name):
    table = page.review.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == name)
    table.selectRow(row)
    assert page.review.detail.result.student == name
    return page.review.detail


def type_into(qtbot, edit, text):
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # editingFinished


def test_points_note_and_level_are_the_teachers(make_page, qtbot, fake_dialogs, tmp_path):
    page, run_id = graded_page(make_page, qtbot)
    messages = []
    page.status_message.connect(messages.append)
    detail = open_student(page, "Ann")
    rid = detail.result.id
    evidence = detail.rows["evidence"]
    assert evidence.points_edit.text() == "" and evidence.points_edit.placeholderText() == "3"
    grid_note = detail.rows["thesis"].note

    # Typed points: kept beside the model's level, which stays.
    type_into(qtbot, evidence.points_edit, "2,5")
    stored = page.store.get_result(rid).criteria["evidence"]
    assert (stored.level, stored.override_level, stored.override_points) == ("Strong", None, 2.5)
    assert score_result(small_rubric(), page.store.get_result(rid)).total == 4.5
    table = page.review.table
    total_col, ev_col = table.columns().index("Total"), table.columns().index("Evidence")
    row = table.row_of(rid)
    assert table.item(row, total_col).text() == "4.5 / 5"
    assert table.item(row, ev_col).text() == f"Strong (2.5) {TEACHER_MARK}"
    assert detail.rows["evidence"].reset.isVisible()
    assert detail.rows["thesis"].note is grid_note  # updated in place, not rebuilt

    # Points outside the criterion or not a number: said, not stored.
    type_into(qtbot, evidence.points_edit, "9")
    assert "between 0 and 3" in messages[-1]
    type_into(qtbot, evidence.points_edit, "lots")
    assert "not a number" in messages[-1]
    assert page.store.get_result(rid).criteria["evidence"].override_points == 2.5
    assert evidence.points_edit.text() == "2.5"

    # A note on a criterion the model graded: the teacher's, shown to the student.
    type_into(qtbot, detail.rows["thesis"].note, "Say it in the first sentence.")
    thesis = page.store.get_result(rid).criteria["thesis"]
    assert thesis.override_note == "Say it in the first sentence." and thesis.level == "Clear"
    assert thesis.override_level is None and thesis.by_teacher
    assert "teacher's" in detail.rows["thesis"].owner.text()
    assert not detail.rows["thesis"].reset.isVisible()  # the grade is still the model's
    th_col = table.columns().index("Thesis")
    cell = table.item(table.row_of(rid), th_col)
    assert cell.text().endswith(TEACHER_MARK) and "Note: Say it in" in cell.toolTip()
    result = page.store.get_result(rid)
    run = page.store.get_run(run_id)
    text = feedback_markdown("Uniforms", run.rubric, result)
    assert "**Thesis:** Say it in the first sentence." in text

    # A level replaces typed points; the note stays.
    type_into(qtbot, evidence.note, "One example only.")
    evidence.level.setCurrentText("Weak")
    stored = page.store.get_result(rid).criteria["evidence"]
    assert (stored.override_level, stored.override_points) == ("Weak", None)
    assert stored.override_note == "One example only."
    assert table.item(table.row_of(rid), total_col).text() == "3.5 / 5"

    fake_dialogs.save_path = str(tmp_path / "grades.csv")
    with qtbot.waitSignal(page.review.exported):
        page.review.export_csv()
    with open(tmp_path / "grades.csv", encoding="utf-8-sig", newline="") as fh:
        ann = next(r for r in csv.DictReader(fh) if r["Student"] == "Ann")
    assert ann["Total"] == "3.5" and ann["Teacher changed"] == "Thesis; Evidence"

    # "Model's" goes back to the model's level and points and keeps the note.
    detail.rows["evidence"].reset.click()
    stored = page.store.get_result(rid).criteria["evidence"]
    assert (stored.override_level, stored.override_points) == (None, None)
    assert stored.override_note == "One example only."
    # Clearing the note too leaves nothing of the teacher's.
    note = detail.rows["evidence"].note
    note.setFocus()
    note.selectAll()
    qtbot.keyClick(note, Qt.Key.Key_Backspace)
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert not page.store.get_result(rid).criteria["evidence"].by_teacher
    assert detail.rows["evidence"].owner.text() == "model's"


def test_regrade_selected_leaves_the_others_and_their_overrides(make_page, qtbot, fake_dialogs):
    engine = LevelsEngine()
    page, run_id = graded_page(make_page, qtbot, engine)
    review = page.review
    ann = open_student(page, "Ann").result
    review.detail.rows["evidence"].level.setCurrentText("Weak")  # the teacher's, on Ann
    ann = page.store.get_result(ann.id)
    before = {r.student: r for r in page.store.get_results(run_id)}
    review.table.clearSelection()
    assert not review.regrade_button.isEnabled()  # nothing selected

    ids = [before["Ben"].id, before["Cat"].id]
    review.table.select_results(ids)
    assert review.table.selected_result_ids() == sorted(ids, key=review.table.row_of)
    assert review.regrade_button.isEnabled() and review.detail.result.student == "Ann"
    engine.levels = {"thesis": "Unclear", "evidence": "Weak"}
    labels = []
    page.controller.progress.connect(lambda _p: labels.append(page.progress_label.text()))
    with qtbot.waitSignal(page.run_finished, timeout=RUN_MS) as done:
        qtbot.mouseClick(review.regrade_button, Qt.MouseButton.LeftButton)
        assert page.is_running and not review.regrade_button.isEnabled()
    assert done.args == [run_id, "finished"]
    assert fake_dialogs.asked == []  # nothing of the teacher's was at stake
    assert labels[0].startswith("Regrading 1 of 2") and page.progress_bar.maximum() == 2
    assert page.progress_label.text() == "Finished: 2 regraded"

    after = {r.student: r for r in page.store.get_results(run_id)}
    for name in ("Ben", "Cat"):
        assert after[name].criteria["thesis"].level == "Unclear"
        assert after[name].updated_at > before[name].updated_at
    assert after["Ann"].updated_at == ann.updated_at  # untouched, override and all
    assert after["Ann"].criteria["evidence"].override_level == "Weak"
    assert after["Ann"].criteria["thesis"].level == "Clear"
    graded = [r.messages[1]["content"] for r in engine.requests if r.json_schema is not None]
    assert len(graded) == 5  # three, then the two selected again
    assert "Ben wrote this" in graded[3] and "Cat wrote this" in graded[4]


def test_regrade_after_a_rubric_change_asks_first(make_page, qtbot, fake_dialogs):
    engine = LevelsEngine()
    page, run_id = graded_page(make_page, qtbot, engine)
    review = page.review
    detail = open_student(page, "Ben")
    ben = detail.result.id
    type_into(qtbot, detail.rows["thesis"].note, "Good.")
    detail.reviewed_box.setChecked(True)

    # The teacher sharpens a descriptor in the library rubric the assignment uses.
    rubric = small_rubric()
    rubric.criteria[0].levels[0].descriptor = "a clear, arguable position in sentence one"
    rid = page.assignment.rubric_combo.currentData()
    page.store.save_rubric(rubric, rid)
    page.rubrics.refresh(select=rid)

    review.table.select_results([ben])
    fake_dialogs.yes = False
    assert not page.regrade([ben])
    assert fake_dialogs.asked == ["yes/no: Regrade 1 submission?"]
    assert page.store.get_result(ben).criteria["thesis"].override_note == "Good."
    assert "sentence one" not in str(page.store.get_run(run_id).rubric.to_dict())

    fake_dialogs.yes = True
    engine.levels["thesis"] = "Unclear"
    with qtbot.waitSignal(page.run_finished, timeout=RUN_MS):
        assert page.regrade([ben])
    result = page.store.get_result(ben)
    assert result.criteria["thesis"].level == "Unclear" and not result.criteria["thesis"].by_teacher
    assert not result.reviewed
    run = page.store.get_run(run_id)
    assert run.rubric.criteria[0].levels[0].descriptor.endswith("sentence one")
    assert "sentence one" in engine.requests[-2].messages[1]["content"]  # before the feedback
    others = [r for r in page.store.get_results(run_id) if r.id != ben]
    assert all(r.criteria["thesis"].level == "Clear" for r in others)
