"""Orders to the grader, recognised by meaning in every language of the lexicon.

Each language's word classes (lexicon_*.py) fill the same templates: an order
to set the instructions aside (IGNORE … RUBRIC), to hand out the best grade
(GIVE … TOP … MARK), to pick the top level for every criterion, a claim that the
work deserves or already got the top grade, and words addressed to the grader.
In languages with spaces, the verb has to stand where an order stands (at the
start of a sentence or after "please", "you must", "AI,") so that an answer
which tells what happened ("we ignored the first reading") is not an order.

Speed: the templates never run over the whole text. The text's distinct words
are looked up once (a stem index says which class of which language each word
may belong to); only sentences holding a trigger word (rubric, grade, full
marks and their translations, an address to the grader) are looked at, and in
each only the templates whose every class of words occurs in that sentence run.
A sentence without such words costs a word split and a few dictionary look-ups.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

from app.core.grading import flags as F
from app.core.grading.screening import lexicon as L
from app.core.grading.screening.languages import LANGUAGES
from app.core.grading.screening.lexicon import Language, fold_pattern

MAX_SENTENCE = 600  # longer "sentences" are cut around the trigger word
_SENTENCE_END = re.compile(r"[.!?。！？]")

_SCRIPTS = {
    "latin": re.compile(r"[a-z]"),
    "cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "cjk": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uf900-\ufaff]"),
    "hangul": re.compile(r"[\uac00-\ud7af\u1100-\u11ff]"),
    "arabic": re.compile(r"[\u0600-\u06ff]"),
}
_SCRIPT_OF = {"en": "latin", "es": "latin", "fr": "latin", "de": "latin", "pt": "latin",
              "it": "latin", "ru": "cyrillic", "zh": "cjk", "ja": "cjk", "ko": "hangul",
              "ar": "arabic"}  # fmt: skip

# English orders that do not fit the templates (kept from the first detector).
_EXTRA_EN: list[tuple[str, str, str]] = [
    (
        F.ROLE_PLAY,
        "asks the grader to play a role",
        r"\b(?:pretend|imagine|suppose|act|behave|role-?play)\b[^.\n]{0,20}?\b(?:you are|you're|"
        r"to be|as|that you)\b[^.\n]{0,40}?\b(?:teacher|grader|marker|examiner|professor|ai|"
        r"assistant|model|bot|lenient|generous|kind|unrestricted|jailbroken|different|evil|"
        r"character)\b|\byou are now\b[^.\n]{0,40}?\b(?:\w*bot|\w*gpt|ai|grader|teacher|assistant|"
        r"model|mode|examiner|marker|professor)\b|\bfrom now on,? you\b|\bstay in character\b|"
        r"\bdeveloper mode\b|\bjailbreak|\blet'?s play a (?:game|role)",
    ),
    (
        F.ASKS_FOR_MARKS,
        "asks the grader to be lenient",
        r"\b(?:please|kindly)\s+(?:be (?:lenient|generous|kind)|grade (?:this )?(?:generously|"
        r"leniently|kindly)|don'?t (?:fail|mark) me)\b|\bdo not (?:deduct|take off|subtract|"
        r"penali[sz]e|lower|reduce)(?: any)?\s+(?:marks?|points?|scores?)",
    ),
    (
        F.ASKS_FOR_MARKS,
        "asks for marks",
        r"\bi (?:really |truly )?(?:need|deserve|must get|have to get|should get|want)\s+(?:an?\s+)?"
        r"(?:a\+|a\b(?!\s+[a-z'])|full marks|top marks|(?:a\s+)?high(?:er)? (?:grades?|marks?|"
        r"scores?)|100 ?%|the (?:highest|top) (?:grade|mark|score))",
    ),
    (
        F.OVERRIDE,
        "gives the grader new instructions",
        r"\b(?:new|updated|real|actual|hidden|secret|additional|important|system|admin|teacher'?s?|"
        r"override)\s+(?:instructions?|prompt|task|rubric|directive|command|criteria)\s*[:\-!]"
        r"|\b(?:instead|rather),? (?:output|return|respond with|reply with|print|"
        r"write)\b|\byou (?:must|will|shall|should|have to|are required to|are instructed to)\s+"
        r"(?:now\s+)?(?:output|respond|reply|return|print|say|answer with)\b",
    ),
]

# Words one of which every match of the _EXTRA_EN pattern at the same index contains
# (the verbs each alternative requires), so a pattern runs only where it can match.
_EXTRA_NEEDS = [
    "pretend imagine suppose act behave roleplay role now character developer jailbreak "
    "jailbroken play",
    "please kindly do",
    "need deserve must have should want",
    "new updated real actual hidden secret additional important system admin teacher teachers "
    "override instead rather you",
]
_EXTRA_TRIGGERS = (
    r"pretend|imagine|suppose|act|behave|role-?play|you are now|from now on|stay in character|"
    r"developer mode|jailbreak|let'?s play|lenient|generous|deduct|penali[sz]e|i (?:really |truly )?"
    r"(?:need|deserve|must|have|should|want)|instead|rather|system prompt|you (?:must|will|shall|"
    r"should|have to|are)"
)

_ALL_EN = (
    r"(?:all|every|each|the whole|everything|criteri\w*|categor\w*|rubric\w*|sections?|parts?|"
    r"questions?|dimensions?|areas?|rows?|traits?|strands?|skills?)"
)


@dataclass
class Finding:
    kind: str
    message: str
    start: int
    end: int
    language: str = ""


@dataclass
class _Rule:
    kind: str
    message: str
    language: str
    pattern: re.Pattern[str]
    needs: tuple[str, ...] = ()  # classes that must all occur in the sentence
    veto_before: re.Pattern[str] | None = None  # a narrator before the verb: not an order
    start_before: re.Pattern[str] | None = None  # what must stand before the verb (a start)

    def span(self, match: re.Match[str]) -> tuple[int, int]:
        return match.span()


# Who an honest answer says did something ("we ignore the rubric when...", "many
# students ignore the grading criteria"): an order has no such subject.
_NARRATOR = re.compile(
    r"(?:^|\W)(?:i|we|they|he|she|it|you|students?|pupils?|people|teachers?|many|some|most|"
    r"often|sometimes|usually|never|always|not|to|don't|didn't|doesn't|would|could|might|who|"
    r"which|that|can|cannot|can't|will|won't|should|shouldn't|may)\W*$"
)


def _cls(language: Language, name: str) -> str:
    alternation = language.alternation(name)
    if not alternation:
        return ""
    body = fold_pattern(alternation).replace(" ", r"[ \n]")
    if language.spaced:
        return rf"(?<!\w)(?:{body})(?!\w)"
    return f"(?:{body})"


def _words(n: int) -> str:
    """Up to n words between two parts of an order, within one sentence."""
    return rf"(?:[^\w.!?;。！？]+[\w'-]+){{0,{n}}}?[^\w.!?;。！？]+"


def _chars(n: int) -> str:
    """Up to n characters within one clause (no sentence end, no comma)."""
    return rf"[^.!?。！？、，,]{{0,{n}}}?"


START = "{start}"  # placeholder in a template: the order must begin a sentence


def _start_before(language: Language) -> re.Pattern[str]:
    """Matches (ending where the verb starts) a sentence start or a lead ("please", "you must")."""
    lead = _cls(language, L.LEAD)
    first = r"(?:^|[.!?:;\"'()\[\]\-*>\n])[\s\"'*_(\[-]*"
    if not lead:
        return re.compile(first + "$")
    return re.compile(rf"(?:{first}|{lead}[\s,:]+)(?:{lead}[\s,:]+){{0,2}}$")


def _templates(language: Language) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(kind, message, pattern source, classes it needs) for one language."""
    c = {name: _cls(language, name) for name in language.words}
    c.setdefault("value", "")
    rules: list[tuple[str, str, str, tuple[str, ...]]] = []

    def add(kind: str, message: str, needs: tuple[str, ...], *parts: str) -> None:
        if all(parts):
            if parts[0] == START:
                rules.append((kind + "|start", message, "".join(parts[1:]), needs))
            else:
                rules.append((kind, message, "".join(parts), needs))

    ignore, rubric, give, top, mark = (c.get(k, "") for k in (L.IGNORE, L.RUBRIC, L.GIVE, L.TOP,
                                                                L.MARK))  # fmt: skip
    value = c["value"]
    if language.spaced:
        start, near, close = START, _words(6), _words(3)
        add(F.OVERRIDE, "tells the grader to ignore its instructions", (L.IGNORE, L.RUBRIC),
            start, ignore, near, rubric)  # fmt: skip
        best = f"(?:{top}{close}{mark}|{mark}{close}{top}" + (f"|{value})" if value else ")")
        best_needs = (L.GIVE, "best")
        add(F.ASKS_FOR_MARKS, "asks for marks", best_needs, start, give, near, best)
        if language.code == "en":
            add(
                F.ASKS_FOR_MARKS,
                "asks for the top level on every criterion",
                (L.CHOOSE, L.TOP, L.MARK),
                start,
                c.get(L.CHOOSE, ""),
                _words(4),
                top,
                _words(2),
                mark,
                _words(3),
                r"(?:for|on|in|across|under|to)",
                _words(2),
                _ALL_EN,
            )
            # Without a sentence start (an order buried mid-sentence in a long answer),
            # but only with words that can mean nothing else; vetoed after a narrator.
            rules.append(
                (
                    F.OVERRIDE + "|veto",
                    "tells the grader to ignore its instructions",
                    ignore + near + c["rubric_strong"],
                    (L.IGNORE, "rubric_strong"),
                )
            )
            rules.append(
                (
                    F.ASKS_FOR_MARKS + "|veto",
                    "asks for marks",
                    give + " ?" + c["self_object"] + close + best,
                    (L.GIVE,),
                )
            )
        add(F.ASKS_FOR_MARKS, "says the work deserves the top grade", (L.SELF, L.DESERVE),
            c.get(L.SELF, ""), close, c.get(L.DESERVE, ""), _words(4),
            f"(?:{top}|{value})" if value else top)  # fmt: skip
    else:
        near = _chars(20)
        add(
            F.OVERRIDE,
            "tells the grader to ignore its instructions",
            (L.IGNORE, L.RUBRIC),
            ignore,
            near,
            rubric,
        )
        add(
            F.OVERRIDE,
            "tells the grader to ignore its instructions",
            (L.IGNORE, L.RUBRIC),
            rubric,
            near,
            ignore,
        )
        add(F.ASKS_FOR_MARKS, "asks for marks", (L.GIVE, L.TOP), give, _chars(20), top)
        add(F.ASKS_FOR_MARKS, "asks for marks", (L.GIVE, L.TOP), top, _chars(12), give)
        add(
            F.ASKS_FOR_MARKS,
            "says the work deserves the top grade",
            (L.DESERVE, L.TOP),
            c.get(L.SELF, ""),
            _chars(15),
            c.get(L.DESERVE, ""),
            _chars(15),
            top,
        )
    add(F.OVERRIDE, "says the rubric no longer applies", (L.RUBRIC, L.PASSIVE), rubric,
        _words(4) if language.spaced else _chars(8), c.get(L.PASSIVE, ""))  # fmt: skip
    return rules


