"""The conversation store's tables (owner "chat" in app.core.db), the checks made
when the file is opened, and the one way a user's words become an FTS5 query.

`CHAT_STEPS[n]` takes them from version n to n + 1; a new version is one more
function appended to the list.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

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


def create_conversations(conn: sqlite3.Connection) -> None:
    """Create conversations, messages and their full-text index."""
    for statement in _V1_STATEMENTS:
        conn.execute(statement)


def index_prefixes(conn: sqlite3.Connection) -> None:
    """Version 2: the full-text index also indexes 1- and 2-letter prefixes.

    Why: search as you type sends the last word as a prefix, and without a prefix
    index FTS5 merges the postings of every word starting with it before it can
    return the first hit: 58 ms for "t" at 100,000 messages, 0.5 ms with it. Costs
    ~40% more index on disk and one rebuild here (1.4 s at 100,000 messages). The
    triggers name the table, not its options, so they keep working.
    """
    conn.execute("DROP TABLE messages_fts")
    conn.execute(
        "CREATE VIRTUAL TABLE messages_fts USING fts5("
        " content, content='messages', content_rowid='id',"
        " tokenize='unicode61 remove_diacritics 2', prefix='1 2')"
    )
    conn.execute("INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')")


CHAT_STEPS = (create_conversations, index_prefixes)


# -- search query --------------------------------------------------------------


def fts_query(text: str) -> str:
    """Plain words → an FTS5 query: each word quoted, all ANDed, the last a prefix.

    Words with no letters or digits are dropped: FTS5 would find nothing in them, and
    an empty phrase is the one quoted form it may reject.
    """
    text = text.encode("utf-8", "ignore").decode("utf-8")  # lone surrogates cannot bind
    text = text.replace("\x00", " ")  # FTS5's parser stops at NUL, mid-quote
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    if not words:
        return ""
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


# -- checks at open ----------------------------------------------------------------


# Files up to this size are read whole at every open (~25 ms at 8 MiB); a bigger one
# only after a session that did not end cleanly, or in the background (below).
FULL_CHECK_BYTES = 8 * 2**20
CHECK_DELAY_S = 5.0  # the background check starts this long after the open


def check_integrity(conn: sqlite3.Connection, path: Path | None = None) -> bool:
    """Refuse a damaged file at open, with SQLite's own words, before it is written to.

    quick_check reads every page, so its cost grows with the history (150 ms at
    50 MB): start-up would slow down year after year. It runs at open when the file
    is small, or when a WAL file is left beside it (SQLite removes the WAL when the
    last connection closes cleanly, so one left over means a crash or power cut, the
    one time a torn file can come from this app). A bigger file closed cleanly gets
    the bounded checks (header and schema readable) and returns False: the caller
    then runs the full check off the start-up path (check_in_background).
    """
    if path is not None and not _needs_full_check(Path(path)):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # header + schema
        return False
    rows = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    if rows != ["ok"]:
        # SQLite's report spans lines and starts with a "*** in database main ***" banner.
        problems = " ".join(" ".join(rows).replace("*** in database main ***", "").split())
        raise ValueError(f"it is damaged ({problems})")
    return True


def _needs_full_check(path: Path) -> bool:
    try:
        size = path.stat().st_size
    except OSError:
        return True
    wal = path.with_name(path.name + "-wal")
    return size <= FULL_CHECK_BYTES or (wal.exists() and wal.stat().st_size > 0)


def check_in_background(path: Path, report: Callable[[str | None], None]) -> threading.Timer:
    """quick_check on its own read-only connection in a daemon thread, CHECK_DELAY_S on.

    Why the delay: the window's first seconds are the start-up the user waits for;
    on a 2-core machine a whole-file read beside them is felt. `report` gets None
    when the file is sound, else SQLite's words; a damaged file is logged as an
    error so the log says when it was first seen. cancel() before it starts (the
    store closed) skips it.
    """

    def run() -> None:
        if not path.exists():  # deleted meanwhile (a test's folder): nothing to check
            return
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            try:
                rows = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
            finally:
                conn.close()
        except sqlite3.Error as exc:
            rows = [str(exc)]
        problem = None if rows == ["ok"] else " ".join(" ".join(rows).split())
        if problem:
            log.error("the database %s is damaged: %s", path, problem)
        report(problem)

    timer = threading.Timer(CHECK_DELAY_S, run)
    timer.name, timer.daemon = "store-check", True
    timer.start()
    return timer


def recover_interrupted(conn: sqlite3.Connection) -> None:
    """A reply still "streaming" at open was cut off when the last run died.

    This assumes one Quillmate process uses the database file at a time.
    """
    cursor = conn.execute("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'")
    if cursor.rowcount:
        log.info("marked %d reply(ies) cut off by the last run as interrupted", cursor.rowcount)
