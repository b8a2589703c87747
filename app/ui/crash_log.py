"""Uncaught exceptions in the window: written to the log folder, shown, never sent.

Without this a bug in a slot prints a traceback nobody sees and the app carries on
in an unknown state. Each report is one file (crash-<time>.log, the newest 20 kept)
that the dialog names and can copy, so a user can attach it to a bug report. Engine
deaths write their own reports (app/engine/deaths.py) into the same folder.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import time
import traceback
from pathlib import Path

import app
from app.paths import app_paths

log = logging.getLogger(__name__)

KEEP_REPORTS = 20


def write_report(exc_type, exc, tb, where: str = "the window") -> Path | None:
    folder = app_paths().logs
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = (
            folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{threading.get_ident() % 10000}.log"
        )
        lines = [
            f"Quillmate {app.__version__}, Python {platform.python_version()}, "
            f"{platform.platform()}",
            f"uncaught in {where} at {time.strftime('%Y-%m-%d %H:%M:%S')}",
            "",
            *traceback.format_exception(exc_type, exc, tb),
        ]
        path.write_text("\n".join(lines), encoding="utf-8")
        for old in sorted(folder.glob("crash-*.log"))[:-KEEP_REPORTS]:
            old.unlink(missing_ok=True)
        return path
    except OSError:
        log.exception("could not write a crash report")
        return None


def install(show_dialog: bool = True) -> None:
    """Route uncaught exceptions (GUI thread and worker threads) to reports."""

    def on_exception(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        path = write_report(exc_type, exc, tb)
        log.error("uncaught exception (report: %s)", path, exc_info=(exc_type, exc, tb))
        if show_dialog and path is not None:
            _show(path, f"{exc_type.__name__}: {exc}")

    def on_thread_exception(args) -> None:
        path = write_report(args.exc_type, args.exc_value, args.exc_traceback,
                            where=f"thread {args.thread.name if args.thread else '?'}")  # fmt: skip
        log.error("uncaught exception in a thread (report: %s)", path)

    sys.excepthook = on_exception
    threading.excepthook = on_thread_exception


def _show(path: Path, summary: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QApplication.translate("CrashLog", "Something went wrong"))
    box.setText(
        QApplication.translate(
            "CrashLog",
            "Quillmate hit an error it did not expect. Your work is saved. A report was "
            "written to:\n{path}\nNothing was sent anywhere.",
        ).format(path=path)
    )
    box.setDetailedText(summary)
    copy = box.addButton(
        QApplication.translate("CrashLog", "Copy report"), QMessageBox.ButtonRole.ActionRole
    )
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is copy:
        QApplication.clipboard().setText(path.read_text(encoding="utf-8"))
