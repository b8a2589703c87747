"""Regrading some results of a run: what it would cost the teacher, then doing it.

Regrading puts the chosen results back to 'pending' (their grades and the
teacher's changes to them are dropped) and the next BatchRunner.run grades only
those; every other result of the run stays as it is, overrides and all. If the
assignment's task or rubric changed since the run was made, the run takes the
new one first, so the regraded results follow it (the others keep their levels,
read with the new rubric). The plan says both things before anything changes,
so the GUI can ask the teacher.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.grading.assignment import Assignment
from app.core.grading.results import GradeResult
from app.core.grading.store import GradingStore


@dataclass
class RegradePlan:
    run_id: int
    result_ids: list[int]
    students_with_changes: list[str] = field(default_factory=list)
    new_assignment: Assignment | None = None  # set when the task or rubric changed

    def warnings(self) -> list[str]:
        """One line per thing the teacher should agree to; [] when nothing is at stake."""
        lines = []
        if self.students_with_changes:
            lines.append(
                f"Your changes to {_names(self.students_with_changes)} will give way to the "
                "new grades."
            )
        if self.new_assignment is not None:
            lines.append(
                "The task or rubric changed since this run: the run will use the new ones. "
                "The other students keep their grades, read with the new rubric."
            )
        return lines

    def apply(self, store: GradingStore) -> None:
        if self.new_assignment is not None:
            store.update_run_assignment(self.run_id, self.new_assignment)
        store.regrade(self.result_ids)


def plan_regrade(store: GradingStore, run_id: int, result_ids: list[int]) -> RegradePlan:
    """What regrading these results of the run means (results not in the run are ignored)."""
    run = store.get_run(run_id)
    wanted = set(result_ids)
    chosen = [r for r in store.get_results(run_id) if r.id in wanted]
    current = store.get_assignment(run.assignment_id)
    changed = _grading_part(current) != _grading_part(run.assignment)
    return RegradePlan(
        run_id,
        [r.id for r in chosen],
        [r.student for r in chosen if teacher_touched(r)],
        current if changed else None,
    )


def teacher_touched(result: GradeResult) -> bool:
    """The teacher changed a criterion, the feedback, or marked it reviewed."""
    return (
        any(c.by_teacher for c in result.criteria.values())
        or result.feedback_override is not None
        or result.reviewed
    )


def _grading_part(assignment: Assignment) -> tuple:
    """What grading reads from an assignment (its title is only a name)."""
    return assignment.task, assignment.model_answer, assignment.rubric.to_dict()


def _names(students: list[str]) -> str:
    shown = ", ".join(students[:5])
    return shown + (f" and {len(students) - 5} more" if len(students) > 5 else "")
