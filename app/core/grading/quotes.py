"""Checking that a quote really occurs in the submission, and where.

Why this exists: a grade is only trustworthy if every claim points at the
student's own words. The model's quotes are checked by code, ignoring whitespace,
case, Unicode compatibility forms, typographic quotes and invisible characters;
surrounding quotation marks and end punctuation are ignored, and "..." inside a
quote may stand for omitted text (the parts must appear in order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.grading.textnorm import Normalized, normalize

_ELLIPSIS = re.compile(r"\.{3,}|…|\[\.\.\.\]")
_EDGE = " \t\r\n\"'“”‘’«»„.,;:!?()[]-*_"


@dataclass
class QuoteCheck:
    quote: str
    span: tuple[int, int] | None  # where it is in the original submission
    problem: str = ""  # empty when the quote was found

    @property
    def found(self) -> bool:
        return self.span is not None

    def to_dict(self) -> dict:
        return {"text": self.quote, "span": list(self.span) if self.span else None}


class QuoteMatcher:
    """Normalises a submission once, then finds any number of quotes in it."""

    def __init__(self, text: str):
        self.text = text
        self._norm: Normalized = normalize(text, spaces="drop")

    def find(self, quote: str) -> tuple[int, int] | None:
        parts = [_core(part) for part in _ELLIPSIS.split(quote)]
        parts = [part for part in parts if part]
        if not parts:
            return None
        haystack = self._norm.text
        pos, first, last = 0, None, None
        for part in parts:
            needle = normalize(part, spaces="drop").text
            if not needle:
                continue
            at = haystack.find(needle, pos)
            if at < 0:
                return None
            first = at if first is None else first
            last = at + len(needle)
            pos = last
        if first is None:
            return None
        return self._norm.original_span(first, last)

    def check(self, quote: str) -> QuoteCheck:
        if not any(ch.isalnum() for ch in quote):
            return QuoteCheck(quote, None, "the quote has no words")
        span = self.find(quote)
        if span is None:
            return QuoteCheck(quote, None, f"not found in the submission: {_short(quote)}")
        return QuoteCheck(quote, span)


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` occurs in `text` (original character offsets), or None."""
    return QuoteMatcher(text).find(quote)


def _core(part: str) -> str:
    return part.strip(_EDGE)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1]}…”"
