"""The download manager: a queue of model downloads that survive failures and restarts.

This is the Qt-free API the Models page and the downloads panel use (and the CLI's
`models pull`). All calls are thread-safe and return at once; the work runs on the
manager's worker threads (`max_parallel` at a time, the rest wait in the queue).

    manager = DownloadManager(Library(), HubClient())
    manager.add_listener(on_event)          # called on a worker thread: re-emit as a Qt signal
    manager.start_up("ask")                 # at app start: what the last session left running
    manager.resume_unfinished()             # …continued once the user allows it
    plan = manager.plan("bartowski/Qwen2.5-7B-Instruct-GGUF", quant="Q4_K_M")  # network
    job = manager.enqueue(plan)             # or manager.pull(repo, quant=…)
    manager.pause(job.id); manager.resume(job.id)
    manager.cancel(job.id, keep_partial=True)
    manager.jobs()                          # everything the panel lists
    manager.wait(job.id)                    # block until done / failed / paused / cancelled
    manager.close()                         # app exit: running downloads can resume next start

Listeners get a `DownloadEvent` (state, bytes, speed, ETA, retry attempt, message) at
most every `PROGRESS_INTERVAL` seconds (app/hub/jobfiles.py) per job plus at every change of state. Retries
are shown as state "retrying" with the reason and the wait ("the connection dropped;
retrying in 2 s"). A finished download is verified against the hub's SHA-256 and
checked as a GGUF *before* it is registered in the library; a mismatch moves the file
to `<data>/quarantine/` and fails the job with a message saying so, as does a server
that sends more than the file's size. A file the hub gave no SHA-256 for is installed
"unverified" (the done message and the library say so). File names come through
app/hub/filenames.py, so no hub name can place a file outside the repo's folder.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from pathlib import Path

from filelock import FileLock, Timeout

from app.hub.errors import (
    DownloadCancelled,
    DownloadError,
    HubError,
    LibraryError,
    NotEnoughSpace,
)
from app.hub.events import DownloadEvent, Listener
from app.hub.fetch import RetryPolicy, StopSignal
from app.hub.filenames import local_path, part_path
from app.hub.hubapi import HubClient
from app.hub.jobfiles import fetch_job_files
from app.hub.jobs import (
    ACTIVE_STATES,
    CANCELLED,
    DONE,
    FAILED,
    PAUSED,
    QUEUED,
    RETRYING,
    RUNNING,
    VERIFYING,
    DownloadJob,
    JobFile,
    JobStore,
)
from app.hub.library import InstalledModel, Library, free_bytes, human_size, models_folder_for
from app.hub.plans import DownloadPlan, plan_download
from app.hub.quarantine import quarantine
from app.paths import app_paths

log = logging.getLogger(__name__)

DISK_RESERVE = 64 << 20  # keep this much free beyond the download itself

__all__ = ["DownloadEvent", "DownloadManager", "DownloadPlan", "Listener"]


class DownloadManager:
    def __init__(
        self,
        library: Library,
        hub: HubClient | None = None,
        *,
        max_parallel: int = 2,
        policy: RetryPolicy | None = None,
        quarantine_dir: str | Path | None = None,
    ):
        self.library = library
        self.hub = hub or HubClient()
        self.store = JobStore(library.db)
        self.policy = policy or RetryPolicy()
        self.max_parallel = max(1, max_parallel)
        self.quarantine_dir = Path(quarantine_dir or app_paths().data / "quarantine")
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._workers: list[threading.Thread] = []
        self._listeners: list[Listener] = []
        self._lock = threading.RLock()
        self._signals: dict[str, StopSignal] = {}
        self._settled: dict[str, threading.Event] = {}
        self._finished: dict[str, DownloadJob] = {}  # done/cancelled this session
        self._keep_partial: dict[str, bool] = {}
        self._closed = False

    # -- listeners ---------------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    # -- planning (network) ------------------------------------------------------------

    def plan(
        self,
        repo: str,
        *,
        quant: str | None = None,
        file: str | None = None,
        revision: str | None = None,
    ) -> DownloadPlan:
        """Resolve what `pull` would fetch: the files, their sizes and hashes, the commit."""
        return plan_download(self.hub, repo, quant=quant, file=file, revision=revision)

    def pull(self, repo: str, *, quant: str | None = None, file: str | None = None) -> DownloadJob:
        """Plan and enqueue in one call."""
        return self.enqueue(self.plan(repo, quant=quant, file=file))

    # -- the queue ---------------------------------------------------------------------

    def enqueue(self, plan: DownloadPlan) -> DownloadJob:
        """Queue a download (or find the same one already queued, paused or failed).

        Raises NotEnoughSpace at once when the disk cannot hold it. A model that is
        already installed comes back as a job in state "done" without any download.
        """
        installed = self.library.find_download(plan.repo, plan.choice.first_file)
        if installed is not None and installed.exists:
            job = self._job_from_plan(plan, installed.id)
            job.state = DONE
            self._finish(job, f"already installed as {installed.id}")
            return job
        job = self._job_for(plan)
        self._check_disk(job)
        self._requeue(job)
        return job

    def jobs(self) -> list[DownloadJob]:
        """Every download the panel shows: unfinished ones (stored) and this session's ended ones."""
        stored = {job.id: job for job in self.store.all()}
        with self._lock:
            ended = {k: v for k, v in self._finished.items() if k not in stored}
        return [*stored.values(), *ended.values()]

    def get(self, job_id: str) -> DownloadJob | None:
        job = self.store.get(job_id)
        if job is None:
            with self._lock:
                job = self._finished.get(job_id)
        return job

    def pause(self, job_id: str) -> None:
        """Stop a download and keep its partial file; `resume` continues it."""
        with self._lock:
            signal = self._signals.get(job_id)
        if signal is not None:
            signal.stop("pause")
            return
        job = self.store.get(job_id)
        if job is not None and job.state in (QUEUED, RETRYING):
            job.state = PAUSED
            self.store.save(job)
            self._emit(job, message="paused")
            self._settle(job.id)

    def resume(self, job_id: str) -> DownloadJob:
        """Queue a paused or failed download again; it continues from its partial file."""
        job = self.store.get(job_id)
        if job is None:
            raise LibraryError(f"{job_id}: no such download")
        self._requeue(job)
        return job

    def cancel(self, job_id: str, keep_partial: bool = False) -> None:
        """Stop a download for good; its partial file is deleted unless `keep_partial`.

        A kept partial file is picked up by the next download of the same model.
        """
        with self._lock:
            signal = self._signals.get(job_id)
            if signal is not None:
                self._keep_partial[job_id] = keep_partial
        if signal is not None:
            signal.stop("cancel")
            return
        job = self.store.get(job_id)
        if job is not None:
            self._cancelled(job, keep_partial)

    def unfinished(self) -> list[DownloadJob]:
        """Downloads the last session left queued or running, that nothing runs now."""
        with self._lock:
            running = set(self._signals)
        return [j for j in self.store.all() if j.state in ACTIVE_STATES and j.id not in running]

    def start_up(self, policy: str) -> list[DownloadJob]:
        """At app start, do what the user allowed with the unfinished downloads.

        "always": queue them again; "never": mark them paused (each row's Resume still
        continues one); "ask" (the default): leave them and return them, so the app can
        ask (then `resume_unfinished()` or `hold_unfinished()`). Starting a download
        unasked would use the network, and maybe a metered line, behind the user's back.
        """
        if policy == "always":
            self.resume_unfinished()
            return []
        if policy == "never":
            self.hold_unfinished()
            return []
        return self.unfinished()

    def resume_unfinished(self) -> list[DownloadJob]:
        """Queue again every download that was queued or running when the app (or the
        computer) stopped. Paused and failed ones stay as they are."""
        resumed = self.unfinished()
        for job in resumed:
            self._requeue(job)
        return resumed

    def hold_unfinished(self) -> list[DownloadJob]:
        """Mark the unfinished downloads paused: kept, listed, resumed only when asked."""
        held = self.unfinished()
        for job in held:
            job.state = PAUSED
            self.store.save(job)
            self._emit(job, message="left unfinished last time; resume it when you want")
        return held

    def wait(self, job_id: str, timeout: float | None = None) -> DownloadJob | None:
        """Block until the job is done, failed, paused or cancelled (or the timeout)."""
        with self._lock:
            event = self._settled.get(job_id)
        if event is not None:
            event.wait(timeout)
        return self.get(job_id)

    def close(self, timeout: float = 10.0) -> None:
        """Stop the workers; running downloads keep their partial files and stay queued,
        so the next start finds them (`start_up`) and continues them if allowed."""
        with self._lock:
            self._closed = True
            signals = list(self._signals.values())
            workers = list(self._workers)
        for signal in signals:
            signal.stop("shutdown")
        for _ in workers:
            self._queue.put(None)
        deadline = time.monotonic() + timeout
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))

    def _requeue(self, job: DownloadJob) -> None:
        with self._lock:
            if job.id in self._signals:  # running right now
                return
            job.state, job.error = QUEUED, None
            self.store.save(job)
            self._settled[job.id] = threading.Event()
        self._emit(job)
        self._queue.put(job.id)
        self._start_workers()

    # -- the worker ----------------------------------------------------------------------

    def _start_workers(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._workers = [w for w in self._workers if w.is_alive()]
            while len(self._workers) < self.max_parallel:
                worker = threading.Thread(
                    target=self._work, name=f"download-{len(self._workers)}", daemon=True
                )
                self._workers.append(worker)
                worker.start()

    def _work(self) -> None:
        while True:
            job_id = self._queue.get()
            if job_id is None:
                return
            with self._lock:
                if self._closed:
                    return
                job = self.store.get(job_id)
                if job is None or job.state != QUEUED or job.id in self._signals:
                    continue  # paused or cancelled while queued, or queued twice
                signal = self._signals[job.id] = StopSignal()
            try:
                self._run(job, signal)
            except Exception:  # never let a bug kill the worker thread
                log.exception("download %s failed unexpectedly", job.id)
                self._fail(job, "unexpected error (see the log)")
            finally:
                with self._lock:
                    self._signals.pop(job.id, None)
                # Only now: a waiter that re-queues the same model must find it idle.
                self._settle(job.id, force=True)

    def _run(self, job: DownloadJob, signal: StopSignal) -> None:
        folder = Path(job.folder)
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(folder / f".{job.model_id}.lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            self._fail(job, f"{job.model_id} is being downloaded by another Quillmate window")
            return
        try:
            job.state = RUNNING
            self.store.save(job)
            self._emit(job)
            self._check_disk(job)
            fetch_job_files(
                job,
                signal,
                hub=self.hub,
                policy=self.policy,
                store=self.store,
                emit=self._emit,
                quarantine=self._quarantine,
            )
            job.state = VERIFYING
            self.store.save(job)
            self._emit(job, message="checking the model file")
            model = self._install(job)
            job.state = DONE
            self.store.delete(job.id)
            if model.unverified:
                log.warning("%s: the hub gave no SHA-256; installed unverified", model.id)
                self._finish(
                    job,
                    f"installed as {model.id}, unverified: the hub published no SHA-256 "
                    "to check the download against",
                )
            else:
                self._finish(job, f"installed as {model.id} (SHA-256 matches the hub's)")
        except DownloadCancelled:
            if signal.reason == "pause":
                job.state = PAUSED
                self.store.save(job)
                self._emit(job, message="paused")
            elif signal.reason == "shutdown":
                job.state = QUEUED
                self.store.save(job)
                self._emit(job, message="stopped; can resume at the next start")
            else:
                with self._lock:
                    keep = self._keep_partial.pop(job.id, False)
                self._cancelled(job, keep)
        except HubError as exc:
            self._fail(job, str(exc))
        finally:
            lock.release()
            _unlink_quietly(Path(lock.lock_file))

    def _install(self, job: DownloadJob) -> InstalledModel:
        folder = Path(job.folder)
        first = local_path(folder, job.first_file)
        hashes = {local_path(folder, f.name).name: f.sha256 for f in job.files if f.sha256}
        local = {
            local_path(folder, f.name).name: f.local_sha256
            for f in job.files
            if not f.sha256 and f.local_sha256
        }
        try:
            return self.library.register(
                first,
                source="downloaded",
                origin="hub",
                repo=job.repo,
                filename=job.first_file,
                revision=job.revision,
                sha256=hashes,
                local_sha256=local,
                id_hint=job.model_id,
            )
        except LibraryError as exc:
            for file in job.files:
                self._quarantine(local_path(folder, file.name))
                file.done = False
            raise DownloadError(f"{exc}; the file was not installed") from exc

    # -- state changes -------------------------------------------------------------------

    def _fail(self, job: DownloadJob, message: str) -> None:
        job.state, job.error = FAILED, message
        self.store.save(job)
        self._emit(job, message=message)
        self._settle(job.id)

    def _finish(self, job: DownloadJob, message: str) -> None:
        with self._lock:
            self._finished[job.id] = job
        self._emit(job, message=message)
        self._settle(job.id)

    def _cancelled(self, job: DownloadJob, keep_partial: bool) -> None:
        if not keep_partial:
            for file in job.files:
                _unlink_quietly(part_path(job.folder, file.name))
        self.store.delete(job.id)
        job.state = CANCELLED
        self._finish(job, "cancelled; partial file kept" if keep_partial else "cancelled")

    def _settle(self, job_id: str, force: bool = False) -> None:
        """Wake `wait()`ers, unless a worker still holds the job (it settles when done)."""
        with self._lock:
            if job_id in self._signals and not force:
                return
            event = self._settled.setdefault(job_id, threading.Event())
        event.set()

    def _emit(self, job: DownloadJob, *, message=None, file=None, speed=0.0, attempt=0) -> None:
        remaining = max(0, job.bytes_total - job.bytes_done)
        event = DownloadEvent(
            job_id=job.id,
            model_id=job.model_id,
            state=job.state,
            bytes_done=job.bytes_done,
            bytes_total=job.bytes_total,
            speed=speed,
            eta=remaining / speed if speed > 0 else None,
            file=file,
            message=message or job.error,
            attempt=attempt,
        )
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:
                log.exception("a download listener failed")

    # -- helpers -----------------------------------------------------------------------

    def _job_from_plan(self, plan: DownloadPlan, job_id: str) -> DownloadJob:
        files = [JobFile(f.name, f.size, f.sha256) for f in plan.choice.files]
        return DownloadJob(
            id=job_id,
            model_id=plan.model_id,
            repo=plan.repo,
            revision=plan.revision,
            quant=plan.choice.quant,
            files=files,
            folder=str(models_folder_for(plan.repo, self.library.models_dir)),
            bytes_total=plan.size,
        )

    def _job_for(self, plan: DownloadPlan) -> DownloadJob:
        """The stored job for the same files (to resume it), or a new one with a free id.

        Two repos may ship files of the same name (a quantizer's repo and its mirror):
        their jobs get `-2`, `-3`… like the library's ids.
        """
        names = [f.name for f in plan.choice.files]
        job_id, n = plan.model_id, 2
        while True:
            job = self.store.get(job_id)
            if job is not None and job.repo == plan.repo and [f.name for f in job.files] == names:
                if job.revision != plan.revision:
                    log.info("%s: the repo has a new commit; resuming at the old one", job.id)
                return job
            # Also skip ids of installed models: the first of two same-named files
            # may have finished (and left the job store) before the second is planned.
            if job is None and self.library.get(job_id) is None:
                return self._job_from_plan(plan, job_id)
            job_id, n = f"{plan.model_id}-{n}", n + 1

    def _check_disk(self, job: DownloadJob) -> None:
        folder = Path(job.folder)
        remaining = 0
        for file in job.files:
            if file.done:
                continue
            part = part_path(folder, file.name)
            have = part.stat().st_size if part.exists() else 0
            remaining += max(0, (file.size or 0) - have)
        free = free_bytes(folder)
        if free < remaining + DISK_RESERVE:
            raise NotEnoughSpace(
                f"not enough disk space for {job.model_id}: it needs {human_size(remaining)} "
                f"more and {folder} has {human_size(free)} free"
            )

    def _quarantine(self, path: Path) -> Path:
        return quarantine(path, self.quarantine_dir)


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
