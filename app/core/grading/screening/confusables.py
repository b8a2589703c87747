"""Letters from other scripts that look like Latin letters, from Unicode's own data.

Why a maintained table: TR39's confusables.txt (shipped, with Unicode's
Scripts.txt, by the confusable-homoglyphs package) covers every script and is
updated with each Unicode release; a hand-made list only ever covers the
look-alikes someone thought of (the first detector missed Armenian "օ").

The package stores each source/prototype pair in both directions, so the Latin
side is recovered here: a letter outside ASCII whose pair is a single ASCII
letter folds to it, "rn"-style pairs fold to the letter they imitate. Keys are
in the form the view shows them (view.fold_char), so the table applies to the
view directly.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from importlib import resources

from app.core.grading.screening.view import fold_char

log = logging.getLogger(__name__)

_PAIRS = {"rn": "m", "vv": "w", "cl": "d", "ii": "u"}


@lru_cache(maxsize=1)
def latin_lookalikes() -> dict[str, str]:
    """{letter as the view shows it: the ASCII letter it imitates}."""
    try:
        raw = (
            resources.files("confusable_homoglyphs")
            .joinpath("confusables.json")
            .read_text(encoding="utf-8")
        )
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        log.warning("confusable-homoglyphs is not installed: look-alike letters are not folded")
        return {}
    table: dict[str, str] = {}
    for source, entries in json.loads(raw).items():
        if len(source) != 1 or source.isascii() or not source.isalpha():
            continue
        key = fold_char(source)
        if len(key) != 1 or key.isascii():
            continue
        targets = [e["c"] for e in entries if e["c"].isascii() and e["c"].isalpha()]
        single = [t.lower() for t in targets if len(t) == 1]
        if single:
            table.setdefault(key, "l" if single[0] == "i" and "l" in single else single[0])
        elif any(t.lower() in _PAIRS for t in targets):
            pair = next(t.lower() for t in targets if t.lower() in _PAIRS)
            table.setdefault(key, _PAIRS[pair])
    return table
