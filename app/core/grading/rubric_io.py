"""Reading and writing rubrics as TOML, JSON and CSV.

TOML and JSON hold our own shape (`Rubric.to_dict`); JSON also accepts Canvas's API
shape. CSV follows Canvas's rubric import template (one row per criterion, then
repeating Rating Name / Rating Description / Rating Points groups), which is what
teachers already have in spreadsheets; a long form with one row per level
(criterion, level, points, ...) is read as well. The TOML writer is our own
because the shape is small and fixed, and it saves a dependency.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from app.core.documents import DocumentError, decode_text
from app.core.grading.rubric import Criterion, Level, Rubric, RubricError, _number, _to_float

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FORMATS = ("toml", "json", "csv")
CANVAS_HEADER = ["Rubric Name", "Criteria Name", "Criteria Description", "Criteria Enable Range"]
RATING_HEADER = ["Rating Name", "Rating Description", "Rating Points"]


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise RubricError(f"{Path(path).name}: a rubric file ends in .toml, .json or .csv")
    return suffix


def load_rubric(path: str | Path) -> Rubric:
    """Read a rubric file; raises RubricError naming the file and the problem."""
    path = Path(path)
    kind = format_of(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RubricError(f"{path.name}: cannot read it ({exc.strerror or exc})") from exc
    try:
        # The same decoder as every document: a CSV saved by Excel in
        # Windows-1252 reads as it does in Write and Grade.
        text, _encoding, _bom = decode_text(data, path.name)
    except DocumentError as exc:
        raise RubricError(str(exc)) from None
    try:
        return parse_rubric(text, kind, fallback_title=path.stem)
    except RubricError as exc:
        raise RubricError(f"{path.name}: {exc}") from None


def save_rubric(rubric: Rubric, path: str | Path) -> None:
    path = Path(path)
    text = dump_rubric(rubric, format_of(path))
    path.write_text(text, encoding="utf-8", newline="")


def parse_rubric(text: str, kind: str, *, fallback_title: str = "Rubric") -> Rubric:
    if kind == "toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise RubricError(f"not valid TOML ({exc})") from None
    elif kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RubricError(f"not valid JSON ({exc.msg}, line {exc.lineno})") from None
    elif kind == "csv":
        return parse_rubric_csv(text, fallback_title=fallback_title)
    else:
        raise RubricError(f"unknown rubric format {kind!r}")
    if isinstance(data, dict) and not (data.get("title") or data.get("name")):
        data = {**data, "title": fallback_title}
    return Rubric.from_dict(data)


def dump_rubric(rubric: Rubric, kind: str) -> str:
    if kind == "toml":
        return dumps_toml(rubric)
    if kind == "json":
        return json.dumps(rubric.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if kind == "csv":
        return dumps_csv(rubric)
    raise RubricError(f"unknown rubric format {kind!r}")


# ------------------------------------------------------------------ TOML
def dumps_toml(rubric: Rubric) -> str:
    lines = [f"title = {_toml_str(rubric.title)}"]
    if rubric.description:
        lines.append(f"description = {_toml_str(rubric.description)}")
    for criterion in rubric.criteria:
        lines += ["", "[[criteria]]"]
        lines.append(f"id = {_toml_str(criterion.id)}")
        lines.append(f"name = {_toml_str(criterion.name)}")
        if criterion.description:
            lines.append(f"description = {_toml_str(criterion.description)}")
        lines.append(f"weight = {_number(criterion.weight)!r}")
        for level in criterion.levels:
            lines += ["", "  [[criteria.levels]]"]
            lines.append(f"  label = {_toml_str(level.label)}")
            lines.append(f"  points = {_number(level.points)!r}")
            if level.descriptor:
                lines.append(f"  descriptor = {_toml_str(level.descriptor)}")
    if rubric.meta:
        lines += ["", "[meta]"]
        for key, value in rubric.meta.items():
            lines.append(f"{_toml_str(str(key))} = {_toml_str(str(value))}")
    return "\n".join(lines) + "\n"


def _toml_str(value: str) -> str:
    """A TOML basic string: JSON's escapes are all valid TOML escapes, DEL aside."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007F")


