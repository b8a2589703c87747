"""The rubric: criteria, each with ordered levels (label, descriptor, points) and a weight.

The rubric is the single source of truth for scores: the model only ever picks a
level label, and code turns labels into points from here. That is why the rubric
is validated strictly on creation (unique labels, non-negative points): a rubric
that parses is one that scoring can trust.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any


class RubricError(ValueError):
    """The rubric is malformed; the message names the criterion or level."""


@dataclass
class Level:
    label: str
    points: float
    descriptor: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "points": _number(self.points), "descriptor": self.descriptor}


@dataclass
class Criterion:
    name: str
    levels: list[Level]
    description: str = ""
    weight: float = 1.0
    id: str = ""  # a short key used in the model's JSON reply; made from the name if empty

    @property
    def max_points(self) -> float:
        """Weighted points of the best level."""
        return max(level.points for level in self.levels) * self.weight

    def level(self, label: str | None) -> Level | None:
        for level in self.levels:
            if level.label == label:
                return level
        return None

    def labels(self) -> list[str]:
        return [level.label for level in self.levels]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "weight": _number(self.weight),
            "levels": [level.to_dict() for level in self.levels],
        }


@dataclass
class Rubric:
    title: str
    criteria: list[Criterion]
    description: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.validate()

    @property
    def max_points(self) -> float:
        return sum(criterion.max_points for criterion in self.criteria)

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def ids(self) -> list[str]:
        return [criterion.id for criterion in self.criteria]

    def validate(self) -> None:
        """Fill missing ids and check everything scoring relies on; raises RubricError."""
        if not self.title.strip():
            raise RubricError("the rubric has no title")
        if not self.criteria:
            raise RubricError(f"rubric {self.title!r} has no criteria")
        seen: set[str] = set()
        for index, criterion in enumerate(self.criteria, 1):
            where = f"criterion {index} ({criterion.name!r})"
            if not criterion.name.strip():
                raise RubricError(f"criterion {index} has no name")
            if not criterion.id:
                criterion.id = _unique(slugify(criterion.name) or f"c{index}", seen)
            elif not re.fullmatch(r"[a-z0-9_]{1,40}", criterion.id):
                raise RubricError(f"{where}: id {criterion.id!r} must be 1-40 of a-z, 0-9, _")
            elif criterion.id in seen:
                raise RubricError(f"{where}: id {criterion.id!r} is used twice")
            seen.add(criterion.id)
            if not (criterion.weight > 0):
                raise RubricError(f"{where}: weight must be above 0")
            if not criterion.levels:
                raise RubricError(f"{where} has no levels")
            labels = [level.label.strip() for level in criterion.levels]
            if any(not label for label in labels):
                raise RubricError(f"{where}: a level has no label")
            if len(set(labels)) != len(labels):
                raise RubricError(f"{where}: level labels must be different")
            for level in criterion.levels:
                level.label = level.label.strip()
                if not (level.points >= 0):
                    raise RubricError(f"{where}: level {level.label!r} has negative points")

    def to_dict(self) -> dict[str, Any]:
        data = {
            "title": self.title,
            "description": self.description,
            "criteria": [criterion.to_dict() for criterion in self.criteria],
        }
        if self.meta:
            data["meta"] = dict(self.meta)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rubric:
        """Our own shape, or Canvas's API shape (`data` / `ratings`, `description` as name)."""
        if not isinstance(data, dict):
            raise RubricError("a rubric must be an object")
        if "rubric" in data and isinstance(data["rubric"], dict):
            data = data["rubric"]
        raw_criteria = data.get("criteria", data.get("data"))
        if not isinstance(raw_criteria, list):
            raise RubricError("the rubric has no list of criteria")
        criteria = [_criterion_from_dict(item, i) for i, item in enumerate(raw_criteria, 1)]
        return cls(
            title=str(data.get("title") or data.get("name") or "").strip(),
            criteria=criteria,
            description=str(data.get("description") or ""),
            meta=dict(data.get("meta") or {}),
        )


def _criterion_from_dict(item: Any, index: int) -> Criterion:
    if not isinstance(item, dict):
        raise RubricError(f"criterion {index} must be an object")
    raw_levels = item.get("levels", item.get("ratings"))
    if not isinstance(raw_levels, list):
        raise RubricError(f"criterion {index} has no list of levels")
    canvas = "ratings" in item and "levels" not in item
    levels = []
    for j, raw in enumerate(raw_levels, 1):
        if not isinstance(raw, dict):
            raise RubricError(f"criterion {index}, level {j} must be an object")
        label = raw.get("label", raw.get("description") if canvas else raw.get("name"))
        descriptor = raw.get("descriptor", raw.get("long_description", ""))
        levels.append(
            Level(
                label=str(label or "").strip(),
                points=_to_float(raw.get("points"), f"criterion {index}, level {j}: points"),
                descriptor=str(descriptor or ""),
            )
        )
    name = item.get("name", item.get("description") if canvas else None)
    description = item.get("long_description", "") if canvas else item.get("description", "")
    return Criterion(
        name=str(name or "").strip(),
        levels=levels,
        description=str(description or ""),
        weight=_to_float(item.get("weight", 1.0), f"criterion {index}: weight"),
        id=str(item.get("id") or "") if not canvas else "",
    )


def slugify(text: str) -> str:
    """ASCII key for a criterion name ("Use of evidence" -> "use_of_evidence")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:32].strip("_")


def _unique(base: str, seen: set[str]) -> str:
    candidate, n = base, 2
    while candidate in seen:
        candidate = f"{base}_{n}"
        n += 1
    return candidate


def _to_float(value: Any, what: str) -> float:
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise RubricError(f"{what} must be a number, not {value!r}") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise RubricError(f"{what} must be a finite number")
    return result


def _number(value: float) -> float | int:
    """Whole numbers as ints, so files read 4 rather than 4.0."""
    return int(value) if float(value).is_integer() else value
