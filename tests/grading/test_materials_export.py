"""Materials to files: student and teacher versions in Markdown, .docx and JSON."""

from __future__ import annotations

import json

import docx
import pytest

from app.core.grading import MaterialsError, read_materials_json, write_materials
from app.core.grading.materials import ChoiceQuestion, Exercise, Quiz, ShortQuestion
from app.core.grading.materials_export import materials_markdown, materials_to_dict

QUIZ = Quiz(
    "Photosynthesis",
    [
        ChoiceQuestion("What do plants make?", ["Sugar", "Salt", "Iron", "Oil"], "A", "Glucose."),
        ChoiceQuestion("Which gas do leaves take in?", ["Oxygen", "CO2", "Helium"], "B"),
    ],
    [ShortQuestion("Name the green pigment.", "Chlorophyll")],
)
EXERCISE = Exercise("Fractions", "Simplify each.", ["2/4", "3/9"], "1/2\n1/3")
SECRETS = ("Glucose", "Chlorophyll", "Answer key")


def test_quiz_markdown_teacher_and_student():
    teacher = materials_markdown(QUIZ, answers=True)
    assert teacher.startswith("# Photosynthesis\n\n1. What do plants make?\n   - A) Sugar\n")
    assert "3. Name the green pigment." in teacher
    assert "## Answer key\n\n1. A) Sugar — Glucose.\n2. B) CO2\n3. Chlorophyll\n" in teacher
    student = materials_markdown(QUIZ, answers=False)
    assert "Name: ___" in student and "   - C) Helium" in student
    assert "3. Name the green pigment.\n\n   Answer: ___" in student
    assert not any(secret in student for secret in SECRETS)


def test_exercise_markdown_hides_the_solution_for_students():
    teacher = materials_markdown(EXERCISE, answers=True)
    assert teacher.endswith("## Solution\n\n1/2\n\n1/3\n")
    student = materials_markdown(EXERCISE, answers=False)
    assert "Solution" not in student and "1/2" not in student and student.count("Answer: _") == 2


def test_docx_versions(tmp_path):
    for answers in (True, False):
        path = write_materials(tmp_path / f"quiz_{answers}.docx", QUIZ, answers=answers)
        text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        assert "1. What do plants make?" in text and "D) Oil" in text
        assert ("Chlorophyll" in text) is answers and ("Glucose" in text) is answers
    path = write_materials(tmp_path / "ex.docx", EXERCISE, answers=True)
    text = [p.text for p in docx.Document(str(path)).paragraphs]
    assert text[0] == "Fractions" and "Solution" in text and "1/3" in text


def test_json_round_trip_and_student_version(tmp_path):
    for material in (QUIZ, EXERCISE):
        path = write_materials(tmp_path / f"{material.kind}.json", material)
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["format"] == "quillmate-materials" and data["audience"] == "teacher"
        assert read_materials_json(path) == material
    student = materials_to_dict(QUIZ, answers=False)
    assert student["audience"] == "student"
    assert not any(secret in json.dumps(student) for secret in SECRETS[:2])
    assert "answer" not in student["material"]["multiple_choice"][0]
    path = write_materials(tmp_path / "student.json", QUIZ, answers=False)
    loaded = read_materials_json(path)  # loads, with an empty key to fill in
    assert loaded.multiple_choice[0].answer == "" and loaded.short_answer[0].answer == ""
    assert "solution" not in materials_to_dict(EXERCISE, answers=False)["material"]


def test_bad_files_are_clear_errors(tmp_path):
    with pytest.raises(MaterialsError, match="cannot export to .txt"):
        write_materials(tmp_path / "quiz.txt", QUIZ)
    (tmp_path / "other.json").write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(MaterialsError, match="not a Quillmate quiz"):
        read_materials_json(tmp_path / "other.json")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(MaterialsError, match="cannot read broken.json"):
        read_materials_json(tmp_path / "broken.json")
    newer = {"format": "quillmate-materials", "version": 99, "kind": "quiz", "material": {}}
    (tmp_path / "newer.json").write_text(json.dumps(newer), encoding="utf-8")
    with pytest.raises(MaterialsError, match="newer"):
        read_materials_json(tmp_path / "newer.json")
