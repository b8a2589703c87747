"""Screening one submission: every cheap layer, one list of flags.

Layers, in the order they run (each can be switched off, which is how the
corpus test measures what each one adds):

- "normalise": view.py and deobfuscate.py turn the text into what a reader
  reads (folded characters, look-alike letters, re-joined words); off, the
  later layers see the text only lower-cased.
- "orders": orders.py, orders to the grader by meaning, in eleven languages.
- "structure": structure.py, fake role headers, hidden comments, fake JSON,
  chat markup and rubric markers.
- "payloads": payloads.py, base64/hex/binary/URL/HTML passages decoded, rot13
  and reversed text read back, and screened again.
- "disguises": disguises.py, invisible characters, stray marks, full-width
  letters, padding, and the words deobfuscate.py had to fix.

Flags only put a submission in front of the teacher; they never change a
score. Everything here is linear in the text's length.
"""

from __future__ import annotations

import re

from app.core.grading import flags as F
from app.core.grading.flags import Flag
from app.core.grading.screening.deobfuscate import reader_view
from app.core.grading.screening.disguises import find_disguises
from app.core.grading.screening.orders import find_orders, has_trigger, unspaced_script
from app.core.grading.screening.payloads import find_payloads, rot13
from app.core.grading.screening.structure import find_shapes
from app.core.grading.screening.view import View, build_view

LAYERS = frozenset({"normalise", "orders", "structure", "payloads", "disguises"})
MAX_FLAGS_PER_KIND = 5
MAX_DEPTH = 2  # a payload inside a payload is decoded; deeper is not
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s")
_TOKEN = re.compile(r"\S+")  # a word with its punctuation, as "reversed words" turns it
_SENTENCE_END = re.compile(r"[.!?。！？\n]")


def screen(text: str, layers: frozenset[str] | set[str] = LAYERS, *, _depth: int = 0) -> list[Flag]:
    """Flags for text aimed at the grader; an empty list for an ordinary submission."""
    if "normalise" in layers:
        reader, disguised = reader_view(build_view(text))
    else:
        lowered = text.lower()
        reader, disguised = View(lowered, [(0, 0, len(lowered), True)] if lowered else []), []
    found: list[Flag] = []
    if "orders" in layers:
        for finding in find_orders(reader.text):
            found.append(_flag(finding.kind, finding.message, text, reader, finding.start,
                               finding.end))  # fmt: skip
    if "structure" in layers:
        for shape in find_shapes(reader.text):
            found.append(_flag(shape.kind, shape.message, text, reader, shape.start, shape.end))
    if "payloads" in layers:
        found += _payload_flags(text, reader, layers, _depth)
    if "disguises" in layers:
        found += find_disguises(text)
        for disguise, view in disguised:
            span = view.span(disguise.start, disguise.end)
            if disguise.kind == "lookalike":
                message = (
                    f"a word mixes look-alike letters from other scripts: “{disguise.word[:40]}”"
                )
                found.append(Flag(F.LOOKALIKE_LETTERS, message, span))
            else:
                message = f"spells words out letter by letter: “{disguise.word[:60]}”"
                found.append(Flag(F.LOOKALIKE_LETTERS, message, span))
    return dedupe(found)


def _flag(kind: str, message: str, text: str, view: View, start: int, end: int) -> Flag:
    while end > start and view.text[end - 1] in " \n":
        end -= 1
    while start < end and view.text[start] in " \n":
        start += 1
    if end <= start:
        return Flag(kind, message)
    span = view.span(start, end)
    snippet = " ".join(text[span[0] : span[1]].split())
    if len(snippet) > 80:
        snippet = snippet[:79] + "…"
    return Flag(kind, f"{message}: “{snippet}”" if snippet else message, span)


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _payload_flags(text: str, reader: View, layers, depth: int) -> list[Flag]:
    found: list[Flag] = []
    if depth < MAX_DEPTH:
        seen: dict[str, bool] = {}
        for payload in find_payloads(text):
            if payload.text not in seen:
                inner = screen(payload.text, layers, _depth=depth + 1)
                seen[payload.text] = any(f.is_injection for f in inner)
            inner = seen[payload.text]
            if inner:
                found.append(
                    Flag(
                        F.ENCODED_ORDER,
                        f"a {payload.how} passage decodes to an order to the grader: "
                        f"“{_short(payload.text)}”",
                        payload.span,
                    )
                )
    n = len(reader.text)
    tokens = set(_WORD.findall(reader.text))
    if has_trigger(rot13(" ".join(tokens)).split()):
        turned = rot13(reader.text)
        for finding in find_orders(turned):
            shown = turned[finding.start : finding.end]
            found.append(_decoded("rot13", shown, reader, finding.start, finding.end))
    # Words that read as a trigger only backwards ("cirbur"; not "level", not "top").
    flipped = {
        t for t in tokens if t != t[::-1] and has_trigger([t[::-1]]) and not has_trigger([t])
    }
    # Scripts without spaces have no words to turn round: read the whole text backwards.
    if flipped or unspaced_script(reader.text):
        backwards = reader.text[::-1]
        for finding in find_orders(backwards):
            shown = backwards[finding.start : finding.end]
            found.append(_decoded("reversed", shown, reader, n - finding.end, n - finding.start))
        if flipped:
            found += _reversed_words(reader, flipped)
    return found


def _decoded(how: str, shown: str, view: View, start: int, end: int) -> Flag:
    span = view.span(start, end) if end > start else None
    return Flag(
        F.ENCODED_ORDER, f"{how} text reads as an order to the grader: “{_short(shown)}”", span
    )


def _reversed_words(reader: View, flipped: set[str]) -> list[Flag]:
    """Sentences written with each word backwards ("erongi eht cirbur").

    Only sentences holding a word that is a trigger word backwards are turned round.
    """
    text, n = reader.text, len(reader.text)
    found: list[Flag] = []
    done = -1
    words = "|".join(re.escape(w) for w in sorted(flipped, key=len, reverse=True))
    for match in re.finditer(rf"(?<!\w)(?:{words})(?!\w)", text):
        if match.start() < done:
            continue
        at = match.start()
        starts = [m.end() for m in _SENTENCE_END.finditer(text, max(0, at - 300), at)]
        start = starts[-1] if starts else max(0, at - 300)
        stop = _SENTENCE_END.search(text, match.end())
        end = stop.end() if stop else min(n, match.end() + 300)
        # Turned round, a word's full stop stands before it (".level"): keep that word.
        space = _SPACE.search(text, end)
        end = space.start() if space else n
        done = end
        piece = _TOKEN.sub(lambda m: m.group()[::-1], text[start:end])
        for finding in find_orders(piece):
            shown = piece[finding.start : finding.end]
            found.append(
                _decoded("word-reversed", shown, reader, start + finding.start, start + finding.end)
            )
    return found


def dedupe(found: list[Flag]) -> list[Flag]:
    """One flag per overlapping match, at most MAX_FLAGS_PER_KIND per kind, in text order."""
    found.sort(key=lambda f: (f.span or (0, 0))[0])
    kept: list[Flag] = []
    per_kind: dict[str, int] = {}
    for flag in found:
        if per_kind.get(flag.kind, 0) >= MAX_FLAGS_PER_KIND:
            continue
        if any(k.kind == flag.kind and _overlap(k.span, flag.span) for k in kept):
            continue
        kept.append(flag)
        per_kind[flag.kind] = per_kind.get(flag.kind, 0) + 1
    return kept


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    if a is None or b is None:
        return a is b
    return a[0] < b[1] and b[0] < a[1]
