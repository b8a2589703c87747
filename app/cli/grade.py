"""`quillmate grade`: grade a folder of submissions against a rubric from the command line.

    quillmate grade --rubric R --submissions DIR --out grades.csv [--model M]
                    [--task TEXT | --task-file F] [--feedback-dir D] [--json RUN.json]
    quillmate grade --rubric R --submissions DIR --screen-only --out flags.csv

--screen-only loads no model and touches no database: it runs the cheap
screening layers (app/core/grading/screening) over every submission and writes
the gradebook's columns with every flag and no points, in seconds, so flagged
work can be read before a batch is started.

The run is stored in the app's database like a run started in the window, so it
can be reviewed there, and an interrupted run continues with `--resume RUN_ID`.
Progress goes to stderr. Exit status: 0 when every submission was graded cleanly,
3 when some need a teacher's review (they are listed), 130 when stopped with
Ctrl+C, 1 on a user error.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import time
from pathlib import Path

from app.cli.common import UserError
from app.core.grading.runner import Progress

log = logging.getLogger(__name__)

EXIT_NEEDS_REVIEW = 3
EXIT_INTERRUPTED = 130


def add_grade_parser(commands) -> argparse.ArgumentParser:
    """Add the `grade` sub-command to an argparse sub-parsers object."""
    grade = commands.add_parser("grade", help="grade a folder of submissions against a rubric")
    grade.add_argument("--rubric", help="rubric file (.toml, .json, .csv) or an example's name")
    grade.add_argument("--submissions", metavar="DIR", help="folder of .txt/.md/.docx/.pdf files")
    grade.add_argument("--out", required=True, help="the gradebook CSV to write")
    grade.add_argument("--model", help="a .gguf file (default: the app's default model)")
    from app.cli.common import add_adapter_arguments

    add_adapter_arguments(grade)
    task = grade.add_mutually_exclusive_group()
    task.add_argument("--task", help="the task or question the students answered")
    task.add_argument("--task-file", help="a file holding the task")
    grade.add_argument("--title", help="the assignment's title (default: the rubric's)")
    grade.add_argument("--model-answer-file", help="a model answer for the grader to compare")
    grade.add_argument("--feedback-dir", help="also write one feedback .md per student here")
    grade.add_argument("--json", dest="json_out", help="also write the whole run as JSON")
    grade.add_argument("--tone", default="encouraging", help="feedback tone")
    grade.add_argument("--language", default="English", help="feedback language")
    grade.add_argument("--no-feedback", action="store_true", help="skip the feedback paragraph")
    grade.add_argument("--consistency", type=int, default=1, metavar="K",
                       help="grade K times and mark criteria where the runs disagree")  # fmt: skip
    grade.add_argument("--seed", type=int, default=1234)
    grade.add_argument("--max-tokens", type=int, default=0, help="cap on each grading reply")
    grade.add_argument("--ctx", type=int, default=None, help="context size in tokens")
    grade.add_argument("--threads", type=int, default=None)
    grade.add_argument("--resume", type=int, metavar="RUN_ID", help="continue a stopped run")
    grade.add_argument(
        "--second-opinion",
        action="store_true",
        help="also ask the model about passages the screening finds suspicious",
    )
    grade.add_argument("--screen-only", action="store_true",
                       help="only flag text aimed at the grader (no model, no grades)")  # fmt: skip
    from app.cli.common import add_endpoint_arguments

    add_endpoint_arguments(grade)
    grade.add_argument(
        "--in-flight", type=int, default=1, metavar="N",
        help="with --endpoint: grade N submissions at once (fewer when the server is busy)",
    )  # fmt: skip
    grade.add_argument("--db", help=argparse.SUPPRESS)  # tests: another database file
    return grade


class ProgressBar:
    """One updating line on a terminal; one line per submission otherwise."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, progress: Progress) -> None:
        width = 24
        filled = int(width * progress.fraction)
        eta = _clock(progress.eta_seconds) if progress.eta_seconds is not None else "--:--"
        line = (
            f"[{'#' * filled}{'.' * (width - filled)}] {progress.done}/{progress.total}"
            f"  {100 * progress.fraction:3.0f}%  left {eta}  {progress.current}"
        )
        if self.tty:
            self.stream.write("\r" + line[:100].ljust(100))
            if progress.state != "running":
                self.stream.write("\n")
        else:
            self.stream.write(line.rstrip() + "\n")
        self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def run_grade(args, services) -> int:
    if getattr(args, "screen_only", False):
        return run_screen(args)
    from app.cli.common import UserError, resolve_model
    from app.core.grading.export import write_feedback_markdown, write_gradebook_csv, write_run_json
    from app.core.grading.runner import BatchRunner
    from app.core.grading.store import GradingStore, GradingStoreError

    # Check every input before the model is looked up or the database touched.
    prepared = None if getattr(args, "resume", None) else _prepare(args)
    settings = services.settings
    in_flight = getattr(args, "in_flight", 1) or 1
    if in_flight < 1 or (in_flight > 1 and not getattr(args, "endpoint", None)):
        raise UserError("--in-flight N needs N >= 1, and more than 1 only with --endpoint")
    lanes = _remote_lanes(args, settings, in_flight)
    model = lanes[0].describe() if lanes else resolve_model(getattr(args, "model", None), settings)
    store = GradingStore(getattr(args, "db", None) or None)
    try:
        if prepared is None:
            run_id = args.resume
            try:
                store.get_run(run_id)
            except GradingStoreError as exc:
                raise UserError(str(exc)) from None
        else:
            assignment, submissions, options = prepared
            assignment_id = store.create_assignment(assignment)
            store.add_submissions(assignment_id, submissions)
            run_id = store.create_run(assignment_id, options, model)
        info = store.get_run(run_id)
        engine = lanes[0] if lanes else services.engine
        bar = ProgressBar()
        runner = BatchRunner(store, engine, on_progress=bar.update, lanes=lanes[1:])
        previous = signal.signal(signal.SIGINT, lambda *_: runner.cancel())
        started = time.monotonic()
        try:
            if not lanes:
                from app.cli.common import apply_adapter_arguments

                options = settings.load_options(
                    model,
                    n_ctx=getattr(args, "ctx", None),
                    n_threads=getattr(args, "threads", None),
                )
                engine.load(apply_adapter_arguments(options, args, settings))
            state = runner.run(run_id)
        finally:
            signal.signal(signal.SIGINT, previous)
            for each in runner.lanes:
                each.close()
        results = store.get_results(run_id)
        rubric = info.rubric
        write_gradebook_csv(args.out, rubric, results)
        if getattr(args, "feedback_dir", None):
            write_feedback_markdown(args.feedback_dir, info.assignment.title, rubric, results)
        if getattr(args, "json_out", None):
            write_run_json(args.json_out, store.get_run(run_id), results)
        return _report(run_id, state, results, args.out, time.monotonic() - started)
    finally:
        store.close()


