"""The store's rubric library, assignments and submissions (a part of GradingStore)."""

from __future__ import annotations

import json
import sqlite3
import time

from app.core.grading.assignment import Assignment
from app.core.grading.flags import flags_to_list
from app.core.grading.rubric import Rubric
from app.core.grading.store_rows import GradingStoreError, submission_from_row
from app.core.grading.submissions import Submission, mark_duplicates


class LibraryTables:
    """Rubrics, assignments and submissions; needs _tx, _rows and _lock from GradingStore."""

    # ---------------------------------------------------------------- rubrics
    def save_rubric(self, rubric: Rubric, rubric_id: int | None = None) -> int:
        """Add a rubric to the library, or replace rubric `rubric_id`."""
        now = time.time()
        data = json.dumps(rubric.to_dict(), ensure_ascii=False)
        with self._tx() as conn:
            if rubric_id is None:
                cur = conn.execute(
                    "INSERT INTO grading_rubrics (title, data, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?)",
                    (rubric.title, data, now, now),
                )
                return int(cur.lastrowid)
            cur = conn.execute(
                "UPDATE grading_rubrics SET title = ?, data = ?, updated_at = ? WHERE id = ?",
                (rubric.title, data, now, rubric_id),
            )
            if cur.rowcount == 0:
                raise GradingStoreError(f"no rubric {rubric_id}")
            return rubric_id

    def get_rubric(self, rubric_id: int) -> Rubric:
        rows = self._rows("SELECT data FROM grading_rubrics WHERE id = ?", (rubric_id,))
        if not rows:
            raise GradingStoreError(f"no rubric {rubric_id}")
        return Rubric.from_dict(json.loads(rows[0]["data"]))

    def list_rubrics(self) -> list[tuple[int, str]]:
        rows = self._rows("SELECT id, title FROM grading_rubrics ORDER BY title COLLATE NOCASE")
        return [(row["id"], row["title"]) for row in rows]

    def delete_rubric(self, rubric_id: int) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM grading_rubrics WHERE id = ?", (rubric_id,))

    # ------------------------------------------------------------ assignments
    def create_assignment(self, assignment: Assignment, rubric_id: int | None = None) -> int:
        now = time.time()
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO grading_assignments (title, task, model_answer, rubric, rubric_id,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    assignment.title,
                    assignment.task,
                    assignment.model_answer,
                    json.dumps(assignment.rubric.to_dict(), ensure_ascii=False),
                    rubric_id,
                    now,
                    now,
                ),
            )
            assignment.id = int(cur.lastrowid)
            return assignment.id

    def update_assignment(self, assignment: Assignment) -> None:
        """Save edits; runs already made keep the assignment as it was."""
        if assignment.id is None:
            raise GradingStoreError("the assignment has not been saved yet")
        with self._tx() as conn:
            conn.execute(
                "UPDATE grading_assignments SET title = ?, task = ?, model_answer = ?,"
                " rubric = ?, updated_at = ? WHERE id = ?",
                (
                    assignment.title,
                    assignment.task,
                    assignment.model_answer,
                    json.dumps(assignment.rubric.to_dict(), ensure_ascii=False),
                    time.time(),
                    assignment.id,
                ),
            )

    def get_assignment(self, assignment_id: int) -> Assignment:
        rows = self._rows("SELECT * FROM grading_assignments WHERE id = ?", (assignment_id,))
        if not rows:
            raise GradingStoreError(f"no assignment {assignment_id}")
        row = rows[0]
        return Assignment(
            title=row["title"],
            task=row["task"],
            model_answer=row["model_answer"],
            rubric=Rubric.from_dict(json.loads(row["rubric"])),
            id=row["id"],
        )

    def list_assignments(self) -> list[tuple[int, str, float]]:
        """(id, title, updated_at), newest first."""
        rows = self._rows(
            "SELECT id, title, updated_at FROM grading_assignments ORDER BY updated_at DESC"
        )
        return [(row["id"], row["title"], row["updated_at"]) for row in rows]

    def delete_assignment(self, assignment_id: int) -> None:
        """Delete it with its submissions, runs and results."""
        with self._tx() as conn:
            conn.execute("DELETE FROM grading_assignments WHERE id = ?", (assignment_id,))

    def dismissals(self, assignment_id: int) -> list[dict]:
        """The flags dismissed for the assignment's next run (who, when, which)."""
        rows = self._rows(
            "SELECT dismissed FROM grading_dismissals WHERE assignment_id = ?", (assignment_id,)
        )
        return json.loads(rows[0]["dismissed"]) if rows else []

    def set_dismissals(self, assignment_id: int, dismissed: list[dict]) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO grading_dismissals (assignment_id, dismissed) VALUES (?, ?) "
                "ON CONFLICT(assignment_id) DO UPDATE SET dismissed = excluded.dismissed",
                (assignment_id, json.dumps(dismissed, ensure_ascii=False)),
            )

    # ------------------------------------------------------------ submissions
    def add_submissions(self, assignment_id: int, submissions: list[Submission]) -> list[int]:
        """Store submissions (duplicates are re-flagged across the whole assignment)."""
        now = time.time()
        with self._tx() as conn:
            start = conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM grading_submissions"
                " WHERE assignment_id = ?",
                (assignment_id,),
            ).fetchone()[0]
            ids = []
            for offset, sub in enumerate(submissions):
                cur = conn.execute(
                    "INSERT INTO grading_submissions (assignment_id, student, source, text,"
                    " fingerprint, flags, error, position, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        assignment_id,
                        sub.student,
                        sub.source,
                        sub.text,
                        sub.fingerprint,
                        json.dumps(flags_to_list(sub.flags)),
                        sub.error,
                        start + offset,
                        now,
                    ),
                )
                sub.id = int(cur.lastrowid)
                ids.append(sub.id)
            self._reflag_duplicates(conn, assignment_id)
            return ids

    def _reflag_duplicates(self, conn: sqlite3.Connection, assignment_id: int) -> None:
        subs = self._submissions(conn, assignment_id)
        before = {s.id: json.dumps(flags_to_list(s.flags)) for s in subs}
        for sub in subs:
            sub.flags = [f for f in sub.flags if f.kind != "duplicate"]
        mark_duplicates(subs)
        for sub in subs:
            after = json.dumps(flags_to_list(sub.flags))
            if after != before[sub.id]:
                conn.execute(
                    "UPDATE grading_submissions SET flags = ? WHERE id = ?", (after, sub.id)
                )

    def submissions(self, assignment_id: int) -> list[Submission]:
        with self._lock:
            return self._submissions(self._conn, assignment_id)

    def _submissions(self, conn: sqlite3.Connection, assignment_id: int) -> list[Submission]:
        rows = conn.execute(
            "SELECT * FROM grading_submissions WHERE assignment_id = ? ORDER BY position",
            (assignment_id,),
        ).fetchall()
        return [submission_from_row(row) for row in rows]

    def rename_student(self, submission_id: int, student: str) -> None:
        if not student.strip():
            raise GradingStoreError("the student's name cannot be empty")
        with self._tx() as conn:
            conn.execute(
                "UPDATE grading_submissions SET student = ? WHERE id = ?",
                (student.strip(), submission_id),
            )

    def remove_submission(self, submission_id: int) -> None:
        with self._tx() as conn:
            row = conn.execute(
                "SELECT assignment_id FROM grading_submissions WHERE id = ?", (submission_id,)
            ).fetchone()
            conn.execute("DELETE FROM grading_submissions WHERE id = ?", (submission_id,))
            if row:
                self._reflag_duplicates(conn, row[0])
