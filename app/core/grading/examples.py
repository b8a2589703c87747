"""The example rubrics shipped with the app (resources/rubrics/).

Looked up in two places so they are found both from a source checkout (the
project's top-level resources/ folder) and from an installed wheel (app/resources/
inside the package, where package-data puts them).
"""

from __future__ import annotations

from pathlib import Path

import app
from app.core.grading.rubric import Rubric
from app.core.grading.rubric_io import FORMATS, load_rubric


def rubrics_dir() -> Path | None:
    package = Path(app.__file__).resolve().parent
    for candidate in (package / "resources" / "rubrics", package.parent / "resources" / "rubrics"):
        if candidate.is_dir():
            return candidate
    return None


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
