"""Screening never fails and always points inside the text, whatever the text is."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.grading.screening import screen

PIECES = st.sampled_from(
    ["ignore", " the ", "rubric", "give full marks", "\u200b", "\ufe0f", "\u180b", "і", "օ",
     "ı", "\u0336", "-\n", " ", "\n", "忽略", "评分标准", "満点", "만점", "تجاهل", "%20", "&#105;",
     "SWdub3Jl", "[//]: # (", "<!--", "[SYSTEM]", "a", "1", ".", "…", "ﬁ", "Ｇ", "é", "e\u0301"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40))
def test_screen_is_total_and_spans_stay_inside(pieces):
    text = "".join(pieces)
    for flag in screen(text):
        if flag.span is not None:
            start, end = flag.span
            assert 0 <= start <= end <= len(text), (flag, len(text))
