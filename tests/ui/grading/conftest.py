"""Grade mode fixtures: a page over a scripted engine, and a window with the mode installed."""

from __future__ import annotations

import threading

import pytest

from app.core.grading import GradingStore
from app.ui.grading import dialogs
from app.ui.grading.assignment_tab import FILES_THREAD
from app.ui.grading.grade_page import GradePage
from app.ui.grading.install import install_grade_mode
from app.ui.grading.materials_worker import THREAD_NAME as MATERIALS_THREAD
from app.ui.grading.review_tab import EXPORT_THREAD
from app.ui.grading.worker import THREAD_NAME
from tests.grading.helpers import ScriptedEngine, grading_script, reply


@pytest.fixture(autouse=True)
def _no_leftover_grade_workers():
    yield
    names = (THREAD_NAME, MATERIALS_THREAD, FILES_THREAD, EXPORT_THREAD)
    left = [t.name for t in threading.enumerate() if t.name in names and t.is_alive()]
    assert not left, f"grade worker threads left running: {left}"


class Dialogs:
    """Stands in for every dialog of the Grade mode: answers what a test sets, records asks."""

    def __init__(self):
        self.save_path: str | None = None
        self.open_path: str | None = None
        self.folder: str | None = None
        self.pasted: tuple[str, str] | None = None
        self.yes = True
        self.asked: list[str] = []

    def ask_save_path(self, _parent, caption, suggested, _filter):
        self.asked.append(f"save: {caption} ({suggested})")
        return self.save_path

    def ask_open_path(self, _parent, caption, _filter):
        self.asked.append(f"open: {caption}")
        return self.open_path

    def ask_folder(self, _parent, caption):
        self.asked.append(f"folder: {caption}")
        return self.folder

    def ask_yes_no(self, _parent, title, _text):
        self.asked.append(f"yes/no: {title}")
        return self.yes

    def ask_pasted_text(self, _parent):
        self.asked.append("paste")
        return self.pasted


@pytest.fixture
def fake_dialogs(monkeypatch):
    fake = Dialogs()
    for name in ("ask_save_path", "ask_open_path", "ask_folder", "ask_yes_no", "ask_pasted_text"):
        monkeypatch.setattr(dialogs, name, getattr(fake, name))
    return fake


class ModelEngine(ScriptedEngine):
    """The scripted engine with a model "loaded" (what the page's worker checks)."""

    model_info = object()


def scripted_engine() -> ModelEngine:
    return ModelEngine(grading_script(lambda _user: reply()))


@pytest.fixture
def make_page(qtbot, tmp_path, fake_dialogs):
    """GradePages over a store in tmp_path; each is shut down (worker joined) at the end."""
    pages = []

    def make(engine=None, store=None) -> GradePage:
        store = store or GradingStore(tmp_path / "grading.sqlite3")
        page = GradePage(store, engine or scripted_engine(), model_path=lambda: "scripted.gguf")
        qtbot.addWidget(page)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.shutdown()


@pytest.fixture
def grade_window(make_window, fake_dialogs):
    """(window, page): a MainWindow with the Grade mode installed and shown."""

    def make(services):
        window = make_window(services)
        page = install_grade_mode(window)
        window.show_mode("grade")
        return window, page

    return make
