"""Exports: the gradebook CSV, feedback per student (Markdown, .docx), the whole run (JSON).

Points always come from scoring.py (rubric + effective levels), never from a
stored total. Student names and flag text come from files students made, so CSV
cells that a spreadsheet would run as a formula (=, +, -, @) are prefixed with a
quote.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from app.core.grading.flags import Flag
from app.core.grading.results import GradeResult
from app.core.grading.rubric import Rubric
from app.core.grading.scoring import score_result
from app.core.grading.store import RunInfo

RUN_FORMAT = "quillmate-grading-run"
RUN_FORMAT_VERSION = 1


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def safe_cell(value: Any) -> Any:
    """Keep spreadsheets from running a cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def gradebook_header(rubric: Rubric) -> list[str]:
    header = ["Student"]
    header += [f"{c.name} ({c.max_points:g})" for c in rubric.criteria]
    header += ["Total", "Max", "Percent", "Status", "Needs review", "Teacher changed", "Flags"]
    return header


def gradebook_rows(rubric: Rubric, results: list[GradeResult]) -> list[list[Any]]:
    rows: list[list[Any]] = [gradebook_header(rubric)]
    for result in results:
        score = score_result(rubric, result)
        teacher = [rubric.criterion(cid).name for cid in rubric.ids() if cid in score.by_teacher]
        if result.feedback_override is not None:
            teacher.append("feedback")
        rows.append(
            [result.student]
            + [_num(score.points[cid]) for cid in rubric.ids()]
            + [
                _num(score.total) if score.complete else "",
                _num(score.max_total),
                f"{score.percent:.1f}" if score.complete else "",
                result.status,
                "yes" if result.needs_review else "no",
                "; ".join(teacher),
                "; ".join(flag.message for flag in result.flags),
            ]
        )
    return rows


