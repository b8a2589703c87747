"""Schema versions: a new file reaches the latest, future steps run in order, once."""

from __future__ import annotations

import sqlite3

import pytest

from app.core.migrations import LATEST_VERSION, MIGRATIONS, migrate, schema_version
from app.core.store import Store, StoreError


def connect(path):
    return sqlite3.connect(path, isolation_level=None)


def test_an_empty_file_is_migrated_to_the_latest_version(tmp_path):
    path = tmp_path / "chats.sqlite3"
    path.write_bytes(b"")  # version 0: a file with nothing in it
    Store(path).close()
    conn = connect(path)
    assert schema_version(conn) == LATEST_VERSION == len(MIGRATIONS)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"conversations", "messages", "messages_fts"} <= tables
    conn.close()


def test_reopening_does_not_migrate_again(tmp_path):
    path = tmp_path / "chats.sqlite3"
    with Store(path) as store:
        conversation = store.create_conversation("kept")
    with Store(path) as store:
        assert store.get_conversation(conversation.id).title == "kept"


def test_runner_applies_pending_steps_in_order(tmp_path):
    conn = connect(tmp_path / "db.sqlite3")
    calls = []

    def step(n):
        def migration(c):
            calls.append(n)
            c.execute(f"CREATE TABLE t{n} (x)")

        return migration

    assert migrate(conn, [step(1), step(2)]) == 2
    assert calls == [1, 2]
    # A newer app adds two steps: only those run, in order.
    assert migrate(conn, [step(1), step(2), step(3), step(4)]) == 4
    assert calls == [1, 2, 3, 4]
    assert migrate(conn, [step(1), step(2), step(3), step(4)]) == 4
    assert calls == [1, 2, 3, 4]
    conn.close()


def test_a_failing_step_rolls_back_to_the_last_good_version(tmp_path):
    conn = connect(tmp_path / "db.sqlite3")

    def good(c):
        c.execute("CREATE TABLE good (x)")

    def bad(c):
        c.execute("CREATE TABLE half (x)")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        migrate(conn, [good, bad])
    assert schema_version(conn) == 1
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert tables == {"good"}
    assert not conn.in_transaction
    conn.close()


def test_a_database_from_a_newer_app_is_refused(tmp_path):
    path = tmp_path / "chats.sqlite3"
    Store(path).close()
    conn = connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)
