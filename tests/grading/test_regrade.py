"""Regrading chosen results of a run: the plan's warnings, and only those graded again."""

from __future__ import annotations

import pytest

from app.core.grading import BatchRunner, GradingStore, from_text
from app.core.grading.regrade import plan_regrade
from tests.grading.helpers import ScriptedEngine, assignment, grading_script, reply
from tests.grading.test_runner import make_run

ESSAYS = [from_text(f"Uniforms: {name} says yes.", name) for name in ("Ann", "Ben", "Cat")]


@pytest.fixture
def store(tmp_path):
    store = GradingStore(tmp_path / "db.sqlite3")
    yield store
    store.close()


def graded_run(store):
    run_id = make_run(store, ESSAYS)
    engine = ScriptedEngine(grading_script(lambda _user: reply()))
    assert BatchRunner(store, engine).run(run_id) == "finished"
    return run_id, {r.student: r for r in store.get_results(run_id)}


def test_only_the_chosen_are_graded_again_and_overrides_elsewhere_stay(store):
    run_id, before = graded_run(store)
    ann, ben, cat = before["Ann"], before["Ben"], before["Cat"]
    store.override_criterion(ann.id, "thesis", level="Missing", note="No position.")
    store.set_feedback(ann.id, "See me.")
    ann = store.get_result(ann.id)

    plan = plan_regrade(store, run_id, [ben.id, cat.id, 999_999])
    assert plan.result_ids == [ben.id, cat.id] and plan.warnings() == []
    plan.apply(store)
    assert store.counts(run_id)["pending"] == 2

    engine = ScriptedEngine(grading_script(lambda _user: reply(thesis=("Unclear", ["yes"]))))
    graded = []
    assert BatchRunner(store, engine, on_result=graded.append).run(run_id) == "finished"
    assert sorted(graded) == sorted([ben.id, cat.id])
    after = {r.student: r for r in store.get_results(run_id)}
    assert after["Ann"] == ann  # every field, the override and feedback included
    assert after["Ben"].criteria["thesis"].level == "Unclear"


def test_the_plan_warns_about_the_teachers_changes_and_a_new_rubric(store):
    run_id, before = graded_run(store)
    ben = before["Ben"]
    store.mark_reviewed(ben.id)
    plan = plan_regrade(store, run_id, [ben.id])
    assert plan.students_with_changes == ["Ben"] and plan.new_assignment is None
    assert plan.warnings() == ["Your changes to Ben will give way to the new grades."]

    run = store.get_run(run_id)
    changed = assignment()
    changed.rubric.criteria[0].levels[0].descriptor = "a clear position in the first sentence"
    changed.id = run.assignment_id
    changed.title = "Renamed"
    store.update_assignment(changed)
    plan = plan_regrade(store, run_id, [before["Ann"].id])
    assert plan.students_with_changes == [] and plan.new_assignment is not None
    assert plan.warnings()[0].startswith("The task or rubric changed since this run")
    plan.apply(store)
    snapshot = store.get_run(run_id).assignment
    assert snapshot.title == "Renamed" and "first sentence" in str(snapshot.rubric.to_dict())
    assert store.get_result(ben.id).reviewed  # not regraded: untouched

    retitled = store.get_assignment(run.assignment_id)
    retitled.title = "Only a new name"
    store.update_assignment(retitled)
    assert plan_regrade(store, run_id, [ben.id]).new_assignment is None  # a title is no change