def _remote_lanes(args, settings, count: int) -> list:
    """`count` loaded engines for --endpoint (one stream each), or [] without it."""
    from app.cli.common import remote_engine

    first = remote_engine(args, settings)
    if first is None:
        return []
    lanes = [first]
    for _ in range(count - 1):
        from app.core import endpoints

        lane = endpoints.engine_for(settings, args.endpoint, model=first.endpoint.model)
        lane.load()
        lanes.append(lane)
    return lanes


def run_screen(args) -> int:
    """`--screen-only`: flags for every submission, no model; exit 3 if any is flagged."""
    from app.cli.common import UserError
    from app.core.grading.export import write_screening_csv
    from app.core.grading.injection import detect_injection
    from app.core.grading.results import ERROR, SKIPPED

    if getattr(args, "resume", None):
        raise UserError("--screen-only screens a folder; it cannot resume a run")
    started = time.monotonic()
    assignment, submissions, _ = _prepare(args)
    screened = []
    for submission in submissions:
        if submission.error:
            status = ERROR
        elif submission.is_empty:
            status = SKIPPED
        else:
            status = "screened"
        flags = list(submission.flags)
        if not submission.error:
            flags += detect_injection(submission.text)
        screened.append((submission.student, status, flags))
    write_screening_csv(args.out, assignment.rubric, screened)
    flagged = [(student, flags) for student, _, flags in screened if flags]
    seconds = time.monotonic() - started
    _say(f"screened {len(screened)} submissions in {seconds:.1f} s; flags: {args.out}")
    if flagged:
        _say(f"{len(flagged)} flagged:")
        for student, flags in flagged:
            more = f" (+{len(flags) - 1} more)" if len(flags) > 1 else ""
            _say(f"  {student}: {flags[0].message}{more}")
    return EXIT_NEEDS_REVIEW if flagged else 0


