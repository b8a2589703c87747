"""Flags text in a submission that is aimed at the grader rather than the reader.

Why heuristics and not the model: the point is to catch what might fool the
model, so the model cannot be the judge. Patterns run on text normalised the way
a reader sees it (NFKC, case folded, Cyrillic/Greek look-alike letters folded to
Latin, invisible characters dropped), so "іgnore" with a Cyrillic і, "ｉｇｎｏｒｅ"
in fullwidth letters or "ig\u200bnore" with a zero-width space read as "ignore".
The disguises are flagged in their own right too.

Flags only put a submission in front of the teacher; they never change a score.
The prompt separately fences the submission as data (see prompts.py).
"""

from __future__ import annotations

import re
import unicodedata

from app.core.grading import flags as F
from app.core.grading.flags import Flag
from app.core.grading.textnorm import INVISIBLE, Normalized, normalize

MAX_FLAGS_PER_KIND = 5

_AI = (
    r"(ai|a\.i\.|llm|chat ?gpt|gpt|gemini|claude|copilot|language model|chatbot|bot|grader|"
    r"grading (ai|system|model|assistant|bot|tool)|marker|examiner|assessor|evaluator|assistant|"
    r"automated (grader|grading|system|marker|assessor)|ai (grader|marker|assistant|model|system))"
)
_MARK_WORDS = r"(marks?|points?|scores?|credit|grades?|level|rating|band)"
_TOP = r"(full|maximum|max|top|highest|perfect|all the|all|100 ?%)"
_GRADE_VALUES = r"(an? a\+?(?![\w-])|a\+|10 ?/ ?10|100 ?/ ?100|5 ?/ ?5|4 ?/ ?4|100 ?%)"
_GIVE = (
    r"(give|giving|award|awarding|assign|grant|deserves?|should (get|receive|be given|be awarded)|"
    r"must (get|receive|be given|be awarded)|mark (this|it|me) (as|with)|grade (this|it|me) (as|with)|"
    r"score (this|it|me) (as|with|at))"
)

