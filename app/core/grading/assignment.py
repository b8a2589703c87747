"""An assignment: what the students were asked, and the rubric they are graded by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.grading.rubric import Rubric


@dataclass
class Assignment:
    title: str
    task: str
    rubric: Rubric
    model_answer: str = ""
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "task": self.task,
            "model_answer": self.model_answer,
            "rubric": self.rubric.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], id: int | None = None) -> Assignment:
        return cls(
            title=str(data.get("title", "")),
            task=str(data.get("task", "")),
            model_answer=str(data.get("model_answer", "")),
            rubric=Rubric.from_dict(data["rubric"]),
            id=id,
        )