# ------------------------------------------------------------------- CSV
def dumps_csv(rubric: Rubric) -> str:
    """Canvas's import shape. Canvas has no weights, so weights are folded into points."""
    width = max(len(criterion.levels) for criterion in rubric.criteria)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CANVAS_HEADER + RATING_HEADER * width)
    for criterion in rubric.criteria:
        row: list[Any] = [rubric.title, criterion.name, criterion.description, "false"]
        for level in criterion.levels:
            row += [level.label, level.descriptor, _number(level.points * criterion.weight)]
        writer.writerow(row)
    return out.getvalue()


def parse_rubric_csv(text: str, *, fallback_title: str = "Rubric") -> Rubric:
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if not rows:
        raise RubricError("the CSV is empty")
    header = [cell.strip().lower() for cell in rows[0]]
    if header[:2] == ["rubric name", "criteria name"]:
        return _parse_canvas_rows(rows, fallback_title)
    if "criterion" in header and "level" in header and "points" in header:
        return _parse_long_rows(header, rows[1:], fallback_title)
    raise RubricError(
        "unknown CSV layout: expected Canvas's header (Rubric Name, Criteria Name, ...) "
        "or columns criterion, level, points"
    )


def _parse_canvas_rows(rows: list[list[str]], fallback_title: str) -> Rubric:
    """Canvas rows; an extra "Weight" column anywhere is read too (not Canvas's own)."""
    header = [cell.strip().lower() for cell in rows[0]]
    weight_col = header.index("weight") if "weight" in header else None
    skip = {0, 1, 2, weight_col}
    if len(header) > 3 and header[3].startswith("criteria enable"):
        skip.add(3)
    width = max(len(row) for row in rows)
    rating_cols = [i for i in range(width) if i not in skip]
    title = ""
    criteria = []
    for n, row in enumerate(rows[1:], 2):
        row = row + [""] * (width - len(row))
        title = title or row[0].strip()
        levels = []
        for k in range(0, len(rating_cols) - 2, 3):
            label, descriptor, points = (row[i].strip() for i in rating_cols[k : k + 3])
            if not (label or descriptor or points):
                continue
            levels.append(
                Level(label, _to_float(points, f"row {n}, rating {label!r}: points"), descriptor)
            )
        weight = 1.0
        if weight_col is not None and row[weight_col].strip():
            weight = _to_float(row[weight_col], f"row {n}: weight")
        criteria.append(
            Criterion(name=row[1].strip(), description=row[2].strip(), levels=levels, weight=weight)
        )
    return Rubric(title=title or fallback_title, criteria=criteria)


def _parse_long_rows(header: list[str], rows: list[list[str]], fallback_title: str) -> Rubric:
    col = {name: header.index(name) for name in header}

    def cell(row: list[str], name: str) -> str:
        index = col.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    criteria: dict[str, Criterion] = {}
    title = ""
    for n, row in enumerate(rows, 2):
        title = title or cell(row, "rubric")
        name = cell(row, "criterion")
        if not name:
            raise RubricError(f"row {n}: no criterion name")
        criterion = criteria.get(name)
        if criterion is None:
            weight = cell(row, "weight")
            criterion = criteria[name] = Criterion(
                name=name,
                levels=[],
                description=cell(row, "criterion description") or cell(row, "description"),
                weight=_to_float(weight, f"row {n}: weight") if weight else 1.0,
            )
        points = _to_float(cell(row, "points"), f"row {n}: points")
        criterion.levels.append(Level(cell(row, "level"), points, cell(row, "descriptor")))
    return Rubric(title=title or fallback_title, criteria=list(criteria.values()))
