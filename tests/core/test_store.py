"""The conversation store against a real SQLite file: API, trees, search, crashes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.store import SNIPPET_END, SNIPPET_START, Store, StoreError, fts_query

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "chats.sqlite3") as opened:
        yield opened


def texts(messages):
    return [(m.role, m.content) for m in messages]


# -- opening -------------------------------------------------------------------


def test_open_sets_wal_foreign_keys_and_synchronous(tmp_path):
    path = tmp_path / "sub" / "dir" / "chats.sqlite3"
    with Store(path) as store:
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert path.exists()


def test_not_a_database_raises_store_error_naming_the_file(tmp_path):
    path = tmp_path / "chats.sqlite3"
    path.write_bytes(b"this is a text file, not SQLite\n" * 200)
    with pytest.raises(StoreError) as info:
        Store(path)
    assert str(path) in str(info.value)
    assert "not a database" in str(info.value)


def test_damaged_database_raises_store_error(tmp_path):
    path = tmp_path / "chats.sqlite3"
    with Store(path) as store:
        conversation = store.create_conversation()
        for i in range(300):
            store.add_message(conversation.id, "user", f"message {i} " + "words " * 50)
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    data[3 * page : 6 * page] = b"\xa5" * (3 * page)  # scribble over pages in the middle
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as info:
        Store(path)
    assert str(path) in str(info.value)
    assert "damaged" in str(info.value) or "malformed" in str(info.value)
    assert "\n" not in str(info.value)


def test_closed_store_raises_store_error(tmp_path):
    store = Store(tmp_path / "chats.sqlite3")
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        store.list_conversations()


# -- conversations ---------------------------------------------------------------


def test_create_get_and_list_conversations(store):
    first = store.create_conversation()
    assert first.title == "New chat"
    assert first.system_prompt == "" and first.model is None and first.settings == {}
    assert first.leaf_id is None
    assert first.created_at == first.updated_at
    second = store.create_conversation(
        "Essay", system_prompt="Be brief.", model="smollm2", settings={"temperature": 0.2}
    )
    assert store.get_conversation(second.id) == second
    assert second.settings == {"temperature": 0.2}
    assert [c.id for c in store.list_conversations()] == [second.id, first.id]
    store.add_message(first.id, "user", "hello")  # activity moves it to the top
    assert [c.id for c in store.list_conversations()] == [first.id, second.id]


def test_get_missing_conversation_raises(store):
    with pytest.raises(StoreError, match="no conversation 42"):
        store.get_conversation(42)


def test_rename_and_update_bump_updated_at(store):
    conversation = store.create_conversation()
    time.sleep(0.01)
    store.rename_conversation(conversation.id, "Renamed")
    renamed = store.get_conversation(conversation.id)
    assert renamed.title == "Renamed"
    assert renamed.updated_at > conversation.updated_at
    time.sleep(0.01)
    store.update_conversation(conversation.id, system_prompt="Sys", model="m1")
    updated = store.get_conversation(conversation.id)
    assert (updated.system_prompt, updated.model, updated.settings) == ("Sys", "m1", {})
    assert updated.updated_at > renamed.updated_at
    store.update_conversation(conversation.id, settings={"top_k": 5})
    store.update_conversation(conversation.id)  # nothing given: nothing changes but the time
    updated = store.get_conversation(conversation.id)
    assert (updated.system_prompt, updated.model, updated.settings) == ("Sys", "m1", {"top_k": 5})
    store.update_conversation(conversation.id, model="")
    assert store.get_conversation(conversation.id).model is None


def test_a_failed_write_rolls_back_and_the_store_goes_on(store):
    conversation = store.create_conversation("before")
    with pytest.raises(StoreError, match="NOT NULL"):
        store.rename_conversation(conversation.id, None)  # the database refuses it
    assert not store._conn.in_transaction
    store.rename_conversation(conversation.id, "after")
    assert store.get_conversation(conversation.id).title == "after"


def test_settings_must_be_json(store):
    with pytest.raises(StoreError, match="settings"):
        store.create_conversation(settings={"bad": object()})
    with pytest.raises(StoreError, match="settings"):
        store.create_conversation(settings=["not", "a", "dict"])


def test_soft_delete_restore_and_purge(store):
    keep = store.create_conversation("keep")
    gone = store.create_conversation("gone")
    store.add_message(gone.id, "user", "zebra crossing")
    store.add_message(gone.id, "assistant", "zebras are striped")
    store.delete_conversation(gone.id)
    assert [c.id for c in store.list_conversations()] == [keep.id]
    with pytest.raises(StoreError):
        store.get_conversation(gone.id)
    assert store.search("zebra") == []

    store.restore_conversation(gone.id)
    assert {c.id for c in store.list_conversations()} == {keep.id, gone.id}
    assert len(store.search("zebra")) == 2

    store.delete_conversation(gone.id)
    assert store.purge_deleted(older_than_seconds=3600) == 0  # deleted just now: kept
    assert store.purge_deleted() == 1
    assert store.purge_deleted() == 0
    with pytest.raises(StoreError):
        store.restore_conversation(gone.id)
    conn = store._conn
    assert conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
    # The FTS index lost the purged rows too.
    conn.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")
    assert (
        conn.execute(
            "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'zebra'"
        ).fetchone()[0]
        == 0
    )
    assert [c.id for c in store.list_conversations()] == [keep.id]


def test_purge_removes_a_deep_branching_tree(store):
    conversation = store.create_conversation()
    for i in range(1200):  # deeper than SQLite's trigger recursion limit
        message = store.add_message(conversation.id, "user", f"turn {i}")
        if i % 100 == 0:
            store.add_message(conversation.id, "assistant", "side", parent_id=message.parent_id)
            store.set_leaf(conversation.id, message.id)
    assert len(store.thread(conversation.id)) == 1200
    store.delete_conversation(conversation.id)
    assert store.purge_deleted() == 1
    assert store._conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


# -- messages and trees ----------------------------------------------------------


def test_add_message_appends_under_the_leaf(store):
    conversation = store.create_conversation()
    user = store.add_message(conversation.id, "user", "Hi")
    assert user.parent_id is None
    reply = store.add_message(
        conversation.id, "assistant", "Hello!", meta={"model": "m", "tokens_per_second": 12.5}
    )
    assert reply.parent_id == user.id
    assert reply.meta == {"model": "m", "tokens_per_second": 12.5}
    assert reply.status == "complete"
    assert store.get_conversation(conversation.id).leaf_id == reply.id
    assert store.get_message(reply.id) == reply
    assert texts(store.thread(conversation.id)) == [("user", "Hi"), ("assistant", "Hello!")]


def test_add_message_checks_its_arguments(store):
    conversation = store.create_conversation()
    other = store.create_conversation()
    foreign = store.add_message(other.id, "user", "elsewhere")
    with pytest.raises(StoreError, match="role"):
        store.add_message(conversation.id, "robot", "x")
    with pytest.raises(StoreError, match="status"):
        store.add_message(conversation.id, "user", "x", status="done")
    with pytest.raises(StoreError, match="not in conversation"):
        store.add_message(conversation.id, "user", "x", parent_id=foreign.id)
    with pytest.raises(StoreError, match="no message"):
        store.add_message(conversation.id, "user", "x", parent_id=9999)
    with pytest.raises(StoreError, match="no conversation"):
        store.add_message(9999, "user", "x")
    store.delete_conversation(conversation.id)
    with pytest.raises(StoreError, match="no conversation"):
        store.add_message(conversation.id, "user", "x")
    with pytest.raises(StoreError, match="no message"):
        store.get_message(9999)


def test_update_message_streams_text_status_and_merged_meta(store):
    conversation = store.create_conversation()
    store.add_message(conversation.id, "user", "Tell me a story")
    reply = store.add_message(
        conversation.id, "assistant", "", status="streaming", meta={"model": "m"}
    )
    before = store.get_conversation(conversation.id).updated_at
    time.sleep(0.01)
    store.update_message(reply.id, "Once")
    store.update_message(reply.id, "Once upon")
    assert store.get_message(reply.id).status == "streaming"
    store.update_message(
        reply.id, "Once upon a time.", status="complete", meta={"finish_reason": "stop"}
    )
    saved = store.get_message(reply.id)
    assert saved.content == "Once upon a time."
    assert saved.status == "complete"
    assert saved.meta == {"model": "m", "finish_reason": "stop"}
    assert store.get_conversation(conversation.id).updated_at > before
    with pytest.raises(StoreError, match="status"):
        store.update_message(reply.id, "x", status="bogus")
    with pytest.raises(StoreError):
        store.update_message(9999, "x")


def test_regenerate_adds_an_assistant_sibling(store):
    conversation = store.create_conversation()
    question = store.add_message(conversation.id, "user", "Q")
    first = store.add_message(conversation.id, "assistant", "A1")
    second = store.add_message(conversation.id, "assistant", "A2", parent_id=question.id)
    assert second.parent_id == question.id
    assert texts(store.thread(conversation.id)) == [("user", "Q"), ("assistant", "A2")]
    assert [m.id for m in store.siblings(first.id)] == [first.id, second.id]
    assert [m.id for m in store.siblings(second.id)] == [first.id, second.id]
    store.set_leaf(conversation.id, first.id)
    assert texts(store.thread(conversation.id)) == [("user", "Q"), ("assistant", "A1")]


def test_editing_a_first_user_message_adds_a_root_sibling(store):
    conversation = store.create_conversation()
    original = store.add_message(conversation.id, "user", "Waht is 2+2?")
    store.add_message(conversation.id, "assistant", "Did you mean what?")
    edited = store.add_message(conversation.id, "user", "What is 2+2?", parent_id=None)
    store.add_message(conversation.id, "assistant", "4")
    assert texts(store.thread(conversation.id)) == [("user", "What is 2+2?"), ("assistant", "4")]
    assert [m.id for m in store.siblings(original.id)] == [original.id, edited.id]


def test_editing_a_middle_user_message_adds_a_sibling(store):
    conversation = store.create_conversation()
    store.add_message(conversation.id, "user", "u1")
    a1 = store.add_message(conversation.id, "assistant", "a1")
    u2 = store.add_message(conversation.id, "user", "u2")
    store.add_message(conversation.id, "assistant", "a2")
    u2b = store.add_message(conversation.id, "user", "u2 edited", parent_id=u2.parent_id)
    assert u2b.parent_id == a1.id
    assert texts(store.thread(conversation.id)) == [
        ("user", "u1"),
        ("assistant", "a1"),
        ("user", "u2 edited"),
    ]
    assert [m.content for m in store.siblings(u2.id)] == ["u2", "u2 edited"]


def test_set_leaf_follows_the_newest_child_down(store):
    conversation = store.create_conversation()
    root = store.add_message(conversation.id, "user", "root")
    old_reply = store.add_message(conversation.id, "assistant", "old")
    store.add_message(conversation.id, "user", "old follow-up")
    new_reply = store.add_message(conversation.id, "assistant", "new", parent_id=root.id)
    follow = store.add_message(conversation.id, "user", "follow 1")
    store.add_message(conversation.id, "user", "follow 2", parent_id=new_reply.id)
    deepest = store.add_message(conversation.id, "assistant", "answer 2")
    store.set_leaf(conversation.id, follow.id)  # a leaf itself: stays there
    assert store.get_conversation(conversation.id).leaf_id == follow.id

    store.set_leaf(conversation.id, root.id)  # newest child is "new", newest below is "follow 2"
    assert store.get_conversation(conversation.id).leaf_id == deepest.id
    assert [m.content for m in store.thread(conversation.id)] == [
        "root",
        "new",
        "follow 2",
        "answer 2",
    ]
    store.set_leaf(conversation.id, old_reply.id)
    assert [m.content for m in store.thread(conversation.id)] == ["root", "old", "old follow-up"]


def test_set_leaf_does_not_bump_updated_at(store):
    conversation = store.create_conversation()
    first = store.add_message(conversation.id, "user", "a")
    store.add_message(conversation.id, "user", "b")
    before = store.get_conversation(conversation.id).updated_at
    store.set_leaf(conversation.id, first.id)
    assert store.get_conversation(conversation.id).updated_at == before


def test_set_leaf_rejects_a_message_of_another_conversation(store):
    mine = store.create_conversation()
    other = store.create_conversation()
    foreign = store.add_message(other.id, "user", "x")
    with pytest.raises(StoreError, match="not in conversation"):
        store.set_leaf(mine.id, foreign.id)


def test_empty_conversation_has_an_empty_thread(store):
    conversation = store.create_conversation()
    assert store.thread(conversation.id) == []


# -- crash recovery ----------------------------------------------------------------


def test_streaming_messages_become_interrupted_on_reopen(tmp_path):
    path = tmp_path / "chats.sqlite3"
    with Store(path) as store:
        conversation = store.create_conversation()
        store.add_message(conversation.id, "user", "Q")
        reply = store.add_message(conversation.id, "assistant", "partial", status="streaming")
        done = store.add_message(conversation.id, "assistant", "done", parent_id=reply.parent_id)
    with Store(path) as store:
        assert store.get_message(reply.id).status == "interrupted"
        assert store.get_message(reply.id).content == "partial"
        assert store.get_message(done.id).status == "complete"


CHILD_WRITER = """
import sys
from app.core.store import Store
store = Store(sys.argv[1])
conversation = store.create_conversation("crash test")
store.add_message(conversation.id, "user", "go")
reply = store.add_message(conversation.id, "assistant", "", status="streaming")
print(reply.id, flush=True)
i = 0
while True:
    i += 1
    store.update_message(reply.id, " ".join(f"w{n}" for n in range(i)))
    print(i, flush=True)
