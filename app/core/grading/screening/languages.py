"""Every language the order layer knows, in one list (English first)."""

from __future__ import annotations

from app.core.grading.screening.lexicon_latin import LATIN
from app.core.grading.screening.lexicon_world import WORLD

LANGUAGES = LATIN + WORLD
CODES = [language.code for language in LANGUAGES]
