"""Autosave copies: written atomically, offered back only after a crash, gone after a save."""

from __future__ import annotations

import json
import subprocess
import sys

from app.core.writing.autosave import Autosaver, AutosaveStore, document_id
from app.core.writing.notes import DocumentNotes, NotesStore


def test_copies_of_this_process_are_not_offered_back(tmp_path):
    store = AutosaveStore()
    store.save("doc1", "unsaved words", path=tmp_path / "essay.txt")
    assert store.load("doc1").text == "unsaved words"
    assert store.recoverable() == []


def test_copies_left_by_a_dead_process_are_recoverable(tmp_path):
    store = AutosaveStore()
    target = tmp_path / "essay.txt"
    target.write_text("old text", encoding="utf-8")
    store.save(document_id(target), "newer text", path=target)
    # Pretend the copy was written by a process that has since ended.
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    file = next(store.folder.glob("*.json"))
    record = json.loads(file.read_text(encoding="utf-8"))
    record["pid"] = int(dead.stdout)
    file.write_text(json.dumps(record), encoding="utf-8")
    (found,) = store.recoverable()
    assert found.text == "newer text" and found.path == target.resolve()
    assert found.differs_from_file()
    target.write_text("newer text", encoding="utf-8")
    assert not found.differs_from_file()
    store.discard(found.doc_id)
    assert store.recoverable() == []


def test_a_damaged_copy_is_skipped():
    store = AutosaveStore()
    store.folder.mkdir(parents=True)
    (store.folder / "broken.json").write_text("{not json", encoding="utf-8")
    assert store.recoverable() == []


def test_autosaver_writes_at_most_every_interval_and_stops_after_a_save():
    now = [100.0]
    store = AutosaveStore()
    saver = Autosaver(store, "doc", interval=5, clock=lambda: now[0])
    assert saver.changed("a") is True  # first change: written at once
    now[0] += 1
    assert saver.changed("ab") is False
    assert store.load("doc").text == "a"
    now[0] += 5
    assert saver.changed("abc") is True
    assert store.load("doc").text == "abc"
    saver.changed("abcd")
    assert saver.flush() is True and store.load("doc").text == "abcd"
    saver.saved()
    assert store.load("doc") is None
    assert saver.flush() is False


def test_new_documents_get_distinct_ids(tmp_path):
    assert document_id(None) != document_id(None)
    assert document_id(tmp_path / "a.txt") == document_id(tmp_path / "a.txt")


def test_memory_and_authors_note_are_kept_per_document(tmp_path):
    store = NotesStore()
    story = tmp_path / "story.md"
    assert store.load(story) == DocumentNotes()
    store.save(story, DocumentNotes(memory="Ada is a pilot.", authors_note="Dry humour."))
    assert NotesStore().load(story).memory == "Ada is a pilot."
    assert NotesStore().load(tmp_path / "other.md") == DocumentNotes()
    store.save(story, DocumentNotes())
    assert not list(store.folder.glob("*.json"))
