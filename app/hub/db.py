"""The library's connection to the app database (`app_paths().database`).

The library and the download queue live in the same SQLite file as the conversations
(schema version 2, see app/core/migrations.py) but open their own connection: WAL lets
it write while the chat store writes, and the hub never has to import the chat store.
One connection behind an RLock serves the GUI thread and the download workers, like the
chat store does; every call is its own short transaction.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.core.migrations import migrate
from app.hub.errors import LibraryError

log = logging.getLogger(__name__)


class Database:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None, timeout=10
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        except (OSError, sqlite3.Error, ValueError) as exc:
            raise LibraryError(f"the model library ({self.path}) cannot be opened: {exc}") from exc
        self.conn: sqlite3.Connection | None = conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: no lock upgrade deadlocks)."""
        with self.lock:
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self._conn().execute(sql, params).fetchall()

    def close(self) -> None:
        with self.lock:
            if self.conn is not None:
                self.conn.close()
                self.conn = None

    def _conn(self) -> sqlite3.Connection:
        if self.conn is None:
            raise LibraryError("the model library is closed")
        return self.conn
