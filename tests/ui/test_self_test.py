"""`quillmate --self-test` and the crash log of uncaught exceptions."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from app.paths import app_paths


@pytest.mark.model
def test_self_test_loads_answers_opens_every_mode_and_exits_0(tmp_path):
    env = {**os.environ, "QUILLMATE_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-test"],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "self-test: ok" in result.stdout
    assert "modes chat, write, grade, models, finetune" in result.stdout


def test_uncaught_exceptions_are_written_to_the_log_folder(monkeypatch):
    from app.ui import crash_log

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    crash_log.install(show_dialog=False)
    try:
        raise ValueError("a bug in a slot")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    worker = threading.Thread(target=lambda: 1 / 0, name="worker-x")
    worker.start()
    worker.join()
    reports = sorted(app_paths().logs.glob("crash-*.log"))
    texts = [r.read_text() for r in reports]
    assert any("ValueError: a bug in a slot" in t and "uncaught in the window" in t for t in texts)
    assert any("ZeroDivisionError" in t and "thread worker-x" in t for t in texts)


def test_old_reports_are_pruned():
    from app.ui import crash_log

    for i in range(crash_log.KEEP_REPORTS + 5):
        folder = app_paths().logs
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"crash-2020010{i:03d}.log").write_text("old")
    try:
        raise RuntimeError("new")
    except RuntimeError:
        crash_log.write_report(*sys.exc_info())
    assert len(list(app_paths().logs.glob("crash-*.log"))) == crash_log.KEEP_REPORTS
