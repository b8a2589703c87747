"""The library's connection to the app database (`app_paths().database`).

The library and the download queue live in the same SQLite file as the conversations
but open their own connection (app.core.db.Database, owner "hub", steps in
app/hub/schema.py): WAL lets it write while the chat store writes, and the hub never
has to import the chat store. One connection behind an RLock serves the GUI thread and
the download workers; every call is its own short transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.core import db
from app.hub.errors import LibraryError
from app.hub.schema import HUB_STEPS


class Database(db.Database):
    def __init__(self, path: str | Path):
        try:
            super().__init__(path, "hub", HUB_STEPS)
        except db.DatabaseError as exc:
            raise LibraryError(f"the model library ({path}) cannot be opened: {exc}") from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: no lock upgrade deadlocks)."""
        with self.write() as conn:
            yield conn

    def connection(self) -> sqlite3.Connection:
        if self.conn is None:
            raise LibraryError("the model library is closed")
        return self.conn
