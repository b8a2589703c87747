"""Grade mode end to end with the real SmolLM2-135M model: no mocks below the page.

Build a rubric in the editor, add a folder of short answers, grade them on the
worker thread, override one level, export the gradebook. The model grades
badly; the test checks the machinery (every total within the rubric's range, the
teacher's change kept and shown), not the grades.
"""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt

from app.core.grading import GradingOptions, score_result
from app.ui.grading.review_table import TEACHER_MARK
from app.ui.grading.rubric_editor import NAME, POINTS

pytestmark = [pytest.mark.model, pytest.mark.gui]

RUN_MS = 150_000
# Tight bounds keep each reply short on a slow shared CPU.
SMALL = GradingOptions(
    max_quotes=1, quote_chars=40, reason_chars=30, feedback_max_tokens=24, retries=1
)
ANSWERS = {
    "ann_lee.txt": "Plants make food from light. Leaves catch the sun.",
    "ben_ode.txt": "Plants eat soil. That is how they grow.",
}


def test_build_rubric_add_folder_grade_override_export(
    model_services, grade_window, fake_dialogs, qtbot, tmp_path
):
    folder = tmp_path / "class"
    folder.mkdir()
    for name, text in ANSWERS.items():
        (folder / name).write_text(text, encoding="utf-8")
    window, page = grade_window(model_services)
    page.base_options = SMALL

    # A rubric built in the editor: two criteria, three levels each.
    tab = page.rubrics
    rid = tab.new_rubric()
    editor = tab.editor
    editor.title_edit.setText("Photosynthesis")
    editor.title_edit.textEdited.emit("Photosynthesis")
    editor.tree.topLevelItem(0).setText(NAME, "Accuracy")
    second = editor.add_criterion("Clarity")
    second.child(0).setText(POINTS, "1")
    second.child(1).setText(POINTS, "0.5")
    assert tab.commit()
    rubric = page.store.get_rubric(rid)
    assert [c.name for c in rubric.criteria] == ["Accuracy", "Clarity"]
    assert rubric.max_points == 3

    assignment = page.assignment
    assignment.select_rubric(rid)
    assignment.title_edit.setText("Photosynthesis")
    assignment.task_edit.setPlainText("How do plants get their food? One or two sentences.")
    fake_dialogs.folder = str(folder)
    with qtbot.waitSignal(assignment.submissions_changed):
        qtbot.mouseClick(assignment.add_folder_button, Qt.MouseButton.LeftButton)
    assert assignment.table.rowCount() == 2

    with qtbot.waitSignal(page.run_finished, timeout=RUN_MS) as done:
        qtbot.mouseClick(page.grade_button, Qt.MouseButton.LeftButton)
    assert done.args[1] == "finished", page.progress_label.text()
    run_id = done.args[0]
    assert page.progress_bar.value() == 2

    review = page.review
    table = review.table
    assert table.rowCount() == 2
    total_col = table.columns().index("Total")
    results = page.store.get_results(run_id)
    for result in results:
        assert result.status in ("graded", "needs_review"), (result.student, result.error)
        score = score_result(rubric, result)
        assert 0 <= score.total <= score.max_total == 3
        row = table.row_of(result.id)
        assert table.item(row, total_col).text().endswith("/ 3")

    # Override Accuracy for the first row to a level worth something else.
    table.selectRow(0)
    detail = review.detail
    result = detail.result
    before = score_result(rubric, result)
    cid = rubric.criteria[0].id  # "content": a renamed criterion keeps its id
    current = result.criteria[cid].effective_level
    target = "Poor" if current != "Poor" else "Good"
    detail.rows[cid].level.setCurrentText(target)
    after = score_result(rubric, page.store.get_result(result.id))
    assert after.points[cid] == (0 if target == "Poor" else 2)
    assert after.total != before.total or before.points["accuracy"] is None
    row = table.row_of(result.id)
    assert table.item(row, total_col).text() == f"{after.total:g} / 3"
    accuracy_col = table.columns().index("Accuracy")
    assert table.item(row, accuracy_col).text().endswith(TEACHER_MARK)
    assert "teacher's" in detail.rows[cid].owner.text()

    fake_dialogs.save_path = str(tmp_path / "grades.csv")
    with qtbot.waitSignal(review.exported):  # written off the GUI thread
        qtbot.mouseClick(review.csv_button, Qt.MouseButton.LeftButton)
    with open(tmp_path / "grades.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {row["Student"]: row for row in csv.DictReader(fh)}
    assert set(rows) == {"Ann Lee", "Ben Ode"}
    changed = rows[result.student]
    assert changed["Accuracy (2)"] == f"{after.points[cid]:g}"
    assert changed["Teacher changed"] == "Accuracy"
    for row in rows.values():
        assert row["Total"] == "" or 0 <= float(row["Total"]) <= 3
