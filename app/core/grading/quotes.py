"""Checking that a quote really occurs in the submission, and where.

Why this exists: a grade is only trustworthy if every claim points at the
student's own words, and a quote is only evidence if it could not match almost
any text. So a quote counts only when it is a contiguous span of the submission,
starting and ending on word boundaries, compared with whitespace collapsed and
case folded and nothing else: not with the spaces removed (which made "e" or
"A ... z" match nearly every essay), not with accents or look-alike letters
folded. Characters that are the same character in another encoding still
compare equal (NFKC compatibility forms such as "ﬁ" or full-width letters,
typographic quotes and dashes, invisible format characters), because the model
writes them back in their plain form.

A quote must be long enough to mean something: at least MIN_WORDS words or
MIN_CHARS characters (MIN_CJK_CHARS in Chinese, Japanese or Korean, which have
no spaces). One ellipsis may join two such spans if they are close together in
the text (MAX_GAP characters); surrounding quotation marks and end punctuation
are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.grading.textnorm import Normalized, normalize

MIN_WORDS = 3
MIN_CHARS = 15
MIN_CJK_CHARS = 6
MAX_GAP = 200  # characters between the two parts of an elided quote

_ELLIPSIS = re.compile(r"\.{3,}|…|\[\.\.\.\]|\[…\]")
_EDGE = " \t\r\n\"'“”‘’«»„.,;:!?()[]-*_"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")


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


def too_short(part: str) -> bool:
    """Fewer than MIN_WORDS words and MIN_CHARS characters (MIN_CJK_CHARS for CJK)."""
    cjk = len(_CJK.findall(part))
    if cjk and cjk * 2 >= len(part.replace(" ", "")):
        return cjk < MIN_CJK_CHARS
    return len(part.split()) < MIN_WORDS and len(part) < MIN_CHARS


class QuoteMatcher:
    """Normalises a submission once, then checks any number of quotes against it."""

    def __init__(self, text: str):
        self.text = text
        self._norm: Normalized = normalize(text, spaces="collapse")

    def _find_part(self, needle: str, start: int, limit: int | None) -> int:
        """First occurrence of `needle` at or after `start` that sits on word boundaries."""
        haystack = self._norm.text
        at = haystack.find(needle, start)
        while at >= 0 and (limit is None or at <= limit):
            end = at + len(needle)
            left_ok = at == 0 or not (_joins(haystack[at - 1], needle[0]))
            right_ok = end == len(haystack) or not (_joins(needle[-1], haystack[end]))
            if left_ok and right_ok:
                return at
            at = haystack.find(needle, at + 1)
        return -1

    def check(self, quote: str) -> QuoteCheck:
        if not any(ch.isalnum() for ch in quote):
            return QuoteCheck(quote, None, "the quote has no words")
        parts = [normalize(_core(p)).text for p in _ELLIPSIS.split(quote)]
        parts = [p for p in parts if p]
        if not parts:
            return QuoteCheck(quote, None, "the quote has no words")
        if len(parts) > 2:
            return QuoteCheck(quote, None, f"joins more than two passages: {_short(quote)}")
        if any(too_short(p) for p in parts):
            return QuoteCheck(
                quote,
                None,
                f"too short to be evidence (at least {MIN_WORDS} words or {MIN_CHARS} "
                f"characters): {_short(quote)}",
            )
        first = self._find_part(parts[0], 0, None)
        while first >= 0:
            last = first + len(parts[0])
            if len(parts) == 1:
                return QuoteCheck(quote, self._norm.original_span(first, last))
            second = self._find_part(parts[1], last, last + MAX_GAP)
            if second >= 0:
                end = second + len(parts[1])
                return QuoteCheck(quote, self._norm.original_span(first, end))
            first = self._find_part(parts[0], first + 1, None)
        return QuoteCheck(quote, None, f"not found in the submission: {_short(quote)}")

    def find(self, quote: str) -> tuple[int, int] | None:
        return self.check(quote).span


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` occurs in `text` (original character offsets), or None."""
    return QuoteMatcher(text).find(quote)


def _joins(a: str, b: str) -> bool:
    """Two characters side by side belong to one word (so a match there is mid-word)."""
    return a.isalnum() and b.isalnum() and not (_CJK.match(a) or _CJK.match(b))


def _core(part: str) -> str:
    return part.strip(_EDGE)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1]}…”"
