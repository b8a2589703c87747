"""The example rubrics shipped with the app (resources/rubrics/, installed as data)."""

from __future__ import annotations

from pathlib import Path

from app.core.grading.rubric import Rubric
from app.core.grading.rubric_io import FORMATS, load_rubric
from app.paths import shipped


def rubrics_dir() -> Path | None:
    """resources/rubrics, or their installed copy."""
    folder = shipped("rubrics")
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
