"""A quiz and an exercise from the real SmolLM2-135M model: structure, not quality.

A 135M model writes poor questions; what must hold is the machinery: the reply is
schema-conforming JSON (the grammar), every keyed answer is one of the choices
(code's check), and streaming reports progress.
"""

from __future__ import annotations

import pytest

from app.core.grading import MaterialsOptions, generate_exercise, generate_quiz, validate
from app.core.grading.materials import quiz_problems
from app.core.grading.materials_generate import exercise_schema, quiz_schema
from app.engine.client import EngineClient
from app.engine.types import LoadOptions

pytestmark = pytest.mark.model

TEXT = (
    "Plants make their food by photosynthesis. Leaves take in sunlight, water and carbon "
    "dioxide, and make sugar and oxygen. The green pigment chlorophyll catches the light."
)
SMALL = MaterialsOptions(
    n_choice=1, n_short=1, title_chars=30, question_chars=60, choice_chars=24,
    explanation_chars=50, answer_chars=40, instructions_chars=60, task_chars=50,
    solution_chars=80, n_tasks=2,
)  # fmt: skip


@pytest.fixture(scope="module")
def engine(model_path):
    # One thread: on 2 shared cores two llama.cpp threads spin-waiting on each other
    # ran at ~1.4 tokens/s here, one thread at ~14.
    client = EngineClient()
    client.load(LoadOptions(path=str(model_path), n_ctx=1024, n_threads=1))
    yield client
    client.close()


def test_two_question_quiz_from_a_short_text(engine):
    progress = []
    quiz = generate_quiz(engine, document=TEXT, options=SMALL,
                         on_progress=lambda n, m: progress.append((n, m)))  # fmt: skip
    assert validate(quiz.to_dict(), quiz_schema(SMALL)) == []
    assert quiz_problems(quiz) == []
    [mc] = quiz.multiple_choice
    [short] = quiz.short_answer
    assert len(mc.choices) == 4 and mc.answer in "ABCD" and mc.answer_text in mc.choices
    assert short.question.strip() and short.answer.strip()
    assert quiz.title and "DOCUMENT" not in quiz.title
    assert progress and all(n <= m for n, m in progress)


def test_exercise_from_a_topic(engine):
    exercise = generate_exercise(engine, topic="Adding fractions", options=SMALL)
    assert validate(exercise.to_dict(), exercise_schema(SMALL)) == []
    assert len(exercise.tasks) == 2 and exercise.solution.strip()
