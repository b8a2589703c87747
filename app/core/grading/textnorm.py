"""Unicode normalisation that remembers where each character came from.

Quote checks and submission fingerprints have to see through the same forms:
different whitespace, letter case, compatibility forms (NFKC: fullwidth letters,
ligatures, mathematical letters), typographic quotes and dashes, and invisible
characters (zero-width spaces, bidi controls, tag characters). Normalising both
sides the same way makes a quote match whatever the model did to its spacing or
quotes. (Look-alike letters are screening's business: screening/confusables.py,
from Unicode's own data; a quote is not folded that way.)

The position map lets a match in the normalised text be shown as a highlight on
the original text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Invisible characters a student might hide text behind; dropped before matching.
INVISIBLE = frozenset(
    [chr(c) for c in range(0x200B, 0x2010)]  # zero-width space..RLM
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings and overrides
    + [chr(c) for c in range(0x2060, 0x2065)]  # word joiner, invisible operators
    + [chr(c) for c in range(0x2066, 0x206A)]  # bidi isolates
    + ["\ufeff", "\u00ad", "\u180e", "\u034f", "\u115f", "\u1160", "\u3164", "\uffa0"]
    + [chr(c) for c in range(0xE0000, 0xE0080)]  # tag characters
)

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u00b4": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
    }
)  # fmt: skip


@dataclass
class Normalized:
    """Normalised text plus, per character, the span of the original it came from."""

    text: str
    starts: list[int]
    ends: list[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering normalised text[start:end] (end > start)."""
        return self.starts[start], self.ends[end - 1]


def normalize(text: str, *, spaces: str = "collapse") -> Normalized:
    """NFKC, casefold, plain quotes and dashes, invisible characters dropped.

    spaces: "collapse" turns each whitespace run into one space; "drop" removes
    whitespace altogether (so "exam ple" and "example" compare equal, which is
    what PDF line breaks need).
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    last_space = True
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = "".join(ch for ch in text[i:j] if ch not in INVISIBLE)
        if cluster:
            piece = unicodedata.normalize("NFKC", cluster).translate(_TYPOGRAPHY).casefold()
            for ch in piece:
                if ch.isspace():
                    if spaces == "drop" or last_space:
                        continue
                    ch = " "
                    last_space = True
                else:
                    last_space = False
                out.append(ch)
                starts.append(i)
                ends.append(j)
        i = j
    if out and out[-1] == " ":
        out.pop()
        starts.pop()
        ends.pop()
    return Normalized("".join(out), starts, ends)


def fold(text: str) -> str:
    """Just the normalised text (spaces collapsed)."""
    return normalize(text).text
