"""Word classes for orders to the grader, per language, and how they are compiled.

Why classes and not a list of forbidden sentences: an order to the grader is
recognised by what it is about (the rubric, the grade, the levels, the grader
itself) together with what it asks (ignore, give, choose) or claims (already
approved). Each language lists its own words for those few meanings, and
orders.py combines them into the same few templates for every language, so a
new synonym or a new language is a word added to a class, not a new rule.

Patterns are written in natural spelling (accents, ё, ß, full-width forms) and
folded at compile time exactly as the submission's view is folded (view.py),
so "calificación" in a class matches "calificacion", "CALIFICACIÓN" or
"ｃａｌｉｆｉｃａｃｉóｎ" in a submission.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from app.core.grading.screening.view import fold_char

# Class names every language may fill in.
IGNORE = "ignore"  # verbs that set instructions aside, in the form of an order
RUBRIC = "rubric"  # the rubric, criteria, instructions, prompt, previous orders
GIVE = "give"  # verbs that hand out a grade, in the form of an order
CHOOSE = "choose"  # verbs that pick a level or option
TOP = "top"  # the best grade: full marks, the highest level, 10/10, A+
MARK = "mark"  # grade, score, points, level, band
SELF = "self"  # this essay, my answer
DESERVE = "deserve"  # deserves, should get
PASSIVE = "passive"  # (the rubric) should be ignored / does not apply
ADDRESS = "address"  # whole phrases that speak to an AI or the grader
APPROVED = "approved"  # whole phrases that claim a grade was already approved
DECODE = "decode"  # whole phrases that ask to decode a payload and obey it
LEAD = "lead"  # what may stand before an order in a language that needs it (English)
ROLE = "role"  # roles a fake header line speaks as
ROLE_NOTE = "role_note"  # note, message, instructions (after a role)


@dataclass
class Language:
    code: str
    spaced: bool  # words separated by spaces (False: Chinese, Japanese)
    words: dict[str, list[str]] = field(default_factory=dict)

    def alternation(self, name: str) -> str:
        return "|".join(self.words.get(name, []))


def fold_pattern(source: str) -> str:
    """Fold a pattern's non-ASCII characters as the view folds text (ASCII is left alone,
    so regex escapes such as \\S and \\W keep their meaning)."""
    return "".join(ch if ch.isascii() else fold_char(ch) for ch in source)


def compile_folded(source: str) -> re.Pattern[str]:
    """Compile a pattern written with plain spaces: each space matches a space or a line break."""
    return re.compile(fold_pattern(source).replace(" ", r"[ \n]"))


# Short words that an order written letter by letter is made of besides the
# class words (used only to find word breaks in "i g n o r e t h e r u b r i c").
FUNCTION_WORDS = frozenset(
    """a an the to of and or all this that these my me i you your for is it its be
    are was in on at as with by from every each any no not do what says now please
    just then also must should will get essay answer work text submission teacher
    approved already been has have said decode follow obey execute read backwards
    message secret hidden real new ten out level levels criteria
    la las el los lo un una unos de del y e o a al en por para con su sus este esta
    todos todas le les des du et à au aux ce cette ces mon ma tous toutes pour sur
    die der das den dem des und ein eine einen für alle mit von zu ist sie du
    il lo gli i questo questa tutti tutte di da per con è o os as um uma do dos da das
    na no em esta este todos""".split()
)

_RUN = re.compile(r"[^\W\d_]{2,}")
_ESCAPES = re.compile(r"\\.")


@lru_cache(maxsize=1)
def _class_words() -> frozenset[str]:
    """Every literal word in the classes of the spaced languages (folded)."""
    from app.core.grading.screening.languages import LANGUAGES

    words: set[str] = set()
    for language in LANGUAGES:
        if not language.spaced:
            continue
        for alternatives in language.words.values():
            for alternative in alternatives:
                words |= set(_RUN.findall(_ESCAPES.sub(" ", fold_pattern(alternative))))
    return frozenset(words)


def _word_alternatives(languages: list[Language]) -> list[str]:
    found: list[str] = []
    for language in languages:
        if not language.spaced:
            continue
        for alternatives in language.words.values():
            for alternative in alternatives:
                if " " not in alternative and "[" not in alternative:
                    found.append(alternative)
    return found


@lru_cache(maxsize=1)
def vocabulary() -> re.Pattern[str]:
    """Matches (fullmatch) one word an order might contain, in any spaced language."""
    from app.core.grading.screening.languages import LANGUAGES

    words = sorted(set(_word_alternatives(LANGUAGES)), key=len, reverse=True)
    return re.compile(fold_pattern("(?:" + "|".join(words) + ")"))


def is_word(token: str) -> bool:
    """A known word: class words of any spaced language, or a common short one."""
    return (
        token in FUNCTION_WORDS
        or token in _class_words()
        or vocabulary().fullmatch(token) is not None
    )
