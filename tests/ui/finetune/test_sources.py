"""The two other sources of the Data tab: a folder of writing, and reviewed grades."""

from __future__ import annotations

import pytest

from app.core.grading import (
    Assignment,
    Criterion,
    GradingOptions,
    GradingStore,
    Level,
    Rubric,
    from_text,
)
from app.core.grading.results import GRADED, CriterionResult, GradeOutcome
from app.ui.finetune.data_work import GRADING, WRITING
from tests.ui.finetune.helpers import read_data, texts

pytestmark = [pytest.mark.gui, pytest.mark.model]


def test_preview_of_a_folder_of_writing(services, finetune_window, qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "my texts"
    folder.mkdir()
    paragraphs = [" ".join(f"sea{i} wind{j}." for j in range(60)) for i in range(5)]
    (folder / "essay.md").write_text("\n\n".join(paragraphs), encoding="utf-8")
    (folder / "note.txt").write_text("Only one paragraph here.", encoding="utf-8")
    _window, page = finetune_window(services)
    monkeypatch.setattr("app.ui.finetune.dialogs.ask_folder", lambda _parent, _caption: str(folder))
    page.data.sources.set_kind(WRITING)
    assert page.data.sources.panels.currentWidget() is page.data.sources.writing
    page.data.sources.writing.browse_button.click()
    assert page.data.sources.writing.edit.text() == str(folder)
    read_data(page, qtbot)

    examples = page.preview.train + page.preview.validation
    assert len(examples) >= 2
    assert all(e.source.startswith("essay.md ¶") for e in examples)
    assert any("note.txt" in d for d in texts(page.data.preview.dropped))
    assert page.choice.label == str(folder)


def graded_run(database) -> int:
    """A grading run over two essays; the teacher changed one grade, left one alone."""
    rubric = Rubric("Essay", [Criterion("Thesis", [Level("Clear", 2), Level("Missing", 0)])])
    grading = GradingStore(database)
    try:
        aid = grading.create_assignment(Assignment("Uniforms", "Argue about uniforms.", rubric))
        grading.add_submissions(
            aid,
            [from_text("Uniforms help. Fights dropped.", "Alice"), from_text("Cats.", "Bob")],
        )
        run_id = grading.create_run(aid, GradingOptions(), model="m.gguf")
        ids = {}
        for result_id, submission in grading.pending(run_id):
            criteria = {"thesis": CriterionResult("thesis", "Clear", [], "clear view")}
            grading.save_outcome(result_id, GradeOutcome(status=GRADED, criteria=criteria), [])
            ids[submission.student] = result_id
        grading.override_criterion(ids["Bob"], "thesis", level="Missing", note="no position")
        return run_id
    finally:
        grading.close()


def test_preview_of_reviewed_grades(services, finetune_window, qtbot):
    run_id = graded_run(services.paths.database)
    _window, page = finetune_window(services)
    sources = page.data.sources
    sources.set_kind(GRADING)
    assert len(texts(sources.grading.list)) == 1
    assert texts(sources.grading.list)[0].startswith(f"Uniforms  ·  run {run_id}")
    read_data(page, qtbot)
    assert page.preview is None
    assert page.data.status.text() == "Tick at least one grading run."

    sources.grading.set_all(True)
    read_data(page, qtbot)
    [example] = page.preview.train + page.preview.validation  # only the reviewed one
    assert "Bob" in example.source
    assert '"level": "Missing"' in example.messages[-1]["content"]
    assert "no position" in example.messages[-1]["content"]
