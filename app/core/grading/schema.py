"""The grading tables in the app's SQLite database.

`GRADING_STEPS` are the grading owner's schema steps (app.core.db keeps the
version). Every statement is CREATE ... IF NOT
EXISTS, so a database that already has the tables is left as it is.

Why snapshots: a run stores the assignment and rubric as they were when it
started, so editing a rubric later never changes how past grades read. Results
are created as 'pending' rows when a run is created, and each finished
submission is written in one transaction: a run killed at any moment resumes by
grading exactly the rows still pending.
"""

from __future__ import annotations

import sqlite3

GRADING_STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS grading_rubrics (
        id          INTEGER PRIMARY KEY,
        title       TEXT NOT NULL,
        data        TEXT NOT NULL,              -- Rubric.to_dict() as JSON
        created_at  REAL NOT NULL,
        updated_at  REAL NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS grading_assignments (
        id            INTEGER PRIMARY KEY,
        title         TEXT NOT NULL,
        task          TEXT NOT NULL DEFAULT '',
        model_answer  TEXT NOT NULL DEFAULT '',
        rubric        TEXT NOT NULL,            -- the assignment's own copy, as JSON
        rubric_id     INTEGER REFERENCES grading_rubrics(id) ON DELETE SET NULL,
        created_at    REAL NOT NULL,
        updated_at    REAL NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS grading_submissions (
        id             INTEGER PRIMARY KEY,
        assignment_id  INTEGER NOT NULL REFERENCES grading_assignments(id) ON DELETE CASCADE,
        student        TEXT NOT NULL,
        source         TEXT NOT NULL DEFAULT '',
        text           TEXT NOT NULL DEFAULT '',
        fingerprint    TEXT NOT NULL DEFAULT '',
        flags          TEXT NOT NULL DEFAULT '[]',
        error          TEXT NOT NULL DEFAULT '',
        position       INTEGER NOT NULL,
        created_at     REAL NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS grading_submissions_by_assignment"
    " ON grading_submissions(assignment_id, position)",
    """
    CREATE TABLE IF NOT EXISTS grading_runs (
        id             INTEGER PRIMARY KEY,
        assignment_id  INTEGER NOT NULL REFERENCES grading_assignments(id) ON DELETE CASCADE,
        assignment     TEXT NOT NULL,           -- snapshot: title, task, model answer, rubric
        options        TEXT NOT NULL DEFAULT '{}',
        model          TEXT NOT NULL DEFAULT '',
        state          TEXT NOT NULL DEFAULT 'pending' CHECK (state IN (
                           'pending', 'running', 'paused', 'cancelled', 'interrupted',
                           'finished')),
        error          TEXT NOT NULL DEFAULT '',
        owner          TEXT NOT NULL DEFAULT '',  -- host:pid of the process running it
        created_at     REAL NOT NULL,
        started_at     REAL,
        finished_at    REAL,
        updated_at     REAL NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS grading_runs_by_assignment ON grading_runs(assignment_id)",
    """
    CREATE TABLE IF NOT EXISTS grading_results (
        id                 INTEGER PRIMARY KEY,
        run_id             INTEGER NOT NULL REFERENCES grading_runs(id) ON DELETE CASCADE,
        submission_id      INTEGER NOT NULL REFERENCES grading_submissions(id) ON DELETE CASCADE,
        position           INTEGER NOT NULL,
        status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN (
                               'pending', 'graded', 'needs_review', 'error', 'skipped')),
        flags              TEXT NOT NULL DEFAULT '[]',
        problems           TEXT NOT NULL DEFAULT '[]',
        feedback           TEXT NOT NULL DEFAULT '',
        feedback_override  TEXT,
        reviewed_at        REAL,
        attempts           INTEGER NOT NULL DEFAULT 0,
        replies            TEXT NOT NULL DEFAULT '[]',   -- the model's raw replies
        stats              TEXT NOT NULL DEFAULT '{}',
        seconds            REAL NOT NULL DEFAULT 0,
        error              TEXT NOT NULL DEFAULT '',
        updated_at         REAL NOT NULL,
        UNIQUE (run_id, submission_id)
    )
    """,
    "CREATE INDEX IF NOT EXISTS grading_results_by_run ON grading_results(run_id, status, position)",
    """
    CREATE TABLE IF NOT EXISTS grading_criterion_results (
        result_id        INTEGER NOT NULL REFERENCES grading_results(id) ON DELETE CASCADE,
        criterion_id     TEXT NOT NULL,
        level            TEXT,
        quotes           TEXT NOT NULL DEFAULT '[]',
        reason           TEXT NOT NULL DEFAULT '',
        problems         TEXT NOT NULL DEFAULT '[]',
        alternatives     TEXT NOT NULL DEFAULT '[]',
        override_level   TEXT,
        override_points  REAL,
        override_note    TEXT NOT NULL DEFAULT '',
        overridden_at    REAL,
        PRIMARY KEY (result_id, criterion_id)
    )
    """,
)


def migrate_grading(conn: sqlite3.Connection) -> None:
    """Create the grading tables (idempotent; runs inside the caller's transaction)."""
    for statement in GRADING_STATEMENTS:
        conn.execute(statement)


def add_dismissals(conn: sqlite3.Connection) -> None:
    """Version 2: flags a teacher dismissed before a run, kept with the assignment (who,
    when, which flag), so a restart between checking and grading loses none."""
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS grading_dismissals (
            assignment_id INTEGER PRIMARY KEY
                REFERENCES grading_assignments(id) ON DELETE CASCADE,
            dismissed     TEXT NOT NULL DEFAULT '[]'
        )
        """
    )


GRADING_STEPS = (migrate_grading, add_dismissals)
