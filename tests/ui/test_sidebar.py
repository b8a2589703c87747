"""The conversation sidebar over a real store: list, rename, delete + undo, search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.core.store import StoreError


def seed(store):
    a = store.create_conversation(title="Photosynthesis notes")
    store.add_message(a.id, "user", "Explain chlorophyll in plants")
    store.add_message(a.id, "assistant", "Chlorophyll absorbs light.")
    b = store.create_conversation(title="Trip to Lisbon")
    store.add_message(b.id, "user", "What should I pack for Lisbon?")
    return a, b


def test_list_is_newest_first_and_selecting_opens(make_window, services, qtbot):
    a, b = seed(services.store)
    window = make_window(services)
    sidebar = window.sidebar
    assert sidebar.conversation_ids() == [b.id, a.id]
    assert window.chat_page.conversation_id == b.id  # the newest opens at start
    with qtbot.waitSignal(sidebar.conversation_selected, timeout=1000):
        sidebar.list.setCurrentRow(1)
    assert window.chat_page.conversation_id == a.id
    assert window.chat_page.view.message_ids() == [m.id for m in services.store.thread(a.id)]
    assert "Photosynthesis notes" in window.windowTitle()


def test_rename_in_place(make_window, services, qtbot):
    a, b = seed(services.store)
    window = make_window(services)
    sidebar = window.sidebar
    sidebar.model.setData(sidebar.index_for(a.id), "Biology")  # the in-place editor's commit
    assert services.store.get_conversation(a.id).title == "Biology"
    sidebar.rename(b.id, "  Holiday   plans ")
    assert services.store.get_conversation(b.id).title == "Holiday plans"
    assert window.chat_page.title_label.text() == "Holiday plans"  # b is open
    sidebar.refresh()
    assert set(sidebar.titles()) == {"Biology", "Holiday plans"}


def test_delete_then_undo_from_the_status_bar(make_window, services, qtbot):
    a, b = seed(services.store)
    window = make_window(services)
    sidebar = window.sidebar
    sidebar.select_conversation(b.id)
    sidebar.list.setFocus()
    qtbot.keyClick(sidebar.list, Qt.Key.Key_Delete)  # deletes the selected one
    assert sidebar.conversation_ids() == [a.id]
    assert window.chat_page.conversation_id is None  # the open one was deleted
    assert window.undo_box.isVisible()
    assert "Trip to Lisbon" in window.undo_label.text()
    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    assert b.id in sidebar.conversation_ids()
    assert window.chat_page.conversation_id == b.id
    assert not window.undo_box.isVisible()


def test_deleted_conversations_are_purged_at_close(make_window, services):
    a, b = seed(services.store)
    window = make_window(services)
    window.sidebar.delete(a.id)
    window.close()
    assert [c.id for c in services.store.list_conversations()] == [b.id]
    with pytest.raises(StoreError):
        services.store.restore_conversation(a.id)  # gone for good


def test_search_finds_messages_and_opens_them(make_window, services, qtbot):
    a, b = seed(services.store)
    window = make_window(services)
    sidebar = window.sidebar
    sidebar.set_search_text("chlorophyll")
    assert sidebar.stack.currentWidget() is sidebar.results
    assert sidebar.hit_count() == 2  # the question and the answer
    assert "Photosynthesis notes" in sidebar.results.item(0).text()
    sidebar.activate_hit(0)
    assert window.chat_page.conversation_id == a.id
    sidebar.set_search_text("nothing-matches-this")
    assert sidebar.hit_count() == 0
    sidebar.set_search_text("")
    assert sidebar.stack.currentWidget() is sidebar.list


def test_search_box_is_debounced(make_window, services, qtbot):
    seed(services.store)
    window = make_window(services)
    sidebar = window.sidebar
    qtbot.keyClicks(sidebar.search_box, "lisb")
    assert sidebar.stack.currentWidget() is sidebar.list  # not yet: waits for typing to pause
    qtbot.waitUntil(lambda: sidebar.hit_count() == 1, timeout=2000)
