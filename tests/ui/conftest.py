"""Fixtures for the GUI tests: real Services in the per-test QUILLMATE_HOME."""

from __future__ import annotations

import threading

import pytest

from app.services import Services
from app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _no_leftover_workers():
    """Every window joins its chat worker when it closes: no thread outlives a test."""
    yield
    left = [t.name for t in threading.enumerate() if t.name == "chat-worker" and t.is_alive()]
    assert not left, f"worker threads left running: {left}"


# Deterministic and short: the e2e tests check behaviour, not prose.
TEST_SAMPLING = {"temperature": 0.0, "seed": 42, "max_tokens": 32}


@pytest.fixture
def services():
    """Services without a model: no engine process starts unless a test loads one."""
    svc = Services.create()
    yield svc
    svc.close()


@pytest.fixture
def model_services(services, model_path):
    """Services with the real SmolLM2 GGUF as the default model."""
    services.settings.remember_model(str(model_path))
    services.settings["sampling"] = {**services.settings["sampling"], **TEST_SAMPLING}
    # One engine thread: on a 2-core machine shared with the test process (and
    # whatever else runs), two llama.cpp threads spin-waiting on each other fell
    # from ~50 to under 2 tokens/s whenever another process took a core.
    services.settings["n_threads"] = 1
    return services


@pytest.fixture
def make_window(qtbot, services):
    """Open MainWindows; each is closed (worker thread joined) before services close."""
    windows = []

    def make(services) -> MainWindow:
        window = MainWindow(services)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
