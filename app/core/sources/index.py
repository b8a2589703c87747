"""One collection's index: its own SQLite file of files, passages, keywords and vectors.

A file per collection, so removing a collection removes every byte of its index and
its size on disk is plain to see. Passages keep file, page and line range (citations
are checked against them and a source opens at its place). Keyword search is FTS5
with the trigram tokenizer: it matches inside words and in unspaced scripts (Chinese,
Japanese), which the default tokenizer cannot. The FTS table is external-content, so
passage text is stored once.

Vectors are float32 BLOBs in a plain table, searched exactly with numpy over one
matrix kept in memory between queries. Why not sqlite-vec: it is a loadable extension,
and Python builds without `enable_load_extension` (this project's CI Python, the
python.org macOS builds) cannot load it; its `vec0` search is an exact scan too. At
desktop sizes (10,000 passages of 384 numbers is 15 MB) the scan takes milliseconds
(see `quillmate bench`), so no approximate index is needed.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from array import array
from dataclasses import dataclass
from pathlib import Path

from app.core.db import Database
from app.core.sources.passages import Passage

log = logging.getLogger(__name__)

OWNER = "sources"
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def bigrams(text: str) -> list[str]:
    """Overlapping character pairs of every unspaced-script run (a lone character alone)."""
    grams: list[str] = []
    for run in UNSPACED.findall(text):
        grams.extend([run] if len(run) == 1 else (run[i : i + 2] for i in range(len(run) - 1)))
    return grams


_SCHEMA = [
    "CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE roots (path TEXT PRIMARY KEY)",
    """CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL DEFAULT 0,
        mtime REAL NOT NULL DEFAULT 0,
        sha256 TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'pending',  -- pending | indexed | failed
        note TEXT NOT NULL DEFAULT '',
        pages INTEGER NOT NULL DEFAULT 0,
        chars INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        page INTEGER,
        line_start INTEGER NOT NULL,
        line_end INTEGER NOT NULL,
        text TEXT NOT NULL,
        embedded INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX passages_file ON passages(file_id, seq)",
    "CREATE INDEX passages_unembedded ON passages(embedded) WHERE embedded = 0",
    """CREATE VIRTUAL TABLE passages_fts USING fts5(
        text, content='passages', content_rowid='id', tokenize='trigram'
    )""",
    # Unspaced scripts as overlapping character pairs ("长城是" -> "长城 城是"), the
    # classic CJK bigram index: a question shares pairs with its answer even where
    # it shares no three-character run, which the trigram table needs.
    "CREATE VIRTUAL TABLE passages_cjk USING fts5(grams, tokenize='unicode61')",
    """CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
        DELETE FROM passages_cjk WHERE rowid = old.id;
        DELETE FROM vectors WHERE passage_id = old.id;
    END""",
    # float32 vectors, L2-normalised by the embedder; ON DELETE via the trigger above.
    "CREATE TABLE vectors (passage_id INTEGER PRIMARY KEY, vector BLOB NOT NULL)",
]


def _create(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA:
        conn.execute(statement)


STEPS = [_create]


@dataclass(frozen=True)
class FileRow:
    id: int
    path: str
    size: int
    mtime: float
    sha256: str
    kind: str
    status: str
    note: str
    pages: int
    chars: int


@dataclass(frozen=True)
class Hit:
    """One retrieved passage with where it is and how it ranked."""

    passage_id: int
    file: str
    page: int | None
    line_start: int
    line_end: int
    text: str
    score: float = 0.0

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "page": self.page,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "score": round(self.score, 6),
            "text": self.text,
        }


