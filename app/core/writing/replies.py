"""What a model's reply to an edit really is: the revised text, nothing around it.

Small models wrap their answer ("Here is the corrected text:"), add notes after
it, put it in a code fence, or ramble on past the end of the text they were
given. Each part's reply is cut back to the part's answer before it is diffed,
and the caller is told when something was cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PREAMBLE = re.compile(
    r"^\s*(?:sure|certainly|of course|okay|ok|here(?:'s| is| are)|below is|"
    r"the (?:corrected|revised|rewritten|shortened|expanded|edited|translated|proofread)|"
    r"corrected|revised|rewritten|shortened|expanded|translation|proofread)\b[^\n]{0,120}:[ \t]*\n+",
    re.IGNORECASE,
)
_COMMENTARY = re.compile(
    r"^(?:notes?|explanation|changes(?: made)?|corrections?|i (?:made|have|changed|corrected|fixed)|"
    r"i've|let me know|this (?:version|revision|text)|the (?:corrected|revised) (?:text|version)|"
    r"(?:\*\*)?(?:note|changes)|---|\(note)\b",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^\s*```[\w-]*\n(.*?)\n```\s*$", re.DOTALL)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s|$)")


def ran_past(original: str, partial: str) -> bool:
    """True once a streaming same-shape answer has gone past the original's end.

    Whatever comes after that point would be cut anyway, so generating it is
    wasted time: the service stops the engine there.
    """
    return clean_reply(original, partial, same_shape=True).trimmed


@dataclass
class CleanReply:
    text: str
    trimmed: bool  # something past the answer was cut off


def clean_reply(original: str, reply: str, *, same_shape: bool) -> CleanReply:
    """The part of `reply` that answers for `original`.

    `same_shape`: the answer should have the original's paragraphs (proofread,
    rewrite, translate): extra paragraphs past them are rambling and are cut.
    """
    text = reply.strip()
    fenced = _FENCE.match(text)
    if fenced and "```" not in original:
        text = fenced.group(1).strip()
    if not _PREAMBLE.match(original):
        text = _PREAMBLE.sub("", text, count=1).strip()
    if len(text) >= 2 and text[0] == text[-1] == '"' and not original.startswith('"'):
        text = text[1:-1].strip()
    trimmed = False
    paragraphs = _PARAGRAPH_BREAK.split(text)
    wanted = len(_PARAGRAPH_BREAK.split(original.strip()))
    # Notes and commentary after the answer (never a paragraph the answer needs).
    floor = wanted if same_shape else 1
    while len(paragraphs) > floor and _COMMENTARY.match(paragraphs[-1].strip()):
        paragraphs.pop()
        trimmed = True
    if same_shape and len(paragraphs) > wanted:
        paragraphs = paragraphs[:wanted]
        trimmed = True
    if trimmed:
        text = _rejoin(text, paragraphs)
    if same_shape:
        text, cut = _cap_length(original, text)
        trimmed = trimmed or cut
    return CleanReply(text=text, trimmed=trimmed)


def _rejoin(text: str, paragraphs: list[str]) -> str:
    """The start of `text` that holds the kept paragraphs (with its own breaks)."""
    keep = len(paragraphs)
    breaks = list(_PARAGRAPH_BREAK.finditer(text))
    if keep > len(breaks):
        return text
    return text[: breaks[keep - 1].start()].rstrip()


def _cap_length(original: str, text: str) -> tuple[str, bool]:
    """Cut a same-shape answer that runs far past the original's length at a sentence end."""
    limit = int(len(original) * 1.6) + 40
    if len(text) <= limit:
        return text, False
    target = int(len(original) * 1.1)
    ends = [m.end() for m in SENTENCE_END.finditer(text, 0, limit)]
    after = [e for e in ends if e >= target]
    cut = after[0] if after else (ends[-1] if ends else limit)
    return text[:cut].rstrip(), True
