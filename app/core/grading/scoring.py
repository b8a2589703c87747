"""Points and totals, computed by code from the rubric, never taken from the model.

A level's points times the criterion's weight, or the teacher's override (checked
against the criterion's maximum). The total is a sum of those and is clamped to
the rubric's maximum, so no score can ever exceed what the rubric allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.grading.results import CriterionResult, GradeResult
from app.core.grading.rubric import Criterion, Rubric


class ScoreError(ValueError):
    """An override outside what the rubric allows."""


@dataclass
class Score:
    points: dict[str, float | None]  # per criterion; None: no level yet
    total: float
    max_total: float
    by_teacher: set[str] = field(default_factory=set)  # criteria the teacher changed

    @property
    def complete(self) -> bool:
        return all(p is not None for p in self.points.values())

    @property
    def percent(self) -> float:
        return 100.0 * self.total / self.max_total if self.max_total else 0.0


def level_points(criterion: Criterion, label: str | None) -> float | None:
    level = criterion.level(label) if label is not None else None
    return None if level is None else round(level.points * criterion.weight, 4)


def check_override(criterion: Criterion, level: str | None, points: float | None) -> None:
    """Raise ScoreError unless the level exists and the points are within 0..max."""
    if level is not None and criterion.level(level) is None:
        raise ScoreError(f"{criterion.name}: no level {level!r} (levels: {criterion.labels()})")
    if points is not None and not (0 <= points <= criterion.max_points):
        raise ScoreError(f"{criterion.name}: points must be between 0 and {criterion.max_points:g}")


def criterion_points(criterion: Criterion, result: CriterionResult | None) -> float | None:
    if result is None:
        return None
    if result.override_points is not None:
        return min(max(result.override_points, 0.0), criterion.max_points)
    points = level_points(criterion, result.effective_level)
    return None if points is None else min(points, criterion.max_points)


def score_criteria(rubric: Rubric, criteria: dict[str, CriterionResult]) -> Score:
    points: dict[str, float | None] = {}
    teacher = set()
    for criterion in rubric.criteria:
        result = criteria.get(criterion.id)
        points[criterion.id] = criterion_points(criterion, result)
        if result is not None and result.by_teacher:
            teacher.add(criterion.id)
    total = round(sum(p for p in points.values() if p is not None), 4)
    max_total = round(rubric.max_points, 4)
    return Score(points, min(total, max_total), max_total, teacher)


def score_result(rubric: Rubric, result: GradeResult) -> Score:
    return score_criteria(rubric, result.criteria)