"""


def growing_text(i):
    return " ".join(f"w{n}" for n in range(i))


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_killed_writer_leaves_a_sound_database(tmp_path):
    path = tmp_path / "chats.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
        env=env,
    )
    try:
        message_id = int(child.stdout.readline())
        for _ in range(40):
            assert child.stdout.readline(), "the writer stopped early"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    printed = [int(line) for line in child.stdout.read().split()]
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    last_printed = printed[-1] if printed else 40

    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store(path) as store:
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        message = store.get_message(message_id)
        assert message.status == "interrupted"
        # Each print follows its commit: the file holds that text or the one after it.
        assert message.content in (growing_text(last_printed), growing_text(last_printed + 1))
        assert store.search(f"w{last_printed - 1}")[0].message_id == message_id


# -- threads -----------------------------------------------------------------------


def test_a_writer_thread_and_a_reader_thread_share_the_store(store):
    conversation = store.create_conversation()
    store.add_message(conversation.id, "user", "Q")
    reply = store.add_message(conversation.id, "assistant", "", status="streaming")
    errors = []

    def write():
        try:
            for i in range(200):
                store.update_message(reply.id, "x" * i)
            store.update_message(reply.id, "done", status="complete")
        except Exception as exc:  # surfaced below
            errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    while writer.is_alive():
        thread = store.thread(conversation.id)
        assert thread[-1].id == reply.id
        store.list_conversations()
        store.search("done")
    writer.join()
    assert errors == []
    assert store.get_message(reply.id).status == "complete"


# -- search ------------------------------------------------------------------------


def test_search_finds_words_and_prefixes_newest_first(store):
    physics = store.create_conversation("Physics")
    store.add_message(physics.id, "user", "Explain photosynthesis and gravity")
    cooking = store.create_conversation("Cooking")
    store.add_message(cooking.id, "user", "A recipe for photos of bread")
    latest = store.add_message(cooking.id, "assistant", "Photosynthesis is not for bread.")

    hits = store.search("photo")
    assert [h.message_id for h in hits][0] == latest.id
    assert len(hits) == 3
    assert hits[0].title == "Cooking" and hits[0].role == "assistant"
    assert hits[0].conversation_id == cooking.id
    assert f"{SNIPPET_START}Photosynthesis{SNIPPET_END}" in hits[0].snippet

    both = store.search("photosynthesis grav")  # all words, the last as a prefix
    assert [(h.conversation_id, h.title) for h in both] == [(physics.id, "Physics")]
    assert store.search("gravity bread") == []
    assert store.search("photo", limit=1)[0].message_id == latest.id
    assert store.search("") == [] and store.search("   ") == []


def test_search_ignores_diacritics_and_case(store):
    conversation = store.create_conversation()
    store.add_message(conversation.id, "user", "Le Café est fermé")
    assert len(store.search("cafe FERME")) == 1


def test_search_follows_edits(store):
    conversation = store.create_conversation()
    message = store.add_message(conversation.id, "assistant", "draft words")
    store.update_message(message.id, "final text")
    assert store.search("draft") == []
    assert len(store.search("final")) == 1


HOSTILE_QUERIES = [
    '"',
    '""',
    "AND(",
    "*",
    "-x",
    "a OR",
    "NOT",
    "NEAR(a b, 2)",
    '"unbalanced',
    "content:secret",
    "^start",
    "a + b",
    "x*y*",
    "(((",
    "' OR 1=1 --",
    "\x00",
    "\ud800lone surrogate",
    "{content}: a",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_raise(store, query):
    conversation = store.create_conversation()
    store.add_message(conversation.id, "user", "secret content: a OR b AND x NOT y")
    assert isinstance(store.search(query), list)


def test_quoted_operators_are_searched_as_words(store):
    conversation = store.create_conversation()
    store.add_message(conversation.id, "user", "rock AND roll")
    store.add_message(conversation.id, "user", "rock music")
    assert len(store.search("rock AND")) == 1  # AND is a word here, not an operator
    assert fts_query('say "hi" now') == '"say" """hi""" "now"*'


def test_search_never_raises_for_any_text(tmp_path):
    with Store(tmp_path / "chats.sqlite3") as store:
        conversation = store.create_conversation()
        store.add_message(conversation.id, "user", 'The "quick" brown fox (AND) jumps* -over')

        @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.text())
        def check(query):
            assert isinstance(store.search(query), list)

        check()


def test_every_query_built_is_valid_fts5_syntax():
    """Checks the quoting itself, without search()'s last-resort catch."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(content, tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO t VALUES ('some words here')")

    def run(text):
        query = fts_query(text)
        if query:
            conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()

    for text in HOSTILE_QUERIES:
        run(text)

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def check(text):
        run(text)

    check()
    conn.close()
