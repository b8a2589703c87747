"""Flags text in a submission that is aimed at the grader rather than the reader.

Why heuristics and not (only) the model: the point is to catch what might fool
the model, so the model cannot be the only judge. The layers (normalisation,
orders by meaning in eleven languages, structure, decoded payloads, disguises)
live in app.core.grading.screening; this name is kept for the grader, the
store and the tests that call it.

Flags only put a submission in front of the teacher; they never change a score.
The prompt separately fences the submission as data (see prompts.py).
"""

from __future__ import annotations

from app.core.grading.flags import Flag
from app.core.grading.screening import LAYERS, screen


def detect_injection(text: str, layers: frozenset[str] = LAYERS) -> list[Flag]:
    """Flags for text aimed at the grader; an empty list for an ordinary submission."""
    return screen(text, layers)
