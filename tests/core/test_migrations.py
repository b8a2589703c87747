"""Schema versions per owner: a new file reaches the latest, steps run in order, once."""

from __future__ import annotations

import sqlite3

import pytest

from app.core import db
from app.core.grading.schema import GRADING_STEPS
from app.core.grading.store import GradingStore
from app.core.store import Store, StoreError
from app.core.store_schema import CHAT_STEPS
from app.hub.db import Database as HubDatabase
from app.hub.schema import HUB_STEPS


def connect(path):
    return sqlite3.connect(path, isolation_level=None)


def test_an_empty_file_is_migrated_to_the_latest_version(tmp_path):
    path = tmp_path / "chats.sqlite3"
    path.write_bytes(b"")  # version 0: a file with nothing in it
    Store(path).close()
    conn = connect(path)
    assert db.schema_version(conn, "chat") == len(CHAT_STEPS)
    assert db.schema_version(conn, "hub") == 0  # the chat store makes only its own tables
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"conversations", "messages", "messages_fts"} <= tables and "models" not in tables
    conn.close()


def test_each_owner_makes_its_own_tables_in_one_file(tmp_path):
    path = tmp_path / "app.sqlite3"
    Store(path).close()
    HubDatabase(path).close()
    GradingStore(path).close()
    conn = connect(path)
    versions = dict(conn.execute("SELECT owner, version FROM schema_versions").fetchall())
    assert versions == {
        "chat": len(CHAT_STEPS),
        "hub": len(HUB_STEPS),
        "grading": len(GRADING_STEPS),
    }
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"conversations", "models", "downloads", "adapters", "grading_runs"} <= tables
    conn.close()


def test_a_file_of_the_old_single_version_is_carried_over(tmp_path):
    """A database of the last release (user_version 4: every table) keeps its data."""
    path = tmp_path / "old.sqlite3"
    conn = connect(path)
    for step in CHAT_STEPS[:1] + HUB_STEPS[:1] + GRADING_STEPS[:1] + HUB_STEPS[1:]:
        step(conn)
    conn.execute("INSERT INTO conversations (title, created_at, updated_at) VALUES ('kept', 0, 0)")
    conn.execute(
        "INSERT INTO messages (conversation_id, role, content, created_at)"
        " VALUES (1, 'user', 'kept and searchable', 0)"
    )
    conn.execute("PRAGMA user_version = 4")
    conn.close()
    with Store(path) as store:
        assert [c.title for c in store.list_conversations()] == ["kept"]
        assert len(store.search("sea")) == 1  # the index rebuilt with prefixes (chat 2)
    HubDatabase(path).close()  # no "table models already exists": the hub is at 2 already
    GradingStore(path).close()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.PER_OWNER
    versions = dict(conn.execute("SELECT owner, version FROM schema_versions").fetchall())
    # grading: the release's version 1, then its step 2 (kept dismissals) on this open;
    # chat: the release's version 1, then its step 2 (prefix index) on this open
    assert versions == {"chat": len(CHAT_STEPS), "hub": 2, "grading": 2}
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

    assert db.migrate(conn, "x", [step(1), step(2)]) == 2
    assert calls == [1, 2]
    # A newer app adds two steps: only those run, in order.
    assert db.migrate(conn, "x", [step(1), step(2), step(3), step(4)]) == 4
    assert calls == [1, 2, 3, 4]
    assert db.migrate(conn, "x", [step(1), step(2), step(3), step(4)]) == 4
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
        db.migrate(conn, "x", [good, bad])
    assert db.schema_version(conn, "x") == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"good", "schema_versions"}
    assert not conn.in_transaction
    conn.close()


def test_a_database_from_a_newer_app_is_refused(tmp_path):
    path = tmp_path / "chats.sqlite3"
    Store(path).close()
    conn = connect(path)
    conn.execute("UPDATE schema_versions SET version = 99 WHERE owner = 'chat'")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)
    conn = connect(path)
    conn.execute(f"PRAGMA user_version = {db.PER_OWNER + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_a_durable_commit_syncs_fully_and_restores_normal(tmp_path):
    conn = db.connect(tmp_path / "d.sqlite3")
    conn.execute("CREATE TABLE t (x)")
    with db.transaction(conn, durable=True):
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        conn.execute("INSERT INTO t VALUES (1)")
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    with db.transaction(conn), db.transaction(conn):  # nested: joins, one commit
        conn.execute("INSERT INTO t VALUES (2)")
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 2
    conn.close()
