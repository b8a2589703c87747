"""Long texts in parts that fit the model's context, cut where the text allows.

A part ("chunk") is a run of whole paragraphs when they fit; a paragraph too
long for one part is cut between lines, then sentences, then words. Only the
part without the whitespace around it goes to the model; that whitespace stays
where it was, so joining the answers can neither lose nor repeat text at the
seams: the joined text is the original with each part's span replaced.

Token counts come from the real tokenizer (`count_tokens`), but asking the
engine for every paragraph of a 10 MB file would be slow, so the plan uses a
characters-per-token ratio measured on samples of the text, and each part is
counted exactly just before it is sent (and cut again if it is over).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Counter = Callable[[str], int]

# Where a text may be cut, best first; the separator stays with the piece before it.
_BOUNDARIES = (
    re.compile(r"\n[ \t]*\n\s*"),  # blank lines: paragraphs
    re.compile(r"\n\s*"),  # lines
    re.compile(r"[.!?…]+[\"'”’)\]]*\s+"),  # sentences
    re.compile(r"\s+"),  # words
)
SAMPLE_CHARS = 2000
SAFETY = 1.1  # the estimate errs on the large side
HEAD_CHARS = 20_000  # where a small first part is looked for


@dataclass(frozen=True)
class Chunk:
    """text[start:end] of the whole text, without the whitespace around it."""

    index: int
    start: int
    end: int
    text: str


class TokenEstimator:
    """Token counts from a ratio measured on samples of the text (fast for 10 MB)."""

    def __init__(self, text: str, count_tokens: Counter):
        self.count_tokens = count_tokens
        if len(text) <= 3 * SAMPLE_CHARS:
            samples = [text]
        else:
            middle = len(text) // 2
            samples = [
                text[:SAMPLE_CHARS],
                text[middle : middle + SAMPLE_CHARS],
                text[-SAMPLE_CHARS:],
            ]
        ratios = [count_tokens(s) / len(s) for s in samples if s]
        self.ratio = max(ratios, default=0.3) * SAFETY

    def estimate(self, text: str) -> int:
        return int(len(text) * self.ratio) + 1

    def chars_for(self, tokens: int) -> int:
        return max(1, int(tokens / self.ratio))


def pieces(text: str, level: int) -> list[str]:
    """`text` cut at boundaries of one kind (separators kept); joins back to `text`."""
    if level >= len(_BOUNDARIES):
        return list(text)
    found, position = [], 0
    for match in _BOUNDARIES[level].finditer(text):
        if match.end() > position and match.end() < len(text):
            found.append(text[position : match.end()])
            position = match.end()
    found.append(text[position:])
    return [p for p in found if p]


def _spans(text: str, budget: int, estimate: Callable[[str], int], level: int, base: int):
    """(start, end) of runs of pieces each estimated within `budget`, greedily filled."""
    spans: list[list[int]] = []
    used = budget + 1  # forces a new span at the first piece
    position = base
    for piece in pieces(text, level):
        cost = estimate(piece)
        if cost > budget and len(piece) > 1:
            inner = _spans(piece, budget, estimate, level + 1, position)
            if inner and spans and used + _cost(text, base, inner[0], estimate) <= budget:
                # The first cut of a long paragraph may still fill the current part.
                spans[-1][1] = inner[0][1]
                used += _cost(text, base, inner[0], estimate)
                inner = inner[1:]
            for span in inner:
                spans.append(list(span))
                used = _cost(text, base, span, estimate)
        elif used + cost > budget:
            spans.append([position, position + len(piece)])
            used = cost
        else:
            spans[-1][1] = position + len(piece)
            used += cost
        position += len(piece)
    return [tuple(s) for s in spans]


def _cost(text: str, base: int, span, estimate) -> int:
    return estimate(text[span[0] - base : span[1] - base])


def plan_chunks(
    text: str,
    budget: int,
    estimate: Callable[[str], int],
    *,
    base: int = 0,
    first_budget: int | None = None,
) -> list[Chunk]:
    """Parts of `text` each estimated within `budget` tokens, paragraph-aligned.

    `first_budget`: a smaller first part, so its answer (the first change the
    writer sees) comes sooner; the parts after it use the full budget.
    """
    if budget < 1:
        raise ValueError("the token budget must be at least 1")
    if first_budget is not None and 0 < first_budget < budget:
        head = plan_chunks(text[:HEAD_CHARS], first_budget, estimate, base=base)
        if len(head) > 1:
            first = head[0]
            offset = first.end - base
            rest = plan_chunks(text[offset:], budget, estimate, base=first.end)
            return [first] + [Chunk(i + 1, c.start, c.end, c.text) for i, c in enumerate(rest)]
    chunks = []
    for start, end in _spans(text, budget, estimate, 0, base):
        chunk = _core(text, start - base, end - base, base, len(chunks))
        if chunk is not None:
            chunks.append(chunk)
    return chunks


def _core(text: str, start: int, end: int, base: int, index: int) -> Chunk | None:
    raw = text[start:end]
    stripped = raw.strip()
    if not stripped:
        return None
    lead = len(raw) - len(raw.lstrip())
    first = base + start + lead
    return Chunk(index, first, first + len(stripped), stripped)


def fit_chunk(chunk: Chunk, budget: int, count_tokens: Counter) -> list[Chunk]:
    """The chunk itself if its exact count fits, else smaller parts that do."""
    tokens = count_tokens(chunk.text)
    if tokens <= budget:
        return [chunk]
    ratio = tokens / max(len(chunk.text), 1) * SAFETY
    smaller = plan_chunks(chunk.text, budget, lambda s: int(len(s) * ratio) + 1, base=chunk.start)
    if len(smaller) <= 1 and budget > 1:
        smaller = plan_chunks(chunk.text, budget // 2, lambda s: len(s), base=chunk.start)
    result: list[Chunk] = []
    for part in smaller:
        result.extend(fit_chunk(part, budget, count_tokens) if len(part.text) > 1 else [part])
    return result


def join_parts(text: str, chunks: Iterable[Chunk], answers: Iterable[str]) -> str:
    """`text` with each chunk's span replaced by its answer (chunks in order)."""
    out, position = [], 0
    for chunk, answer in zip(chunks, answers, strict=True):
        out.append(text[position : chunk.start])
        out.append(answer)
        position = chunk.end
    out.append(text[position:])
    return "".join(out)


