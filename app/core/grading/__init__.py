"""Homework grading: rubrics, submissions, schema-constrained grading checked by code.

Qt-free; the GUI and `quillmate grade` are two faces over this package. The names
below are the public API; the modules hold the details.

Trust model: the model proposes a level, quotes and a reason per criterion under
a JSON schema; code checks the quotes against the submission, computes every
point from the rubric, flags text aimed at the grader, and marks anything it
cannot verify as needing review.
"""

from app.core.grading.assignment import Assignment
from app.core.grading.documents import DocumentError, read_document
from app.core.grading.examples import example_rubrics, load_example
from app.core.grading.export import (
    feedback_markdown,
    gradebook_csv,
    run_to_dict,
    write_feedback_docx,
    write_feedback_markdown,
    write_gradebook_csv,
    write_run_json,
)
from app.core.grading.flags import Flag
from app.core.grading.grader import Grader, GradingCancelled
from app.core.grading.injection import detect_injection
from app.core.grading.materials import (
    ChoiceQuestion,
    Exercise,
    MaterialsCancelled,
    MaterialsError,
    Quiz,
    ShortQuestion,
    problems_of,
)
from app.core.grading.materials_export import (
    materials_markdown,
    materials_to_dict,
    read_materials_json,
    write_materials,
)
from app.core.grading.materials_generate import (
    MaterialsOptions,
    generate,
    generate_exercise,
    generate_quiz,
)
from app.core.grading.options import GradingOptions
from app.core.grading.quotes import QuoteMatcher, find_quote
from app.core.grading.regrade import RegradePlan, plan_regrade
from app.core.grading.reply_schema import grade_schema, validate
from app.core.grading.results import CriterionResult, GradeOutcome, GradeResult
from app.core.grading.rubric import Criterion, Level, Rubric, RubricError
from app.core.grading.rubric_io import dump_rubric, load_rubric, parse_rubric, save_rubric
from app.core.grading.runner import BatchRunner, Progress
from app.core.grading.schema import migrate_grading
from app.core.grading.scoring import Score, ScoreError, score_result
from app.core.grading.store import GradingStore, GradingStoreError, RunInfo
from app.core.grading.submissions import Submission, from_file, from_text, load_folder
from app.core.grading.summary import ClassSummary, class_summary, review_order

__all__ = [
    "Assignment",
    "BatchRunner",
    "ChoiceQuestion",
    "ClassSummary",
    "Criterion",
    "CriterionResult",
    "DocumentError",
    "Exercise",
    "Flag",
    "GradeOutcome",
    "GradeResult",
    "Grader",
    "GradingCancelled",
    "GradingOptions",
    "GradingStore",
    "GradingStoreError",
    "Level",
    "MaterialsCancelled",
    "MaterialsError",
    "MaterialsOptions",
    "Progress",
    "Quiz",
    "QuoteMatcher",
    "RegradePlan",
    "Rubric",
    "RubricError",
    "RunInfo",
    "Score",
    "ShortQuestion",
    "ScoreError",
    "Submission",
    "class_summary",
    "detect_injection",
    "dump_rubric",
    "example_rubrics",
    "feedback_markdown",
    "find_quote",
    "from_file",
    "from_text",
    "generate",
    "generate_exercise",
    "generate_quiz",
    "grade_schema",
    "gradebook_csv",
    "load_example",
    "load_folder",
    "load_rubric",
    "materials_markdown",
    "materials_to_dict",
    "migrate_grading",
    "parse_rubric",
    "plan_regrade",
    "problems_of",
    "read_document",
    "read_materials_json",
    "review_order",
    "run_to_dict",
    "save_rubric",
    "score_result",
    "validate",
    "write_feedback_docx",
    "write_feedback_markdown",
    "write_gradebook_csv",
    "write_materials",
    "write_run_json",
]
