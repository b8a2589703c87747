"""A long batch keeps memory flat: the runner reads each submission just in time.

tracemalloc's peak over a whole run of 500 essays against one of 50: before, the
runner loaded every pending text up front, so the peak grew with the run.
"""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from app.bench.scale_profile import TextMaker
from app.core.grading import BatchRunner, GradingStore, from_text, in_flight
from app.core.grading import results as R
from app.core.grading import runner as runner_module
from app.core.grading.results import GradeOutcome
from tests.grading.helpers import assignment

SENTENCES = 60  # ~4 KB: a long essay


class _Grader:
    """Grades at once without a model: the test is about what the runner holds."""

    def __init__(self, engine, assignment, options, stop_requested):
        pass

    def grade(self, text: str) -> GradeOutcome:
        return GradeOutcome(status=R.GRADED, criteria={}, feedback=f"{len(text)} characters")


class _Engine:
    def cancel(self, owner=None) -> None:
        pass


def _peak_bytes(tmp_path, n: int) -> tuple[int, str]:
    store = GradingStore(tmp_path / f"run{n}.sqlite3")
    try:
        aid = store.create_assignment(assignment())
        maker = TextMaker(seed=n)  # different essays: no duplicates to re-flag
        essays = [from_text(maker.paragraph(SENTENCES, SENTENCES), f"S{i}") for i in range(n)]
        store.add_submissions(aid, essays)
        del essays
        run_id = store.create_run(aid)
        gc.collect()
        tracemalloc.start()
        try:
            state = BatchRunner(store, _Engine()).run(run_id)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert store.counts(run_id)["graded"] == n
        return peak, state
    finally:
        store.close()


@pytest.fixture(autouse=True)
def _quick_grader(monkeypatch):
    monkeypatch.setattr(runner_module, "Grader", _Grader)
    monkeypatch.setattr(in_flight, "Grader", _Grader)


def test_a_run_of_500_submissions_peaks_no_higher_than_a_run_of_50(tmp_path):
    small, state_small = _peak_bytes(tmp_path, 50)
    large, state_large = _peak_bytes(tmp_path, 500)
    assert state_small == state_large == "finished"
    # Holding the 450 extra essays (4 KB of text each, plus their rows) adds ~2.5 MB.
    assert large - small < 1_000_000, (small, large)


def test_several_lanes_read_their_submissions_in_turn_and_grade_each_once(tmp_path):
    store = GradingStore(tmp_path / "lanes.sqlite3")
    try:
        aid = store.create_assignment(assignment())
        maker = TextMaker(seed=1)
        store.add_submissions(aid, [from_text(maker.paragraph(3, 5), f"S{i}") for i in range(12)])
        run_id = store.create_run(aid)
        graded = []
        runner = BatchRunner(
            store, _Engine(), lanes=[_Engine(), _Engine()], on_result=graded.append
        )
        assert runner.run(run_id) == "finished"
        assert sorted(graded) == sorted(set(graded)) and len(graded) == 12
        assert store.counts(run_id)["graded"] == 12 and store.pending_ids(run_id) == []
    finally:
        store.close()
