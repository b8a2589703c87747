"""The example rubrics shipped with the app (app/resources/rubrics/, package data)."""

from __future__ import annotations

from pathlib import Path

import app
from app.core.grading.rubric import Rubric
from app.core.grading.rubric_io import FORMATS, load_rubric


def rubrics_dir() -> Path | None:
    """app/resources/rubrics, shipped in the package."""
    folder = Path(app.__file__).resolve().parent / "resources" / "rubrics"
    return folder if folder.is_dir() else None


def example_rubrics() -> dict[str, Path]:
    """Example name (file stem) -> file, sorted by name."""
    folder = rubrics_dir()
    if folder is None:
        return {}
    files = sorted(p for p in folder.iterdir() if p.suffix.lstrip(".").lower() in FORMATS)
    return {p.stem: p for p in files}


def load_example(name: str) -> Rubric:
    examples = example_rubrics()
    if name not in examples:
        raise KeyError(f"no example rubric {name!r} (have: {', '.join(examples) or 'none'})")
    return load_rubric(examples[name])