@lru_cache(maxsize=1)
def _region_rules() -> dict[str, list[_Rule]]:
    """Template rules per script, run on sentences that hold the words they need."""
    by_script: dict[str, list[_Rule]] = {}
    for language in LANGUAGES:
        code = language.code
        rules = [
            _Rule(
                kind.split("|")[0],
                message,
                code,
                re.compile(source),
                tuple((code, n) for n in needs),
                _NARRATOR if kind.endswith("|veto") else None,
                _start_before(language) if kind.endswith("|start") else None,
            )  # fmt: skip
            for kind, message, source, needs in _templates(language) + _phrase_sources(language)
        ]
        if code == "en":
            rules += [
                _Rule(kind, message, "en", re.compile(source), (("en", f"extra{i}"),))
                for i, (kind, message, source) in enumerate(_EXTRA_EN)
            ]
        by_script.setdefault(_SCRIPT_OF[code], []).extend(rules)
    return by_script


def _phrase_sources(language: Language) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """Whole phrases (addresses, claims, decode-and-obey), run like the templates."""
    kinds = [
        (L.ADDRESS, F.ADDRESSED_TO_AI, "text addressed to an AI or the grader"),
        (L.APPROVED, F.OVERRIDE, "claims the grade was already approved"),
        (L.DECODE, F.OVERRIDE, "asks the grader to decode a hidden order and follow it"),
    ]
    return [
        (kind, message, _cls(language, name),
         (name + "_key",) if language.words.get(name + "_key") else (name,))
        for name, kind, message in kinds
        if language.words.get(name)
    ]  # fmt: skip


