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
