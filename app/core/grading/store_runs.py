"""The store's runs, results and teacher changes (a part of GradingStore)."""

from __future__ import annotations

import json
import socket
import sqlite3
import time

from app.core.grading import results as R
from app.core.grading.assignment import Assignment
from app.core.grading.flags import Flag, flags_to_list
from app.core.grading.options import GradingOptions
from app.core.grading.results import GradeOutcome, GradeResult
from app.core.grading.rubric import Rubric
from app.core.grading.scoring import check_override
from app.core.grading.store_rows import (
    RESULT_SELECT,
    RUN_STATES,
    GradingStoreError,
    RunInfo,
    criterion_from_row,
    insert_criterion,
    pid_alive,
    result_from_row,
    run_from_row,
    submission_from_row,
    this_process,
)
from app.core.grading.submissions import Submission


class RunTables:
    """Runs and results; needs _tx, _rows and get_assignment from GradingStore."""

    # ------------------------------------------------------------------- runs
    def create_run(
        self, assignment_id: int, options: GradingOptions | None = None, model: str = ""
    ) -> int:
        """A new run over every submission of the assignment, all pending."""
        options = options or GradingOptions()
        assignment = self.get_assignment(assignment_id)
        now = time.time()
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO grading_runs (assignment_id, assignment, options, model, state,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
                (
                    assignment_id,
                    json.dumps(assignment.to_dict(), ensure_ascii=False),
                    json.dumps(options.to_dict()),
                    model,
                    now,
                    now,
                ),
            )
            run_id = int(cur.lastrowid)
            conn.execute(
                "INSERT INTO grading_results (run_id, submission_id, position, updated_at)"
                " SELECT ?, id, position, ? FROM grading_submissions WHERE assignment_id = ?",
                (run_id, now, assignment_id),
            )
            return run_id

    def get_run(self, run_id: int) -> RunInfo:
        rows = self._rows("SELECT * FROM grading_runs WHERE id = ?", (run_id,))
        if not rows:
            raise GradingStoreError(f"no grading run {run_id}")
        return run_from_row(rows[0])

    def list_runs(self, assignment_id: int | None = None) -> list[RunInfo]:
        if assignment_id is None:
            rows = self._rows("SELECT * FROM grading_runs ORDER BY id DESC")
        else:
            rows = self._rows(
                "SELECT * FROM grading_runs WHERE assignment_id = ? ORDER BY id DESC",
                (assignment_id,),
            )
        return [run_from_row(row) for row in rows]

    def unfinished_runs(self) -> list[RunInfo]:
        """Runs with submissions still to grade (offer to resume them at start-up).

        A 'running' run whose process is gone (killed, crashed, app closed) is
        marked 'interrupted' here first.
        """
        self.recover_interrupted()
        rows = self._rows(
            "SELECT * FROM grading_runs WHERE state != 'finished' AND EXISTS (SELECT 1 FROM"
            " grading_results r WHERE r.run_id = grading_runs.id AND r.status = 'pending')"
            " ORDER BY id DESC"
        )
        return [run_from_row(row) for row in rows]

    def recover_interrupted(self) -> int:
        """Mark runs left 'running' by a process that no longer exists; return how many."""
        host = socket.gethostname()
        changed = 0
        for run in self._rows("SELECT id, owner FROM grading_runs WHERE state = 'running'"):
            owner_host, _, pid = str(run["owner"]).rpartition(":")
            if owner_host == host and pid.isdigit() and pid_alive(int(pid)):
                continue
            with self._tx() as conn:
                conn.execute(
                    "UPDATE grading_runs SET state = 'interrupted', updated_at = ?"
                    " WHERE id = ? AND state = 'running'",
                    (time.time(), run["id"]),
                )
            changed += 1
        return changed

    def set_run_state(self, run_id: int, state: str, error: str = "") -> None:
        if state not in RUN_STATES:
            raise ValueError(state)
        now = time.time()
        with self._tx() as conn:
            if state == "running":
                conn.execute(
                    "UPDATE grading_runs SET state = ?, error = '', owner = ?,"
                    " started_at = COALESCE(started_at, ?), updated_at = ? WHERE id = ?",
                    (state, this_process(), now, now, run_id),
                )
            else:
                conn.execute(
                    "UPDATE grading_runs SET state = ?, error = ?, updated_at = ?,"
                    " finished_at = CASE WHEN ? = 'finished' THEN ? ELSE finished_at END"
                    " WHERE id = ?",
                    (state, error, now, state, now, run_id),
                )

    def add_new_submissions(self, run_id: int) -> int:
        """Add the assignment's submissions that the run does not have yet; return how many."""
        now = time.time()
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO grading_results (run_id, submission_id, position,"
                " updated_at) SELECT g.id, s.id, s.position, ? FROM grading_runs g"
                " JOIN grading_submissions s ON s.assignment_id = g.assignment_id"
                " WHERE g.id = ?",
                (now, run_id),
            )
            return cur.rowcount

    def regrade(self, result_ids: list[int]) -> None:
        """Put results back to 'pending' (their grades and overrides are dropped);
        the next run() grades them again."""
        now = time.time()
        with self._tx() as conn:
            for result_id in result_ids:
                conn.execute(
                    "DELETE FROM grading_criterion_results WHERE result_id = ?", (result_id,)
                )
                conn.execute(
                    "UPDATE grading_results SET status = 'pending', flags = '[]',"
                    " problems = '[]', feedback = '', feedback_override = NULL,"
                    " reviewed_at = NULL, attempts = 0, replies = '[]', stats = '{}',"
                    " seconds = 0, error = '', updated_at = ? WHERE id = ?",
                    (now, result_id),
                )

    def update_run_assignment(self, run_id: int, assignment: Assignment) -> None:
        """Give a run the assignment as it is now (task, rubric), before regrading
        some of its submissions with it; the other results keep their grades."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE grading_runs SET assignment = ?, updated_at = ? WHERE id = ?",
                (json.dumps(assignment.to_dict(), ensure_ascii=False), time.time(), run_id),
            )

    def delete_run(self, run_id: int) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM grading_runs WHERE id = ?", (run_id,))

    # ---------------------------------------------------------------- results
    def pending(self, run_id: int) -> list[tuple[int, Submission]]:
        """(result id, submission) still to grade, in order."""
        rows = self._rows(
            "SELECT r.id AS result_id, s.* FROM grading_results r JOIN grading_submissions s"
            " ON s.id = r.submission_id WHERE r.run_id = ? AND r.status = 'pending'"
            " ORDER BY r.position",
            (run_id,),
        )
        return [(row["result_id"], submission_from_row(row)) for row in rows]

    def pending_ids(self, run_id: int) -> list[int]:
        """The result ids still to grade, in order: what a batch walks through.

        Why ids and not pending(): a run of 500 essays would hold every text in
        memory for the whole batch; the runner reads each one just before grading
        it (pending_submission), so memory stays flat however long the run.
        """
        rows = self._rows(
            "SELECT id FROM grading_results WHERE run_id = ? AND status = 'pending'"
            " ORDER BY position",
            (run_id,),
        )
        return [row["id"] for row in rows]

    def pending_submission(self, result_id: int) -> Submission | None:
        """The submission of result `result_id` if it is still pending, else None."""
        rows = self._rows(
            "SELECT s.* FROM grading_results r JOIN grading_submissions s"
            " ON s.id = r.submission_id WHERE r.id = ? AND r.status = 'pending'",
            (result_id,),
        )
        return submission_from_row(rows[0]) if rows else None

    def counts(self, run_id: int) -> dict[str, int]:
        rows = self._rows(
            "SELECT status, COUNT(*) AS n FROM grading_results WHERE run_id = ? GROUP BY status",
            (run_id,),
        )
        counts = dict.fromkeys(R.STATUSES, 0)
        counts.update({row["status"]: row["n"] for row in rows})
        return counts

    def save_outcome(self, result_id: int, outcome: GradeOutcome, flags: list[Flag]) -> None:
        """Store a graded submission (all of it in one transaction)."""
        now = time.time()
        with self._tx() as conn:
            conn.execute(
                "UPDATE grading_results SET status = ?, flags = ?, problems = ?, feedback = ?,"
                " attempts = ?, replies = ?, stats = ?, seconds = ?, error = ?, updated_at = ?"
                " WHERE id = ?",
                (
                    outcome.status,
                    json.dumps(flags_to_list(flags), ensure_ascii=False),
                    json.dumps(outcome.problems, ensure_ascii=False),
                    outcome.feedback,
                    outcome.attempts,
                    json.dumps(outcome.replies, ensure_ascii=False),
                    json.dumps(outcome.stats),
                    float(outcome.stats.get("seconds", 0.0)),
                    outcome.error,
                    now,
                    result_id,
                ),
            )
            conn.execute("DELETE FROM grading_criterion_results WHERE result_id = ?", (result_id,))
            for criterion in outcome.criteria.values():
                insert_criterion(conn, result_id, criterion)

    def get_results(self, run_id: int) -> list[GradeResult]:
        rows = self._rows(RESULT_SELECT + " WHERE r.run_id = ? ORDER BY r.position", (run_id,))
        return self._with_criteria(rows)

    def get_result(self, result_id: int) -> GradeResult:
        rows = self._rows(RESULT_SELECT + " WHERE r.id = ?", (result_id,))
        if not rows:
            raise GradingStoreError(f"no result {result_id}")
        return self._with_criteria(rows)[0]

    def _with_criteria(self, rows: list[sqlite3.Row]) -> list[GradeResult]:
        results = [result_from_row(row) for row in rows]
        if not results:
            return results
        by_id = {result.id: result for result in results}
        marks = ",".join("?" * len(by_id))
        for row in self._rows(
            f"SELECT * FROM grading_criterion_results WHERE result_id IN ({marks})",
            tuple(by_id),
        ):
            criterion = criterion_from_row(row)
            by_id[row["result_id"]].criteria[criterion.criterion_id] = criterion
        return results

    # -------------------------------------------------------- teacher changes
    def override_criterion(
        self,
        result_id: int,
        criterion_id: str,
        *,
        level: str | None = None,
        points: float | None = None,
        note: str = "",
    ) -> None:
        """The teacher's level and/or points for a criterion, kept beside the model's."""
        rubric = self._rubric_of_result(result_id)
        try:
            criterion = rubric.criterion(criterion_id)
        except KeyError:
            raise GradingStoreError(f"the rubric has no criterion {criterion_id!r}") from None
        check_override(criterion, level, points)
        now = time.time()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO grading_criterion_results (result_id, criterion_id)"
                " VALUES (?, ?) ON CONFLICT (result_id, criterion_id) DO NOTHING",
                (result_id, criterion_id),
            )
            conn.execute(
                "UPDATE grading_criterion_results SET override_level = ?, override_points = ?,"
                " override_note = ?, overridden_at = ? WHERE result_id = ? AND criterion_id = ?",
                (level, points, note, now, result_id, criterion_id),
            )
            conn.execute("UPDATE grading_results SET updated_at = ? WHERE id = ?", (now, result_id))

    def clear_override(self, result_id: int, criterion_id: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE grading_criterion_results SET override_level = NULL,"
                " override_points = NULL, override_note = '', overridden_at = NULL"
                " WHERE result_id = ? AND criterion_id = ?",
                (result_id, criterion_id),
            )

    def set_feedback(self, result_id: int, text: str | None) -> None:
        """The teacher's feedback text (None goes back to the generated one)."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE grading_results SET feedback_override = ?, updated_at = ? WHERE id = ?",
                (text, time.time(), result_id),
            )

    def mark_reviewed(self, result_id: int, reviewed: bool = True) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE grading_results SET reviewed_at = ? WHERE id = ?",
                (time.time() if reviewed else None, result_id),
            )

    def _rubric_of_result(self, result_id: int) -> Rubric:
        rows = self._rows(
            "SELECT g.assignment FROM grading_results r JOIN grading_runs g ON g.id = r.run_id"
            " WHERE r.id = ?",
            (result_id,),
        )
        if not rows:
            raise GradingStoreError(f"no result {result_id}")
        return Assignment.from_dict(json.loads(rows[0][0])).rubric