def _prepare(args):
    """The assignment, submissions and options from the arguments; raises UserError."""
    from app.core.grading.assignment import Assignment
    from app.core.grading.examples import example_rubrics, load_example
    from app.core.grading.options import GradingOptions
    from app.core.grading.rubric import RubricError
    from app.core.grading.rubric_io import load_rubric
    from app.core.grading.submissions import load_folder

    if not args.rubric or not args.submissions:
        raise UserError("--rubric and --submissions are needed (or --resume RUN_ID)")
    rubric_path = Path(args.rubric).expanduser()
    try:
        if not rubric_path.exists() and args.rubric in example_rubrics():
            rubric = load_example(args.rubric)
        else:
            rubric = load_rubric(rubric_path)
    except RubricError as exc:
        raise UserError(str(exc)) from None
    folder = Path(args.submissions).expanduser()
    if not folder.is_dir():
        raise UserError(f"{args.submissions}: no such folder")
    task = getattr(args, "task", None) or ""
    if getattr(args, "task_file", None):
        task = _read_text(args.task_file)
    model_answer = ""
    if getattr(args, "model_answer_file", None):
        model_answer = _read_text(args.model_answer_file)
    exclude = {rubric_path, Path(args.out).expanduser()}
    submissions = load_folder(folder, exclude={p for p in exclude if p.exists()})
    if not submissions:
        raise UserError(f"{args.submissions}: no submission files in it")
    assignment = Assignment(
        title=getattr(args, "title", None) or rubric.title,
        task=task or "(The task was not given: grade against the rubric.)",
        rubric=rubric,
        model_answer=model_answer,
    )
    options = GradingOptions(
        seed=getattr(args, "seed", 1234),
        max_tokens=getattr(args, "max_tokens", 0) or 0,
        consistency_runs=max(1, getattr(args, "consistency", 1) or 1),
        feedback=not getattr(args, "no_feedback", False),
        feedback_tone=getattr(args, "tone", "encouraging"),
        feedback_language=getattr(args, "language", "English"),
        second_opinion=getattr(args, "second_opinion", False),
    )
    return assignment, submissions, options


def _read_text(path: str) -> str:
    from app.cli.common import UserError
    from app.core.grading.documents import DocumentError, read_document

    try:
        return read_document(Path(path).expanduser())
    except DocumentError as exc:
        raise UserError(str(exc)) from None  # the message names the file


def _say(line: str) -> None:
    sys.stderr.write(line + "\n")


def _report(run_id: int, state: str, results, out: str, seconds: float) -> int:
    review = [r for r in results if r.needs_review]
    done = sum(r.status != "pending" for r in results)
    _say(f"graded {done} of {len(results)} in {seconds:.0f} s; gradebook: {out}")
    if state != "finished":
        _say(f"stopped ({state}); continue with: quillmate grade --resume {run_id} --out {out}")
    if review:
        _say(f"{len(review)} need review:")
        for result in review:
            reasons = result.review_reasons()
            why = reasons[0] if reasons else result.status
            more = f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else ""
            _say(f"  {result.student}: {why}{more}")
    if state != "finished":
        return EXIT_INTERRUPTED
    return EXIT_NEEDS_REVIEW if review else 0
