"""Batch runs with a scripted engine: progress, bad files, failed replies, pause, cancel, resume."""

from __future__ import annotations

import json

import pytest

from app.core.grading import BatchRunner, GradingStore, from_text
from app.core.grading.submissions import Submission
from app.engine.types import Done, EngineDied, GenerationStats
from tests.grading.helpers import ScriptedEngine, assignment, grading_script


def quote_first_words(user: str) -> str:
    text = user.split(">>>\n", 1)[1].split("\n<<<END", 1)[0]
    words = " ".join(text.split()[:3])
    item = {"quotes": [words], "reason": "ok", "level": None}
    return json.dumps({"thesis": {**item, "level": "Clear"}, "evidence": {**item, "level": "Weak"}})


@pytest.fixture
def store(tmp_path):
    store = GradingStore(tmp_path / "db.sqlite3")
    yield store
    store.close()


def make_run(store, subs):
    aid = store.create_assignment(assignment())
    store.add_submissions(aid, subs)
    return store.create_run(aid)


def test_batch_goes_past_bad_files_and_failed_replies(store):
    subs = [
        from_text("Uniforms are good for all.", "Ann"),
        Submission("Ben", "", source="ben.docx", error="ben.docx: not a readable .docx file"),
        from_text("", "Cat"),
        from_text("BOOM this one overflows the context.", "Dov"),
        from_text("Uniforms are bad for self expression.", "Eve"),
    ]
    run_id = make_run(store, subs)
    progress = []
    runner = BatchRunner(
        store, ScriptedEngine(grading_script(quote_first_words)), on_progress=progress.append
    )
    assert runner.run(run_id) == "finished"
    by_student = {r.student: r for r in store.get_results(run_id)}
    assert {k: r.status for k, r in by_student.items()} == {
        "Ann": "graded", "Ben": "error", "Cat": "skipped", "Dov": "error", "Eve": "graded"
    }  # fmt: skip
    assert "context" in by_student["Dov"].error
    assert by_student["Ben"].needs_review and by_student["Cat"].needs_review
    assert not by_student["Ann"].needs_review
    assert [p.done for p in progress] == [0, 1, 2, 3, 4, 5]
    assert progress[-1].state == "finished" and progress[-1].counts["graded"] == 2
    assert progress[1].eta_seconds is not None and progress[0].eta_seconds is None
    assert store.get_run(run_id).state == "finished"


def test_pause_then_resume_grades_only_what_is_left(store):
    run_id = make_run(store, [from_text(f"Essay number {i} text.", f"S{i}") for i in range(4)])
    engine = ScriptedEngine(grading_script(quote_first_words))
    runner = BatchRunner(store, engine, on_result=lambda rid: runner.pause())
    assert runner.run(run_id) == "paused"
    assert store.counts(run_id)["pending"] == 3
    first = store.get_results(run_id)[0]
    runner = BatchRunner(store, engine)
    assert runner.run(run_id) == "finished"
    again = store.get_results(run_id)[0]
    assert again.updated_at == first.updated_at and again.replies == first.replies
    assert store.counts(run_id)["graded"] == 4


def test_cancel_stops_inside_a_submission_and_leaves_it_pending(store):
    run_id = make_run(store, [from_text(f"Essay number {i} text.", f"S{i}") for i in range(3)])
    runner = None

    def script(request):
        if request.json_schema is None:  # the first submission's feedback turn
            runner.cancel()  # the real engine then ends the request as "cancelled"
            return Done("feed", "cancelled", GenerationStats())
        return quote_first_words(request.messages[1]["content"])

    engine = ScriptedEngine(script)
    runner = BatchRunner(store, engine)
    assert runner.run(run_id) == "cancelled"
    assert engine.cancelled == 1
    assert store.counts(run_id)["pending"] == 3  # the half-graded one was not stored
    assert [r.id for r in store.unfinished_runs()] == [run_id]


def test_an_engine_that_keeps_dying_interrupts_the_run(store):
    run_id = make_run(store, [from_text(f"Essay {i}.", f"S{i}") for i in range(5)])
    engine = ScriptedEngine(lambda request: EngineDied("gone"))
    assert BatchRunner(store, engine).run(run_id) == "interrupted"
    run = store.get_run(run_id)
    assert "keeps stopping" in run.error
    assert store.counts(run_id) == {**store.counts(run_id), "error": 3, "pending": 2}


def test_regrade_and_new_submissions_join_a_finished_run(store):
    run_id = make_run(store, [from_text("Essay one text.", "A")])
    engine = ScriptedEngine(grading_script(quote_first_words))
    BatchRunner(store, engine).run(run_id)
    [result] = store.get_results(run_id)
    store.override_criterion(result.id, "thesis", level="Missing")
    aid = store.get_run(run_id).assignment_id
    store.add_submissions(aid, [from_text("Essay two text.", "B")])
    assert store.add_new_submissions(run_id) == 1
    assert store.add_new_submissions(run_id) == 0
    store.regrade([result.id])
    assert store.counts(run_id)["pending"] == 2
    assert BatchRunner(store, engine).run(run_id) == "finished"
    results = store.get_results(run_id)
    assert [r.status for r in results] == ["graded", "graded"]
    assert not results[0].criteria["thesis"].by_teacher
