"""Shared test data: a small rubric, and a scripted engine for the grading logic.

The scripted engine stands in for EngineClient only where a test needs a
particular reply (a hallucinated quote, broken JSON) to check what code does
with it; the real model runs the same code in test_model.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from app.core.grading import Assignment, Criterion, Level, Rubric
from app.engine.types import Done, EngineError, GenerateRequest, GenerationStats


def small_rubric() -> Rubric:
    return Rubric(
        "Mini essay",
        [
            Criterion(
                "Thesis",
                [Level("Clear", 2, "a clear position"), Level("Unclear", 1), Level("Missing", 0)],
                description="States a position.",
            ),
            Criterion(
                "Evidence",
                [Level("Strong", 2, "specific examples"), Level("Weak", 1), Level("None", 0)],
                weight=1.5,
            ),
        ],
    )


def assignment(rubric: Rubric | None = None) -> Assignment:
    return Assignment(
        "Uniforms",
        "Should schools require uniforms? Argue your view in one paragraph.",
        rubric or small_rubric(),
    )


ESSAY = (
    "School uniforms should be required. They reduce bullying because everyone looks the "
    "same. In my school, fights dropped after uniforms came in."
)


def reply(thesis=("Clear", ["School uniforms should be required."]), evidence=None) -> str:
    evidence = evidence or ("Strong", ["fights dropped after uniforms came in"])
    return json.dumps(
        {
            "thesis": {"quotes": thesis[1], "reason": "states a view", "level": thesis[0]},
            "evidence": {"quotes": evidence[1], "reason": "an example", "level": evidence[0]},
        }
    )


class ScriptedEngine:
    """Answers each request with the next scripted item (text, or a callable, or an exception)."""

    def __init__(self, script: list | Callable[[GenerateRequest], str]):
        self.script = script
        self.requests: list[GenerateRequest] = []
        self.cancelled = 0

    def complete(self, request: GenerateRequest, *, owner=None) -> Done:
        self.requests.append(request)
        if callable(self.script):
            item = self.script(request)
        else:
            item = self.script.pop(0) if self.script else "The end."
        if isinstance(item, Exception):
            raise item
        if isinstance(item, Done):
            return item
        stats = GenerationStats(prompt_tokens=100, cached_tokens=50, completion_tokens=20)
        return Done(text=item, finish_reason="stop", stats=stats)

    def cancel(self, owner=None) -> None:
        self.cancelled += 1


def grading_script(text_for: Callable[[str], str], feedback: str = "Well done, you.") -> Callable:
    """A script that grades by the submission's text and answers feedback requests."""

    def answer(request: GenerateRequest):
        if request.json_schema is None:
            return feedback
        user = request.messages[1]["content"]
        if "BOOM" in user:
            return EngineError("the prompt does not fit the context")
        return text_for(user)

    return answer
