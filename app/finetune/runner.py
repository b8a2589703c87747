"""Start, watch, pause, cancel and resume training runs from the app or the CLI.

The app side of the worker process: Qt-free, so the CLI drives it with a blocking
`wait` and the GUI with a timer calling `poll`. A run is its folder (config.RunFolder);
this class adds the process. Resuming is starting again: the worker picks up the
folder's checkpoint.
"""

from __future__ import annotations

import logging
import multiprocessing
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import psutil

from app.finetune.config import RESUMABLE, RunFolder, RunInfo, TrainSettings
from app.finetune.worker import CANCEL, PAUSE

log = logging.getLogger(__name__)


class TrainingRun:
    """One run folder and, while it trains, its worker process."""

    def __init__(self, folder: RunFolder | str | Path):
        self.folder = folder if isinstance(folder, RunFolder) else RunFolder(folder)
        self._process = None
        self._conn = None
        self._control = None
        self._finished: dict[str, Any] | None = None

    # -- creating ------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        root: str | Path,
        *,
        name: str,
        base_model: str | Path,
        train: Iterable,
        validation: Iterable = (),
        settings: TrainSettings | None = None,
        data_source: str = "",
        base_model_id: str | None = None,
        out_path: str | Path | None = None,
        train_tokens: int = 0,
    ) -> TrainingRun:
        """A new run folder holding its data and settings (nothing starts yet)."""
        from app.finetune.datasets import write_jsonl

        settings = settings or TrainSettings()
        settings.validate()
        train = list(train)
        validation = list(validation)
        if not train:
            raise ValueError("there is nothing to train on: the dataset has no examples")
        folder = RunFolder(_new_folder(Path(root), name))
        folder.path.mkdir(parents=True)
        write_jsonl(train, folder.train_file)
        write_jsonl(validation, folder.validation_file)
        folder.write_info(
            RunInfo(
                name=name,
                base_model=str(Path(base_model).resolve()),
                settings=settings,
                data_source=data_source,
                base_model_id=base_model_id,
                out_path=str(Path(out_path).resolve()) if out_path else None,
                n_train=len(train),
                n_validation=len(validation),
                train_tokens=train_tokens,
            )
        )
        folder.update_state(status="new", step=0, total=settings.total_steps(len(train)))
        return cls(folder)

    # -- the process ---------------------------------------------------------------

    def start(self) -> None:
        """Start (or resume from the checkpoint) in a worker process."""
        from app.finetune import extras, worker

        extras.require()
        if self.is_running():
            raise RuntimeError("this run is already training")
        if self._process is not None:
            self._process.join(30)  # the last worker said "finished" and is exiting
        status = self.status()
        if status not in RESUMABLE and status != "interrupted":
            raise RuntimeError(f"this run is {status} and cannot be started again")
        ctx = multiprocessing.get_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        self._control = ctx.RawValue("i", 0)
        self._finished = None
        self._process = ctx.Process(
            target=worker.main,
            args=(str(self.folder.path), send, self._control),
            name=f"quillmate-train-{self.folder.id}",
            daemon=True,
        )
        self._process.start()
        send.close()  # the worker holds the only writing end: EOF means it is gone
        self._conn = receive
        log.info("training %s in process %s", self.folder.id, self._process.pid)

    def is_running(self) -> bool:
        """A worker is training (one that sent "finished" is only exiting)."""
        return self._process is not None and self._finished is None and self._process.is_alive()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def pause(self) -> None:
        """Checkpoint after the current step and stop; `start` resumes."""
        if self._control is not None:
            self._control.value = PAUSE

    def cancel(self) -> None:
        """Stop after the current step (a checkpoint is kept, so it can still resume)."""
        if self._control is not None:
            self._control.value = CANCEL

    def kill(self) -> None:
        """End the worker at once (closing the app without waiting)."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join(5)

    def poll(self, timeout: float = 0.0) -> list[dict[str, Any]]:
        """Events that arrived; a worker that died without a word yields a failure."""
        events: list[dict[str, Any]] = []
        if self._conn is None:
            return events
        try:
            while self._conn.poll(timeout):
                event = self._conn.recv()
                events.append(event)
                if event.get("type") == "finished":
                    self._finished = event
                timeout = 0.0
        except (EOFError, OSError):
            events.extend(self._closed())
        return events

    def wait(self, on_event: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
        """Block until the worker finishes; return the "finished" event."""
        while self._conn is not None:
            for event in self.poll(0.5):
                if on_event:
                    on_event(event)
        return self._finished or {"type": "finished", "status": self.status()}

    def _closed(self) -> list[dict[str, Any]]:
        """The pipe closed: the worker ended, cleanly or not."""
        self._conn.close()
        self._conn = None
        if self._process is not None:
            self._process.join(10)
        if self._finished is not None:
            return []
        code = self._process.exitcode if self._process is not None else None
        message = f"the training process stopped unexpectedly (exit code {code})"
        if code is not None and code < 0:
            message += f": it was killed by signal {-code}"
        self.folder.update_state(status="failed", pid=None, error=message)
        self._finished = {"type": "finished", "status": "failed", "error": message}
        return [self._finished]

    # -- state ----------------------------------------------------------------------

    def status(self) -> str:
        """The stored status; "interrupted" when it says running but no worker lives."""
        state = self.folder.state()
        status = state.get("status", "new")
        if status == "running" and not self.is_running() and not _alive(state.get("pid")):
            return "interrupted"
        return status

    def info(self) -> RunInfo:
        return self.folder.info()

    def state(self) -> dict[str, Any]:
        return {**self.folder.state(), "status": self.status()}


def list_runs(root: str | Path) -> list[TrainingRun]:
    """Every run under root, newest first."""
    root = Path(root)
    if not root.is_dir():
        return []
    runs = [TrainingRun(p) for p in root.iterdir() if (p / "run.json").exists()]
    return sorted(runs, key=lambda r: r.folder.path.stat().st_mtime, reverse=True)


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        process = psutil.Process(int(pid))
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except (psutil.Error, ValueError):
        return False


def _new_folder(root: Path, name: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:40] or "run"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = root / f"{stamp}-{slug}"
    n = 2
    while candidate.exists():
        candidate = root / f"{stamp}-{slug}-{n}"
        n += 1
    return candidate
