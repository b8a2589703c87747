"""A big history in the real widgets: the sidebar and the transcript load lazily.

Real SQLite files through the store, real widgets offscreen; no timings (the
`scale` bench section measures those), only what is shown and when it loads.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.bench.scale_profile import TextMaker, conversation_dict
from app.core.store import SNIPPET_START, Store
from app.ui.chat.conversation_list import SEARCH_PAGE, ConversationList
from app.ui.chat.conversation_model import PAGE
from app.ui.chat.message_view import TAIL, WINDOW, MessageEntry, MessageView


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "history.sqlite3") as store:
        yield store


def _many_conversations(store: Store, n: int) -> list[int]:
    """n conversations, the last made the newest; their ids newest first."""
    ids = [store.create_conversation(title=f"Chat {i}").id for i in range(n)]
    return ids[::-1]


def _long_conversation(store: Store, n: int) -> int:
    return store.import_json(conversation_dict(TextMaker(seed=5), n, 1_700_000_000)).id


def _sidebar(qtbot, store) -> ConversationList:
    sidebar = ConversationList(store)
    qtbot.addWidget(sidebar)
    sidebar.resize(280, 600)
    sidebar.show()
    qtbot.waitExposed(sidebar)
    return sidebar


def _view(qtbot, store, cid: int) -> MessageView:
    view = MessageView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    view.show_thread([MessageEntry(m) for m in store.thread(cid)])
    return view


def test_the_sidebar_shows_the_newest_page_and_loads_more_when_scrolled(qtbot, store):
    newest_first = _many_conversations(store, PAGE * 2 + 50)
    sidebar = _sidebar(qtbot, store)
    assert sidebar.conversation_ids() == newest_first[:PAGE]  # one page, newest first
    assert sidebar.list.model().index(0, 0).data() == f"Chat {PAGE * 2 + 49}"

    bar = sidebar.list.verticalScrollBar()
    bar.setValue(bar.maximum())  # the view asks the model for more at the end
    qtbot.waitUntil(lambda: len(sidebar.conversation_ids()) > PAGE, timeout=2000)
    assert sidebar.conversation_ids() == newest_first[: len(sidebar.conversation_ids())]

    sidebar.select_conversation(newest_first[-1])  # the oldest: loads down to it
    assert sidebar.current_id() == newest_first[-1]
    assert sidebar.conversation_ids() == newest_first
    fetches = sidebar.model.fetches
    sidebar.refresh()  # keeps what was loaded, in one query (and one to see it is all)
    assert sidebar.conversation_ids() == newest_first
    assert sidebar.current_id() == newest_first[-1]
    assert sidebar.model.fetches - fetches <= 2


def test_selecting_renaming_and_deleting_through_the_model(qtbot, store):
    newest_first = _many_conversations(store, 5)
    sidebar = _sidebar(qtbot, store)
    with qtbot.waitSignal(sidebar.conversation_selected) as selected:
        sidebar.list.setCurrentRow(2)
    assert selected.args == [newest_first[2]]
    assert sidebar.model.setData(sidebar.index_for(newest_first[1]), "  Renamed   chat ")
    assert store.get_conversation(newest_first[1]).title == "Renamed chat"
    assert sidebar.titles()[1] == "Renamed chat"
    sidebar.list.setFocus()
    with qtbot.waitSignal(sidebar.conversation_deleted) as deleted:
        qtbot.keyClick(sidebar.list, Qt.Key.Key_Delete)
    assert deleted.args[0] == newest_first[2]
    assert newest_first[2] not in sidebar.conversation_ids()


def test_search_results_come_a_page_at_a_time(qtbot, store):
    conv = store.create_conversation(title="Rivers")
    for i in range(SEARCH_PAGE + 12):
        store.add_message(conv.id, "user", f"the river number {i} runs")
    sidebar = _sidebar(qtbot, store)
    sidebar.set_search_text("river")
    assert sidebar.hit_count() == SEARCH_PAGE
    last = sidebar.results.item(sidebar.results.count() - 1)
    assert last.text() == "More results…"
    first_label = sidebar.results.itemWidget(sidebar.results.item(0)).text()
    assert f"number {SEARCH_PAGE + 11}" in first_label  # the newest first
    assert "background-color" in first_label and SNIPPET_START not in first_label
    sidebar.activate_hit(sidebar.results.count() - 1)  # "More results…"
    qtbot.waitUntil(lambda: sidebar.hit_count() == SEARCH_PAGE + 12, timeout=2000)
    texts = [sidebar.results.item(i).text() for i in range(sidebar.results.count())]
    assert "More results…" not in texts  # that was all of them
    assert any("number 0 " in t for t in texts)


def test_a_long_conversation_shows_its_end_and_renders_earlier_messages_when_scrolled_up(
    qtbot, store
):
    cid = _long_conversation(store, 400)
    thread = store.thread(cid)
    view = _view(qtbot, store, cid)
    assert view.message_ids() == [m.id for m in thread]
    assert view.rendered_ids() == [m.id for m in thread[-TAIL:]]  # only the end
    qtbot.waitUntil(view.is_at_bottom, timeout=2000)

    bar = view.verticalScrollBar()
    top_id = view.rendered_ids()[0]
    bar.setValue(0)  # the user scrolled up to the first message rendered
    offset_before = _frame_top(view, top_id) - bar.value()
    qtbot.waitUntil(lambda: view.hidden_count < len(thread) - TAIL, timeout=2000)
    assert top_id in view.rendered_ids()
    assert abs(_frame_top(view, top_id) - bar.value() - offset_before) <= 4  # kept its place

    for _ in range(400):  # keep scrolling up: the window moves, never grows past WINDOW
        if view.hidden_count == 0 and bar.value() == 0:
            break
        bar.setValue(0)
        qtbot.wait(1)
    assert view.rendered_ids()[0] == thread[0].id
    assert len(view.rendered_ids()) <= WINDOW
    assert view.hidden_below > 0

    for _ in range(400):  # and back down to the end
        if view.hidden_below == 0 and view.is_at_bottom():
            break
        bar.setValue(bar.maximum())
        qtbot.wait(1)
    assert view.rendered_ids()[-1] == thread[-1].id
    assert len(view.rendered_ids()) <= WINDOW


def test_jumping_to_an_old_message_renders_around_it(qtbot, store):
    cid = _long_conversation(store, 300)
    thread = store.thread(cid)
    view = _view(qtbot, store, cid)
    target = thread[10]
    view.scroll_to_message(target.id)
    assert target.id in view.rendered_ids()
    assert len(view.rendered_ids()) <= WINDOW
    assert target.content.split()[0] in view.message_text(target.id)
    assert thread[0].content.split()[0] in view.message_text(thread[0].id)  # any message


def test_a_reply_after_scrolling_far_up_shows_the_end_again(qtbot, store):
    cid = _long_conversation(store, 300)
    thread = store.thread(cid)
    view = _view(qtbot, store, cid)
    view.scroll_to_message(thread[5].id)  # far up: the end is not rendered now
    assert view.hidden_below > 0
    reply = store.add_message(cid, "assistant", "A brand new reply.")
    view.show_thread([MessageEntry(m) for m in store.thread(cid)])
    assert view.rendered_ids()[-1] == reply.id
    assert view.hidden_below == 0
    qtbot.waitUntil(view.is_at_bottom, timeout=2000)


def test_the_window_opens_a_long_conversation_rendering_only_its_end(make_window, services):
    cid = _long_conversation(services.store, 500)
    window = make_window(services)
    assert window.chat_page.conversation_id == cid  # the newest opens at start
    view = window.chat_page.view
    assert len(view.message_ids()) == 500
    assert len(view.rendered_ids()) == TAIL


def _frame_top(view: MessageView, message_id: int) -> float:
    shown = view._find(message_id)
    return view.document().documentLayout().frameBoundingRect(shown.frame).top()


def test_a_reply_streaming_while_scrolled_far_up_shows_whole_when_scrolled_back(qtbot, store):
    cid = _long_conversation(store, 200)
    thread = store.thread(cid)
    view = _view(qtbot, store, cid)
    reply = store.add_message(cid, "assistant", "", status="streaming")
    entries = [MessageEntry(m) for m in thread] + [MessageEntry(reply, streaming=True)]
    view.show_thread(entries)
    view.append_stream_text("first part, ")
    view.flush()
    view.scroll_to_message(thread[3].id)  # far up: the reply is not rendered now
    assert view.streaming_id is None and reply.id not in view.rendered_ids()
    view.append_stream_text("second part.")  # streams on unseen
    bar = view.verticalScrollBar()
    for _ in range(400):
        if view.hidden_below == 0:
            break
        bar.setValue(bar.maximum())
        qtbot.wait(1)
    assert view.streaming_id == reply.id
    assert "first part, second part." in view.message_text(reply.id)
    view.append_stream_text(" Third.")
    view.flush()
    assert "second part. Third." in view.message_text(reply.id)
