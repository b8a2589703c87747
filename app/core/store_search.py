"""Full-text search over every message: one page of hits, newest first.

Why newest first by message id, and not by rank or created_at: FTS5 can walk its
index backwards in rowid order and stop after `limit` rows, so the first page costs
the same at 100 messages or 100,000 (about a millisecond for two common words).
Ordering by created_at or bm25() makes SQLite find, join and snippet every match
before it can keep the first 50: 1.6 s at 100,000 messages, too slow to search as
you type. Message ids grow with every insert, so id order is the order the messages
were written (an imported conversation counts as written when it was imported).

The next page starts below the last hit's message id (`before`), so paging never
repeats or skips a hit even while new messages arrive.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from app.core.store_schema import fts_query

log = logging.getLogger(__name__)

# search() marks the matched words in SearchHit.snippet with these, and shows cut
# text with SNIPPET_ELLIPSIS; the UI swaps the markers for a highlight. Private-use
# characters, so a message's own brackets are never taken for a match.
SNIPPET_START = "\ue000"
SNIPPET_END = "\ue001"
SNIPPET_ELLIPSIS = "…"
_SNIPPET_TOKENS = 12


@dataclass
class SearchHit:
    conversation_id: int
    message_id: int
    title: str
    snippet: str  # matched words between SNIPPET_START and SNIPPET_END
    role: str
    created_at: float


def search_messages(
    conn: sqlite3.Connection, query: str, limit: int, before: int | None = None
) -> list[SearchHit]:
    """One page of hits for `query` (see Store.search), below message id `before`."""
    match = fts_query(query)
    if not match or limit <= 0:
        return []
    below = "" if before is None else " AND messages_fts.rowid < ?"
    sql = (
        "SELECT m.conversation_id, m.id, c.title, m.role, m.created_at,"
        " snippet(messages_fts, 0, ?, ?, ?, ?) AS snippet"
        " FROM messages_fts"
        " JOIN messages m ON m.id = messages_fts.rowid"
        " JOIN conversations c ON c.id = m.conversation_id"
        f" WHERE messages_fts MATCH ?{below} AND c.deleted_at IS NULL"
        " ORDER BY messages_fts.rowid DESC LIMIT ?"
    )
    params: tuple = (SNIPPET_START, SNIPPET_END, SNIPPET_ELLIPSIS, _SNIPPET_TOKENS, match)
    params += (() if before is None else (before,)) + (limit,)
    try:
        rows = conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:  # quoting should make this unreachable
        log.warning("search for %r failed: %s", query, exc)
        return []
    return [
        SearchHit(
            conversation_id=row["conversation_id"],
            message_id=row["id"],
            title=row["title"],
            snippet=row["snippet"],
            role=row["role"],
            created_at=row["created_at"],
        )
        for row in rows
    ]


def sibling_positions(conn: sqlite3.Connection, conversation_id: int) -> dict[int, tuple[int, int]]:
    """Every message's (index among its siblings, sibling count), in one query.

    Why one query: the transcript shows "‹ 2/3 ›" under each message, and asking
    per message costs a query each, 2,000 of them for a long conversation.
    """
    rows = conn.execute(
        "SELECT id, row_number() OVER w - 1, count(*) OVER (PARTITION BY parent_id)"
        " FROM messages WHERE conversation_id = ?"
        " WINDOW w AS (PARTITION BY parent_id ORDER BY created_at, id)",
        (conversation_id,),
    ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}
