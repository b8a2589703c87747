"""Fetching every file of one download job, and keeping the job's record up to date.

The manager (app/hub/downloads.py) owns the queue and the job's states; this is the
part in between that turns one file fetch after another (app/hub/fetch.py) into
progress events, saved counters, retries shown to the user, and the checks made
before a file takes its final name: the hub's SHA-256 when it has one (a mismatch is
quarantined), and a server that sent more than the file's size (quarantined too).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from app.hub.errors import ChecksumMismatch, ServerSentTooMuch
from app.hub.events import SpeedMeter
from app.hub.fetch import RetryPolicy, StopSignal, fetch_file
from app.hub.filenames import local_path, part_path
from app.hub.hashing import sha256_file
from app.hub.hubapi import HubClient
from app.hub.jobs import RETRYING, RUNNING, DownloadJob, JobFile, JobStore

PROGRESS_INTERVAL = 0.2  # seconds between progress events of one job
SAVE_INTERVAL = 1.0  # seconds between progress writes to the database


def fetch_job_files(
    job: DownloadJob,
    signal: StopSignal,
    *,
    hub: HubClient,
    policy: RetryPolicy,
    store: JobStore,
    emit: Callable[..., None],
    quarantine: Callable[[Path], Path],
) -> None:
    """Bring every file of `job` to its final name in the job's folder, or raise.

    `emit(job, file=, speed=, attempt=, message=)` reports to the manager's listeners;
    `quarantine(path)` moves a bad file away and returns where it went.
    """
    folder = Path(job.folder)
    headers = hub.headers()
    meter = SpeedMeter()
    last = {"emit": 0.0, "save": time.monotonic()}
    with hub.http_client(read_timeout=policy.stall_seconds) as client:
        for file in job.files:
            final, part = local_path(folder, file.name), part_path(folder, file.name)
            if final.exists() and (file.done or _same_file(final, file)):
                file.done = True
                continue
            base = sum((f.size or 0) for f in job.files if f.done)

            def on_bytes(n: int, base=base, name=file.name, size=file.size) -> None:
                job.bytes_done = base + n
                now = time.monotonic()
                speed = meter.update(job.bytes_done)
                if now - last["emit"] >= PROGRESS_INTERVAL or n == size:
                    last["emit"] = now
                    if job.state != RUNNING:
                        job.state = RUNNING
                    emit(job, file=name, speed=speed)
                if now - last["save"] >= SAVE_INTERVAL:
                    last["save"] = now
                    store.progress(job)

            def on_retry(attempt: int, delay: float, reason: str, name=file.name) -> None:
                job.state = RETRYING
                store.progress(job)
                emit(
                    job,
                    file=name,
                    attempt=attempt,
                    message=f"{reason}; retrying in {delay:.0f} s (attempt {attempt})",
                )

            def on_etag(etag: str, file=file) -> None:
                file.etag = etag
                store.save(job)

            try:
                result = fetch_file(
                    client,
                    hub.file_url(job.repo, file.name, job.revision),
                    part,
                    size=file.size,
                    headers=headers,
                    etag=file.etag,
                    policy=policy,
                    stop=signal,
                    on_bytes=on_bytes,
                    on_retry=on_retry,
                    on_etag=on_etag,
                    reachability=hub.reachability,
                )
            except ServerSentTooMuch as exc:
                # What came is not trusted, not even its start: keep it out of reach.
                where = quarantine(part)
                raise ServerSentTooMuch(
                    f"{exc}; not installed, the partial file was moved to quarantine "
                    f"({where}). Try again later or another repo."
                ) from exc
            if file.sha256 and result.sha256 != file.sha256:
                where = quarantine(part)
                raise ChecksumMismatch(
                    f"{final.name}: SHA-256 mismatch (expected "
                    f"{file.sha256[:12]}…, got {result.sha256[:12]}…): the download is "
                    f"corrupt and was not installed; moved to {where}. Download it again."
                )
            if file.size is None:
                file.size = result.size
            os.replace(part, final)
            if not file.sha256:
                file.local_sha256 = result.sha256
            file.done = True
            job.bytes_done = base + result.size
            store.save(job)


def _same_file(path: Path, file: JobFile) -> bool:
    """A final file left by a process that died between renaming it and saving the job."""
    if file.size is not None and path.stat().st_size != file.size:
        return False
    expected = file.sha256 or file.local_sha256
    return expected is not None and sha256_file(path) == expected
