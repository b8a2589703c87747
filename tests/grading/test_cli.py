"""`quillmate grade` argument handling (the model run is in test_model.py)."""

from __future__ import annotations

import argparse
import io

import pytest

from app.cli_grade import ProgressBar, add_grade_parser, main
from app.core.grading.runner import Progress


def parse(argv):
    parser = argparse.ArgumentParser()
    add_grade_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_parser_shape():
    args = parse(["grade", "--rubric", "r.toml", "--submissions", "d", "--out", "g.csv",
                  "--task-file", "t.txt", "--consistency", "3"])  # fmt: skip
    assert (args.rubric, args.submissions, args.out, args.task_file) == (
        "r.toml",
        "d",
        "g.csv",
        "t.txt",
    )
    assert args.consistency == 3 and args.task is None and args.resume is None
    with pytest.raises(SystemExit):
        parse(["grade", "--out", "g.csv", "--task", "x", "--task-file", "y"])


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--rubric", "missing.toml", "--submissions", "{tmp}"], "missing.toml: cannot read it"),
        (["--rubric", "argumentative_essay", "--submissions", "{tmp}/nope"], "no such folder"),
        (["--rubric", "argumentative_essay", "--submissions", "{tmp}"], "no submission files"),
        (["--submissions", "{tmp}"], "--rubric and --submissions are needed"),
    ],
)
def test_user_errors_are_one_line_and_touch_no_database(argv, message, tmp_path, model_path,
                                                        capsys, _fresh_home):  # fmt: skip
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code = main(["grade", *argv, "--out", str(tmp_path / "g.csv"), "--model", str(model_path)])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("quillmate grade: ") and message in err
    assert err.count("\n") == 1
    assert not (_fresh_home / "data" / "quillmate.sqlite3").exists()


def test_progress_bar_lines():
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar.update(Progress(1, 0, 4, "Ann", 0.0, None))
    bar.update(Progress(1, 2, 4, "Cat", 10.0, 65.0))
    first, second = stream.getvalue().splitlines()
    assert first.startswith("[........................] 0/4") and "left --:--" in first
    assert "2/4   50%  left 0:01:05  Cat" in second