def head_for_tokens(text: str, budget: int, count_tokens: Counter) -> str:
    """The longest paragraph-aligned start of `text` within `budget` tokens."""
    estimator = TokenEstimator(text, count_tokens)
    chunks = plan_chunks(text, budget, estimator.estimate)
    if not chunks:
        return ""
    return fit_chunk(chunks[0], budget, count_tokens)[0].text


def tail_for_tokens(text: str, budget: int, count_tokens: Counter) -> str:
    """The longest end of `text` within `budget` tokens, starting at a word (or better)."""
    if count_tokens(text) <= budget:
        return text
    estimator = TokenEstimator(text[-SAMPLE_CHARS * 3 :], count_tokens)
    chars = estimator.chars_for(budget)
    while chars > 0:
        cut = _start_of_piece(text, len(text) - chars)
        tail = text[cut:]
        if count_tokens(tail) <= budget:
            return tail
        chars = int(chars * 0.85)
    return ""


def _start_of_piece(text: str, position: int) -> int:
    """The first paragraph, sentence or word start at or after `position`."""
    position = max(position, 0)
    window = len(text) - position
    for boundary in _BOUNDARIES:
        match = boundary.search(text, position)
        # take a good boundary only if it does not throw away too much
        if match and match.end() - position <= max(window // 4, 1):
            return match.end()
    return position
