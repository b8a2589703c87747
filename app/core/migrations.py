"""The conversation database's schema, built by a list of forward migrations.

The schema version lives in ``PRAGMA user_version`` (stored in the file header, so it
needs no table of its own and changes in the same transaction as the schema).
``MIGRATIONS[n]`` takes a database from version ``n`` to ``n + 1``; a new version is
one more function appended to the list. Each step runs in its own transaction, so a
failed migration leaves the file at the last good version instead of half-built.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)

Migration = Callable[[sqlite3.Connection], None]

# Version 1. Messages form a tree per conversation (parent_id); the conversation
# remembers the leaf of the thread on show. messages_fts is an external-content FTS5
# index over messages.content, so the text is stored once and triggers keep the index
# in step with every insert, edit and delete (including cascaded deletes).
_V1_STATEMENTS = (
    """
    CREATE TABLE conversations (
        id            INTEGER PRIMARY KEY,
        title         TEXT NOT NULL,
        system_prompt TEXT NOT NULL DEFAULT '',
        model         TEXT,
        settings      TEXT NOT NULL DEFAULT '{}',
        created_at    REAL NOT NULL,
        updated_at    REAL NOT NULL,
        deleted_at    REAL,
        leaf_id       INTEGER REFERENCES messages(id) ON DELETE SET NULL
    )
    """,
    """
    CREATE TABLE messages (
        id              INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        parent_id       INTEGER REFERENCES messages(id),
        role            TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
        content         TEXT NOT NULL,
        status          TEXT NOT NULL DEFAULT 'complete' CHECK (
                            status IN ('complete', 'streaming', 'stopped', 'interrupted', 'error')),
        created_at      REAL NOT NULL,
        meta            TEXT NOT NULL DEFAULT '{}'
    )
    """,
    "CREATE INDEX conversations_by_update ON conversations(deleted_at, updated_at)",
    "CREATE INDEX messages_by_conversation ON messages(conversation_id, parent_id)",
    "CREATE INDEX messages_by_parent ON messages(parent_id)",
    # Crash recovery looks for streaming messages on every open: keep that lookup tiny.
    "CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming'",
    """
    CREATE VIRTUAL TABLE messages_fts USING fts5(
        content, content='messages', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END
    """,
    """
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
            VALUES ('delete', old.id, old.content);
    END
    """,
    """
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
            VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END
    """,
)


def _v0_to_v1(conn: sqlite3.Connection) -> None:
    """Create conversations, messages and their full-text index."""
    for statement in _V1_STATEMENTS:
        conn.execute(statement)


# Version 2: the model library (app/hub). `models` holds every installed model, whether
# the app downloaded it, imported it in place from another app's folder, or found it in
# the starter wheel; `path` is unique so one file is never listed twice. `files` is a JSON
# list of every part (split GGUFs) with its size and SHA-256, so remove and verify see all
# of them. `downloads` keeps the state of a download across processes (queued, running,
# paused, failed…): the bytes themselves live in a `.part` file beside the final name,
# and a restarted app resumes from the size of that file.
_V2_STATEMENTS = (
    """
    CREATE TABLE models (
        id                TEXT PRIMARY KEY,
        path              TEXT NOT NULL UNIQUE,
        source            TEXT NOT NULL CHECK (source IN ('downloaded', 'imported', 'starter')),
        origin            TEXT NOT NULL DEFAULT '',
        name              TEXT NOT NULL DEFAULT '',
        repo              TEXT,
        filename          TEXT,
        revision          TEXT,
        sha256            TEXT,
        files             TEXT NOT NULL DEFAULT '[]',
        size_bytes        INTEGER NOT NULL DEFAULT 0,
        architecture      TEXT NOT NULL DEFAULT '',
        n_params          INTEGER NOT NULL DEFAULT 0,
        quant             TEXT,
        context_length    INTEGER,
        has_chat_template INTEGER NOT NULL DEFAULT 0,
        license           TEXT,
        added_at          REAL NOT NULL,
        verified_at       REAL,
        meta              TEXT NOT NULL DEFAULT '{}'
    )
    """,
    """
    CREATE TABLE downloads (
        id          TEXT PRIMARY KEY,
        model_id    TEXT NOT NULL,
        repo        TEXT NOT NULL,
        revision    TEXT NOT NULL,
        quant       TEXT,
        files       TEXT NOT NULL,
        folder      TEXT NOT NULL,
        state       TEXT NOT NULL,
        error       TEXT,
        bytes_done  INTEGER NOT NULL DEFAULT 0,
        bytes_total INTEGER NOT NULL DEFAULT 0,
        created_at  REAL NOT NULL,
        updated_at  REAL NOT NULL
    )
    """,
    "CREATE INDEX downloads_by_state ON downloads(state)",
)


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Create the model library and the download queue."""
    for statement in _V2_STATEMENTS:
        conn.execute(statement)


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    """Grading: rubrics, assignments, submissions, runs and their results."""
    from app.core.grading.schema import migrate_grading

    migrate_grading(conn)


# Version 4: LoRA adapters (app/hub/adapters.py), registered next to the model they were
# trained on. `base_model_id` is the library id of that model (NULL for an adapter
# imported without one) and deliberately not a foreign key: forgetting a model must not
# delete the user's trained adapters. `base_sha256` pins the exact base file when known;
# `meta` is JSON (training settings, dataset summary, final losses).
_V4_STATEMENTS = (
    """
    CREATE TABLE adapters (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        path          TEXT NOT NULL UNIQUE,
        base_model_id TEXT,
        base_sha256   TEXT,
        architecture  TEXT NOT NULL DEFAULT '',
        size_bytes    INTEGER NOT NULL DEFAULT 0,
        created_at    REAL NOT NULL,
        meta          TEXT NOT NULL DEFAULT '{}'
    )
    """,
    "CREATE INDEX adapters_by_base ON adapters(base_model_id)",
)


def _v3_to_v4(conn: sqlite3.Connection) -> None:
    """Create the adapter registry."""
    for statement in _V4_STATEMENTS:
        conn.execute(statement)


MIGRATIONS: tuple[Migration, ...] = (_v0_to_v1, _v1_to_v2, _v2_to_v3, _v3_to_v4)
LATEST_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database up to ``len(migrations)``; return the version reached.

    ``conn`` must be in autocommit mode (``isolation_level=None``) so that the
    transactions here are the only ones. Raises ValueError when the file was written
    by a newer Quillmate: guessing at an unknown schema could destroy data.
    """
    target = len(migrations)
    current = schema_version(conn)
    if current > target:
        raise ValueError(
            f"its schema version {current} is newer than this Quillmate understands "
            f"({target}); update Quillmate to open it"
        )
    for version in range(current, target):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the write lock.
            if schema_version(conn) == version:
                migrations[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1:d}")
                log.info("migrated the database to schema version %d", version + 1)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return schema_version(conn)
