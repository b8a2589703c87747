"""Rows of the grading tables as data classes, and back (shared by the store's parts)."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from dataclasses import dataclass

from app.core.grading import results as R
from app.core.grading.assignment import Assignment
from app.core.grading.flags import flags_from_list
from app.core.grading.options import GradingOptions
from app.core.grading.results import CriterionResult, GradeResult
from app.core.grading.rubric import Rubric
from app.core.grading.submissions import Submission

RUN_STATES = ("pending", "running", "paused", "cancelled", "interrupted", "finished")


class GradingStoreError(Exception):
    """A request the store cannot carry out; the message says why in one line."""


@dataclass
class RunInfo:
    id: int
    assignment_id: int
    assignment: Assignment  # as it was when the run was created
    options: GradingOptions
    model: str
    state: str
    error: str
    owner: str
    created_at: float
    started_at: float | None
    finished_at: float | None
    updated_at: float

    @property
    def rubric(self) -> Rubric:
        return self.assignment.rubric


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


RESULT_SELECT = (
    "SELECT r.*, s.student, s.text, s.source, s.flags AS submission_flags"
    " FROM grading_results r JOIN grading_submissions s ON s.id = r.submission_id"
)


def insert_criterion(conn: sqlite3.Connection, result_id: int, c: CriterionResult) -> None:
    conn.execute(
        "INSERT INTO grading_criterion_results (result_id, criterion_id, level, quotes, reason,"
        " problems, alternatives, override_level, override_points, override_note,"
        " overridden_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            result_id,
            c.criterion_id,
            c.level,
            json.dumps(c.quotes, ensure_ascii=False),
            c.reason,
            json.dumps(c.problems, ensure_ascii=False),
            json.dumps(c.alternatives, ensure_ascii=False),
            c.override_level,
            c.override_points,
            c.override_note,
            c.overridden_at,
        ),
    )


def submission_from_row(row: sqlite3.Row) -> Submission:
    return Submission(
        student=row["student"],
        text=row["text"],
        source=row["source"],
        flags=flags_from_list(json.loads(row["flags"])),
        error=row["error"],
        id=row["id"],
    )


def run_from_row(row: sqlite3.Row) -> RunInfo:
    return RunInfo(
        id=row["id"],
        assignment_id=row["assignment_id"],
        assignment=Assignment.from_dict(json.loads(row["assignment"]), id=row["assignment_id"]),
        options=GradingOptions.from_dict(json.loads(row["options"])),
        model=row["model"],
        state=row["state"],
        error=row["error"],
        owner=row["owner"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        updated_at=row["updated_at"],
    )


def result_from_row(row: sqlite3.Row) -> GradeResult:
    flags = flags_from_list(json.loads(row["flags"]))
    if row["status"] == R.PENDING:  # not graded yet: show the file's own flags
        flags = flags_from_list(json.loads(row["submission_flags"]))
    return GradeResult(
        id=row["id"],
        run_id=row["run_id"],
        submission_id=row["submission_id"],
        student=row["student"],
        text=row["text"],
        source=row["source"],
        position=row["position"],
        status=row["status"],
        criteria={},
        flags=flags,
        problems=json.loads(row["problems"]),
        feedback=row["feedback"],
        feedback_override=row["feedback_override"],
        reviewed_at=row["reviewed_at"],
        attempts=row["attempts"],
        seconds=row["seconds"],
        error=row["error"],
        replies=json.loads(row["replies"]),
        stats=json.loads(row["stats"]),
        updated_at=row["updated_at"],
    )


def criterion_from_row(row: sqlite3.Row) -> CriterionResult:
    return CriterionResult(
        criterion_id=row["criterion_id"],
        level=row["level"],
        quotes=json.loads(row["quotes"]),
        reason=row["reason"],
        problems=json.loads(row["problems"]),
        alternatives=json.loads(row["alternatives"]),
        override_level=row["override_level"],
        override_points=row["override_points"],
        override_note=row["override_note"],
        overridden_at=row["overridden_at"],
    )


def pid_alive(pid: int) -> bool:
    import psutil  # os.kill(pid, 0) would terminate the process on Windows

    return pid == os.getpid() or psutil.pid_exists(pid)
