"""Second normalisation step: undo disguises that work on whole words.

After view.py has folded each character, four disguises still hide a word:
letters borrowed from other scripts inside a Latin word ("іgnоrе" with
Cyrillic і and о, "օ" from Armenian), digits and symbols for letters
("1gn0r3"), letters spaced out ("i g n o r e  t h e  r u b r i c"), and words
broken by a hyphen ("ig-\\nnore"). Spaces between Chinese or Japanese characters
are dropped too (those languages write none).

Each fix is an edit on the view, so positions still map to the original.
Digit and hyphen fixes are only made when they give a known word (lexicon),
so "4th", "h2o" and "well-known" are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

from app.core.grading.screening.confusables import latin_lookalikes
from app.core.grading.screening.lexicon import is_word
from app.core.grading.screening.view import View, rewrite

MAX_SPACED_RUN = 300  # letters; longer runs are joined without looking for word breaks
MAX_WORD = 24

_LEET = {"0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b"}
_LEET_PAIR = re.compile(r"[a-z][0134578]|[0134578][a-z]")
_SPACED = re.compile(r"(?<!\w)\w(?!\w)(?:[ ._*|/+~\n\u00b7\u2022-]{1,3}\w(?!\w)){3,}")
_SPACED_SEP = re.compile(r"[ ._*|/+~\n\u00b7\u2022-]+")
_HYPHENATED = re.compile(r"(?<!\w)\w++(?:-[ \n]?\w++)+")
_HYPHEN = re.compile(r"-[ \n]?")
_HYPHEN_AT = re.compile(r"-(?=[ \n]?\w)")
_WORD_CHAR = re.compile(r"\w")


def _word_start(text: str, pos: int) -> int:
    while pos > 0 and _WORD_CHAR.match(text, pos - 1):
        pos -= 1
    return pos


_CJK = "\u3040-\u30ff\u4e00-\u9fff\uf900-\ufaff"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \n]+(?=[{_CJK}])")
_ANY_CJK = re.compile(f"[{_CJK}]")


@dataclass
class Disguise:
    """A word that needed a fix, for a flag of its own."""

    kind: str  # "lookalike" or "spaced"
    word: str  # as the reader reads it
    start: int  # in the view the fix was made on
    end: int


_TOKEN = re.compile(r"\w+")


def _occurrences(text: str, words: set[str]) -> list[re.Match[str]]:
    """Every place one of `words` (whole words) occurs in `text`."""
    if not words:
        return []
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return list(re.finditer(rf"(?<!\w)(?:{alternation})(?!\w)", text))


def _mostly_latin(text: str, start: int, end: int) -> bool:
    around = text[max(0, start - 60) : start] + text[end : end + 60]
    letters = [c for c in around if c.isalpha()]
    latin = sum(1 for c in letters if c.isascii())
    return len(letters) >= 8 and latin >= 0.8 * len(letters)


def _latin_script(ch: str) -> bool:
    return "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff" or "\ua720" <= ch <= "\ua7ff"


def _lookalike_edits(
    text: str, tokens: set[str], found: list[Disguise]
) -> list[tuple[int, int, str]]:
    """Words that mix Latin letters with look-alikes (or are all look-alikes amid Latin text)."""
    table = latin_lookalikes()
    if not table:
        return []
    mixed, alike = set(), set()
    for token in tokens:
        if token.isascii():
            continue
        foreign = [c in table for c in token]
        if any(foreign):
            if any(c.isascii() and c.isalpha() for c in token):
                mixed.add(token)
            elif all(foreign) and len(token) >= 3:
                alike.add(token)
    out = []
    for match in _occurrences(text, mixed | alike):
        word = match.group()
        if word in alike and not _mostly_latin(text, match.start(), match.end()):
            continue
        folded = "".join(table.get(c, c) for c in word)
        foreign = any(c in table and not _latin_script(c) for c in word)
        # "μs", "μm": a unit, not a disguise; a short word is flagged only if it is a known one.
        if (foreign and len(word) >= 4) or (len(folded) >= 3 and is_word(folded)):
            found.append(Disguise("lookalike", folded, match.start(), match.end()))
        out.append((match.start(), match.end(), folded))
    return out


def _leet_edits(text: str, tokens: set[str]) -> list[tuple[int, int, str]]:
    """Words spelled with digits for letters ("1gn0r3") that give a known word."""
    fixed: dict[str, str] = {}
    for token in tokens:
        if (
            len(token) > MAX_WORD
            or token.isalpha()
            or token.isdigit()
            or not _LEET_PAIR.search(token)
        ):
            continue
        options = [_LEET.get(c, c) for c in token]
        if sum(len(o) > 1 for o in options) > 4:
            continue
        for letters in product(*options):
            candidate = "".join(letters)
            if is_word(candidate):
                fixed[token] = candidate
                break
    return [(m.start(), m.end(), fixed[m.group()]) for m in _occurrences(text, set(fixed))]


UNKNOWN_COST = 3  # per character not covered by a known word


def segment(letters: str) -> str:
    """Known words that make up `letters` ("ignoretherubric" -> "ignore the rubric").

    Dynamic programming over the letters: a known word costs 1, any other
    character UNKNOWN_COST, so the split that explains most of the letters with
    the fewest words wins; stretches no word explains stay joined.
    """
    n = len(letters)
    if n > MAX_SPACED_RUN:
        return letters
    cost = [0.0] + [float("inf")] * n
    back: list[tuple[int, bool]] = [(0, False)] * (n + 1)
    for end in range(1, n + 1):
        if cost[end - 1] + UNKNOWN_COST < cost[end]:
            cost[end], back[end] = cost[end - 1] + UNKNOWN_COST, (end - 1, False)
        for start in range(max(0, end - MAX_WORD), end - 1):
            word = letters[start:end]
            if cost[start] + 1 < cost[end] and (word.isdigit() or is_word(word)):
                cost[end], back[end] = cost[start] + 1, (start, True)
    pieces: list[str] = []
    end = n
    while end > 0:
        start, known = back[end]
        piece = letters[start:end]
        if known or not pieces or pieces[-1][1]:
            pieces.append((piece, known))
        else:
            pieces[-1] = (piece + pieces[-1][0], False)
        end = start
    return " ".join(piece for piece, _ in reversed(pieces))


def _rejoin_edits(text: str, found: list[Disguise]) -> list[tuple[int, int, str]]:
    edits = []
    for match in _SPACED.finditer(text):
        run = match.group()
        seps = _SPACED_SEP.findall(run)
        spaced = [sep for sep in seps if " " in sep or "\n" in sep]
        if spaced and len(spaced) < len(seps):
            # "v.e.r.g.e.b.e.n s.i.e": letters joined by dots, words by spaces.
            words = " ".join(_SPACED_SEP.sub("", w) for w in re.split(r"[^\w]*[ \n][^\w]*", run))
            words = " ".join(segment(w) for w in words.split())
        else:
            words = segment(_SPACED_SEP.sub("", run))
        letters = words.replace(" ", "")
        if sum(c.isalpha() for c in letters) < 4:
            continue  # "3 5 2", "x = a + b": numbers and algebra, not spelled-out words
        edits.append((match.start(), match.end(), words))
        known = [w for w in words.split() if w.isalpha() and len(w) >= 3 and is_word(w)]
        if len(known) >= 2:
            found.append(Disguise("spaced", words, match.start(), match.end()))
    seen = -1
    for hyphen in _HYPHEN_AT.finditer(text):
        if hyphen.start() < seen:
            continue
        match = _HYPHENATED.match(text, _word_start(text, hyphen.start()))
        if not match:
            continue
        seen = match.end()
        pieces = _HYPHEN.split(match.group())
        joined = "".join(pieces)
        if "-\n" in match.group():
            # Broken at a line end, as typesetting does: join back what was broken there.
            words = re.sub(r"-\n", "", match.group())
            edits.append((match.start(), match.end(), words))
        elif is_word(joined) and not all(is_word(p) for p in pieces):
            edits.append((match.start(), match.end(), joined))
    if _ANY_CJK.search(text):
        for match in _CJK_SPACE.finditer(text):
            edits.append((match.start(), match.end(), ""))
    edits.sort()
    kept: list[tuple[int, int, str]] = []
    for edit in edits:
        if kept and edit[0] < kept[-1][1]:
            continue
        kept.append(edit)
    return kept


def reader_view(view: View) -> tuple[View, list[tuple[Disguise, View]]]:
    """The view with word-level disguises undone, and the disguises found (each with
    the view its positions refer to)."""
    found: list[Disguise] = []
    tokens = set(_TOKEN.findall(view.text))
    word_fixes = sorted(_lookalike_edits(view.text, tokens, found) + _leet_edits(view.text, tokens))
    first = rewrite(view, word_fixes)
    disguises = [(d, view) for d in found]
    spaced: list[Disguise] = []
    second = rewrite(first, _rejoin_edits(first.text, spaced))
    disguises += [(d, first) for d in spaced]
    return second, disguises
