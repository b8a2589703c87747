"""Split a document's text into passages that remember where they came from.

A citation is only checkable, and a source only openable at the right place, if every
passage keeps its file, its page (PDFs) and the line range it covers. Passages follow
paragraph boundaries and are about `TARGET_CHARS` long: long enough to hold an
answer, short enough that five of them fit a small model's context. A paragraph longer
than the limit (a wall of text, a Chinese page with no blank lines) is cut at sentence
ends, and failing that at the limit itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TARGET_CHARS = 900
MAX_CHARS = 1400

_SENTENCE_END = re.compile(r"(?<=[.!?。！？；;])\s*")


@dataclass(frozen=True)
class Passage:
    """One retrievable piece of a document; lines are 1-based and inclusive."""

    text: str
    page: int | None  # 1-based page of a PDF; None where the format has no pages
    line_start: int
    line_end: int


@dataclass(frozen=True)
class Unit:
    """A stretch of a document read as a whole: a PDF page, or a whole text file."""

    text: str
    page: int | None = None


def split_units(units: list[Unit]) -> list[Passage]:
    """The passages of every unit, in document order (they never span a page)."""
    passages: list[Passage] = []
    for unit in units:
        passages.extend(split_text(unit.text, unit.page))
    return passages


def split_text(text: str, page: int | None = None) -> list[Passage]:
    """Passages of `text`, grouping whole paragraphs up to about TARGET_CHARS."""
    passages: list[Passage] = []
    group: list[tuple[str, int, int]] = []  # (text, first line, last line)
    size = 0

    def flush() -> None:
        nonlocal group, size
        if group:
            body = "\n\n".join(part for part, _a, _b in group)
            passages.append(Passage(body, page, group[0][1], group[-1][2]))
        group, size = [], 0

    for paragraph, first, last in _paragraphs(text):
        for piece, a, b in _cut_long(paragraph, first, last):
            if size and size + len(piece) > TARGET_CHARS:
                flush()
            group.append((piece, a, b))
            size += len(piece) + 2
    flush()
    return passages


def _paragraphs(text: str):
    """(paragraph, first line, last line) for each run of non-blank lines."""
    lines: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not lines:
                first = number
            lines.append(line.rstrip())
        elif lines:
            yield "\n".join(lines), first, number - 1
            lines = []
    if lines:
        yield "\n".join(lines), first, first + len(lines) - 1


def _cut_long(paragraph: str, first: int, last: int):
    """A paragraph as pieces of at most MAX_CHARS, each with the lines it spans."""
    if len(paragraph) <= MAX_CHARS:
        yield paragraph, first, last
        return
    line_of = _line_index(paragraph, first)
    start = 0
    while start < len(paragraph):
        end = _cut_point(paragraph, start)
        piece = paragraph[start:end].strip()
        if piece:
            yield piece, line_of(start), line_of(max(start, end - 1))
        start = end


def _cut_point(text: str, start: int) -> int:
    """Where the piece starting at `start` ends: the last sentence end in reach."""
    limit = start + TARGET_CHARS
    if limit >= len(text):
        return len(text)
    best = 0
    for match in _SENTENCE_END.finditer(text, start + TARGET_CHARS // 3, limit):
        best = match.end()
    if best:
        return best
    space = text.rfind(" ", start + TARGET_CHARS // 2, limit)
    return space + 1 if space > 0 else limit


def _line_index(paragraph: str, first: int):
    """A function from a character offset in `paragraph` to its line number."""
    starts = [0] + [i + 1 for i, ch in enumerate(paragraph) if ch == "\n"]

    def line_of(offset: int) -> int:
        low, high = 0, len(starts) - 1
        while low < high:
            mid = (low + high + 1) // 2
            if starts[mid] <= offset:
                low = mid
            else:
                high = mid - 1
        return first + low

    return line_of
