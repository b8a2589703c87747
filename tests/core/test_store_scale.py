"""The store with a big history: search pages, the sidebar's pages, sibling positions.

Real SQLite files; no timings (the bench measures those), only what each page holds.
"""

from __future__ import annotations

import pytest

from app.bench.scale_profile import TextMaker, conversation_dict
from app.core import store_schema
from app.core.store import SNIPPET_END, SNIPPET_START, Store, StoreError


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "chats.sqlite3") as store:
        yield store


def test_the_first_page_is_the_newest_matches_with_their_words_marked(store):
    old = store.create_conversation("Old notes")
    for i in range(30):
        store.add_message(old.id, "user", f"river water number {i}")
    new = store.create_conversation("New notes")
    newest = [
        store.add_message(new.id, "assistant", f"The water cycle, part {i}") for i in range(5)
    ]
    store.add_message(new.id, "user", "nothing to see here")

    hits = store.search("water", limit=10)
    assert [h.message_id for h in hits[:5]] == [m.id for m in reversed(newest)]
    assert [h.conversation_id for h in hits[5:]] == [old.id] * 5
    assert hits[0].title == "New notes" and hits[0].role == "assistant"
    assert f"{SNIPPET_START}water{SNIPPET_END}" in hits[0].snippet
    assert f"{SNIPPET_START}water{SNIPPET_END}" in hits[5].snippet
    ids = [h.message_id for h in hits]
    assert ids == sorted(ids, reverse=True)


def test_pages_follow_each_other_without_repeats_or_gaps(store):
    maker = TextMaker(seed=3)
    for i in range(12):
        store.import_json(conversation_dict(maker, 20, 1_700_000_000 + i * 3600))
    everything = store.search("the", limit=10_000)
    assert len(everything) > 100  # a common word: many matches

    pages, before = [], None
    while True:
        page = store.search("the", limit=37, before=before)
        if not page:
            break
        pages.append(page)
        before = page[-1].message_id
    assert all(len(page) == 37 for page in pages[:-1])
    flat = [h.message_id for page in pages for h in page]
    assert flat == [h.message_id for h in everything]
    assert len(set(flat)) == len(flat)


def test_deleted_conversations_stay_out_of_every_page(store):
    kept = store.create_conversation("Kept")
    store.add_message(kept.id, "user", "apple pie")
    gone = store.create_conversation("Gone")
    for i in range(60):  # the newest matches are all in the deleted one
        store.add_message(gone.id, "user", f"apple {i}")
    store.delete_conversation(gone.id)
    hits = store.search("apple", limit=5)
    assert [h.conversation_id for h in hits] == [kept.id]
    assert store.search("apple", limit=5, before=hits[0].message_id) == []


def test_conversations_come_a_page_at_a_time_newest_first(store):
    made = [store.create_conversation(f"Chat {i}") for i in range(25)]
    with store._writing() as conn:  # ties on updated_at: the id decides
        conn.execute("UPDATE conversations SET updated_at = 100 WHERE id % 3 = 0")
    whole = [c.id for c in store.list_conversations()]
    assert sorted(whole) == sorted(c.id for c in made)

    pages, after = [], None
    while True:
        page = store.list_conversations(limit=4, after=after)
        if not page:
            break
        pages.append([c.id for c in page])
        after = (page[-1].updated_at, page[-1].id)
    assert [cid for page in pages for cid in page] == whole
    assert all(len(page) == 4 for page in pages[:-1])


def test_sibling_positions_match_siblings(store):
    conv = store.create_conversation()
    question = store.add_message(conv.id, "user", "Q")
    first = store.add_message(conv.id, "assistant", "A1")
    second = store.add_message(conv.id, "assistant", "A2", parent_id=question.id)
    third = store.add_message(conv.id, "assistant", "A3", parent_id=question.id)
    follow = store.add_message(conv.id, "user", "more")
    other_root = store.add_message(conv.id, "user", "another start", parent_id=None)

    positions = store.sibling_positions(conv.id)
    for message in (question, first, second, third, follow, other_root):
        siblings = [s.id for s in store.siblings(message.id)]
        assert positions[message.id] == (siblings.index(message.id), len(siblings))
    assert positions[second.id] == (1, 3)
    with pytest.raises(StoreError):
        store.sibling_positions(9999)


def _scribbled_store_file(path) -> None:
    with Store(path) as store:
        conversation = store.create_conversation()
        for i in range(300):
            store.add_message(conversation.id, "user", f"message {i} " + "words " * 50)
    data = bytearray(path.read_bytes())
    data[3 * 4096 : 6 * 4096] = b"\xa5" * (3 * 4096)  # pages in the middle
    path.write_bytes(bytes(data))


def test_a_big_file_closed_cleanly_opens_at_once_and_is_checked_in_the_background(
    tmp_path, monkeypatch, caplog
):
    path = tmp_path / "chats.sqlite3"
    _scribbled_store_file(path)
    monkeypatch.setattr(store_schema, "FULL_CHECK_BYTES", 4096)  # "big" from one page on
    monkeypatch.setattr(store_schema, "CHECK_DELAY_S", 0.0)
    store = Store(path)  # no quick_check on the start-up path
    try:
        assert store.check_thread is not None
        store.check_thread.join(timeout=30)
        assert store.damage and "\n" not in store.damage
        assert "is damaged" in caplog.text
    finally:
        store.close()


def test_a_small_file_or_one_left_by_a_crash_is_checked_at_open(tmp_path, monkeypatch):
    path = tmp_path / "chats.sqlite3"
    _scribbled_store_file(path)
    with pytest.raises(StoreError, match="damaged|malformed"):
        Store(path)  # small: checked whole at open, as before

    monkeypatch.setattr(store_schema, "FULL_CHECK_BYTES", 4096)
    monkeypatch.setattr(store_schema, "CHECK_DELAY_S", 0.0)
    assert not store_schema._needs_full_check(path)  # big and closed cleanly
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"\0" * 32)  # what a crash leaves beside it
    assert store_schema._needs_full_check(path)
    wal.unlink()
    with Store(tmp_path / "sound.sqlite3") as sound:
        sound.create_conversation()
    with Store(tmp_path / "sound.sqlite3") as sound:
        sound.check_thread.join(timeout=30)
        assert sound.damage is None
