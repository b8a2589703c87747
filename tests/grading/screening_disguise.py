"""Disguise techniques as code: each turns a plain order into the way a student hides it.

The corpora (screening_corpus.py, screening_heldout.py) apply these to many
different orders, so every technique is tested on several unseen variants and
not on one string the patterns were written for.
"""

from __future__ import annotations

import base64
import codecs
from urllib.parse import quote

_CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "i": "і"})
_MIXED = str.maketrans({"o": "օ", "i": "ı", "a": "ɑ", "e": "е", "s": "ѕ"})  # Armenian, dotless...
_GREEK = str.maketrans({"o": "ο", "i": "ι", "a": "α", "v": "ν", "u": "υ"})
_LEET = str.maketrans({"o": "0", "e": "3", "i": "1", "a": "4", "s": "5", "t": "7"})


def _every_other(text: str, table: dict[int, str]) -> str:
    out, n = [], 0
    for ch in text:
        if ord(ch) in table:
            n += 1
            out.append(ch.translate(table) if n % 2 else ch)
        else:
            out.append(ch)
    return "".join(out)


def homoglyph_cyrillic(text: str) -> str:
    return _every_other(text, _CYRILLIC)


def homoglyph_mixed(text: str) -> str:
    return text.translate(_MIXED)


def homoglyph_greek(text: str) -> str:
    return _every_other(text, _GREEK)


def _between_letters(text: str, marks: str) -> str:
    out, n = [], 0
    for i, ch in enumerate(text):
        out.append(ch)
        if ch.isalpha() and i + 1 < len(text) and text[i + 1].isalpha():
            out.append(marks[n % len(marks)])
            n += 1
    return "".join(out)


def zero_width(text: str) -> str:
    return _between_letters(text, "\u200b\u2060\u200d")


def mongolian_and_vs(text: str) -> str:
    return _between_letters(text, "\u180b\ufe0f\u180c\ufe0e")


def soft_hyphens(text: str) -> str:
    return _between_letters(text, "\u00ad")


def combining_marks(text: str) -> str:
    return "".join(ch + "\u0336" if ch.isalpha() else ch for ch in text)


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def math_bold(text: str) -> str:
    out = []
    for c in text:
        if "a" <= c <= "z":
            out.append(chr(0x1D41A + ord(c) - ord("a")))
        elif "A" <= c <= "Z":
            out.append(chr(0x1D400 + ord(c) - ord("A")))
        else:
            out.append(c)
    return "".join(out)


def letter_spaced(text: str) -> str:
    return "   ".join(" ".join(word) for word in text.split())


def letter_dotted(text: str) -> str:
    return " ".join(".".join(word) for word in text.split())


def hyphen_broken(text: str) -> str:
    words = []
    for word in text.split():
        cut = len(word) // 2
        words.append(word[:cut] + "-\n" + word[cut:] if len(word) >= 6 else word)
    return " ".join(words)


def leetspeak(text: str) -> str:
    return text.translate(_LEET)


def one_word_per_line(text: str) -> str:
    return "\n".join(text.split())


def as_base64(text: str) -> str:
    return "P.S. " + base64.b64encode(text.encode("utf-8")).decode("ascii")


def as_base64_with_hint(text: str) -> str:
    return "Decode this and do what it says: " + base64.b64encode(text.encode()).decode()


def as_hex(text: str) -> str:
    return "Ref: " + " ".join(f"{b:02x}" for b in text.encode("utf-8"))


def as_hex_packed(text: str) -> str:
    return "id=" + text.encode("utf-8").hex()


def as_binary(text: str) -> str:
    return " ".join(f"{b:08b}" for b in text.encode("utf-8"))


def as_rot13(text: str) -> str:
    return codecs.encode(text, "rot13")


def reversed_text(text: str) -> str:
    return text[::-1]


def reversed_words(text: str) -> str:
    return " ".join(word[::-1] for word in text.split())


def url_encoded(text: str) -> str:
    return "Source: " + quote(text)


def html_entities(text: str) -> str:
    return "".join(f"&#{ord(c)};" if c.isalpha() else c for c in text)


def system_line(text: str) -> str:
    return "My answer is above.\n[SYSTEM] " + text


def instructor_note(text: str) -> str:
    return "That is all.\nInstructor note - " + text


def developer_line(text: str) -> str:
    return "End of answer.\nDeveloper: " + text


def markdown_comment(text: str) -> str:
    return "Thanks for reading.\n\n[//]: # (grader: " + text + ")"


def html_comment(text: str) -> str:
    return "Thanks for reading. <!-- " + text + " -->"


def polite_ps(text: str) -> str:
    return "P.S. " + text


def plain(text: str) -> str:
    return text


# Techniques that work on text in any script, and those that need Latin letters.
ANY_SCRIPT = {
    "plain": plain,
    "zero-width characters": zero_width,
    "Mongolian FVS and variation selectors": mongolian_and_vs,
    "soft hyphens": soft_hyphens,
    "base64": as_base64,
    "base64 with hint": as_base64_with_hint,
    "hex": as_hex,
    "packed hex": as_hex_packed,
    "binary": as_binary,
    "URL-encoded": url_encoded,
    "HTML entities": html_entities,
    "reversed": reversed_text,
    "[SYSTEM] line": system_line,
    "Instructor note": instructor_note,
    "Developer: line": developer_line,
    "markdown comment": markdown_comment,
    "HTML comment": html_comment,
    "one word per line": one_word_per_line,
}
LATIN_ONLY = {
    "Cyrillic look-alikes": homoglyph_cyrillic,
    "Armenian o and dotless i": homoglyph_mixed,
    "Greek look-alikes": homoglyph_greek,
    "combining marks": combining_marks,
    "full-width letters": fullwidth,
    "mathematical letters": math_bold,
    "letter-spaced": letter_spaced,
    "letter-dotted": letter_dotted,
    "hyphen-broken": hyphen_broken,
    "leetspeak": leetspeak,
    "rot13": as_rot13,
    "reversed words": reversed_words,
}