# Patterns over the whole text (whitespace collapsed, so they also see across lines).
TEXT_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    (
        F.ADDRESSED_TO_AI,
        "text addressed to an AI or the grader",
        re.compile(
            rf"\b(dear|hey|hi|hello|attention|note to( the)?|message (to|for)( the)?|to the|"
            rf"instructions? (to|for)( the)?|you,? the|you are the)\s+{_AI}\b"
        ),
    ),
    (
        F.ADDRESSED_TO_AI,
        "text addressed to an AI or the grader",
        re.compile(
            r"\bif you(\s+\w+){0,2}\s+(are|were)\s+(an?\s+)?(ai|a\.i\.|llm|language model|chatbot|"
            r"bot|machine|automated|robot|program|grading|model)\b"
        ),
    ),
    (
        F.ASKS_FOR_MARKS,
        "asks for marks",
        re.compile(rf"\b{_GIVE}\b[^.\n]{{0,40}}?\b{_TOP}\s+(the\s+)?{_MARK_WORDS}\b"),
    ),
    (
        F.ASKS_FOR_MARKS,
        "asks for marks",
        re.compile(rf"\b{_GIVE}\b[^.\n]{{0,30}}?(?<![\w+]){_GRADE_VALUES}"),
    ),
    (
        F.ASKS_FOR_MARKS,
        "asks for marks",
        re.compile(
            r"\bi (really |truly )?(need|deserve|must get|have to get|should get|want)\s+"
            r"(an?\s+)?(a\+|a\b(?!\s+[a-z])|full marks|top marks|good grades?|"
            r"(a\s+)?high(er)? (grades?|marks?|scores?)|100 ?%|the (highest|top) (grade|mark|score))"
        ),
    ),
    (
        F.ASKS_FOR_MARKS,
        "asks the grader to be lenient",
        re.compile(
            r"\b(please|kindly)\s+(be (lenient|generous|kind)|grade (this )?(generously|leniently|"
            r"kindly)|don'?t (fail|mark) me)\b|\bdo not (deduct|take off|subtract|penali[sz]e|"
            r"lower|reduce)( any)?\s+(marks?|points?|scores?)"
        ),
    ),
    (
        F.OVERRIDE,
        "tells the grader to ignore its instructions",
        re.compile(
            r"\b(ignore|disregard|forget( about)?|override|overrule|bypass|skip)\b[^.\n]{0,30}?\b"
            r"(instructions?|rubric|criteria|guidelines|prompt|directions|grading (scheme|criteria|"
            r"rules|guide)|marking (scheme|criteria|guide)|system message)\b"
        ),
    ),
    (
        F.OVERRIDE,
        "gives the grader new instructions",
        re.compile(
            r"\b(new|updated|real|actual|hidden|secret|additional|important|system|admin|"
            r"teacher'?s?|override)\s+(instructions?|prompt|task|rubric|directive|command)\s*[:\-!]"
            r"|\bsystem prompt\b"
            r"|\byou (must|will|shall|should|have to|are required to|are instructed to)\s+(now\s+)?"
            r"(give|award|assign|grade|score|mark|output|respond|reply|return|print|say|ignore|rate|"
            r"answer with)\b"
            r"|\b(instead|rather),? (output|return|respond with|reply with|print|write)\b"
            r"|\b(this|the) (essay|answer|submission|work) (has|had) (already )?been (pre-?)?"
            r"(approved|graded|verified|marked|checked) (as|with|by)\b"
        ),
    ),
    (
        F.ROLE_PLAY,
        "asks the grader to play a role",
        re.compile(
            r"\b(pretend|imagine|suppose|act|behave|role-?play|role play)\b[^.\n]{0,20}?"
            r"\b(you are|you're|to be|as|that you)\b[^.\n]{0,40}?\b(teacher|grader|marker|examiner|"
            r"professor|ai|assistant|model|bot|lenient|generous|kind|unrestricted|jailbroken|"
            r"different|evil|character)\b"
            r"|\byou are now\b[^.\n]{0,40}?\b(\w*bot|\w*gpt|ai|grader|teacher|assistant|model|mode|"
            r"examiner|marker|professor)\b|\bfrom now on,? you\b|\bstay in character\b|\bdeveloper mode\b"
            r"|\bjailbreak|\blet'?s play a (game|role)"
        ),
    ),
    (
        F.FAKE_JSON,
        "contains grading-shaped JSON or markup",
        re.compile(
            r"\{[^{}]{0,400}?[\"']?(level|score|points|grade|marks|total|verdict|quotes|reason|"
            r"criteria|rubric|result)[\"']?\s*:"
            r"|<(grade|score|level|points|verdict|result)>"
        ),
    ),
    (
        F.CHAT_MARKUP,
        "contains chat-template markup",
        re.compile(
            r"<\|[a-z_]{2,30}\|>|\[/?inst\]|<</?sys>>|<(start|end)_of_turn>|</?s>|<\|?endoftext\|?>"
        ),
    ),
    (
        F.FAKE_RUBRIC,
        "contains a fake submission or rubric marker",
        re.compile(
            r"(<<<|>>>|={3,}|-{3,}|\*{3,}|#{1,6} |\[|</?|\()\s*(end|begin|beginning|start|close|"
            r"closing)\s*(of\s+)?(the\s+)?(student'?s?\s+)?(submission|essay|answer|text|work|"
            r"homework|document)\b"
            r"|(<<<|>>>|={3,}|-{3,}|\*{3,}|#{1,6} |\[|</?)\s*(end\s+|begin\s+|start\s+)?(of\s+)?"
            r"(the\s+)?(rubric|system|grader|grading|marking scheme|teacher notes?)\b"
            r"|(<<<|>>>|={3,}|\[|</?)\s*(new\s+|end\s+|begin\s+)?(of\s+)?(the\s+)?instructions\b"
        ),
    ),
]

