"""The document around a selection, shortened to fit a token budget.

Actions that name `{document}` (e.g. "explain this passage in the context of
the essay") get the whole document when it fits; a long one is cut to a
window centred on the selection, at word boundaries, with "…" where text was
left out, so the model still sees the selection's surroundings.
"""

from __future__ import annotations

from app.core.writing.chunking import Counter, TokenEstimator

GAP = "…"


def document_window(
    document: str, sel_start: int, sel_end: int, budget: int, count_tokens: Counter
) -> tuple[str, bool]:
    """(text, shortened): the document, or the part around [sel_start, sel_end)."""
    if count_tokens(document) <= budget:
        return document, False
    estimator = TokenEstimator(document, count_tokens)
    chars = estimator.chars_for(budget)
    while chars > 16:
        middle = (sel_start + sel_end) // 2
        start = max(0, middle - chars // 2)
        end = min(len(document), start + chars)
        start = max(0, end - chars)
        start = _word_start(document, start)
        end = _word_end(document, end)
        window = (
            (GAP if start > 0 else "") + document[start:end] + (GAP if end < len(document) else "")
        )
        if count_tokens(window) <= budget:
            return window, True
        chars = int(chars * 0.85)
    return "", True


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
