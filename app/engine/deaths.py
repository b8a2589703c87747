"""Name the way an engine worker died, in one sentence, and keep a crash report.

The worker's exit status says what happened: a negative exit code is the signal that
ended it. SIGILL means the llama.cpp build does not fit this CPU, SIGKILL on a
desktop nearly always means the kernel's out-of-memory killer, SIGSEGV and SIGABRT
mean llama.cpp crashed on the model file. The report (the sentence and the last
lines llama.cpp wrote to the engine log) goes to the log folder, so a user can send
it and we can read it.
"""

from __future__ import annotations

import logging
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from app.engine import hardware, kernels
from app.paths import app_paths

log = logging.getLogger(__name__)

LOG_NAME = "engine.log"
LOG_ROTATE_BYTES = 2_000_000
TAIL_LINES = 40
SAVED = "Your messages are saved; the next request starts a fresh engine."


@dataclass
class Death:
    exitcode: int | None
    message: str
    log_file: str = ""

    @property
    def is_sigill(self) -> bool:
        return self.exitcode == -signal.SIGILL


def engine_log() -> Path:
    """The engine's log file, rotated to engine.log.1 when it has grown large."""
    path = app_paths().logs / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > LOG_ROTATE_BYTES:
            path.replace(path.with_name(LOG_NAME + ".1"))
    except OSError:
        log.debug("could not prepare %s", path, exc_info=True)
    return path


def _gib(n_bytes: int) -> str:
    return f"{n_bytes / 2**30:.1f} GB"


def describe(exitcode: int | None, model_path: str | None, kernels_mode: str) -> str:
    """One sentence naming the cause, what the app did, and what the user can do."""
    name = Path(model_path).name if model_path else "the model"
    if exitcode is None or exitcode == 0:
        cause = "The engine stopped unexpectedly."
    elif exitcode == -signal.SIGILL:
        done = (
            "It happened with safe kernels too, so this build cannot run here"
            if kernels_mode == "safe"
            else "Quillmate uses safe kernels on this computer from now on"
        )
        cause = (
            "The engine stopped unexpectedly: this processor refused an instruction of the "
            f"llama.cpp build (SIGILL, the build does not fit this CPU). {done}; for full "
            f"speed rebuild it for this CPU: {kernels.cpu_rebuild_command()}"
        )
    elif exitcode == -signal.SIGKILL:
        size = Path(model_path).stat().st_size if model_path and Path(model_path).exists() else 0
        _total, free = hardware.memory()
        needs = f"{name} needs about {_gib(size)} and {_gib(free)} is free now" if size else ""
        cause = (
            "The engine stopped unexpectedly: it was killed (SIGKILL), most likely because "
            f"the computer ran out of memory{f' ({needs})' if needs else ''}. Close other "
            "programs, or choose a smaller model or a shorter context."
        )
    elif exitcode in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
        cause = (
            f"The engine stopped unexpectedly: llama.cpp crashed "
            f"({signal.Signals(-exitcode).name}) while working on {name}; the file may be "
            "damaged or made for a newer llama.cpp."
        )
    elif exitcode < 0:
        try:
            signame = signal.Signals(-exitcode).name
        except ValueError:
            signame = f"signal {-exitcode}"
        cause = f"The engine stopped unexpectedly: it was ended by {signame}."
    else:
        cause = f"The engine stopped unexpectedly (exit code {exitcode})."
    return f"{cause} {SAVED}"


def report(exitcode: int | None, model_path: str | None, kernels_mode: str) -> Death:
    """Describe the death and write engine-crash-<time>.log with llama.cpp's last output."""
    message = describe(exitcode, model_path, kernels_mode)
    folder = app_paths().logs
    tail = _tail(folder / LOG_NAME)
    path = folder / f"engine-crash-{time.strftime('%Y%m%d-%H%M%S')}.log"
    lines = [
        message,
        f"exit code: {exitcode}",
        f"model: {model_path}",
        f"kernels: {kernels_mode}",
        f"llama-cpp-python: {kernels.llama_cpp_version()}",
        f"cpu: {kernels.cpu_description()[0]}",
        "",
        f"last {TAIL_LINES} lines of {LOG_NAME}:",
        *tail,
    ]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError:
        log.warning("could not write the crash report %s", path, exc_info=True)
        return Death(exitcode, message)
    log.info("%s (report: %s)", message, path)
    return Death(exitcode, f"{message} Details: {path}", str(path))


def _tail(path: Path) -> list[str]:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            handle.seek(max(0, handle.tell() - 16_000))
            text = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ["(no engine log)"]
    return _fold_repeats(text.splitlines())[-TAIL_LINES:]


def _fold_repeats(lines: list[str], keep: int = 2) -> list[str]:
    """Fold runs of lines from the same llama.cpp function ("name: ...") into a count.

    llama.cpp logs some steps once per tensor or layer; unfolded, such a run would
    fill the whole tail and push out the lines that say what went wrong.
    """
    folded: list[str] = []
    run_prefix, run_length = None, 0
    for line in lines:
        prefix = line.split(":", 1)[0] if ":" in line[:60] else None
        if prefix is not None and prefix == run_prefix:
            run_length += 1
            if run_length > keep:
                continue
        else:
            if run_length > keep:
                folded.append(f"    ... {run_length - keep} more lines of {run_prefix}")
            run_prefix, run_length = prefix, 1
        folded.append(line)
    if run_length > keep:
        folded.append(f"    ... {run_length - keep} more lines of {run_prefix}")
    return folded
