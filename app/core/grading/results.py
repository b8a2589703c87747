"""Per-submission and per-criterion results, as graded and as changed by the teacher.

The model's answer and the teacher's override live side by side: overriding
never erases what the model said, and every override is marked as the teacher's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core.grading.flags import Flag

PENDING = "pending"
GRADED = "graded"  # every check passed
NEEDS_REVIEW = "needs_review"  # a check failed after the retry, or runs disagreed
ERROR = "error"  # unreadable file, or the engine failed on it
SKIPPED = "skipped"  # empty: nothing to grade
STATUSES = (PENDING, GRADED, NEEDS_REVIEW, ERROR, SKIPPED)


@dataclass
class CriterionResult:
    criterion_id: str
    level: str | None  # the model's choice (None: no usable answer)
    quotes: list[dict[str, Any]] = field(default_factory=list)  # {"text", "span": [s, e] | None}
    reason: str = ""
    problems: list[str] = field(default_factory=list)
    alternatives: list[str | None] = field(default_factory=list)  # consistency runs' levels
    override_level: str | None = None
    override_points: float | None = None
    override_note: str = ""
    overridden_at: float | None = None

    @property
    def verified(self) -> bool:
        return self.level is not None and not self.problems

    @property
    def grade_by_teacher(self) -> bool:
        """The teacher set the level or the points (the model's stay stored beside them)."""
        return self.override_level is not None or self.override_points is not None

    @property
    def by_teacher(self) -> bool:
        """The teacher changed the grade or wrote a note: shown as the teacher's."""
        return self.grade_by_teacher or bool(self.override_note.strip())

    @property
    def effective_level(self) -> str | None:
        return self.override_level if self.override_level is not None else self.level

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion_id": self.criterion_id,
            "level": self.level,
            "quotes": self.quotes,
            "reason": self.reason,
            "problems": self.problems,
            "alternatives": self.alternatives,
            "override_level": self.override_level,
            "override_points": self.override_points,
            "override_note": self.override_note,
            "overridden_at": self.overridden_at,
        }


@dataclass
class GradeOutcome:
    """What grading one submission produced, before it is stored."""

    status: str
    criteria: dict[str, CriterionResult]
    flags: list[Flag] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    feedback: str = ""
    attempts: int = 0
    replies: list[str] = field(default_factory=list)
    stats: dict[str, float] = field(default_factory=dict)
    error: str = ""


@dataclass
class GradeResult:
    """One submission's stored result in one run, with the teacher's changes."""

    id: int
    run_id: int
    submission_id: int
    student: str
    text: str
    source: str
    position: int
    status: str
    criteria: dict[str, CriterionResult]
    flags: list[Flag]
    problems: list[str]
    feedback: str
    feedback_override: str | None
    reviewed_at: float | None
    attempts: int
    seconds: float
    error: str
    replies: list[str]
    stats: dict[str, Any]
    updated_at: float

    @property
    def reviewed(self) -> bool:
        return self.reviewed_at is not None

    @property
    def effective_feedback(self) -> str:
        return self.feedback_override if self.feedback_override is not None else self.feedback

    @property
    def needs_review(self) -> bool:
        """Finished, not yet reviewed, and something a teacher must look at."""
        if self.status == PENDING or self.reviewed:
            return False
        return self.status != GRADED or bool(self.flags)

    def review_reasons(self) -> list[str]:
        reasons = [self.error] if self.error else []
        reasons += self.problems
        for criterion in self.criteria.values():
            reasons += [f"{criterion.criterion_id}: {p}" for p in criterion.problems]
        reasons += [flag.message for flag in self.flags]
        return reasons
