"""Quizzes and exercises to files: Markdown, .docx and JSON, for students or teachers.

The student version leaves out everything that gives the answers away (the key,
the explanations, the model answers, the solution) and leaves room to write; the
teacher version has them. JSON keeps the materials editable later: the teacher
version reads back into the same Quiz or Exercise (`read_materials_json`).
Qt-free, so the GUI and tests share it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.core.grading.materials import (
    EXERCISE,
    LETTERS,
    QUIZ,
    Exercise,
    MaterialsError,
    Quiz,
)

MATERIALS_FORMAT = "quillmate-materials"
MATERIALS_VERSION = 1
STUDENT, TEACHER = "student", "teacher"
ANSWER_LINE = "Answer: " + "_" * 40
SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".json": "json"}

Material = Quiz | Exercise


def audience(answers: bool) -> str:
    return TEACHER if answers else STUDENT


# ------------------------------------------------------------------ the content
def quiz_lines(quiz: Quiz, answers: bool) -> list[tuple[str, str]]:
    """(style, text) lines: the shared outline of the Markdown and the .docx.

    Styles: title, heading, question, choice, answer_line, key, text, blank.
    """
    lines: list[tuple[str, str]] = [("title", quiz.title or "Quiz")]
    if not answers:
        lines.append(("text", "Name: " + "_" * 30))
    n = 0
    for q in quiz.multiple_choice:
        n += 1
        lines.append(("question", f"{n}. {q.question}"))
        lines += [
            ("choice", f"{letter}) {c}") for letter, c in zip(LETTERS, q.choices, strict=False)
        ]
    for q in quiz.short_answer:
        n += 1
        lines.append(("question", f"{n}. {q.question}"))
        if not answers:
            lines.append(("answer_line", ANSWER_LINE))
    if answers:
        lines.append(("heading", "Answer key"))
        n = 0
        for q in quiz.multiple_choice:
            n += 1
            key = f"{q.answer}) {q.answer_text}" if q.answer_index is not None else "—"
            why = f" — {q.explanation}" if q.explanation.strip() else ""
            lines.append(("key", f"{n}. {key}{why}"))
        for q in quiz.short_answer:
            n += 1
            lines.append(("key", f"{n}. {q.answer or '—'}"))
    return lines


def exercise_lines(exercise: Exercise, answers: bool) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = [("title", exercise.title or "Practice exercise")]
    if exercise.instructions.strip():
        lines.append(("text", exercise.instructions))
    for i, task in enumerate(exercise.tasks, 1):
        lines.append(("question", f"{i}. {task}"))
        if not answers:
            lines.append(("answer_line", ANSWER_LINE))
    if answers:
        lines.append(("heading", "Solution"))
        lines += [("text", part) for part in exercise.solution.split("\n") if part.strip()]
    return lines


def outline(material: Material, answers: bool) -> list[tuple[str, str]]:
    if isinstance(material, Quiz):
        return quiz_lines(material, answers)
    return exercise_lines(material, answers)


# --------------------------------------------------------------------- Markdown
def materials_markdown(material: Material, *, answers: bool = True) -> str:
    out: list[str] = []
    for style, text in outline(material, answers):
        if style == "title":
            out += [f"# {text}", ""]
        elif style == "heading":
            if out and out[-1] != "":
                out.append("")
            out += [f"## {text}", ""]
        elif style == "choice":
            out.append(f"   - {text}")
        elif style == "question":
            if out and out[-1] != "" and not out[-1].startswith("# "):
                out.append("")
            out.append(text)
        elif style == "answer_line":
            out += ["", f"   {text}"]
        elif style == "key":
            out.append(text)
        else:
            out += [text, ""]
    return "\n".join(out).rstrip("\n") + "\n"


# ------------------------------------------------------------------------ .docx
def materials_docx(material: Material, *, answers: bool = True):
    """A python-docx Document of the materials."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    for style, text in outline(material, answers):
        if style == "title":
            document.add_heading(text, level=1)
        elif style == "heading":
            document.add_heading(text, level=2)
        elif style == "question":
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_before = Pt(10)
            paragraph.add_run(text).bold = True
        elif style == "choice":
            paragraph = document.add_paragraph(text)
            paragraph.paragraph_format.left_indent = Pt(24)
            paragraph.paragraph_format.space_after = Pt(0)
        elif style == "answer_line":
            document.add_paragraph(text).paragraph_format.left_indent = Pt(24)
        else:
            document.add_paragraph(text)
    return document


# ------------------------------------------------------------------------- JSON
def materials_to_dict(material: Material, *, answers: bool = True) -> dict[str, Any]:
    data = material.to_dict()
    if not answers:
        if isinstance(material, Quiz):
            for q in data["multiple_choice"]:
                del q["answer"], q["explanation"]
            for q in data["short_answer"]:
                del q["answer"]
        else:
            del data["solution"]
    return {
        "format": MATERIALS_FORMAT,
        "version": MATERIALS_VERSION,
        "kind": material.kind,
        "audience": audience(answers),
        "material": data,
    }


def materials_from_dict(data: Any) -> Material:
    """Back from materials_to_dict (a student version loads with an empty key)."""
    if not isinstance(data, dict) or data.get("format") != MATERIALS_FORMAT:
        raise MaterialsError("not a Quillmate quiz or exercise file")
    if data.get("version", 0) > MATERIALS_VERSION:
        raise MaterialsError("the file comes from a newer Quillmate")
    body = data.get("material")
    if not isinstance(body, dict):
        raise MaterialsError("the file has no materials in it")
    kind = data.get("kind")
    try:
        if kind == QUIZ:
            return Quiz.from_dict(body)
        if kind == EXERCISE:
            return Exercise.from_dict(body)
    except (AttributeError, TypeError) as exc:
        raise MaterialsError(f"the file's materials are malformed ({exc})") from exc
    raise MaterialsError(f"unknown kind of materials {kind!r}")


# ------------------------------------------------------------------------ files
def write_materials(path: str | Path, material: Material, *, answers: bool = True) -> Path:
    """Write by the file's suffix: .md, .docx or .json."""
    path = Path(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise MaterialsError(f"cannot export to {path.suffix or 'a file without a suffix'}")
    if kind == "docx":
        materials_docx(material, answers=answers).save(str(path))
    elif kind == "json":
        text = json.dumps(
            materials_to_dict(material, answers=answers), ensure_ascii=False, indent=2
        )
        path.write_text(text + "\n", encoding="utf-8")
    else:
        path.write_text(materials_markdown(material, answers=answers), encoding="utf-8")
    return path


def read_materials_json(path: str | Path) -> Material:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MaterialsError(f"cannot read {Path(path).name}: {exc}") from exc
    return materials_from_dict(data)