_ESCAPE = re.compile(r"\\.|\(\?[:!=<]+|\{\d+(?:,\d*)?\}")
_RUN = re.compile(r"[^\W\d_]{2,}[?*]?")
_TRIGGER_CLASSES = (L.RUBRIC, L.TOP, L.MARK, "value", "rubric_strong", L.ADDRESS, L.APPROVED,
                    L.DECODE, L.IGNORE)  # fmt: skip


def _stems(source: str) -> set[str]:
    """Letter runs that start a word of every match of `source` (a superset is fine)."""
    stems = set()
    for run in _RUN.findall(_ESCAPE.sub(" ", fold_pattern(source))):
        if run[-1] in "?*":
            run = run[:-2]
        if len(run) >= 2:
            stems.add(run)
    return stems


MIN_STEM = 4  # shorter stems ("ai", "top", "nota") must be the whole word
_LONGEST = 16
_TOKEN = re.compile(r"\w+")
_NON_LATIN = re.compile(r"[\u0600-\u06ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
# Words too common to pick out a sentence (they still count for a rule's needs).
_STOP = frozenset(
    """the and to of it as in on at is are was be for by with an this that my me you your we if
    or not no do de la el los las le les un una des du et en que di il da der die das und zu den
    dem ein eine и в на не по для к с а any all has had have been were from what then now so
    just also can may will must should would could our us his her their them they he she per
    para por con del al lo se su sus es est une pour par sur au aux ce ces mon ma mes ton ta tu
    vous nous ils elle im ist sie ich du mit von für auf nicht os um uma dos na em gli che non si
    mi ti ci vi della carry read convert translate follow apply says run act make take get
    comply""".split()
)


@dataclass
class _Index:
    """Which (language, class) each word stem belongs to."""

    exact: dict[str, set[tuple[str, str]]]
    prefix: dict[str, set[tuple[str, str]]]
    triggers: frozenset[str]  # stems that pick out a sentence
    literals: dict[tuple[str, str], re.Pattern[str]]  # classes of unspaced languages


@lru_cache(maxsize=1)
def _index() -> _Index:
    exact: dict[str, set[tuple[str, str]]] = {}
    prefix: dict[str, set[tuple[str, str]]] = {}
    triggers: set[str] = set()
    literals: dict[tuple[str, str], re.Pattern[str]] = {}

    def note(stem: str, key: tuple[str, str], trigger: bool) -> None:
        exact.setdefault(stem, set()).add(key)
        if len(stem) >= MIN_STEM:
            prefix.setdefault(stem[:_LONGEST], set()).add(key)
        if trigger and stem not in _STOP:
            triggers.add(stem)

    for stem in _stems(_EXTRA_TRIGGERS):
        note(stem, ("en", "extra"), True)
    for i, words in enumerate(_EXTRA_NEEDS):
        for stem in words.split():
            note(stem, ("en", f"extra{i}"), False)
    for language in LANGUAGES:
        for name, alternatives in language.words.items():
            key = (language.code, name)
            trigger = name in _TRIGGER_CLASSES
            found: set[str] = set()
            for alternative in alternatives:
                # Common words do not pick out anything; an alternative made of
                # nothing else keeps them (a class's stems must cover every match).
                stems = _stems(alternative)
                found |= (stems - _STOP) or stems
            if language.spaced:
                for stem in found:
                    note(stem, key, trigger)
                    if name in (L.TOP, L.MARK, "value"):
                        note(stem, (language.code, "best"), False)
            else:
                wide = sorted((s for s in found if not s.isascii()), key=len, reverse=True)
                if wide:
                    literals[key] = re.compile("|".join(re.escape(s) for s in wide))
                for stem in found:
                    if stem.isascii():
                        note(stem, key, trigger)
    return _Index(exact, prefix, frozenset(triggers), literals)


_CLASSES_OF: dict[str, tuple[frozenset[tuple[str, str]], bool]] = {}


def _classes_of(token: str) -> tuple[frozenset[tuple[str, str]], bool]:
    """Every (language, class) a word may belong to, and whether it picks out a
    sentence (cached: words repeat)."""
    known = _CLASSES_OF.get(token)
    if known is not None:
        return known
    index = _index()
    keys: set[tuple[str, str]] = set(index.exact.get(token, ()))
    for size in range(MIN_STEM, min(len(token), _LONGEST) + 1):
        keys |= index.prefix.get(token[:size], set())
    found = (frozenset(keys), _is_trigger(token))
    if len(_CLASSES_OF) < 100_000:
        _CLASSES_OF[token] = found
    return found


def _is_trigger(token: str) -> bool:
    triggers = _index().triggers
    if token in triggers:
        return True
    return any(token[:size] in triggers for size in range(MIN_STEM, min(len(token), _LONGEST) + 1))


def unspaced_script(text: str) -> bool:
    """Whether `text` has letters of a script written without spaces (CJK, Arabic...)."""
    return _NON_LATIN.search(text) is not None


def has_trigger(tokens) -> bool:
    """Whether any of these words would pick out a sentence."""
    return any(_is_trigger(token) for token in tokens)


def _present(window: str, unspaced: bool) -> tuple[set[tuple[str, str]], bool]:
    """The (language, class) pairs whose words occur in `window`, and whether any of
    them picks out a sentence."""
    keys: set[tuple[str, str]] = set()
    trigger = False
    cache = _CLASSES_OF
    for token in set(_TOKEN.findall(window)):
        classes, picks = cache.get(token) or _classes_of(token)
        if classes:
            keys |= classes
            trigger = trigger or picks
    if unspaced:
        for key, pattern in _index().literals.items():
            if pattern.search(window):
                keys.add(key)
                trigger = trigger or key[1] in _TRIGGER_CLASSES
    return keys, trigger


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; one longer than MAX_SENTENCE is cut into overlapping pieces."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    step = MAX_SENTENCE - MAX_SENTENCE // 4
    for start, end in spans:
        while end - start > MAX_SENTENCE:
            out.append((start, start + MAX_SENTENCE))
            start += step
        out.append((start, end))
    return out


def _candidate_sentences(text: str, picks: set[str], unspaced: bool) -> list[tuple[int, int]]:
    """Every sentence when trigger words are many (or the script has no spaces),
    else only the sentences around the few there are."""
    sentences = _sentences(text)
    if unspaced or len(picks) > 12:
        return sentences
    words = "|".join(re.escape(t) for t in sorted(picks, key=len, reverse=True))
    starts = [start for start, _ in sentences]
    chosen: dict[int, tuple[int, int]] = {}
    for match in re.finditer(rf"(?<!\w)(?:{words})(?!\w)", text):
        i = bisect_left(starts, match.start() + 1) - 1
        chosen.setdefault(i, sentences[i])
        if i + 1 < len(sentences) and sentences[i + 1][0] < match.end():
            chosen.setdefault(i + 1, sentences[i + 1])  # a cut sentence's overlap
    return [chosen[i] for i in sorted(chosen)]


@cache
def _grouped(script: str) -> list[tuple[frozenset[tuple[str, str]], list[_Rule]]]:
    """A script's rules grouped by the classes they need (checked once per sentence)."""
    groups: dict[frozenset[tuple[str, str]], list[_Rule]] = {}
    for rule in _region_rules()[script]:
        groups.setdefault(frozenset(rule.needs), []).append(rule)
    return list(groups.items())


def find_orders(text: str) -> list[Finding]:
    """Orders to the grader in `text` (a view's text), with their positions there.

    Sentence by sentence: a sentence without a trigger word costs one word
    split and a few dictionary look-ups; the templates run only in sentences
    that hold every class of words a template needs.
    """
    found: list[Finding] = []
    by_script = _region_rules()
    unspaced_text = unspaced_script(text)
    picks = {t for t in set(_TOKEN.findall(text)) if _classes_of(t)[1]}
    if not picks and not unspaced_text:
        return found
    for start, end in _candidate_sentences(text, picks, unspaced_text):
        window = text[start:end]
        present, trigger = _present(window, unspaced_text and unspaced_script(window))
        if not trigger:
            continue
        for script in by_script:
            if not _SCRIPTS[script].search(window):
                continue
            for needs, group in _grouped(script):
                if not needs <= present:
                    continue
                for rule in group:
                    for match in rule.pattern.finditer(text, start, end):
                        a, b = rule.span(match)
                        if b <= a:
                            continue
                        veto = rule.veto_before
                        if veto and veto.search(text, max(0, a - 30), a):
                            continue
                        lead = rule.start_before
                        if lead and not lead.search(text, max(0, a - 80), a):
                            continue
                        found.append(Finding(rule.kind, rule.message, a, b, rule.language))
    return found
