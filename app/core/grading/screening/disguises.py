"""Disguises flagged in their own right, whatever the hidden text says.

Invisible characters between letters, letters covered with combining marks,
words written in full-width or mathematical letters, long blank runs: an
honest answer has no reason for any of them, and the teacher should see them
even when the text they hide is not understood (a new language, a new trick).

Honest uses are left alone: a zero-width joiner or variation selector inside an
emoji sequence is not between letters, a byte-order mark at the very start is
an encoding artefact, and an accent that composes into one letter (é written
as e + U+0301) is spelling, not a disguise.
"""

from __future__ import annotations

import re
import unicodedata

from app.core.grading import flags as F
from app.core.grading.flags import Flag
from app.core.grading.screening.view import is_dropped

# Always suspicious: bidi embeddings/overrides/isolates and tag characters.
_ALWAYS = re.compile("[\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]")
_PADDING = re.compile(r"(?:\n[ \t]*){20,}|[ \t]{200,}")
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_MARKED_LETTER = re.compile(f"[A-Za-z][{_MARKS}]+")
_STACKED = re.compile(f"[{_MARKS}]{{3,}}")
_WIDE = re.compile("[\uff21-\uff3a\uff41-\uff5a\U0001d400-\U0001d7ff]{3,}")
_WIDE_CHAR = re.compile("[\uff21-\uff3a\uff41-\uff5a\U0001d400-\U0001d7ff]")
STRAY_MARKS_MIN = 3


def _invisible_between_letters(text: str, chars: set[str]) -> list[int]:
    hidden = sorted({ch for ch in chars if not ch.isascii() and is_dropped(ch)})
    if not hidden:
        return []
    cls = "".join(re.escape(c) for c in hidden)
    found = []
    for match in re.finditer(f"(?<=\\w)[{cls}]+(?=\\w)", text):
        # ZWNJ/ZWJ between Arabic-script or Indic letters is spelling (Persian, Hindi).
        before, after = text[match.start() - 1], text[match.end()]
        if match.group() in ("\u200c", "\u200d") and not (before.isascii() or after.isascii()):
            continue
        found.append(match.start())
    return found


def find_disguises(text: str) -> list[Flag]:
    """Flags for disguises in the original text."""
    found: list[Flag] = []
    chars = set(text)
    unusual = {ch for ch in chars if not ch.isascii()}
    positions = _invisible_between_letters(text, unusual)
    if any(_ALWAYS.match(ch) for ch in unusual):
        positions += [m.start() for m in _ALWAYS.finditer(text)]
    if positions:
        first = min(positions)
        found.append(
            Flag(
                F.HIDDEN_CHARACTERS,
                f"contains {len(positions)} invisible character(s) inside words or controlling "
                "text direction",
                (first, first + 1),
            )
        )
    marks = any(unicodedata.combining(ch) for ch in unusual)
    stray = [
        m
        for m in (_MARKED_LETTER.finditer(text) if marks else ())
        if len(unicodedata.normalize("NFC", m.group())) > 1
    ]
    stacked = list(_STACKED.finditer(text)) if marks else []
    if len(stray) >= STRAY_MARKS_MIN or stacked:
        first = min([m.start() for m in stray + stacked])
        found.append(
            Flag(
                F.LOOKALIKE_LETTERS,
                "letters are covered with stray combining marks",
                (first, first + 1),
            )  # fmt: skip
        )
    wide = any(_WIDE_CHAR.match(ch) for ch in unusual)
    for match in _WIDE.finditer(text) if wide else ():
        found.append(
            Flag(
                F.LOOKALIKE_LETTERS,
                f"written in full-width or mathematical letters: “{match.group()[:40]}”",
                match.span(),
            )
        )
    padded = text.count("\n") >= 20 or " " * 200 in text or "\t" * 200 in text
    for match in _PADDING.finditer(text) if padded else ():
        found.append(Flag(F.PADDING, "long run of blank space that could hide text", match.span()))
    return found
