"""Encoded passages: what a submission says once base64, hex, binary, URL or HTML
escapes are decoded, or once rot13 or reversed text is read the right way.

Why: "decode this and do what it says" followed by a base64 string is an order
the grader model can follow and a pattern cannot see. Each decoder only accepts
a result that reads as text (valid UTF-8, mostly printable, with letters), so
an honest long word or a number is never "decoded". The decoded text is then
screened like the submission itself; what it contains is reported as an
encoded order.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import html
import re
from dataclasses import dataclass
from urllib.parse import unquote_plus

MIN_PRINTABLE = 0.9
MAX_PAYLOADS = 20  # per submission and decoder

_BASE64 = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])")
_HEX = re.compile(r"(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{2}[ :,-]?){8,}(?![0-9A-Za-z])")
_HEX_ESCAPED = re.compile(r"(?:(?:\\x|0x|%)[0-9A-Fa-f]{2}[ ,]?){6,}")
_BINARY = re.compile(r"(?<![01])(?:[01]{8}[ ,]?){4,}(?![01])")
_URL = re.compile(r"\S*?(?:%[0-9A-Fa-f]{2}\S*?){3,}")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});")
_ENTITY_RUN = re.compile(r"(?:&(?:#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});[^&\n]{0,3}){3,}")
_HEX_DIGITS = re.compile(r"[0-9A-Fa-f]{2}")
_HEX_WORDS = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{2}[ :,-]){7,}[0-9A-Fa-f]{2}(?![0-9A-Za-z])"
)
_LONG_OR_ESCAPED = re.compile(r"\S{16,}|\S*%[0-9A-Fa-f]{2}\S*")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Payload:
    how: str  # "base64", "hex", "binary", "url", "html"
    text: str  # decoded
    span: tuple[int, int]  # in the original submission


def _readable(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(text) < 4:
        return None
    printable = sum(ch.isprintable() or ch in "\n\t\r" for ch in text)
    if printable < MIN_PRINTABLE * len(text) or len(_LETTER.findall(text)) < 0.25 * len(text):
        return None
    return text


def _from_base64(token: str) -> str | None:
    body = token.rstrip("=")
    if len(body) % 4 == 1:
        return None
    padded = body + "=" * (-len(body) % 4)
    try:
        if "-" in body or "_" in body:
            data = base64.urlsafe_b64decode(padded)
        else:
            data = base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None
    return _readable(data)


def _hex_run(text: str) -> bool:
    """Eight or more hex byte words in a row ("69 67 6e ..."), half of them with digits."""
    for match in _HEX_WORDS.finditer(text):
        pairs = _HEX_DIGITS.findall(match.group())
        if sum(any(c.isdigit() for c in pair) for pair in pairs) >= len(pairs) // 2:
            return True
    return False


_EDGE = ".,;:!?()[]{}<>\"'"


def _word_payloads(text: str, words: list[str]) -> list[Payload]:
    """Base64, packed hex and URL-encoded words, each distinct word decoded once."""
    decoded: dict[str, tuple[str, str]] = {}
    for word in set(words):
        core = word.strip(_EDGE)
        blob = _BASE64.search(core) if len(core) >= 16 else None  # "id=SGVsbG8..." too
        if blob:
            text_of = _from_base64(blob.group())
            if text_of:
                decoded[blob.group()] = ("base64", text_of)
                continue
        packed = _HEX.search(core) if len(core) >= 16 else None
        if packed:
            text_of = _readable(bytes.fromhex("".join(_HEX_DIGITS.findall(packed.group()))))
            if text_of:
                decoded[packed.group()] = ("hex", text_of)
                continue
        if core.count("%") >= 3 and _URL.fullmatch(core):
            text_of = unquote_plus(core)
            if text_of != core:
                decoded[core] = ("url", text_of)
    found = []
    for core, (how, text_of) in decoded.items():
        at = text.find(core)
        if at >= 0:
            found.append(Payload(how, text_of, (at, at + len(core))))
    return found[: MAX_PAYLOADS * 3]


def find_payloads(text: str) -> list[Payload]:
    """Every passage of `text` that decodes to readable text."""
    found: list[Payload] = []

    def scan(pattern: re.Pattern[str], how: str, decode) -> None:
        count = 0
        for match in pattern.finditer(text):
            decoded = decode(match.group())
            if decoded:
                found.append(Payload(how, decoded, match.span()))
                count += 1
                if count >= MAX_PAYLOADS:
                    return

    # Cheap looks at the words first: each decoder runs only where its shape occurs.
    found += _word_payloads(text, _LONG_OR_ESCAPED.findall(text))
    if _hex_run(text):
        scan(_HEX, "hex", lambda s: _readable(bytes.fromhex("".join(_HEX_DIGITS.findall(s)))))
    if "\\x" in text or text.count("0x") >= 6:
        scan(
            _HEX_ESCAPED,
            "hex",
            lambda s: _readable(
                bytes.fromhex("".join(re.findall(r"(?:\\x|0x|%)([0-9A-Fa-f]{2})", s)))
            ),
        )
    if _BINARY.search(text):
        scan(
            _BINARY,
            "binary",
            lambda s: _readable(bytes(int(b, 2) for b in re.findall(r"[01]{8}", s))),
        )
    if text.count("&") >= 3 and len(_ENTITY.findall(text[:200_000])) >= 3:
        scan(_ENTITY_RUN, "html", lambda s: html.unescape(s) if html.unescape(s) != s else None)
        whole = html.unescape(text)
        if whole != text:
            first = _ENTITY.search(text)
            found.append(Payload("html", whole, first.span() if first else (0, len(text))))
    return found


def rot13(text: str) -> str:
    """rot13 keeps positions, so matches in it map back one to one."""
    return codecs.encode(text, "rot13")
