"""Fine-tune mode fixtures: a window with the mode installed, data files, cleanup."""

from __future__ import annotations

import json
import threading

import pytest

from app.ui.finetune import dialogs
from app.ui.finetune.install import install_finetune_mode
from app.ui.finetune.page import THREAD_NAME as THREAD_PREFIX


@pytest.fixture(autouse=True)
def _no_leftover_workers():
    """The page's worker thread is joined and no training process outlives a test."""
    pages = []
    yield pages
    for page in pages:
        control = getattr(page, "control", None)
        watcher = control.watcher if control is not None else None
        if watcher is not None and watcher.run.is_running():
            watcher.run.kill()
            pytest.fail("a training process was still running at the end of the test")
    left = [t.name for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX)]
    assert not left, f"worker threads left running: {left}"


@pytest.fixture
def finetune_window(make_window, _no_leftover_workers):
    """(window, page): a MainWindow with the Fine-tune mode installed and shown."""

    def make(services):
        window = make_window(services)
        page = install_finetune_mode(window)
        window.show_mode("finetune")
        _no_leftover_workers.append(page)
        return window, page

    return make


class Answers:
    """Stands in for the mode's dialogs: answers what a test sets, records what was asked."""

    def __init__(self):
        self.confirm = True
        self.asked: list[str] = []

    def ask_confirm(self, _parent, title, _text):
        self.asked.append(title)
        return self.confirm


@pytest.fixture
def fake_dialogs(monkeypatch):
    answers = Answers()
    monkeypatch.setattr(dialogs, "confirm", answers.ask_confirm)
    return answers


def chat_examples(n: int) -> list[dict]:
    """n short, distinct question-answer pairs in the common chat format."""
    return [
        {
            "messages": [
                {"role": "user", "content": f"What is {i} plus {i}?"},
                {"role": "assistant", "content": f"{i} plus {i} is {2 * i}."},
            ]
        }
        for i in range(1, n + 1)
    ]


def write_jsonl(path, records) -> str:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return str(path)
