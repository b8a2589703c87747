"""Teaching materials as data: a short quiz (multiple choice + short answer, with an
answer key) or a practice exercise (tasks and a worked solution).

These are what the teacher edits and exports, so they are plain data classes that
read tolerantly from JSON (a student version without answers still loads, with an
empty key). `quiz_problems` / `exercise_problems` are the checks code makes on
what a model wrote, beyond the JSON schema: a schema can say "four choices and a
letter", but not that the lettered choice is a real, unambiguous answer.
Generation lives in materials_generate.py, files in materials_export.py.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

LETTERS = ("A", "B", "C", "D", "E", "F")
QUIZ = "quiz"
EXERCISE = "exercise"


class MaterialsError(Exception):
    """The materials could not be made; the message says why in one line.

    `draft` is the model's last reply as materials when it parsed but failed a
    check, so the teacher may still open it and fix it by hand.
    """

    def __init__(self, message: str, draft: Quiz | Exercise | None = None):
        super().__init__(message)
        self.draft = draft


class MaterialsCancelled(MaterialsError):
    """The teacher stopped the generation."""

    def __init__(self) -> None:
        super().__init__("stopped")


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@dataclass
class ChoiceQuestion:
    question: str
    choices: list[str]  # shown as A, B, C…
    answer: str  # the correct choice's letter; "" when the key is unknown
    explanation: str = ""

    @property
    def answer_index(self) -> int | None:
        if self.answer in LETTERS and LETTERS.index(self.answer) < len(self.choices):
            return LETTERS.index(self.answer)
        return None

    @property
    def answer_text(self) -> str:
        index = self.answer_index
        return "" if index is None else self.choices[index]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChoiceQuestion:
        return cls(
            question=_str(data.get("question")),
            choices=[_str(c) for c in data.get("choices") or []],
            answer=_str(data.get("answer")).strip().upper(),
            explanation=_str(data.get("explanation")),
        )


@dataclass
class ShortQuestion:
    question: str
    answer: str = ""  # the model answer (answer key)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShortQuestion:
        return cls(question=_str(data.get("question")), answer=_str(data.get("answer")))


@dataclass
class Quiz:
    title: str
    multiple_choice: list[ChoiceQuestion] = field(default_factory=list)
    short_answer: list[ShortQuestion] = field(default_factory=list)

    kind = QUIZ

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quiz:
        return cls(
            title=_str(data.get("title")),
            multiple_choice=[
                ChoiceQuestion.from_dict(q) for q in data.get("multiple_choice") or []
            ],
            short_answer=[ShortQuestion.from_dict(q) for q in data.get("short_answer") or []],
        )

    def to_markdown(self, *, answer_key: bool = True) -> str:
        from app.core.grading.materials_export import materials_markdown

        return materials_markdown(self, answers=answer_key)


@dataclass
class Exercise:
    title: str
    instructions: str
    tasks: list[str]
    solution: str = ""

    kind = EXERCISE

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Exercise:
        return cls(
            title=_str(data.get("title")),
            instructions=_str(data.get("instructions")),
            tasks=[_str(t) for t in data.get("tasks") or []],
            solution=_str(data.get("solution")),
        )

    def to_markdown(self, *, solution: bool = True) -> str:
        from app.core.grading.materials_export import materials_markdown

        return materials_markdown(self, answers=solution)


def quiz_problems(quiz: Quiz, *, key: bool = True) -> list[str]:
    """What makes a quiz unusable as it stands ([] when it is fine).

    With `key`, every multiple-choice answer must name one of the choices, and no
    other choice may say the same thing (the key would be ambiguous), and every
    short-answer question needs a model answer.
    """
    problems = []
    if not quiz.multiple_choice and not quiz.short_answer:
        problems.append("the quiz has no questions")
    for n, q in enumerate(quiz.multiple_choice, 1):
        where = f"question {n}"
        if not q.question.strip():
            problems.append(f"{where} is empty")
        if len(q.choices) < 2:
            problems.append(f"{where} needs at least two choices")
        if any(not c.strip() for c in q.choices):
            problems.append(f"{where} has an empty choice")
        if not key:
            continue
        index = q.answer_index
        if index is None:
            problems.append(f"{where}: the answer {q.answer or '(none)'} is not one of the choices")
        elif any(_same(c, q.choices[index]) for i, c in enumerate(q.choices) if i != index):
            problems.append(f"{where}: another choice is the same as the answer")
    for n, q in enumerate(quiz.short_answer, len(quiz.multiple_choice) + 1):
        if not q.question.strip():
            problems.append(f"question {n} is empty")
        elif key and not q.answer.strip():
            problems.append(f"question {n} has no model answer")
    return problems


def exercise_problems(exercise: Exercise, *, key: bool = True) -> list[str]:
    """What makes an exercise unusable as it stands ([] when it is fine)."""
    problems = []
    if not exercise.tasks or any(not t.strip() for t in exercise.tasks):
        problems.append("every task needs some text")
    if key and not exercise.solution.strip():
        problems.append("the exercise has no solution")
    return problems


def problems_of(material: Quiz | Exercise, *, key: bool = True) -> list[str]:
    if isinstance(material, Quiz):
        return quiz_problems(material, key=key)
    return exercise_problems(material, key=key)