def _csv(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def gradebook_csv(rubric: Rubric, results: list[GradeResult]) -> str:
    return _csv(gradebook_rows(rubric, results))


def screening_rows(rubric: Rubric, screened: list[tuple[str, str, list[Flag]]]) -> list[list[Any]]:
    """The gradebook's columns for (student, status, flags) before any grading: no points,
    every flag, so a teacher can look at flagged work first."""
    rows: list[list[Any]] = [gradebook_header(rubric)]
    blank = [""] * len(rubric.criteria)
    for student, status, flags in screened:
        rows.append(
            [student, *blank, "", _num(round(rubric.max_points, 4)), "", status,
             "yes" if flags else "no", "", "; ".join(flag.message for flag in flags)]
        )  # fmt: skip
    return rows


def write_screening_csv(
    path: str | Path, rubric: Rubric, screened: list[tuple[str, str, list[Flag]]]
) -> Path:
    path = Path(path)
    path.write_text(_csv(screening_rows(rubric, screened)), encoding="utf-8-sig", newline="")
    return path


def write_gradebook_csv(path: str | Path, rubric: Rubric, results: list[GradeResult]) -> Path:
    path = Path(path)
    # utf-8-sig: Excel then reads accented names correctly.
    path.write_text(gradebook_csv(rubric, results), encoding="utf-8-sig", newline="")
    return path


# --------------------------------------------------------------- feedback
def feedback_markdown(title: str, rubric: Rubric, result: GradeResult) -> str:
    score = score_result(rubric, result)
    lines = [f"# {title} — {result.student}", ""]
    if score.complete:
        lines += [f"**Total: {score.total:g} / {score.max_total:g}**", ""]
    lines += ["| Criterion | Level | Points |", "|---|---|---|"]
    for criterion in rubric.criteria:
        cr = result.criteria.get(criterion.id)
        level = (cr.effective_level if cr else None) or "—"
        points = score.points[criterion.id]
        shown = f"{points:g} / {criterion.max_points:g}" if points is not None else "—"
        lines.append(f"| {_md_cell(criterion.name)} | {_md_cell(level)} | {shown} |")
    lines.append("")
    for criterion in rubric.criteria:
        cr = result.criteria.get(criterion.id)
        if cr and cr.reason and not cr.by_teacher:
            lines.append(f"- **{criterion.name}:** {cr.reason}")
        elif cr and cr.override_note:
            lines.append(f"- **{criterion.name}:** {cr.override_note}")
    if lines[-1] != "":
        lines.append("")
    if result.effective_feedback:
        lines += ["## Feedback", "", result.effective_feedback, ""]
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def file_stem(student: str, used: set[str]) -> str:
    """A file name for a student that is safe on every system and unique in the folder."""
    stem = re.sub(r"[^\w\- ]+", "", student, flags=re.UNICODE).strip().replace(" ", "_")[:60]
    stem = stem or "student"
    candidate, n = stem, 2
    while candidate.lower() in used:
        candidate = f"{stem}_{n}"
        n += 1
    used.add(candidate.lower())
    return candidate


def write_feedback_markdown(
    folder: str | Path, title: str, rubric: Rubric, results: list[GradeResult]
) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    paths = []
    for result in results:
        path = folder / f"{file_stem(result.student, used)}.md"
        path.write_text(feedback_markdown(title, rubric, result), encoding="utf-8")
        paths.append(path)
    return paths


def write_feedback_docx(
    folder: str | Path, title: str, rubric: Rubric, results: list[GradeResult]
) -> list[Path]:
    """One .docx per student (python-docx)."""
    import docx

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    paths = []
    for result in results:
        score = score_result(rubric, result)
        document = docx.Document()
        document.add_heading(f"{title} — {result.student}", level=1)
        if score.complete:
            document.add_paragraph(f"Total: {score.total:g} / {score.max_total:g}")
        table = document.add_table(rows=1, cols=3)
        for cell, text in zip(table.rows[0].cells, ("Criterion", "Level", "Points"), strict=True):
            cell.text = text
        for criterion in rubric.criteria:
            cr = result.criteria.get(criterion.id)
            points = score.points[criterion.id]
            row = table.add_row().cells
            row[0].text = criterion.name
            row[1].text = (cr.effective_level if cr else None) or "—"
            row[2].text = f"{points:g} / {criterion.max_points:g}" if points is not None else "—"
        for criterion in rubric.criteria:
            cr = result.criteria.get(criterion.id)
            note = (cr.override_note if cr and cr.by_teacher else cr.reason if cr else "") or ""
            if note:
                document.add_paragraph(f"{criterion.name}: {note}", style="List Bullet")
        if result.effective_feedback:
            document.add_heading("Feedback", level=2)
            document.add_paragraph(result.effective_feedback)
        path = folder / f"{file_stem(result.student, used)}.docx"
        document.save(str(path))
        paths.append(path)
    return paths


# -------------------------------------------------------------------- run
def run_to_dict(run: RunInfo, results: list[GradeResult]) -> dict[str, Any]:
    """Everything about a run: settings, rubric, each submission, reply, check and change."""
    rubric = run.rubric
    items = []
    for result in results:
        score = score_result(rubric, result)
        items.append(
            {
                "student": result.student,
                "source": result.source,
                "status": result.status,
                "needs_review": result.needs_review,
                "reviewed_at": result.reviewed_at,
                "points": score.points,
                "total": score.total if score.complete else None,
                "max_total": score.max_total,
                "criteria": {cid: c.to_dict() for cid, c in result.criteria.items()},
                "flags": [flag.to_dict() for flag in result.flags],
                "problems": result.problems,
                "error": result.error,
                "feedback": result.feedback,
                "feedback_override": result.feedback_override,
                "attempts": result.attempts,
                "replies": result.replies,
                "stats": result.stats,
                "text": result.text,
            }
        )
    return {
        "format": RUN_FORMAT,
        "version": RUN_FORMAT_VERSION,
        "run": {
            "id": run.id,
            "state": run.state,
            "model": run.model,
            "created_at": run.created_at,
            "started_at": run.started_at,
            "finished_at": run.finished_at,
            "options": run.options.to_dict(),
        },
        "assignment": run.assignment.to_dict(),
        "results": items,
    }


def write_run_json(path: str | Path, run: RunInfo, results: list[GradeResult]) -> Path:
    path = Path(path)
    path.write_text(
        json.dumps(run_to_dict(run, results), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    return path
