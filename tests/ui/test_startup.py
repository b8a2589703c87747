"""run_gui shows the window before any model work and never imports llama_cpp itself.

How fast it shows is measured by `quillmate bench` (startup.to_first_paint_s, against
its target), not here: a timed test fails on a busy machine and proves nothing then.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app.paths import app_paths
from app.settings import Settings

pytestmark = pytest.mark.gui

# Runs in a fresh interpreter: the clock starts before the first app import.
SCRIPT = r"""
import time; T0 = time.perf_counter()
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import app.ui.main_window as mw

shown = {}
original = mw.MainWindow.showEvent

def show_event(self, event):
    original(self, event)
    if not shown:
        shown["seconds"] = time.perf_counter() - T0
        shown["llama_cpp"] = "llama_cpp" in sys.modules
        shown["model_loaded"] = self.services.engine.model_info is not None
        QTimer.singleShot(0, QApplication.instance().quit)

mw.MainWindow.showEvent = show_event
from app.ui.app import run_gui
code = run_gui(["quillmate"])
shown["code"] = code
print(json.dumps(shown))
"""


def start_once(env) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_window_shows_before_the_model_loads_without_llama_cpp(model_path):
    # With a default model configured: it must load in the background, not before showing.
    Settings(app_paths().settings_file).remember_model(str(model_path))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")  # the test's QUILLMATE_HOME
    shown = start_once(env)
    assert shown["code"] == 0
    assert shown["llama_cpp"] is False
    assert shown["model_loaded"] is False
