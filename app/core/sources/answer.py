"""Answers from retrieved passages, and every citation in them checked in code.

Peers print whatever "[3]" the model writes, and users find the page says nothing of
the kind. Here a citation counts as verified only when code agrees: its number is one
of the passages the model was given, and every phrase the sentence quotes ("...")
appears in that passage (case, spacing and quote style aside). Anything else is marked
unverified in the reply itself, the way grading marks a quote not in the submission.

When every retrieved file fits the context whole, the whole text is given instead of
passages (small models answer better from the whole page), and the reply says so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from app.core.sources.index import Hit

SYSTEM = (
    "You answer questions using only the numbered sources below. After each sentence "
    "that uses a source, cite it with its number in square brackets, like [1] or [2]. "
    "Quote exact words from a source in double quotes when you quote. If the sources "
    "do not contain the answer, say that they do not."
)
WHOLE_NOTE = "The whole document fits the context, so it was read whole instead of passages."
UNVERIFIED = "unverified"

_CITATION = re.compile(r"\[(\d{1,3})\]")
_QUOTED = re.compile(r"[\"“”«»「」『』]([^\"“”«»「」『』]{4,300})[\"“”«»「」『』]")
_SENTENCE = re.compile(r"[^.!?。！？\n]*(?:[.!?。！？]+|\n|$)")


@dataclass(frozen=True)
class Source:
    """One numbered source as the model saw it."""

    number: int
    file: str
    page: int | None
    line_start: int
    line_end: int
    text: str
    whole: bool = False

    def label(self) -> str:
        where = f"page {self.page}, " if self.page is not None else ""
        return f"{Path(self.file).name} ({where}lines {self.line_start}–{self.line_end})"


@dataclass(frozen=True)
class Citation:
    number: int
    verified: bool
    reason: str = ""


@dataclass
class CheckedAnswer:
    text: str  # the reply, unverified citations marked
    citations: list[Citation] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    note: str = ""

    @property
    def cited(self) -> list[Source]:
        numbers = {c.number for c in self.citations}
        return [s for s in self.sources if s.number in numbers]


def sources_from_hits(hits: list[Hit]) -> list[Source]:
    return [
        Source(n, h.file, h.page, h.line_start, h.line_end, h.text)
        for n, h in enumerate(hits, start=1)
    ]


def whole_sources(files: dict[str, str]) -> list[Source]:
    """Each file's whole text as one source (used when all of them fit the context)."""
    return [
        Source(n, path, None, 1, text.count("\n") + 1, text, whole=True)
        for n, (path, text) in enumerate(files.items(), start=1)
    ]


def build_messages(question: str, sources: list[Source], history: list[dict] | None = None):
    """Chat messages: the rules, earlier turns, then the numbered sources and the question."""
    blocks = "\n\n".join(f"[{s.number}] {s.label()}\n{s.text}" for s in sources)
    user = f"Sources:\n\n{blocks}\n\nQuestion: {question}" if sources else question
    return [
        {"role": "system", "content": SYSTEM},
        *(history or []),
        {"role": "user", "content": user},
    ]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


def check_citations(reply: str, sources: list[Source]) -> CheckedAnswer:
    """Check every [n] in `reply` against `sources`; mark the ones that fail as [n?]."""
    by_number = {s.number: s for s in sources}
    citations: list[Citation] = []
    pieces: list[str] = []
    for match in _SENTENCE.finditer(reply):
        sentence = match.group(0)
        if not sentence:
            continue
        quotes = [_fold(q) for q in _QUOTED.findall(sentence)]
        pieces.append(
            _CITATION.sub(lambda m, q=quotes: _check(m, by_number, q, citations), sentence)
        )
    note = WHOLE_NOTE if sources and all(s.whole for s in sources) else ""
    return CheckedAnswer("".join(pieces), citations, sources, note)


def _check(match, by_number: dict[int, Source], quotes: list[str], out: list[Citation]) -> str:
    number = int(match.group(1))
    source = by_number.get(number)
    if source is None:
        out.append(Citation(number, False, "no such source was given"))
        return f"[{number}?]"
    body = _fold(source.text)
    missing = [q for q in quotes if q not in body]
    if missing:
        out.append(Citation(number, False, f'"{missing[0][:60]}" is not in source {number}'))
        return f"[{number}?]"
    out.append(Citation(number, True))
    return match.group(0)


def sources_list(answer: CheckedAnswer) -> list[str]:
    """Lines for the "Sources:" list: every source given, cited ones first, checks shown."""
    status: dict[int, bool] = {}
    for citation in answer.citations:
        status[citation.number] = status.get(citation.number, True) and citation.verified
    lines = []
    for source in sorted(answer.sources, key=lambda s: (s.number not in status, s.number)):
        mark = ""
        if source.number in status:
            mark = "" if status[source.number] else f" — {UNVERIFIED}"
        else:
            mark = " (not cited)"
        lines.append(f"[{source.number}] {source.label()}{mark}")
    for citation in answer.citations:
        if citation.number not in {s.number for s in answer.sources}:
            lines.append(f"[{citation.number}?] {citation.reason}")
    return lines
