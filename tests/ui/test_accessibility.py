"""Every control a screen reader can land on has a name, on every page and tab."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTabWidget

from app.ui.accessibility import effective_name, unnamed

pytestmark = pytest.mark.gui


def describe(widgets) -> list[str]:
    return [
        f"{type(w).__name__}#{w.objectName() or '?'} in {type(w.parent()).__name__}"
        for w in widgets
    ]


def test_every_focusable_control_on_every_page_has_a_name(make_window, services, qtbot):
    window = make_window(services)
    missing = []
    for key in list(window.modes):
        window.show_mode(key)
        page = window.pages.currentWidget()
        tab_widgets = page.findChildren(QTabWidget)
        for tabs in tab_widgets or [None]:
            for index in range(tabs.count() if tabs else 1):
                if tabs:
                    tabs.setCurrentIndex(index)
                missing += [w for w in unnamed(window) if w.isVisibleTo(window)]
    window.sources_ui.open_panel()
    missing += unnamed(window.sources_ui.panel)
    assert not describe(set(missing))
    assert effective_name(window.chat_page.view) == "Conversation"
    assert effective_name(window.sidebar.search_box) == "Search conversations"


@pytest.mark.model
def test_a_streamed_reply_is_announced_politely_twice_not_per_token(
    model_services, make_window, qtbot
):
    from PySide6.QtCore import Qt

    from app.ui import announce

    window = make_window(model_services)
    page = window.chat_page
    qtbot.waitUntil(page.model_ready, timeout=120_000)
    announce.recent.clear()
    streamed = []
    window.controller.text_received.connect(streamed.append)
    with qtbot.waitSignal(page.reply_shown, timeout=120_000) as finished:
        qtbot.keyClicks(page.composer.edit, "Name three colors of the rainbow.")
        qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return)
    reply = finished.args[0].message.content
    assert len(streamed) > 1  # the reply came in pieces ...
    spoken = list(announce.recent)
    assert [p for p, _ in spoken] == ["polite", "polite"]  # ... and was announced twice
    assert spoken[0][1] == "Answering…"
    assert spoken[1][1].startswith("Reply: ") and " ".join(reply.split())[:30] in spoken[1][1]
    assert len(spoken[1][1]) <= announce.SPOKEN_CHARS
