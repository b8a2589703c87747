"""Cheap, linear-time screening of submissions for text aimed at the grader.

See screen.py for the layers; `screen(text)` is the entry point, and
app.core.grading.injection.detect_injection keeps the older name.
"""

from app.core.grading.screening.screen import LAYERS, screen

__all__ = ["LAYERS", "screen"]
