"""The conversation store: one SQLite file holding every chat as a tree of messages.

Why a tree: regenerating a reply adds a sibling assistant message under the same
parent and editing a past user message adds a sibling user message, so no text is ever
lost. The conversation records its current leaf; the thread on show is root → leaf.

Why one shared connection behind an RLock: a worker thread saves the streaming reply
(about once a second) while the GUI thread reads. SQLite serialises writes anyway, and
one connection means a reader never sees another connection's half-done work. Every
public call is its own transaction, so a crash loses at most the update in flight.

WAL with ``synchronous=NORMAL`` keeps those frequent small commits cheap and still
durable against a killed process (only an OS crash or power loss can drop the last
commits, never corrupt the file).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import EllipsisType
from typing import Any

from app.core.db import DatabaseError, connect, migrate, transaction
from app.core.export import (
    ROLES,
    STATUSES,
    conversation_to_dict,
    parse_conversation,
    render_markdown,
)
from app.core.store_schema import (
    CHAT_STEPS,
    check_in_background,
    check_integrity,
    recover_interrupted,
)
from app.core.store_schema import fts_query as fts_query
from app.core.store_search import SNIPPET_ELLIPSIS as SNIPPET_ELLIPSIS
from app.core.store_search import SNIPPET_END as SNIPPET_END
from app.core.store_search import SNIPPET_START as SNIPPET_START
from app.core.store_search import SearchHit, search_messages, sibling_positions

log = logging.getLogger(__name__)

_CONVERSATION_COLUMNS = "id, title, system_prompt, model, settings, created_at, updated_at, leaf_id"
_MESSAGE_COLUMNS = "id, conversation_id, parent_id, role, content, status, created_at, meta"


@dataclass
class Conversation:
    id: int
    title: str
    system_prompt: str
    model: str | None
    settings: dict  # sampling overrides
    created_at: float
    updated_at: float
    leaf_id: int | None


@dataclass
class Message:
    id: int
    conversation_id: int
    parent_id: int | None
    role: str  # "system" | "user" | "assistant"
    content: str
    status: str  # "complete" | "streaming" | "stopped" | "interrupted" | "error"
    created_at: float
    meta: dict  # e.g. {"tokens_per_second": ..., "model": ..., "finish_reason": ...}


class StoreError(Exception):
    """Anything the user should be told about the store, in one line."""


class Store:
    def __init__(self, path: str | Path):
        """Open (or create) the database, migrate it and recover from a crash."""
        self.path = Path(path)
        self._lock = threading.RLock()
        self._fully_checked = False
        # None: sound or not checked yet; else what quick_check found (logged too).
        self.damage: str | None = None
        self.check_thread: threading.Timer | None = None
        self._conn: sqlite3.Connection | None = self._open()
        if not self._fully_checked:  # a big file closed cleanly: check off start-up
            self.check_thread = check_in_background(self.path, self._set_damage)

    def _set_damage(self, problem: str | None) -> None:
        self.damage = problem

    # -- opening and closing -------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            conn = connect(self.path)
        except DatabaseError as exc:
            raise StoreError(str(exc)) from exc
        try:
            self._fully_checked = check_integrity(conn, self.path)
            migrate(conn, "chat", CHAT_STEPS)
            recover_interrupted(conn)
        except (sqlite3.Error, ValueError) as exc:
            conn.close()
            raise StoreError(f"the database {self.path} cannot be used: {exc}") from exc
        return conn

    def close(self) -> None:
        if self.check_thread is not None:
            self.check_thread.cancel()  # not started yet: no check of a closed store
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._sqlite_errors():
            if self._conn is None:
                raise StoreError(f"the database {self.path} is closed")
            yield self._conn

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction (app.core.db.transaction); nested calls join it."""
        with self._reading() as conn, transaction(conn) as tx:
            yield tx

    @contextmanager
    def _sqlite_errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"database error in {self.path}: {exc}") from exc

    # -- conversations -------------------------------------------------------

    def create_conversation(
        self,
        title: str = "New chat",
        system_prompt: str = "",
        model: str | None = None,
        settings: dict | None = None,
    ) -> Conversation:
        settings_json = _to_json(settings or {}, "settings")
        now = time.time()
        with self._writing() as conn:
            cursor = conn.execute(
                "INSERT INTO conversations"
                " (title, system_prompt, model, settings, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (title, system_prompt, model, settings_json, now, now),
            )
            return _get_conversation(conn, cursor.lastrowid)

    def get_conversation(self, conversation_id: int) -> Conversation:
        with self._reading() as conn:
            return _get_conversation(conn, conversation_id)

    def list_conversations(
        self, limit: int | None = None, after: tuple[float, int] | None = None
    ) -> list[Conversation]:
        """Newest activity first; deleted ones are hidden.

        ``limit`` rows at most, starting after ``after`` = (updated_at, id) of the last
        row of the previous page: the sidebar loads 10,000 chats a page at a time.
        """
        where, params = "deleted_at IS NULL", []
        if after is not None:
            where += " AND (updated_at < ? OR (updated_at = ? AND id < ?))"
            params += [after[0], after[0], after[1]]
        limit_sql = "" if limit is None else " LIMIT ?"
        params += [] if limit is None else [limit]
        with self._reading() as conn:
            rows = conn.execute(
                f"SELECT {_CONVERSATION_COLUMNS} FROM conversations WHERE {where}"
                f" ORDER BY updated_at DESC, id DESC{limit_sql}",
                params,
            ).fetchall()
        return [_conversation_from_row(row) for row in rows]

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        with self._writing() as conn:
            _get_conversation(conn, conversation_id)
            conn.execute(
                "UPDATE conversations SET title = ?, updated_at = ? WHERE id = ?",
                (title, time.time(), conversation_id),
            )

    def update_conversation(
        self,
        conversation_id: int,
        *,
        system_prompt: str | None = None,
        model: str | None = None,
        settings: dict | None = None,
    ) -> None:
        """Change the given fields; None leaves a field as it is.

        ``model=""`` clears the model (None cannot, as it means "unchanged").
        ``settings`` replaces the whole dict.
        """
        changes: dict[str, Any] = {}
        if system_prompt is not None:
            changes["system_prompt"] = system_prompt
        if model is not None:
            changes["model"] = model or None
        if settings is not None:
            changes["settings"] = _to_json(settings, "settings")
        with self._writing() as conn:
            _get_conversation(conn, conversation_id)
            changes["updated_at"] = time.time()
            assignments = ", ".join(f"{column} = ?" for column in changes)
            conn.execute(
                f"UPDATE conversations SET {assignments} WHERE id = ?",
                (*changes.values(), conversation_id),
            )

    def delete_conversation(self, conversation_id: int) -> None:
        """Hide the conversation; restore_conversation undoes, purge_deleted makes it final."""
        with self._writing() as conn:
            _get_conversation(conn, conversation_id)
            conn.execute(
                "UPDATE conversations SET deleted_at = ? WHERE id = ?",
                (time.time(), conversation_id),
            )

    def restore_conversation(self, conversation_id: int) -> None:
        with self._writing() as conn:
            _get_conversation(conn, conversation_id, include_deleted=True)
            conn.execute(
                "UPDATE conversations SET deleted_at = NULL WHERE id = ?", (conversation_id,)
            )

    def purge_deleted(self, older_than_seconds: float = 0) -> int:
        """Really delete conversations deleted at least ``older_than_seconds`` ago."""
        cutoff = time.time() - older_than_seconds
        with self._writing() as conn:
            ids = [
                row[0]
                for row in conn.execute(
                    "SELECT id FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?",
                    (cutoff,),
                )
            ]
            for conversation_id in ids:
                # Messages go in one statement, so the parent links between them are
                # checked only once all are gone; the FTS triggers fire for each.
                conn.execute(
                    "UPDATE conversations SET leaf_id = NULL WHERE id = ?", (conversation_id,)
                )
                conn.execute("DELETE FROM messages WHERE conversation_id = ?", (conversation_id,))
                conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
        if ids:
            log.info("purged %d deleted conversation(s)", len(ids))
        return len(ids)

    # -- messages ------------------------------------------------------------

    def add_message(
        self,
        conversation_id: int,
        role: str,
        content: str,
        *,
        parent_id: int | None | EllipsisType = ...,
        status: str = "complete",
        meta: dict | None = None,
    ) -> Message:
        """Add a message and make it the leaf.

        ``parent_id=...`` puts it under the current leaf (the usual next turn); a
        message id puts it there (regenerate, edit: a sibling of an older message);
        None makes it a new root.
        """
        _check_choice(role, ROLES, "role")
        _check_choice(status, STATUSES, "status")
        _check_text(content)
        meta_json = _to_json(meta or {}, "meta")
        with self._writing() as conn:
            conversation = _get_conversation(conn, conversation_id)
            if parent_id is ...:
                parent_id = conversation.leaf_id
            elif parent_id is not None:
                _get_message(conn, parent_id, conversation_id)
            now = time.time()
            cursor = conn.execute(
                "INSERT INTO messages"
                " (conversation_id, parent_id, role, content, status, created_at, meta)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (conversation_id, parent_id, role, content, status, now, meta_json),
            )
            conn.execute(
                "UPDATE conversations SET leaf_id = ?, updated_at = ? WHERE id = ?",
                (cursor.lastrowid, now, conversation_id),
            )
            return _get_message(conn, cursor.lastrowid)

    def update_message(
        self,
        message_id: int,
        content: str,
        *,
        status: str | None = None,
        meta: dict | None = None,
    ) -> None:
        """Replace the text (a streaming reply saves itself this way about once a second).

        ``status`` None keeps the status; ``meta`` keys are merged into the stored
        meta, so the final save can add e.g. tokens_per_second without resending all.
        """
        if status is not None:
            _check_choice(status, STATUSES, "status")
        _check_text(content)
        with self._writing() as conn:
            message = _get_message(conn, message_id)
            meta_json = _to_json({**message.meta, **meta}, "meta") if meta else None
            conn.execute(
                "UPDATE messages SET content = ?, status = COALESCE(?, status),"
                " meta = COALESCE(?, meta) WHERE id = ?",
                (content, status, meta_json, message_id),
            )
            conn.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = ?",
                (time.time(), message.conversation_id),
            )

    def get_message(self, message_id: int) -> Message:
        with self._reading() as conn:
            return _get_message(conn, message_id)

    def thread(self, conversation_id: int) -> list[Message]:
        """The messages on show: root → current leaf."""
        with self._reading() as conn:
            conversation = _get_conversation(conn, conversation_id)
            if conversation.leaf_id is None:
                return []
            rows = conn.execute(
                "WITH RECURSIVE path(id, depth) AS ("
                "  SELECT ?, 0"
                "  UNION ALL"
                "  SELECT m.parent_id, path.depth + 1 FROM messages m JOIN path ON m.id = path.id"
                "  WHERE m.parent_id IS NOT NULL"
                f") SELECT {_prefixed('m', _MESSAGE_COLUMNS)}"
                " FROM path JOIN messages m ON m.id = path.id ORDER BY path.depth DESC",
                (conversation.leaf_id,),
            ).fetchall()
        return [_message_from_row(row) for row in rows]

    def set_leaf(self, conversation_id: int, message_id: int) -> None:
        """Show the branch through ``message_id``, down its newest children to a leaf.

        Browsing branches is not an edit, so updated_at stays.
        """
        with self._writing() as conn:
            _get_conversation(conn, conversation_id)
            _get_message(conn, message_id, conversation_id)
            leaf_id = _newest_leaf_below(conn, message_id)
            conn.execute(
                "UPDATE conversations SET leaf_id = ? WHERE id = ?", (leaf_id, conversation_id)
            )

    def siblings(self, message_id: int) -> list[Message]:
        """Messages sharing this one's parent (itself included), oldest first: "< 2/3 >"."""
        with self._reading() as conn:
            message = _get_message(conn, message_id)
            rows = conn.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages"
                " WHERE conversation_id = ? AND parent_id IS ? ORDER BY created_at, id",
                (message.conversation_id, message.parent_id),
            ).fetchall()
        return [_message_from_row(row) for row in rows]

    # -- search --------------------------------------------------------------

    def search(self, query: str, limit: int = 50, before: int | None = None) -> list[SearchHit]:
        """Messages containing every word of ``query`` (the last one as a prefix).

        Newest first, one page of ``limit``; the next page passes the last hit's
        message_id as ``before`` (app.core.store_search says why this order).
        The query is plain text, never FTS5 syntax: each word is quoted, so input such
        as ``AND(`` or an unbalanced quote just searches for those words.
        """
        with self._reading() as conn:
            return search_messages(conn, query, limit, before)

    def sibling_positions(self, conversation_id: int) -> dict[int, tuple[int, int]]:
        """{message id: (index among its siblings, how many)} for the whole conversation."""
        with self._reading() as conn:
            _get_conversation(conn, conversation_id)
            return sibling_positions(conn, conversation_id)

    # -- export and import ---------------------------------------------------

    def export_markdown(self, conversation_id: int) -> str:
        """The thread on show, for people to read or paste."""
        with self._reading():
            return render_markdown(
                self.get_conversation(conversation_id), self.thread(conversation_id)
            )

    def export_json(self, conversation_id: int) -> dict:
        """Every branch and the conversation's fields; import_json reads it back."""
        with self._reading() as conn:
            conversation = _get_conversation(conn, conversation_id)
            rows = conn.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY id",
                (conversation_id,),
            ).fetchall()
        return conversation_to_dict(conversation, [_message_from_row(row) for row in rows])

    def import_json(self, data: dict | str | bytes) -> Conversation:
        """Add an exported conversation as a new one (new ids), tree and leaf intact.

        Also takes the JSON text. Bad input raises StoreError with one line.
        updated_at is now, so the import shows at the top of the list.
        """
        try:
            imported = parse_conversation(data)
        except ValueError as exc:
            raise StoreError(f"cannot import the conversation: {exc}") from exc
        settings_json = _to_json(imported.settings, "settings")
        with self._writing() as conn:
            cursor = conn.execute(
                "INSERT INTO conversations"
                " (title, system_prompt, model, settings, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    imported.title,
                    imported.system_prompt,
                    imported.model,
                    settings_json,
                    imported.created_at,
                    time.time(),
                ),
            )
            conversation_id = cursor.lastrowid
            new_ids: dict[int, int] = {}
            for message in imported.messages:  # parents come first
                cursor = conn.execute(
                    "INSERT INTO messages"
                    " (conversation_id, parent_id, role, content, status, created_at, meta)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        conversation_id,
                        None if message.parent_id is None else new_ids[message.parent_id],
                        message.role,
                        message.content,
                        message.status,
                        message.created_at,
                        _to_json(message.meta, "meta"),
                    ),
                )
                new_ids[message.id] = cursor.lastrowid
            leaf_id = new_ids.get(imported.leaf_id) if imported.leaf_id is not None else None
            if leaf_id is None and new_ids:  # no leaf given: the newest branch
                root = conn.execute(
                    "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS NULL"
                    " ORDER BY created_at DESC, id DESC LIMIT 1",
                    (conversation_id,),
                ).fetchone()[0]
                leaf_id = _newest_leaf_below(conn, root)
            conn.execute(
                "UPDATE conversations SET leaf_id = ? WHERE id = ?", (leaf_id, conversation_id)
            )
            return _get_conversation(conn, conversation_id)


