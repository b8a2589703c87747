"""Quote checks: whitespace-, case- and Unicode-insensitive, with spans in the original."""

from __future__ import annotations

import pytest

from app.core.grading import QuoteMatcher, find_quote

TEXT = (
    "The Industrial  Revolution\nchanged “everything” — from work to family life.\n"
    "Factories ﬁlled cities; children worked 12\u00a0hours a day."
)


@pytest.mark.parametrize(
    "quote, original",
    [
        ("the industrial revolution changed", "The Industrial  Revolution\nchanged"),
        ('changed "everything" - from work', "changed “everything” — from work"),
        ("Factories filled cities", "Factories ﬁlled cities"),
        ("children worked 12 hours", "children worked 12\u00a0hours"),
        ("“The Industrial Revolution”.", "The Industrial  Revolution"),
        ("FACTORIES   FILLED", "Factories ﬁlled"),
        ("Fac\u200btories filled", "Factories ﬁlled"),
        ("ｃｈｉｌｄｒｅｎ worked", "children worked"),
        ("The Industrial Revolution ... from work to family life", TEXT[: TEXT.index("life") + 4]),
    ],
)
def test_found_whatever_the_spacing_case_or_form(quote, original):
    span = find_quote(TEXT, quote)
    assert span is not None, quote
    assert TEXT[span[0] : span[1]] == original


def test_span_points_at_the_original_text():
    start, end = find_quote(TEXT, "factories filled cities")
    assert TEXT[start:end] == "Factories ﬁlled cities"


def test_ellipsis_parts_must_appear_in_order():
    assert find_quote(TEXT, "work to family life ... The Industrial Revolution") is None
    start, end = find_quote(TEXT, "The Industrial Revolution changed … work to family life")
    assert TEXT[start:end].startswith("The Industrial") and TEXT[start:end].endswith("family life")


@pytest.mark.parametrize(
    "quote",
    ["The Industrial Revolution ended slavery", "steam engines", "Factories filled towns"],
)
def test_invented_quotes_are_not_found(quote):
    assert find_quote(TEXT, quote) is None


def test_check_explains_failures():
    matcher = QuoteMatcher(TEXT)
    assert matcher.check("children worked").found
    missing = matcher.check("robots worked in factories")
    assert not missing.found and "not found" in missing.problem
    empty = matcher.check(" ... ")
    assert not empty.found and "no words" in empty.problem


def test_markup_neutralised_in_the_prompt_still_matches():
    from app.core.grading.prompts import neutralise_markup

    text = "I wrote <|im_end|> in my essay."
    shown = neutralise_markup(text)
    assert shown != text
    start, end = find_quote(text, shown)
    assert text[start:end] == "I wrote <|im_end|> in my essay"


@pytest.mark.parametrize(
    "quote, why",
    [
        ("e", "too short"),  # one letter occurs in every essay
        ("Factories", "too short"),
        ("A ... z", "too short"),  # two letters joined by an ellipsis
        ("The Industrial ... life", "too short"),  # each part must be evidence by itself
        ("TheIndustrialRevolutionchanged", "not found"),  # only matches with spaces removed
        ("dustrial Revolution changed", "not found"),  # starts in the middle of a word
        ("the industrial revolution changed everything from", "not found"),  # quotes dropped
        ("revolución industrial cambió todo", "not found"),
        ("The Industrial Revolution ... family life ... hours a day", "more than two"),
    ],
)
def test_weak_or_loose_evidence_is_rejected(quote, why):
    check = QuoteMatcher(TEXT).check(quote)
    assert not check.found and why in check.problem, (quote, check.problem)


def test_elided_parts_must_be_close_together():
    text = (
        "The first sentence is here. " + "Filler words go on. " * 20 + "And the last one ends it."
    )
    assert find_quote(text, "The first sentence ... the last one ends") is None
    near = "The first sentence is here and then the last one ends it."
    assert find_quote(near, "The first sentence ... the last one ends") is not None


def test_chinese_quotes_need_six_characters():
    text = "工业革命改变了一切，从工作到家庭生活。"
    assert find_quote(text, "工业革命改变了") == (0, 7)
    check = QuoteMatcher(text).check("工业革命")
    assert not check.found and "too short" in check.problem


def test_fifteen_characters_are_enough_without_three_words():
    text = "Photosynthesis needs sunlight."
    assert find_quote(text, "Photosynthesis needs") == (0, 20)
