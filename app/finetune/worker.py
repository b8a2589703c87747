"""The training process: runs app.finetune.train for one run folder.

Started by runner.TrainingRun with the spawn method (a clean interpreter: no Qt,
no inherited locks), so a crash, an out-of-memory kill or a CUDA error ends this
process only; the app sees the pipe close and reports it. Progress goes to the app
over a one-way pipe and into the run folder's log; pause/cancel arrive through a
shared integer read between steps. If the app goes away (the pipe breaks) the run
checkpoints and stops as "paused", to be resumed later.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import traceback
import warnings
from pathlib import Path

from app.finetune.config import RunFolder

log = logging.getLogger(__name__)

CONTINUE, PAUSE, CANCEL = 0, 1, 2


class _AppGone(Exception):
    """The app end of the pipe closed."""


def main(run_dir: str, conn, control) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ["TQDM_DISABLE"] = "1"  # transformers' GGUF loader draws a bar on stderr
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", message=".*Could not find a config file.*")
    folder = RunFolder(run_dir)
    app_gone = False
    training = False

    def on_terminate(_signum, _frame) -> None:
        """The app is quitting (multiprocessing terminates daemon workers at exit).

        In the loop: finish the step, checkpoint, stop as paused (the app's exit waits
        for that). Before it (still loading): nothing to save, leave at once; the run
        reads as interrupted and resumes from its last checkpoint.
        """
        nonlocal app_gone
        if not training:
            os._exit(0)
        app_gone = True

    signal.signal(signal.SIGTERM, on_terminate)

    def emit(event: dict) -> None:
        nonlocal app_gone, training
        if event.get("type") == "start":
            training = True
            folder.update_state(device=event["device"], total=event["total"])
        if event.get("type") == "step":
            folder.append_log(event)
            latest = {k: event[k] for k in ("step", "total", "loss", "val_loss") if k in event}
            folder.update_state(**latest)  # merged: the last val_loss stays until a new one
        if app_gone:
            return
        try:
            conn.send(event)
        except (BrokenPipeError, EOFError, OSError):
            app_gone = True

    def request() -> str | None:
        if app_gone:
            return "pause"
        return {PAUSE: "pause", CANCEL: "cancel"}.get(control.value)

    folder.update_state(status="running", pid=os.getpid(), error=None)
    try:
        from app.finetune import train

        status = train.run(folder, emit, request)
        adapter = None
        if status == "done":
            adapter = str(_deliver(folder))
        folder.update_state(status=status, pid=None, adapter=adapter)
        emit({"type": "finished", "status": status, "adapter": adapter, "peak_rss": _peak_rss()})
    except Exception as exc:  # noqa: BLE001 - reported to the app, the process ends
        message = " ".join(str(exc).split()) or type(exc).__name__
        log.error("training failed: %s\n%s", message, traceback.format_exc())
        folder.update_state(status="failed", pid=None, error=message)
        emit({"type": "finished", "status": "failed", "error": message})
    finally:
        try:
            conn.close()
        except OSError:
            pass


def _peak_rss() -> int | None:
    """This process's peak resident memory in bytes (Linux and macOS)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _deliver(folder: RunFolder) -> Path:
    """Copy the GGUF adapter to where the user asked for it (atomically)."""
    out = folder.info().out_path
    if not out:
        return folder.adapter_gguf
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    shutil.copyfile(folder.adapter_gguf, tmp)
    os.replace(tmp, target)
    return target