# -- rows and checks -------------------------------------------------------------


def _get_conversation(
    conn: sqlite3.Connection, conversation_id: int, *, include_deleted: bool = False
) -> Conversation:
    row = conn.execute(
        f"SELECT {_CONVERSATION_COLUMNS}, deleted_at FROM conversations WHERE id = ?",
        (conversation_id,),
    ).fetchone()
    if row is None or (row["deleted_at"] is not None and not include_deleted):
        raise StoreError(f"no conversation {conversation_id}")
    return _conversation_from_row(row)


def _get_message(
    conn: sqlite3.Connection, message_id: int, conversation_id: int | None = None
) -> Message:
    row = conn.execute(
        f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE id = ?", (message_id,)
    ).fetchone()
    if row is None:
        raise StoreError(f"no message {message_id}")
    if conversation_id is not None and row["conversation_id"] != conversation_id:
        raise StoreError(f"message {message_id} is not in conversation {conversation_id}")
    return _message_from_row(row)


def _newest_leaf_below(conn: sqlite3.Connection, message_id: int) -> int:
    current = message_id
    while True:
        row = conn.execute(
            "SELECT id FROM messages WHERE parent_id = ? ORDER BY created_at DESC, id DESC LIMIT 1",
            (current,),
        ).fetchone()
        if row is None:
            return current
        current = row[0]


def _conversation_from_row(row: sqlite3.Row) -> Conversation:
    return Conversation(
        id=row["id"],
        title=row["title"],
        system_prompt=row["system_prompt"],
        model=row["model"],
        settings=json.loads(row["settings"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        leaf_id=row["leaf_id"],
    )


def _message_from_row(row: sqlite3.Row) -> Message:
    return Message(
        id=row["id"],
        conversation_id=row["conversation_id"],
        parent_id=row["parent_id"],
        role=row["role"],
        content=row["content"],
        status=row["status"],
        created_at=row["created_at"],
        meta=json.loads(row["meta"]),
    )


def _prefixed(alias: str, columns: str) -> str:
    return ", ".join(f"{alias}.{column.strip()}" for column in columns.split(","))


def _to_json(value: Any, what: str) -> str:
    if not isinstance(value, dict):
        raise StoreError(f"{what} must be a dict, not {type(value).__name__}")
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"{what} cannot be saved as JSON: {exc}") from exc


def _check_choice(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise StoreError(f"{what} {value!r} is not one of {', '.join(allowed)}")


def _check_text(content: str) -> None:
    if not isinstance(content, str):
        raise StoreError(f"message content must be text, not {type(content).__name__}")
