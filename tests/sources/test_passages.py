"""Passages keep their lines, never exceed the cap, and cut walls of text at sentences."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.sources.passages import MAX_CHARS, split_text


def test_paragraphs_are_grouped_with_their_line_ranges():
    text = "First line.\nSecond line.\n\n\nThird paragraph."
    [passage] = split_text(text, page=4)
    assert (passage.page, passage.line_start, passage.line_end) == (4, 1, 5)
    assert passage.text == "First line.\nSecond line.\n\nThird paragraph."


def test_a_wall_of_chinese_is_cut_at_sentence_ends():
    text = "长城是中国古代的军事防御工程。" * 200
    passages = split_text(text)
    assert len(passages) > 1 and all(len(p.text) <= MAX_CHARS for p in passages)
    assert all(p.text.endswith("。") for p in passages)


@given(st.lists(st.text(alphabet="ab .\n", max_size=400), max_size=12))
def test_no_text_is_lost_and_lines_are_real(parts):
    text = "\n".join(parts)
    lines = text.split("\n")
    kept = "".join("".join(p.text.split()) for p in split_text(text))
    assert kept == "".join(text.split())
    for p in split_text(text):
        assert 1 <= p.line_start <= p.line_end <= len(lines)
        first_words = p.text.split()[0]
        assert first_words in " ".join(lines[p.line_start - 1 : p.line_end])