# Patterns for single lines (anchored at the line start).
LINE_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    (
        F.FAKE_RUBRIC,
        "contains a line that looks like rubric or grading text",
        re.compile(
            r"^[\s\[\(<#*=>\-]*(rubric|grading|grader|marking|scoring|assessment|evaluation|"
            r"criterion|criteria|verdict|teacher'?s? note|note to (the )?(grader|marker|teacher))"
            r"\b[^:\]\n]{0,30}[:\]>]"
            r"|^[\s\[\(<#*=>\-]*(level|points|score|mark|grade)\s*[:=]\s*(\d+(\.\d+)?\s*"
            r"(/\s*\d+|points?|marks?)|excellent|exemplary|proficient|outstanding|full|max(imum)?|"
            r"a\+)"
        ),
    ),
    (
        F.CHAT_MARKUP,
        "contains a chat-role line",
        re.compile(r"^\s*(system|assistant|user|human|ai)\s*:\s*\S"),
    ),
]

_PADDING = re.compile(r"(\n[ \t]*){20,}|[ \t]{200,}")
_WORD = re.compile(r"\w+")


def detect_injection(text: str) -> list[Flag]:
    """Flags for text aimed at the grader; an empty list for an ordinary submission."""
    found: list[Flag] = []
    whole = normalize(text, lookalikes=True)
    for kind, message, pattern in TEXT_PATTERNS:
        for match in pattern.finditer(whole.text):
            found.append(_flag(kind, message, text, whole, match))
    offset = 0
    for line in text.splitlines(keepends=True):
        norm = normalize(line, lookalikes=True)
        for kind, message, pattern in LINE_PATTERNS:
            match = pattern.search(norm.text)
            if match and match.end() > match.start():
                flag = _flag(kind, message, line, norm, match)
                if flag.span:
                    flag.span = (flag.span[0] + offset, flag.span[1] + offset)
                found.append(flag)
        offset += len(line)
    found += _disguises(text)
    return _dedupe(found)


def _flag(kind: str, message: str, text: str, norm: Normalized, match: re.Match) -> Flag:
    start, end = match.start(), match.end()
    while end > start and norm.text[end - 1] == " ":
        end -= 1
    span = norm.original_span(start, end) if end > start else None
    snippet = " ".join(text[span[0] : span[1]].split()) if span else ""
    if len(snippet) > 80:
        snippet = snippet[:79] + "…"
    return Flag(kind, f"{message}: “{snippet}”" if snippet else message, span)


def _disguises(text: str) -> list[Flag]:
    found = []
    hidden = [i for i, ch in enumerate(text) if ch in INVISIBLE and not (i == 0 and ch == "\ufeff")]
    if hidden:
        found.append(
            Flag(
                F.HIDDEN_CHARACTERS,
                f"contains {len(hidden)} invisible character(s) (zero-width or direction marks)",
                (hidden[0], hidden[0] + 1),
            )
        )
    for match in _WORD.finditer(text):
        word = match.group()
        if _looks_disguised(word):
            found.append(
                Flag(
                    F.LOOKALIKE_LETTERS,
                    f"a word mixes look-alike letters from other scripts: “{word[:40]}”",
                    match.span(),
                )
            )
    for match in _PADDING.finditer(text):
        found.append(Flag(F.PADDING, "long run of blank space that could hide text", match.span()))
    return found


def _looks_disguised(word: str) -> bool:
    scripts = set()
    for ch in word:
        if not ch.isalpha():
            continue
        if 0x1D400 <= ord(ch) <= 0x1D7FF or 0xFF21 <= ord(ch) <= 0xFF5A:
            return True  # mathematical or fullwidth Latin letters
        name = unicodedata.name(ch, "")
        scripts.add(name.split(" ", 1)[0])
    return "LATIN" in scripts and bool(scripts & {"CYRILLIC", "GREEK"})


def _dedupe(found: list[Flag]) -> list[Flag]:
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
