"""The class at a glance: score distribution per criterion, totals, what needs a look.

Computed from the teacher's effective levels (overrides included), so the
summary always matches the gradebook.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from app.core.grading import results as R
from app.core.grading.results import GradeResult
from app.core.grading.rubric import Rubric
from app.core.grading.scoring import criterion_points, score_result


@dataclass
class CriterionSummary:
    criterion_id: str
    name: str
    max_points: float
    level_counts: dict[str, int]  # rubric order; students at each level
    ungraded: int
    mean: float | None
    lowest: float | None
    highest: float | None


@dataclass
class ClassSummary:
    students: int
    graded: int  # has a complete score
    needs_review: int
    flagged: int
    max_total: float
    mean_total: float | None
    median_total: float | None
    lowest_total: float | None
    highest_total: float | None
    criteria: list[CriterionSummary] = field(default_factory=list)
    histogram: list[tuple[float, float, int]] = field(default_factory=list)  # (from, to, count)


def review_order(results: list[GradeResult]) -> list[GradeResult]:
    """Flagged and needs-review results first, then the rest, each in submission order."""
    return sorted(results, key=lambda r: (not r.needs_review, not r.flags, r.position))


def class_summary(rubric: Rubric, results: list[GradeResult], bins: int = 5) -> ClassSummary:
    finished = [r for r in results if r.status != R.PENDING]
    scores = [score_result(rubric, r) for r in finished]
    totals = [s.total for s in scores if s.complete]
    summary = ClassSummary(
        students=len(results),
        graded=len(totals),
        needs_review=sum(r.needs_review for r in results),
        flagged=sum(bool(r.flags) for r in results),
        max_total=rubric.max_points,
        mean_total=round(statistics.fmean(totals), 2) if totals else None,
        median_total=statistics.median(totals) if totals else None,
        lowest_total=min(totals) if totals else None,
        highest_total=max(totals) if totals else None,
        histogram=histogram(totals, rubric.max_points, bins),
    )
    for criterion in rubric.criteria:
        counts = dict.fromkeys(criterion.labels(), 0)
        points, ungraded = [], 0
        for result in finished:
            cr = result.criteria.get(criterion.id)
            level = cr.effective_level if cr else None
            if level in counts:
                counts[level] += 1
            value = criterion_points(criterion, cr)
            if value is None:
                ungraded += 1
            else:
                points.append(value)
        summary.criteria.append(
            CriterionSummary(
                criterion_id=criterion.id,
                name=criterion.name,
                max_points=criterion.max_points,
                level_counts=counts,
                ungraded=ungraded,
                mean=round(statistics.fmean(points), 2) if points else None,
                lowest=min(points) if points else None,
                highest=max(points) if points else None,
            )
        )
    return summary


def histogram(values: list[float], maximum: float, bins: int) -> list[tuple[float, float, int]]:
    """Equal-width bins over 0..maximum; the last bin includes the maximum."""
    if maximum <= 0 or bins <= 0:
        return []
    width = maximum / bins
    counts = [0] * bins
    for value in values:
        counts[min(int(value / width), bins - 1)] += 1
    return [(round(i * width, 4), round((i + 1) * width, 4), counts[i]) for i in range(bins)]
