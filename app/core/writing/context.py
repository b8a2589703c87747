"""The document around a selection, shortened to fit a token budget.

Actions that name `{document}` (e.g. "explain this passage in the context of
the essay") get the whole document when it fits; a long one is cut to a
window centred on the selection, at word boundaries, with "…" where text was
left out, so the model still sees the selection's surroundings. "Ask about
this document" uses the same window (`window_span`) and tells the writer which
words it covers.
"""

from __future__ import annotations

from app.core.writing.chunking import Counter, TokenEstimator

GAP = "…"


def window_span(
    text: str, centre_start: int, centre_end: int, budget: int, count_tokens: Counter
) -> tuple[int, int]:
    """(start, end) of the longest word-aligned part of `text` around the centre that fits.

    `budget` bounds the window's tokens with room for a "…" at each cut end.
    The whole text, when it fits; (0, 0) when not even a few words fit.
    """
    estimator = TokenEstimator(text, count_tokens)
    # A text estimated at twice the budget is not counted whole: a 10 MB file
    # would cross the engine's pipe only to be told it is too long.
    if estimator.estimate(text) <= 2 * budget and count_tokens(text) <= budget:
        return 0, len(text)
    chars = estimator.chars_for(budget)
    middle = (centre_start + centre_end) // 2
    while chars > 16:
        start = max(0, middle - chars // 2)
        end = min(len(text), start + chars)
        start = max(0, end - chars)
        start = _word_start(text, start)
        end = _word_end(text, end)
        if start < end and count_tokens(_with_gaps(text, start, end)) <= budget:
            return start, end
        chars = int(chars * 0.85)
    return 0, 0


def document_window(
    document: str, sel_start: int, sel_end: int, budget: int, count_tokens: Counter
) -> tuple[str, bool]:
    """(text, shortened): the document, or the part around [sel_start, sel_end)."""
    start, end = window_span(document, sel_start, sel_end, budget, count_tokens)
    if (start, end) == (0, len(document)):
        return document, False
    if start == end:
        return "", True
    return _with_gaps(document, start, end), True


def _with_gaps(text: str, start: int, end: int) -> str:
    return (GAP if start > 0 else "") + text[start:end] + (GAP if end < len(text) else "")


def _word_start(text: str, position: int) -> int:
    if position <= 0:
        return 0
    space = text.find(" ", position)
    return space + 1 if 0 <= space < position + 40 else position


def _word_end(text: str, position: int) -> int:
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", 0, position)
    return space if space > position - 40 else position
