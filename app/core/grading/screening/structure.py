"""Text shaped like something other than an answer: role headers, hidden comments,
grading-shaped JSON, chat-template markup, fake rubric and end-of-submission markers.

Why shape and not meaning: a line that starts "[SYSTEM]" or "Instructor note -"
pretends to come from someone other than the student whatever it goes on to
say, and a Markdown comment (`[//]: # (grader: ...)`) is invisible in the
rendered answer, so it can only be meant for a machine. These run on the
reader view (view.py + deobfuscate.py), which keeps line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.core.grading import flags as F
from app.core.grading.screening import lexicon as L
from app.core.grading.screening.languages import LANGUAGES
from app.core.grading.screening.lexicon import fold_pattern

# Roles that a student never is; a line speaking as one of them is a fake header.
_TEACHER_LIKE = frozenset(
    """teacher instructor professor tutor lecturer staff faculty profesor profesora docente
    maestro professeur enseignant enseignante lehrer lehrerin lehrkraft dozent professora
    professore professoressa insegnante учитель преподаватель 老师 老師 教师 教師 先生 講師
    선생님 교사 المعلم المعلمة""".split()
)

_SHAPES: list[tuple[str, str, re.Pattern[str]]] = [
    (
        F.FAKE_JSON,
        "contains grading-shaped JSON or markup",
        re.compile(
            r"\{[^{}]{0,400}?[\"']?(?:level|score|points|grade|marks|total|verdict|quotes|reason|"
            r"criteria|rubric|result)[\"']?\s*:|<(?:grade|score|level|points|verdict|result)>"
        ),
    ),
    (
        F.CHAT_MARKUP,
        "contains chat-template markup",
        re.compile(
            r"<\|[a-z_]{2,30}\|>|\[/?inst\]|<</?sys>>|<(?:start|end)_of_turn>|</?s>|<\|?endoftext\|?>"
        ),
    ),
    (
        F.FAKE_RUBRIC,
        "contains a fake submission or rubric marker",
        re.compile(
            r"(?:<<<|>>>|={3,}|-{3,}|\*{3,}|#{1,6} |\[|</?|\()\s*(?:end|begin|beginning|start|"
            r"close|closing)\s*(?:of\s+)?(?:the\s+)?(?:student'?s?\s+)?(?:submission|essay|answer|"
            r"text|work|homework|document)\b"
            r"|(?:<<<|>>>|={3,}|-{3,}|\*{3,}|\[|</?)\s*(?:end\s+|begin\s+|start\s+)?"
            r"(?:of\s+)?(?:the\s+)?(?:rubric|system|grader|grading|marking scheme|teacher notes?)\b"
            # A Markdown heading "## Grading in Finland" or "## System" is an essay's.
            r"|#{1,6} (?:end\s+|begin\s+|start\s+)?(?:of\s+)?(?:the\s+)?(?:rubric|grader|"
            r"marking scheme|teacher notes?|grading (?:rubric|notes|instructions|criteria))\b"
            r"|(?:<<<|>>>|={3,}|\[|</?)\s*(?:new\s+|end\s+|begin\s+)?(?:of\s+)?(?:the\s+)?"
            r"instructions\b"
        ),
    ),
    (
        F.FAKE_RUBRIC,
        "contains a line that looks like rubric or grading text",
        re.compile(
            r"(?m)^[ \[\(<#*=>\-]*(?:rubric|grading|grader|marking|scoring|assessment|evaluation|"
            r"criterion|criteria|verdict|teacher'?s? note|note to (?:the )?(?:grader|marker|"
            r"teacher))\b[^:\]\n]{0,30}[:\]>]"
            r"|^[ \[\(<#*=>\-]*(?:level|points|score|mark|grade)\s*[:=]\s*(?:\d+(?:\.\d+)?\s*"
            r"(?:/\s*\d+|points?|marks?)|excellent|exemplary|proficient|outstanding|full|"
            r"max(?:imum)?|a\+)"
        ),
    ),
]

_COMMENT = re.compile(
    r"\[//\]: ?# ?[(\"'<][^\n]{0,500}|\[(?:comment|note|hidden|_)\]: ?# ?[(\"'<][^\n]{0,500}"
    r"|<!--[\s\S]{0,2000}?(?:-->|$)"
)
_ABOUT_GRADING = (
    r"grad\w*|rubric\w*|scor\w*|marks?|points|levels?|ai|llm|gpt|model|assistant|teacher|"
    r"instructor|evaluat\w*|examiner|criteri\w*|instruction\w*|prompt|system|nota|"
    r"puntos|punkte|баллы?|分|点|점|درجة"
)


@dataclass
class Shape:
    kind: str
    message: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _role_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    roles = sorted(
        {fold_pattern(r) for lang in LANGUAGES for r in lang.words.get(L.ROLE, [])},
        key=len,
        reverse=True,
    )
    notes = sorted(
        {fold_pattern(n) for lang in LANGUAGES for n in lang.words.get(L.ROLE_NOTE, [])},
        key=len,
        reverse=True,
    )
    role = "(?:" + "|".join(roles) + ")(?:'s)?"
    note = "(?:" + "|".join(notes) + ")"
    lead = r"(?m)^[ \t>*#_\-|]*"
    bracketed = re.compile(rf"{lead}[\[<({{] ?{role}(?: {note})? ?[\]>)}}]")
    noted = re.compile(rf"{lead}{role}[ \-]{note} ?(?:[:：=\-]|$)")
    colon = re.compile(rf"{lead}({role}) ?[:：] ?(?=\S)")
    return bracketed, noted, colon


@lru_cache(maxsize=1)
def _about_grading() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_ABOUT_GRADING})(?!\w)|(?:分数|評価|점수|满分|満点|만점)")


# Where a fake marker can start: the marker patterns are tried only there, which
# keeps a long alternation from being tried at every character.
_MARKER_START = re.compile(r"[<>=*#\[({-]")
_NEWLINE = re.compile(r"\n")


def find_shapes(text: str) -> list[Shape]:
    """Fake headers, hidden comments and grading-shaped markup in a view's text."""
    found: list[Shape] = []
    last: dict[int, int] = {}
    starts = {m.start() for m in _MARKER_START.finditer(text)}
    starts |= {0} | {m.end() for m in _NEWLINE.finditer(text)}
    for at in sorted(starts):
        for index, (kind, message, pattern) in enumerate(_SHAPES):
            if at < last.get(index, -1):
                continue
            match = pattern.match(text, at)
            if match and match.end() > match.start():
                found.append(Shape(kind, message, match.start(), match.end()))
                last[index] = match.end()
    bracketed, noted, colon = _role_patterns()
    message = "has a line that speaks as someone other than the student"
    for pattern in (bracketed, noted):
        found += [Shape(F.ROLE_LINE, message, m.start(), m.end()) for m in pattern.finditer(text)]
    about = _about_grading()
    for match in colon.finditer(text):
        role = match.group(1).removesuffix("'s")
        line_end = text.find("\n", match.end())
        line = text[match.end() : line_end if line_end >= 0 else len(text)]
        if role not in _TEACHER_LIKE or about.search(line):
            found.append(Shape(F.ROLE_LINE, message, match.start(), match.end()))
    for match in _COMMENT.finditer(text):
        if about.search(match.group()):
            found.append(
                Shape(
                    F.HIDDEN_COMMENT,
                    "has a comment hidden from the reader that mentions grading",
                    match.start(),
                    match.end(),
                )
            )
    return found
