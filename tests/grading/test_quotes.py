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
        ("The Industrial Revolution ... family life", TEXT[: TEXT.index("life") + 4]),
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
    assert find_quote(TEXT, "family life ... The Industrial Revolution") is None
    start, end = find_quote(TEXT, "changed … family life")
    assert TEXT[start:end].startswith("changed") and TEXT[start:end].endswith("family life")


@pytest.mark.parametrize(
    "quote",
    ["The Industrial Revolution ended slavery", "steam engines", "Factories filled towns"],
)
def test_invented_quotes_are_not_found(quote):
    assert find_quote(TEXT, quote) is None


def test_check_explains_failures():
    matcher = QuoteMatcher(TEXT)
    assert matcher.check("children worked").found
    missing = matcher.check("robots worked")
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
