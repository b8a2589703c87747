"""The app's SQLite file: one way to open it, one way to write, one way to migrate.

Three owners share the file (conversations in app.core.store, grading in
app.core.grading, the model library in app.hub), each with its own connection: WAL
lets one write while another reads. Each owner keeps its own schema steps and its own
version in the `schema_versions` table, so no layer needs to know another's tables
(the hub never imports the chat store to get its tables made).

Durability: WAL with `synchronous = NORMAL`. A commit is atomic and the file is
never corrupted by a crash or a power cut, but a power cut (not an app crash) can
lose the transactions committed since the last WAL checkpoint, typically the last
second or so. Commits that must survive even that pass `durable=True`, which syncs
that one commit to disk (`synchronous = FULL` for its duration).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

Step = Callable[[sqlite3.Connection], None]

# user_version once the owners keep their own versions in schema_versions. Files of
# the old single list (user_version 1..4) are converted on first open; an older
# Quillmate refuses such a file as "newer" instead of guessing at it.
PER_OWNER = 100
_LEGACY = {
    1: {"chat": 1},
    2: {"chat": 1, "hub": 1},
    3: {"chat": 1, "hub": 1, "grading": 1},
    4: {"chat": 1, "hub": 2, "grading": 1},
}


class DatabaseError(Exception):
    """The database cannot be opened, migrated or written; the message says why."""


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating the folder), in autocommit mode, with the app's pragmas."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(f"cannot open the database {path}: {exc}") from exc
    try:
        conn.row_factory = sqlite3.Row
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            log.warning("%s: WAL is not available here, using journal mode %s", path, mode)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        conn.close()
        raise DatabaseError(f"the database {path} cannot be used: {exc}") from exc
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
    """One committed write; IMMEDIATE so it never fails half-way on a lock upgrade.

    A call inside an open transaction joins it (the outer one commits). A failed
    COMMIT (disk full) rolls back, so no transaction is left open for the next call.
    """
    if conn.in_transaction:
        yield conn
        return
    if durable:
        conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        if durable:
            conn.execute("PRAGMA synchronous = NORMAL")


def schema_version(conn: sqlite3.Connection, owner: str) -> int:
    """The version of `owner`'s tables (0: not created yet)."""
    _adopt(conn)
    row = conn.execute("SELECT version FROM schema_versions WHERE owner = ?", (owner,)).fetchone()
    return int(row[0]) if row else 0


def migrate(conn: sqlite3.Connection, owner: str, steps: Sequence[Step]) -> int:
    """Bring `owner`'s tables to version len(steps); return the version reached.

    `steps[n]` takes them from version n to n + 1, each in its own transaction, so a
    failed step leaves the last good version. Raises ValueError for tables written
    by a newer Quillmate: guessing at an unknown schema could destroy data.
    """
    target = len(steps)
    current = schema_version(conn, owner)
    if current > target:
        raise ValueError(
            f"its {owner} tables are at version {current}, newer than this Quillmate "
            f"understands ({target}); update Quillmate to open it"
        )
    for version in range(current, target):
        with transaction(conn):
            # Another process may have migrated while we waited for the write lock.
            if schema_version(conn, owner) == version:
                steps[version](conn)
                conn.execute(
                    "INSERT INTO schema_versions (owner, version) VALUES (?, ?) "
                    "ON CONFLICT(owner) DO UPDATE SET version = excluded.version",
                    (owner, version + 1),
                )
                log.info("migrated the %s tables to version %d", owner, version + 1)
    return schema_version(conn, owner)


def _adopt(conn: sqlite3.Connection) -> None:
    """Create schema_versions once, carrying over a file of the old single version."""
    legacy = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if legacy == PER_OWNER:
        return
    if legacy not in _LEGACY and legacy != 0:
        raise ValueError(
            f"its schema version {legacy} is newer than this Quillmate understands; "
            "update Quillmate to open it"
        )
    with transaction(conn):
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) == PER_OWNER:
            return  # another connection adopted it meanwhile
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_versions "
            "(owner TEXT PRIMARY KEY, version INTEGER NOT NULL)"
        )
        for owner, version in _LEGACY.get(legacy, {}).items():
            conn.execute(
                "INSERT OR REPLACE INTO schema_versions (owner, version) VALUES (?, ?)",
                (owner, version),
            )
        conn.execute(f"PRAGMA user_version = {PER_OWNER:d}")


class Database:
    """One owner's connection behind an RLock: the GUI thread and workers share it.

    Every call is its own short transaction; `write()` is one committed transaction.
    """

    def __init__(self, path: str | Path, owner: str, steps: Sequence[Step]):
        self.path = Path(path)
        self.lock = threading.RLock()
        conn = connect(self.path)
        try:
            migrate(conn, owner, steps)
        except (sqlite3.Error, ValueError) as exc:
            conn.close()
            raise DatabaseError(f"the database {self.path} cannot be used: {exc}") from exc
        self.conn: sqlite3.Connection | None = conn

    @contextmanager
    def write(self, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
        with self.lock:
            with transaction(self.connection(), durable=durable) as conn:
                yield conn

    def query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self.connection().execute(sql, params).fetchall()

    def connection(self) -> sqlite3.Connection:
        if self.conn is None:
            raise DatabaseError(f"the database {self.path} is closed")
        return self.conn

    def close(self) -> None:
        with self.lock:
            if self.conn is not None:
                self.conn.close()
                self.conn = None
