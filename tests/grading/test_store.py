"""The grading tables: CRUD, snapshots, overrides, duplicates, and living beside the chat store."""

from __future__ import annotations

import sqlite3

import pytest

from app.core.grading import GradingOptions, GradingStore, GradingStoreError, from_text
from app.core.grading.results import GRADED, CriterionResult, GradeOutcome
from app.core.grading.schema import migrate_grading
from tests.grading.helpers import assignment, small_rubric


@pytest.fixture
def store(tmp_path):
    store = GradingStore(tmp_path / "db.sqlite3")
    yield store
    store.close()


def setup_run(store, texts=("Alpha text.", "Beta text.")):
    aid = store.create_assignment(assignment())
    store.add_submissions(aid, [from_text(t, f"S{i}") for i, t in enumerate(texts)])
    return aid, store.create_run(aid, GradingOptions(seed=7), model="m.gguf")


def test_migration_is_idempotent_and_leaves_user_version_alone(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.sqlite3", isolation_level=None)
    migrate_grading(conn)
    migrate_grading(conn)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"grading_rubrics", "grading_assignments", "grading_submissions", "grading_runs",
            "grading_results", "grading_criterion_results"} <= tables  # fmt: skip
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0


def test_shares_the_app_database_with_the_chat_store(tmp_path):
    from app.core.store import Store

    path = tmp_path / "quillmate.sqlite3"
    grading = GradingStore(path)
    chat = Store(path)
    aid = grading.create_assignment(assignment())
    chat.close()
    grading.close()
    again = GradingStore(path)
    assert again.get_assignment(aid).title == "Uniforms"
    again.close()


def test_default_path_is_the_app_database():
    from app.paths import app_paths

    store = GradingStore()
    assert store.path == app_paths().database
    store.close()


def test_rubric_library(store):
    rid = store.save_rubric(small_rubric())
    assert store.list_rubrics() == [(rid, "Mini essay")]
    rubric = store.get_rubric(rid)
    rubric.title = "Renamed"
    store.save_rubric(rubric, rid)
    assert store.get_rubric(rid).title == "Renamed"
    store.delete_rubric(rid)
    with pytest.raises(GradingStoreError):
        store.get_rubric(rid)


def test_run_snapshots_the_assignment(store):
    aid, run_id = setup_run(store)
    edited = store.get_assignment(aid)
    edited.task = "A different task"
    store.update_assignment(edited)
    run = store.get_run(run_id)
    assert run.assignment.task.startswith("Should schools") and run.options.seed == 7
    assert run.state == "pending" and run.model == "m.gguf"
    assert [s.student for _, s in store.pending(run_id)] == ["S0", "S1"]


def test_duplicates_are_flagged_across_additions(store):
    aid = store.create_assignment(assignment())
    store.add_submissions(aid, [from_text("Same words.", "A")])
    store.add_submissions(aid, [from_text("same   WORDS.", "B")])
    subs = store.submissions(aid)
    assert [[f.kind for f in s.flags] for s in subs] == [["duplicate"], ["duplicate"]]
    store.remove_submission(subs[1].id)
    assert store.submissions(aid)[0].flags == []


def test_outcome_overrides_and_review(store):
    _, run_id = setup_run(store)
    result_id, _ = store.pending(run_id)[0]
    outcome = GradeOutcome(
        status=GRADED,
        criteria={
            "thesis": CriterionResult("thesis", "Clear", reason="r"),
            "evidence": CriterionResult("evidence", "Weak"),
        },  # fmt: skip
        feedback="Good.",
        attempts=1,
        replies=["{}"],
    )
    store.save_outcome(result_id, outcome, [])
    store.override_criterion(result_id, "evidence", level="Strong", note="I disagree")
    with pytest.raises(ValueError, match="between 0 and 3"):
        store.override_criterion(result_id, "evidence", points=4)
    with pytest.raises(GradingStoreError, match="no criterion"):
        store.override_criterion(result_id, "nope", level="x")
    store.set_feedback(result_id, "Teacher's words.")
    store.mark_reviewed(result_id)
    result = store.get_result(result_id)
    evidence = result.criteria["evidence"]
    assert evidence.level == "Weak" and evidence.override_level == "Strong" and evidence.by_teacher
    assert result.effective_feedback == "Teacher's words." and result.feedback == "Good."
    assert result.reviewed and not result.needs_review
    store.clear_override(result_id, "evidence")
    assert not store.get_result(result_id).criteria["evidence"].by_teacher
    assert store.counts(run_id)["graded"] == 1 and store.counts(run_id)["pending"] == 1


def test_teacher_can_grade_a_failed_submission_by_hand(store):
    _, run_id = setup_run(store)
    result_id, _ = store.pending(run_id)[0]
    store.save_outcome(result_id, GradeOutcome(status="error", criteria={}, error="boom"), [])
    store.override_criterion(result_id, "thesis", level="Missing")
    assert store.get_result(result_id).criteria["thesis"].effective_level == "Missing"


def test_a_run_left_running_by_a_dead_process_is_interrupted(store):
    _, run_id = setup_run(store)
    store.set_run_state(run_id, "running")
    assert store.recover_interrupted() == 0  # this process is alive
    with store._tx() as conn:
        conn.execute(
            "UPDATE grading_runs SET owner = ? WHERE id = ?",
            (f"{__import__('socket').gethostname()}:999999999", run_id),
        )
    [run] = store.unfinished_runs()
    assert run.id == run_id and run.state == "interrupted"


def test_deleting_an_assignment_removes_its_runs(store):
    aid, run_id = setup_run(store)
    store.delete_assignment(aid)
    with pytest.raises(GradingStoreError):
        store.get_run(run_id)
