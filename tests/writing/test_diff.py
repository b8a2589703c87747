"""Word-level diff and the accept/reject merge: exact, consistent, fast."""

from __future__ import annotations

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.writing.changeset import ChangeSet
from app.core.writing.diff import compute_changes, tokenize

WORDS = ["the", "cat", "sat", "on", "a", "mat", "dog", "ran", "it's", "café", "x"]
PIECES = st.sampled_from(WORDS + [" ", "  ", ",", ".", "!", "\n", "\n\n", "\t", "—", "'"])
TEXT = st.lists(PIECES, max_size=60).map("".join)


def apply_edits(text: str, edits) -> str:
    for edit in edits:
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def test_tokens_join_back_to_the_text():
    text = "  Hello, world!\n\nIt's  a café — naïve\ttext.\n"
    assert "".join(tokenize(text)) == text


def test_a_spelling_fix_is_one_word_replaced():
    changes = compute_changes("I has a sentense here.", "I have a sentence here.")
    assert [(c.kind, c.old, c.new) for c in changes] == [
        ("replace", "has", "have"),
        ("replace", "sentense", "sentence"),
    ]
    assert changes[0].start == 2 and changes[0].end == 5


def test_insert_and_delete_have_exact_positions():
    original, revised = "one two three", "one two, three four"
    changes = compute_changes(original, revised)
    assert [(c.kind, c.old, c.new) for c in changes] == [
        ("insert", "", ","),
        ("insert", "", " four"),
    ]
    for c in changes:
        assert original[c.start : c.end] == c.old
        assert revised[c.new_start : c.new_end] == c.new
    deleted = compute_changes("a very big dog", "a big dog")
    assert [(c.kind, c.old) for c in deleted] == [("delete", "very ")]


def test_whitespace_only_change_is_not_a_word_change():
    changes = compute_changes("end.\n\nNext", "end. Next")
    assert [(c.old, c.new) for c in changes] == [("\n\n", " ")]


def test_identical_texts_have_no_changes():
    assert compute_changes("same text", "same text") == []
    assert len(ChangeSet("", "")) == 0


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_accepting_all_gives_the_model_text_rejecting_all_the_original(original, revised):
    changes = ChangeSet(original, revised)
    assert changes.merged(pending_accepted=True) == revised
    assert changes.merged() == original
    for c in changes.changes:
        assert original[c.start : c.end] == c.old
        assert revised[c.new_start : c.new_end] == c.new
        assert c.old != c.new
    accepted = ChangeSet(original, revised)
    accepted.accept_all()
    assert accepted.merged() == revised
    accepted.reject_all()
    assert accepted.merged() == original


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, st.randoms(use_true_random=False))
def test_any_subset_in_any_order_is_consistent(original, revised, rnd):
    changes = ChangeSet(original, revised)
    document = original
    chosen = set()
    order = list(range(len(changes)))
    rnd.shuffle(order)
    for index in order:
        if rnd.random() < 0.5:
            edit = changes.accept(index)
            chosen.add(index)
            document = apply_edits(document, [edit])
        elif rnd.random() < 0.5:
            assert changes.reject(index) is None  # nothing shown yet: nothing to undo
        assert document == changes.merged()
    # Each accepted change sits where merged_span says, and toggling it back works.
    for index in sorted(chosen):
        start, end = changes.merged_span(index)
        assert document[start:end] == changes.changes[index].new
    for index in list(chosen)[: len(chosen) // 2]:
        document = apply_edits(document, [changes.reject(index)])
        assert document == changes.merged()
    document = apply_edits(document, changes.accept_all())
    assert document == revised
    document = apply_edits(document, changes.reject_all())
    assert document == original


@settings(max_examples=100, deadline=None)
@given(TEXT, TEXT)
def test_inline_segments_show_both_texts(original, revised):
    changes = ChangeSet(original, revised)
    segments = changes.segments()
    assert "".join(t for kind, t in segments if kind != "insert") == original
    assert "".join(t for kind, t in segments if kind != "delete") == revised


def five_thousand_words(seed: int = 1) -> str:
    rnd = random.Random(seed)
    vocabulary = "the a of and to in is was it for on with as his that he at by this".split()
    vocabulary += [f"word{i}" for i in range(1500)]
    paragraphs = []
    while sum(len(p.split()) for p in paragraphs) < 5000:
        sentences = [
            " ".join(rnd.choice(vocabulary) for _ in range(rnd.randint(8, 20))).capitalize() + "."
            for _ in range(rnd.randint(3, 6))
        ]
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def proofread_like(text: str, edits: int, seed: int = 2) -> str:
    rnd = random.Random(seed)
    words = text.split(" ")
    for i in rnd.sample(range(len(words)), edits):
        words[i] = words[i] + "s" if rnd.random() < 0.5 else words[i][:-1]
    return " ".join(words)


def test_diff_of_five_thousand_words_is_fast():
    original = five_thousand_words()
    revised = proofread_like(original, 150)
    best = min(_timed(compute_changes, original, revised) for _ in range(5))
    # The target is 50 ms (the benchmark reports the figure); leave room for a busy CI.
    assert best < 0.15, f"diff took {best * 1000:.0f} ms"
    rewritten = five_thousand_words(seed=9)
    assert min(_timed(compute_changes, original, rewritten) for _ in range(3)) < 0.3


def _timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start
