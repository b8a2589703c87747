"""Points and totals come from the rubric, and can never exceed its maximum."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.grading import CriterionResult, ScoreError
from app.core.grading.scoring import check_override, score_criteria
from tests.grading.helpers import small_rubric


def results(thesis=None, evidence=None, **override):
    return {
        "thesis": CriterionResult("thesis", thesis),
        "evidence": CriterionResult("evidence", evidence, **override),
    }


def test_points_from_levels_and_weights():
    score = score_criteria(small_rubric(), results("Clear", "Weak"))
    assert score.points == {"thesis": 2, "evidence": 1.5}
    assert score.total == 3.5 and score.max_total == 5 and score.complete
    assert score.percent == 70


def test_missing_level_scores_nothing_and_is_incomplete():
    score = score_criteria(small_rubric(), results("Clear", None))
    assert score.points["evidence"] is None
    assert score.total == 2 and not score.complete


def test_teacher_override_level_and_points():
    score = score_criteria(small_rubric(), results("Clear", "Weak", override_level="Strong"))
    assert score.points["evidence"] == 3 and score.by_teacher == {"evidence"}
    score = score_criteria(small_rubric(), results("Clear", "Weak", override_points=2.25))
    assert score.points["evidence"] == 2.25


def test_overrides_outside_the_rubric_are_refused():
    criterion = small_rubric().criterion("evidence")
    check_override(criterion, "Strong", 3)
    with pytest.raises(ScoreError, match="no level"):
        check_override(criterion, "Brilliant", None)
    with pytest.raises(ScoreError, match="between 0 and 3"):
        check_override(criterion, None, 3.5)
    with pytest.raises(ScoreError):
        check_override(criterion, None, -1)


@given(
    st.sampled_from(["Clear", "Unclear", "Missing", None, "Bogus"]),
    st.sampled_from(["Strong", "Weak", "None", None, "Bogus"]),
    st.one_of(st.none(), st.floats(min_value=-10, max_value=100, allow_nan=False)),
)
def test_total_never_exceeds_the_maximum(thesis, evidence, points):
    score = score_criteria(small_rubric(), results(thesis, evidence, override_points=points))
    assert 0 <= score.total <= score.max_total
    assert all(p is None or 0 <= p for p in score.points.values())
