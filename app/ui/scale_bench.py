"""The window's part of the `scale` bench section (app.bench.scale_section).

Why the real widgets: what grows with a big history is the work done on the GUI
thread (items made, messages rendered, layouts), so each figure is taken on the
widgets the user sees, offscreen, over a real store: the sidebar built over 10,000
conversations, a 2,000-message conversation opened in the real MainWindow, and then
scrolled from the bottom to the top a page at a time, the longest step being the
worst stall the user could feel.
"""

from __future__ import annotations

import logging
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


def _app() -> QApplication:
    return QApplication.instance() or QApplication(["quillmate-bench"])


def _settle(qt_app: QApplication, seconds: float = 0.05) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        qt_app.processEvents()


def measure_sidebar(path: str | Path, rounds: int = 3) -> list[float]:
    """Milliseconds from building the sidebar over `path` to its first paint."""
    from app.core.store import Store
    from app.ui.chat.conversation_list import ConversationList

    qt_app = _app()
    times = []
    with Store(path) as store:
        for _ in range(rounds):
            started = time.perf_counter()
            sidebar = ConversationList(store)
            sidebar.resize(280, 900)
            sidebar.show()
            qt_app.processEvents()
            sidebar.repaint()
            times.append((time.perf_counter() - started) * 1000)
            sidebar.close()
            sidebar.deleteLater()
            _settle(qt_app)
    return times


def measure_long_conversation(path: str | Path, rounds: int = 3) -> dict[str, Any]:
    """Open the newest (long) conversation in the real window, then scroll it to the top."""
    from app.paths import AppPaths
    from app.services import Services
    from app.ui.main_window import MainWindow

    qt_app = _app()
    with tempfile.TemporaryDirectory(prefix="quillmate-scale-") as home:
        root = Path(home)
        paths = AppPaths(root / "config", root / "data", root / "cache", root / "logs").ensure()
        shutil.copyfile(path, paths.database)  # the window may write (purge at close)
        services = Services.create(paths)
        window = None
        try:
            ids = [c.id for c in services.store.list_conversations()[:2]]
            long_id, other_id = ids[0], ids[1]
            n_messages = len(services.store.thread(long_id))
            window = MainWindow(services)
            # The transcript shows as it would with a model, without loading one.
            window.chat_page.model_ready = lambda: True
            window.resize(1200, 900)
            window.show()
            _settle(qt_app, 0.3)
            view = window.chat_page.view
            open_ms = []
            for _ in range(rounds):
                window.open_conversation(other_id)
                _settle(qt_app)
                started = time.perf_counter()
                window.open_conversation(long_id)
                qt_app.processEvents()
                view.viewport().repaint()
                open_ms.append((time.perf_counter() - started) * 1000)
                _settle(qt_app)
            rendered_at_open = len(getattr(view, "rendered_ids", view.message_ids)())
            return {
                "messages": n_messages,
                "open_ms": open_ms,
                "rendered_at_open": rendered_at_open,
                **_scroll_to_top(qt_app, view),
            }
        finally:
            if window is not None:
                window.close()
                window.deleteLater()
                _settle(qt_app)
            services.close()


def _scroll_to_top(qt_app: QApplication, view, max_steps: int = 4000) -> dict[str, Any]:
    """Page up until the top is reached and nothing is left to render; time each step.

    A step is one Page Up and the event loop run until idle: the batch rendered on
    the idle tick, the layout and the paint, i.e. what one frame costs the user.
    """
    bar = view.verticalScrollBar()
    steps = []
    started = time.perf_counter()
    for _ in range(max_steps):
        step_started = time.perf_counter()
        bar.setValue(bar.value() - bar.pageStep())
        qt_app.processEvents()  # the batch on the idle tick, the layout and the paint
        steps.append((time.perf_counter() - step_started) * 1000)
        if bar.value() == 0 and not getattr(view, "hidden_count", 0):
            qt_app.processEvents()
            if bar.value() == 0 and not getattr(view, "hidden_count", 0):
                break
    return {
        "scroll_steps": len(steps),
        "scroll_s": round(time.perf_counter() - started, 2),
        "max_stall_ms": round(max(steps), 1) if steps else None,
        "p99_step_ms": round(statistics.quantiles(steps, n=100)[98], 1)
        if len(steps) >= 100
        else None,
        "reached_top": bar.value() == 0,
        "rendered_at_top": len(getattr(view, "rendered_ids", view.message_ids)()),
    }
