"""Write mode fixtures: a main window with the Write page installed."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from app.ui.writing import ask_worker, document_files, worker
from app.ui.writing.install import install_write_mode

WORKERS = (worker.THREAD_NAME, ask_worker.THREAD_NAME, document_files.OPEN_THREAD)


@pytest.fixture(autouse=True)
def _no_leftover_write_workers():
    yield
    left = [t.name for t in threading.enumerate() if t.name in WORKERS and t.is_alive()]
    assert not left, f"write worker threads left running: {left}"


class Answers:
    """Stands in for QMessageBox.question: answers in order, records what was asked."""

    def __init__(self):
        self.queue: list = []
        self.asked: list[str] = []

    def __call__(self, _parent, title, text, *_args, **_kwargs):
        self.asked.append(f"{title}: {text}")
        if not self.queue:
            if title == "Unsaved changes":  # closing the window at the test's end
                return QMessageBox.StandardButton.Discard
            raise AssertionError(f"unexpected question: {title}: {text}")
        return self.queue.pop(0)


@pytest.fixture
def answers(monkeypatch):
    fake = Answers()
    monkeypatch.setattr(QMessageBox, "question", fake)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    return fake


@pytest.fixture
def write_window(answers, make_window):
    """(window, page) for a window without a model; the Write mode shown."""

    def make(services):
        window = make_window(services)
        page = install_write_mode(window)
        window.show_mode("write")
        return window, page

    return make
