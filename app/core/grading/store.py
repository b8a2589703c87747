"""GradingStore: rubrics, assignments, submissions, runs and results in SQLite.

It opens its own connection to the app's database file (WAL, so it can sit
beside the conversation store and a CLI run in another process). One connection
behind an RLock serves the GUI thread and the batch thread; every public call is
one transaction, so a killed process loses at most the submission being graded.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.core.db import DatabaseError, connect, migrate, transaction
from app.core.grading.schema import GRADING_STEPS
from app.core.grading.store_library import LibraryTables
from app.core.grading.store_rows import RUN_STATES, GradingStoreError, RunInfo, this_process
from app.core.grading.store_runs import RunTables

__all__ = ["RUN_STATES", "GradingStore", "GradingStoreError", "RunInfo", "this_process"]

log = logging.getLogger(__name__)


class GradingStore(LibraryTables, RunTables):
    def __init__(self, path: str | Path | None = None):
        if path is None:
            from app.paths import app_paths

            path = app_paths().database
        self.path = Path(path)
        self._lock = threading.RLock()
        self._conn = self._open()

    # ---------------------------------------------------------------- opening
    def _open(self) -> sqlite3.Connection:
        try:
            conn = connect(self.path)
        except DatabaseError as exc:
            raise GradingStoreError(str(exc)) from exc
        try:
            migrate(conn, "grading", GRADING_STEPS)
        except (sqlite3.Error, ValueError) as exc:
            conn.close()
            raise GradingStoreError(f"the database {self.path} cannot be used: {exc}") from exc
        return conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._conn is None:
                raise GradingStoreError("the grading store is closed")
            with transaction(self._conn) as conn:
                yield conn

    def _rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            if self._conn is None:
                raise GradingStoreError("the grading store is closed")
            return self._conn.execute(sql, params).fetchall()
