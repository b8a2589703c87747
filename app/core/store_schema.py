"""The conversation store's tables (owner "chat" in app.core.db), the checks made
when the file is opened, and the one way a user's words become an FTS5 query.

`CHAT_STEPS[n]` takes them from version n to n + 1; a new version is one more
function appended to the list.
"""

from __future__ import annotations

import logging
import sqlite3

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


CHAT_STEPS = (create_conversations,)


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


def check_integrity(conn: sqlite3.Connection) -> None:
    """Refuse a damaged file at open, with SQLite's own words, before it is written to.

    quick_check reads every page (milliseconds for a typical chat history); it is
    what turns a torn or half-overwritten file into a clear message instead of odd
    failures later.
    """
    rows = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    if rows != ["ok"]:
        # SQLite's report spans lines and starts with a "*** in database main ***" banner.
        problems = " ".join(" ".join(rows).replace("*** in database main ***", "").split())
        raise ValueError(f"it is damaged ({problems})")


def recover_interrupted(conn: sqlite3.Connection) -> None:
    """A reply still "streaming" at open was cut off when the last run died.

    This assumes one Quillmate process uses the database file at a time.
    """
    cursor = conn.execute("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'")
    if cursor.rowcount:
        log.info("marked %d reply(ies) cut off by the last run as interrupted", cursor.rowcount)
