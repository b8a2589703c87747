"""The model library's tables (owner "hub" in app.core.db), kept by the hub itself.

`HUB_STEPS[n]` takes them from version n to n + 1.
"""

from __future__ import annotations

import sqlite3

# Step 1: the model library. `models` holds every installed model, whether
# the app downloaded it, imported it in place from another app's folder, or found it in
# the starter wheel; `path` is unique so one file is never listed twice. `files` is a JSON
# list of every part (split GGUFs) with its size and SHA-256, so remove and verify see all
# of them. `downloads` keeps the state of a download across processes (queued, running,
# paused, failed…): the bytes themselves live in a `.part` file beside the final name,
# and a restarted app resumes from the size of that file.
_LIBRARY_STATEMENTS = (
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


def create_library(conn: sqlite3.Connection) -> None:
    """Create the model library and the download queue."""
    for statement in _LIBRARY_STATEMENTS:
        conn.execute(statement)


# Step 2: LoRA adapters (app/hub/adapters.py), registered next to the model they were
# trained on. `base_model_id` is the library id of that model (NULL for an adapter
# imported without one) and deliberately not a foreign key: forgetting a model must not
# delete the user's trained adapters. `base_sha256` pins the exact base file when known;
# `meta` is JSON (training settings, dataset summary, final losses).
_ADAPTER_STATEMENTS = (
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


def create_adapters(conn: sqlite3.Connection) -> None:
    """Create the adapter registry."""
    for statement in _ADAPTER_STATEMENTS:
        conn.execute(statement)


HUB_STEPS = (create_library, create_adapters)