class CollectionIndex:
    """The SQLite file of one collection; thread-safe through `Database`'s lock."""

    def __init__(self, path: str | Path):
        self.db = Database(path, OWNER, STEPS)
        self.path = Path(path)
        self._cache = None  # (data version, vector matrix, ids) for repeated queries

    def close(self) -> None:
        self.db.close()

    # ---- info and roots ----------------------------------------------------------------
    def get(self, key: str, default: str = "") -> str:
        rows = self.db.query("SELECT value FROM info WHERE key = ?", (key,))
        return rows[0]["value"] if rows else default

    def set(self, key: str, value: str) -> None:
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO info (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def roots(self) -> list[str]:
        return [row["path"] for row in self.db.query("SELECT path FROM roots ORDER BY path")]

    def add_roots(self, paths: list[str]) -> None:
        with self.db.write() as conn:
            conn.executemany("INSERT OR IGNORE INTO roots (path) VALUES (?)", [(p,) for p in paths])

    # ---- files -----------------------------------------------------------------------
    def files(self) -> list[FileRow]:
        rows = self.db.query(
            "SELECT id, path, size, mtime, sha256, kind, status, note, pages, chars "
            "FROM files ORDER BY path"
        )
        return [FileRow(*tuple(row)) for row in rows]

    def touch_file(self, file_id: int, size: int, mtime: float) -> None:
        with self.db.write() as conn:
            conn.execute(
                "UPDATE files SET size = ?, mtime = ? WHERE id = ?", (size, mtime, file_id)
            )

    def remove_file(self, path: str) -> None:
        with self.db.write() as conn:  # passages, their keywords and vectors go with it
            conn.execute("DELETE FROM files WHERE path = ?", (path,))

    def store_file(
        self,
        path: str,
        *,
        size: int,
        mtime: float,
        sha256: str,
        kind: str,
        passages: list[Passage],
        status: str = "indexed",
        note: str = "",
    ) -> None:
        """Replace a file's passages in one transaction: a crash leaves old or new, never half."""
        pages = len({p.page for p in passages if p.page is not None})
        chars = sum(len(p.text) for p in passages)
        with self.db.write() as conn:
            row = conn.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
            if row is None:
                file_id = conn.execute("INSERT INTO files (path) VALUES (?)", (path,)).lastrowid
            else:
                file_id = row[0]
                conn.execute("DELETE FROM passages WHERE file_id = ?", (file_id,))
            conn.execute(
                "UPDATE files SET size = ?, mtime = ?, sha256 = ?, kind = ?, status = ?, "
                "note = ?, pages = ?, chars = ? WHERE id = ?",
                (size, mtime, sha256, kind, status, note, pages, chars, file_id),
            )
            for seq, p in enumerate(passages):
                pid = conn.execute(
                    "INSERT INTO passages (file_id, seq, page, line_start, line_end, text) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (file_id, seq, p.page, p.line_start, p.line_end, p.text),
                ).lastrowid
                grams = bigrams(p.text)
                if grams:
                    conn.execute(
                        "INSERT INTO passages_cjk (rowid, grams) VALUES (?, ?)",
                        (pid, " ".join(grams)),
                    )

    def counts(self) -> dict[str, int]:
        row = self.db.query(
            "SELECT (SELECT COUNT(*) FROM files WHERE status = 'indexed') AS files, "
            "(SELECT COUNT(*) FROM files WHERE status = 'failed') AS failed, "
            "(SELECT COUNT(*) FROM passages) AS passages, "
            "(SELECT COUNT(*) FROM passages WHERE embedded = 1) AS embedded"
        )[0]
        return dict(row)

    # ---- passages --------------------------------------------------------------------
    def passages_of(self, file: str) -> list[Hit]:
        return self._hits(
            "SELECT p.id, f.path, p.page, p.line_start, p.line_end, p.text FROM passages p "
            "JOIN files f ON f.id = p.file_id WHERE f.path = ? ORDER BY p.seq",
            (file,),
        )

    def hits(self, ids: list[int]) -> dict[int, Hit]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        found = self._hits(
            "SELECT p.id, f.path, p.page, p.line_start, p.line_end, p.text FROM passages p "
            f"JOIN files f ON f.id = p.file_id WHERE p.id IN ({marks})",
            tuple(ids),
        )
        return {hit.passage_id: hit for hit in found}

    def _hits(self, sql: str, params: tuple) -> list[Hit]:
        return [Hit(*tuple(row)) for row in self.db.query(sql, params)]

    def keyword_ids(self, match: str, limit: int) -> list[int]:
        """Passage ids for an FTS5 MATCH expression, best BM25 first."""
        rows = self.db.query(
            "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        )
        return [row[0] for row in rows]

    def bigram_ids(self, match: str, limit: int) -> list[int]:
        """Passage ids for a MATCH over the character-pair index, best BM25 first."""
        rows = self.db.query(
            "SELECT rowid FROM passages_cjk WHERE passages_cjk MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        )
        return [row[0] for row in rows]

    def like_ids(self, needle: str, limit: int) -> list[int]:
        """Passages containing `needle` (terms too short for trigrams: two Chinese characters)."""
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.db.query(
            "SELECT id FROM passages WHERE text LIKE ? ESCAPE '\\' LIMIT ?",
            (f"%{escaped}%", limit),
        )
        return [row[0] for row in rows]

    # ---- vectors ---------------------------------------------------------------------
    def unembedded(self, limit: int) -> list[tuple[int, str]]:
        rows = self.db.query(
            "SELECT id, text FROM passages WHERE embedded = 0 ORDER BY id LIMIT ?", (limit,)
        )
        return [(row[0], row[1]) for row in rows]

    def store_vectors(self, items: list[tuple[int, list[float]]]) -> None:
        with self.db.write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO vectors (passage_id, vector) VALUES (?, ?)",
                [(pid, array("f", vec).tobytes()) for pid, vec in items],
            )
            conn.executemany(
                "UPDATE passages SET embedded = 1 WHERE id = ?", [(pid,) for pid, _v in items]
            )

    def forget_vectors(self) -> None:
        """Drop every vector (the embedding model changed): passages are embedded again."""
        with self.db.write() as conn:
            conn.execute("DELETE FROM vectors")
            conn.execute("UPDATE passages SET embedded = 0")

    def nearest_ids(self, query: list[float], limit: int) -> list[int]:
        """Passage ids nearest to `query` by cosine (the vectors are normalised), nearest
        first: an exact search of the whole matrix, a few milliseconds at 10,000."""
        import numpy as np

        matrix, ids = self._matrix()
        if not len(ids):
            return []
        scores = matrix @ np.asarray(query, dtype=np.float32)
        count = min(limit, len(ids))
        best = np.argpartition(-scores, count - 1)[:count]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [int(ids[i]) for i in best]

    def _matrix(self):
        """All vectors as one float32 matrix and their passage ids, kept until they change."""
        import numpy as np

        with self.db.lock:
            conn = self.db.connection()
            version = conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes
            if self._cache is not None and self._cache[0] == version:
                return self._cache[1], self._cache[2]
            rows = conn.execute(
                "SELECT passage_id, vector FROM vectors ORDER BY passage_id"
            ).fetchall()
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        if rows:
            matrix = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32)
            matrix = matrix.reshape(len(rows), -1)
        else:
            matrix = np.zeros((0, 0), dtype=np.float32)
        self._cache = (version, matrix, ids)
        return matrix, ids
