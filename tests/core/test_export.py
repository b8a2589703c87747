"""Export to Markdown and JSON, and import back as a new conversation."""

from __future__ import annotations

import copy
import json

import pytest

from app.core.store import Store, StoreError


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "chats.sqlite3") as opened:
        yield opened


@pytest.fixture
def branched(store):
    """Q → (A1 | A2 → Q2 → A3), showing A3; A1 interrupted."""
    conversation = store.create_conversation(
        "Maths", system_prompt="Be exact.", model="smollm2", settings={"temperature": 0.1}
    )
    question = store.add_message(conversation.id, "user", "What is 2+2?")
    store.add_message(conversation.id, "assistant", "5", status="interrupted")
    store.add_message(conversation.id, "assistant", "4", parent_id=question.id, meta={"model": "m"})
    store.add_message(conversation.id, "user", "And 3+3?")
    store.add_message(conversation.id, "assistant", "6")
    return conversation


def shape(store, conversation_id):
    return [(m.role, m.content, m.status, m.meta) for m in store.thread(conversation_id)]


def test_markdown_shows_the_current_thread(store, branched):
    text = store.export_markdown(branched.id)
    assert text.startswith("# Maths\n")
    assert "Model: smollm2" in text
    assert "## System prompt\n\nBe exact." in text
    assert text.index("## User\n\nWhat is 2+2?") < text.index("## Assistant\n\n4")
    assert "And 3+3?" in text and "## Assistant\n\n6\n" in text
    assert "5" not in text.split("Be exact.")[1]  # the other branch is not shown


def test_markdown_marks_unfinished_replies(store):
    conversation = store.create_conversation()
    store.add_message(conversation.id, "user", "Q")
    store.add_message(conversation.id, "assistant", "half", status="stopped")
    assert "## Assistant (stopped)\n\nhalf" in store.export_markdown(conversation.id)


def test_json_round_trip_keeps_tree_thread_and_fields(store, branched):
    data = store.export_json(branched.id)
    assert data["format"] == "quillmate.conversation" and data["version"] == 1
    assert len(data["messages"]) == 5
    json.dumps(data)  # plain JSON

    copy_ = store.import_json(json.loads(json.dumps(data)))
    assert copy_.id != branched.id
    assert (copy_.title, copy_.system_prompt, copy_.model, copy_.settings) == (
        "Maths",
        "Be exact.",
        "smollm2",
        {"temperature": 0.1},
    )
    assert shape(store, copy_.id) == shape(store, branched.id)
    new_ids = {m.id for m in store.thread(copy_.id)}
    assert not new_ids & {m.id for m in store.thread(branched.id)}

    # The other branch came along too, with its status.
    first_answer = store.thread(copy_.id)[1]
    assert [(m.content, m.status) for m in store.siblings(first_answer.id)] == [
        ("5", "interrupted"),
        ("4", "complete"),
    ]
    # Exporting the copy gives the same document, up to ids and times.
    again = store.export_json(copy_.id)
    strip = lambda d: [(m["role"], m["content"], m["status"]) for m in d["messages"]]  # noqa: E731
    assert strip(again) == strip(data)


def test_import_accepts_json_text_and_messages_in_any_order(store, branched):
    data = store.export_json(branched.id)
    data["messages"].reverse()
    imported = store.import_json(json.dumps(data))
    assert shape(store, imported.id) == shape(store, branched.id)


def test_import_without_leaf_shows_the_newest_branch(store, branched):
    data = store.export_json(branched.id)
    del data["leaf_id"]
    imported = store.import_json(data)
    assert [m.content for m in store.thread(imported.id)] == ["What is 2+2?", "4", "And 3+3?", "6"]


def test_import_turns_streaming_into_interrupted(store):
    conversation = store.create_conversation()
    store.add_message(conversation.id, "assistant", "partial", status="streaming")
    imported = store.import_json(store.export_json(conversation.id))
    assert store.thread(imported.id)[0].status == "interrupted"


def test_import_of_an_empty_conversation(store):
    conversation = store.create_conversation("empty")
    imported = store.import_json(store.export_json(conversation.id))
    assert imported.title == "empty" and imported.leaf_id is None
    assert store.thread(imported.id) == []


def good_document():
    return {
        "format": "quillmate.conversation",
        "version": 1,
        "title": "t",
        "leaf_id": 2,
        "messages": [
            {"id": 1, "parent_id": None, "role": "user", "content": "hi"},
            {"id": 2, "parent_id": 1, "role": "assistant", "content": "hello"},
        ],
    }


def broken(**changes):
    document = copy.deepcopy(good_document())
    for key, value in changes.items():
        if key.startswith("m1_"):
            document["messages"][1][key[3:]] = value
        else:
            document[key] = value
    return document


def test_a_minimal_document_imports(store):
    imported = store.import_json(good_document())
    assert [m.content for m in store.thread(imported.id)] == ["hi", "hello"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        ([1, 2], "JSON object"),
        ({"messages": []}, "not a Quillmate conversation"),
        (broken(format="something.else"), "not a Quillmate conversation"),
        (broken(version=2), "newer Quillmate"),
        (broken(version="1"), "version"),
        (broken(title=None), '"title" must be a string'),
        (broken(settings=[1]), '"settings" must be an object'),
        (broken(messages={}), '"messages" must be a list'),
        (broken(messages=["x"]), "messages[0] must be an object"),
        (broken(leaf_id=7), '"leaf_id" 7'),
        (broken(m1_role="robot"), "messages[1] has role 'robot'"),
        (broken(m1_status="bogus"), "status"),
        (broken(m1_content=None), "messages[1].content"),
        (broken(m1_content=3), "messages[1].content"),
        (broken(m1_id="2"), 'messages[1] needs an integer "id"'),
        (broken(m1_id=True), 'messages[1] needs an integer "id"'),
        (broken(m1_id=1), "appears twice"),
        (broken(m1_parent_id=9), "missing"),
        (broken(m1_created_at="yesterday"), "timestamp"),
        (broken(m1_created_at=float("nan")), "timestamp"),
        (broken(m1_meta=[]), "meta"),
    ],
)
def test_bad_input_raises_one_clear_line(store, data, words):
    with pytest.raises(StoreError) as info:
        store.import_json(data)
    message = str(info.value)
    assert words in message
    assert "\n" not in message
    assert store.list_conversations() == []  # nothing half-imported


def test_a_parent_cycle_is_refused(store):
    data = good_document()
    data["messages"][0]["parent_id"] = 2
    with pytest.raises(StoreError, match="cycle"):
        store.import_json(data)
