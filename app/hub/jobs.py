"""Download jobs as they are stored: what to fetch, where, and how far it got.

A job is one model: one file, or every part of a split GGUF. Its row in `downloads`
survives the process, so the next start (or the next `quillmate models pull` of the
same model) picks it up; the bytes themselves are in `<file>.part` beside the final
name. The job id is the model id it will install as (`qwen2.5-7b-instruct-q4_k_m`).

States::

    queued → running ⇄ retrying → verifying → done
                 ↘ paused (resume → queued)   ↘ failed (resume → queued)
    cancel: the row is deleted (the .part files are kept or deleted, as asked)
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field

from app.hub.db import Database

QUEUED, RUNNING, RETRYING, PAUSED, VERIFYING, DONE, FAILED, CANCELLED = (
    "queued", "running", "retrying", "paused", "verifying", "done", "failed", "cancelled",
)  # fmt: skip
ACTIVE_STATES = frozenset({QUEUED, RUNNING, RETRYING, VERIFYING})
FINAL_STATES = frozenset({DONE, FAILED, CANCELLED})

_COLUMNS = (
    "id, model_id, repo, revision, quant, files, folder, state, error, bytes_done, "
    "bytes_total, created_at, updated_at"
)


@dataclass
class JobFile:
    name: str  # path in the repo
    size: int | None
    sha256: str | None  # the hub's (LFS), the only one that proves the file is right
    etag: str | None = None
    done: bool = False
    local_sha256: str | None = None  # hashed here after the download, when the hub had none


@dataclass
class DownloadJob:
    id: str
    model_id: str
    repo: str
    revision: str
    quant: str | None
    files: list[JobFile]
    folder: str
    state: str = QUEUED
    error: str | None = None
    bytes_done: int = 0
    bytes_total: int = 0
    created_at: float = field(default_factory=time.time)
    updated_at: float = field(default_factory=time.time)

    @property
    def first_file(self) -> str:
        return self.files[0].name

    def to_dict(self) -> dict:
        return asdict(self)


class JobStore:
    def __init__(self, db: Database):
        self.db = db

    def save(self, job: DownloadJob) -> None:
        job.updated_at = time.time()
        with self.db.transaction() as conn:
            conn.execute(
                f"INSERT OR REPLACE INTO downloads ({_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job.id, job.model_id, job.repo, job.revision, job.quant,
                    json.dumps([asdict(f) for f in job.files]), job.folder, job.state,
                    job.error, job.bytes_done, job.bytes_total, job.created_at, job.updated_at,
                ),
            )  # fmt: skip

    def progress(self, job: DownloadJob) -> None:
        """Cheap update of the counters (about once a second while running)."""
        job.updated_at = time.time()
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE downloads SET bytes_done = ?, state = ?, updated_at = ? WHERE id = ?",
                (job.bytes_done, job.state, job.updated_at, job.id),
            )

    def get(self, job_id: str) -> DownloadJob | None:
        rows = self.db.query(f"SELECT {_COLUMNS} FROM downloads WHERE id = ?", (job_id,))
        return _job(rows[0]) if rows else None

    def all(self) -> list[DownloadJob]:
        rows = self.db.query(f"SELECT {_COLUMNS} FROM downloads ORDER BY created_at, id")
        return [_job(row) for row in rows]

    def delete(self, job_id: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM downloads WHERE id = ?", (job_id,))


def _job(row) -> DownloadJob:
    return DownloadJob(
        id=row["id"],
        model_id=row["model_id"],
        repo=row["repo"],
        revision=row["revision"],
        quant=row["quant"],
        files=[JobFile(**f) for f in json.loads(row["files"])],
        folder=row["folder"],
        state=row["state"],
        error=row["error"],
        bytes_done=row["bytes_done"],
        bytes_total=row["bytes_total"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
