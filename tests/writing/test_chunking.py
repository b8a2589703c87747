"""Long texts in parts: every part within budget, seams exact, paragraphs kept whole."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.writing.chunking import (
    TokenEstimator,
    fit_chunk,
    head_for_tokens,
    join_parts,
    plan_chunks,
    tail_for_tokens,
)
from app.core.writing.context import document_window


def count(text: str) -> int:
    """A stand-in tokenizer: words and punctuation marks."""
    return len(re.findall(r"\w+|[^\w\s]", text))


def paragraphs(n: int, words: int = 40) -> str:
    return "\n\n".join(" ".join(f"p{i}w{j}" for j in range(words)) + "." for i in range(n))


def test_short_text_is_one_part_without_surrounding_whitespace():
    text = "\n\n  Hello there.  \n"
    chunks = plan_chunks(text, 100, count)
    assert [(c.start, c.end, c.text) for c in chunks] == [(4, 16, "Hello there.")]
    assert join_parts(text, chunks, ["Hi."]) == "\n\n  Hi.  \n"


def test_parts_are_whole_paragraphs_when_they_fit():
    text = paragraphs(10)  # each paragraph: 41 tokens
    chunks = plan_chunks(text, 100, count)
    assert len(chunks) == 5
    for chunk in chunks:
        assert count(chunk.text) <= 100
        assert chunk.text.startswith("p") and chunk.text.endswith(".")
        assert text[chunk.start : chunk.end] == chunk.text
    assert join_parts(text, chunks, [c.text for c in chunks]) == text


def test_a_long_paragraph_is_cut_between_sentences():
    sentences = [f"Sentence {i} has some words in it." for i in range(40)]
    text = " ".join(sentences)
    chunks = plan_chunks(text, 30, count)
    assert len(chunks) > 1
    for chunk in chunks:
        assert count(chunk.text) <= 30
        assert chunk.text.endswith(".")
    assert join_parts(text, chunks, [c.text for c in chunks]) == text


def test_a_word_longer_than_a_part_is_cut_anyway():
    text = "x" * 500
    chunks = plan_chunks(text, 50, lambda s: len(s) // 5 + 1)
    assert "".join(c.text for c in chunks) == text
    assert all(len(c.text) // 5 + 1 <= 50 for c in chunks)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["word", "Hi", ".", "!", " ", "  ", "\n", "\n\n", "\t", "ünï", "x" * 30]),
        max_size=200,
    ).map("".join),
    st.integers(min_value=1, max_value=40),
)
def test_seams_never_lose_or_repeat_text(text, budget):
    chunks = plan_chunks(text, budget, count)
    # every part within budget, in order, not overlapping, never empty
    previous_end = 0
    for chunk in chunks:
        assert chunk.text and chunk.text == chunk.text.strip()
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.start >= previous_end
        assert count(chunk.text) <= budget or len(chunk.text) == 1
        previous_end = chunk.end
    # only whitespace lies between parts
    covered = "".join(c.text for c in chunks)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text)
    # joining the parts' answers: identity, and each answer exactly once
    assert join_parts(text, chunks, [c.text for c in chunks]) == text
    marked = join_parts(text, chunks, [f"<{i}>" for i in range(len(chunks))])
    for i in range(len(chunks)):
        assert marked.count(f"<{i}>") == 1


def test_fit_chunk_cuts_a_part_that_the_real_count_finds_too_long():
    text = paragraphs(6)
    (whole,) = plan_chunks(text, 10_000, count)
    parts = fit_chunk(whole, 90, count)
    assert len(parts) >= 3
    assert all(count(p.text) <= 90 for p in parts)
    assert join_parts(text, parts, [p.text for p in parts]) == text


def test_estimator_errs_on_the_large_side():
    text = paragraphs(200)
    estimator = TokenEstimator(text, count)
    assert estimator.estimate(text) >= count(text)


def test_head_and_tail_fit_the_budget():
    text = paragraphs(20)
    head = head_for_tokens(text, 100, count)
    assert text.startswith(head) and 0 < count(head) <= 100
    tail = tail_for_tokens(text, 100, count)
    assert text.endswith(tail) and 0 < count(tail) <= 100
    assert tail_for_tokens("short text", 100, count) == "short text"


def test_document_window_keeps_the_selection_and_fits():
    document = paragraphs(50)
    start = document.index("p25w0")
    end = document.index("p25w39") + 5
    window, shortened = document_window(document, start, end, 200, count)
    assert shortened and count(window) <= 200
    assert "p25w0" in window and "p25w39" in window
    assert window.startswith("…") and window.endswith("…")
    assert document_window("tiny", 0, 4, 200, count) == ("tiny", False)


def test_ten_megabytes_plan_quickly():
    text = paragraphs(25_000, words=60)  # ~10 MB
    assert len(text) > 10_000_000
    started = time.perf_counter()
    estimator = TokenEstimator(text, count)
    chunks = plan_chunks(text, 512, estimator.estimate)
    elapsed = time.perf_counter() - started
    assert len(chunks) > 1000
    assert elapsed < 10, f"planning took {elapsed:.1f}s"
    assert chunks[-1].end == len(text)


def test_a_smaller_first_part_then_full_parts():
    text = paragraphs(10)  # 41 tokens a paragraph
    chunks = plan_chunks(text, 200, count, first_budget=50)
    assert count(chunks[0].text) <= 50
    assert all(count(c.text) <= 200 for c in chunks[1:])
    assert [c.index for c in chunks] == list(range(len(chunks)))
    assert join_parts(text, chunks, [c.text for c in chunks]) == text
    assert len(plan_chunks("short.", 200, count, first_budget=50)) == 1
