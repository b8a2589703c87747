"""Submissions: a folder of files or pasted text, named after the student.

Reading never stops at a bad file: an unreadable or unsupported file becomes a
submission with an error (shown to the teacher, skipped by the grader), so one
broken .docx cannot hold up a class. Empty files and identical texts are
flagged here, before any grading.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.core.grading import flags as F
from app.core.grading.documents import SUPPORTED_SUFFIXES, DocumentError, read_submission
from app.core.grading.flags import Flag
from app.core.grading.hidden_places import hidden_places
from app.core.grading.textnorm import normalize

log = logging.getLogger(__name__)

_JUNK = {"thumbs.db", "desktop.ini", ".ds_store"}
# LMS download names: Moodle "Jane Doe_12345_assignsubmission_file_essay.docx",
# Canvas "doejane_late_12345_67890_essay.docx": the student is before the first id.
_LMS_TAIL = re.compile(r"(_late)?_\d{3,}(_.*)?$", re.IGNORECASE)


@dataclass
class Submission:
    student: str
    text: str
    source: str = ""  # the file it came from, or "" for pasted text
    flags: list[Flag] = field(default_factory=list)
    error: str = ""  # why the file could not be read; such a submission is not graded
    id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not normalize(self.text).text

    @property
    def fingerprint(self) -> str:
        """Same for texts that differ only in spacing, case or Unicode form."""
        folded = normalize(self.text, spaces="drop").text
        return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def student_name(path: str | Path) -> str:
    """A readable student name from a file name ("jane_doe.txt" -> "Jane Doe")."""
    stem = Path(path).stem
    stem = _LMS_TAIL.sub("", stem) or stem
    name = " ".join(re.sub(r"[_\-.]+", " ", stem).split())
    if name and (name.islower() or name.isupper()):
        name = name.title()
    return name or Path(path).name


def from_text(text: str, student: str) -> Submission:
    """Pasted text."""
    submission = Submission(student=student.strip() or "Student", text=text)
    if submission.is_empty:
        submission.flags.append(Flag(F.EMPTY, "the submission is empty"))
    return submission


def from_file(path: str | Path) -> Submission:
    path = Path(path)
    submission = Submission(student=student_name(path), text="", source=str(path))
    try:
        submission.text, hidden = read_submission(path)
    except DocumentError as exc:
        submission.error = str(exc)  # names the file already
        submission.flags.append(Flag(F.UNREADABLE, submission.error))
        return submission
    except Exception as exc:  # a broken file must never stop the batch
        log.warning("%s: unexpected error reading it", path, exc_info=True)
        submission.error = f"{path.name}: cannot read it ({type(exc).__name__})"
        submission.flags.append(Flag(F.UNREADABLE, submission.error))
        return submission
    if hidden:
        sample = " ".join(" ".join(hidden).split())[:80]
        submission.flags.append(
            Flag(F.HIDDEN_TEXT, f"contains text formatted to be invisible: “{sample}”")
        )
    submission.flags += hidden_place_flags(path)
    if submission.is_empty:
        kind, why = (
            (F.NO_TEXT, "the PDF has no text layer (a scan?)")
            if path.suffix.lower() == ".pdf"
            else (F.EMPTY, "the file is empty")
        )
        submission.flags.append(Flag(kind, why))
    return submission


def hidden_place_flags(path: str | Path) -> list[Flag]:
    """A flag for each hidden place of the file (comments, headers, alt text,
    properties, PDF annotations) that holds text aimed at the grader."""
    from app.core.grading.injection import detect_injection

    found = []
    for where, text in hidden_places(path):
        orders = [flag for flag in detect_injection(text) if flag.is_injection]
        if orders:
            sample = " ".join(text.split())[:80]
            found.append(
                Flag(
                    F.HIDDEN_TEXT, f"the file's {where} holds text aimed at the grader: “{sample}”"
                )
            )
    return found


def load_folder(
    folder: str | Path, *, recursive: bool = False, exclude: set[Path] | None = None
) -> list[Submission]:
    """Every file in `folder` as a submission, sorted by name, duplicates flagged.

    Unsupported file types are kept as unreadable submissions so the teacher sees
    that a student handed in something; hidden files and OS clutter are skipped.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder")
    excluded = {p.resolve() for p in exclude or set()}
    pattern = "**/*" if recursive else "*"
    paths = sorted(
        (
            p
            for p in folder.glob(pattern)
            if p.is_file()
            and not p.name.startswith(".")
            and p.name.lower() not in _JUNK
            and p.resolve() not in excluded
        ),
        key=lambda p: str(p.relative_to(folder)).lower(),
    )
    submissions = [from_file(path) for path in paths]
    for submission in submissions:
        suffix = Path(submission.source).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            log.info("%s: unsupported type, kept as unreadable", submission.source)
    mark_duplicates(submissions)
    return submissions


def mark_duplicates(submissions: list[Submission]) -> None:
    """Flag every submission whose text equals another's (ignoring spacing and case)."""
    groups: dict[str, list[Submission]] = {}
    for submission in submissions:
        if submission.error or submission.is_empty:
            continue
        groups.setdefault(submission.fingerprint, []).append(submission)
    for group in groups.values():
        if len(group) < 2:
            continue
        for submission in group:
            submission.flags = [f for f in submission.flags if f.kind != F.DUPLICATE]
            others = ", ".join(other.student for other in group if other is not submission)
            submission.flags.append(Flag(F.DUPLICATE, f"same text as {others}"))
