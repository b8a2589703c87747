"""A class set graded against a real OpenAI-compatible server, several in flight."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

from tests.remote.conftest import API_KEY

ESSAYS = {
    "Ann Lee": "School uniforms help students focus. They reduce bullying about clothes. "
    "So schools should keep them.",
    "Ben Ode": "Uniforms cost money that families do not have, and they stop students "
    "from expressing themselves. Schools should drop them.",
    "Wang Li": "I think uniforms are fine because my school has them.",
}


def test_grade_on_a_server_with_two_in_flight(llama_server, tmp_path):
    folder = tmp_path / "essays"
    folder.mkdir()
    for student, text in ESSAYS.items():
        (folder / f"{student}.txt").write_text(text + "\n", encoding="utf-8")
    env = {**os.environ, "QUILLMATE_HOME": str(tmp_path / "home"), "MY_KEY": API_KEY}

    def quillmate(*args):
        return subprocess.run(
            [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env,
            timeout=600,
        )  # fmt: skip

    assert (
        quillmate("endpoints", "add", "box", llama_server, "--api-key-env", "MY_KEY").returncode
        == 0
    )
    out = tmp_path / "grades.csv"
    graded = quillmate(
        "grade", "--rubric", "argumentative_essay", "--submissions", str(folder),
        "--out", str(out), "--endpoint", "box", "--in-flight", "2", "--no-feedback",
        "--task", "Should schools have uniforms?",
    )  # fmt: skip
    assert graded.returncode in (0, 3), graded.stderr
    assert "the text is sent there" in graded.stderr
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert {row[0] for row in rows[1:]} == set(ESSAYS)
    refused = quillmate(
        "grade", "--rubric", "argumentative_essay", "--submissions", str(folder),
        "--out", str(out), "--in-flight", "2",
    )  # fmt: skip
    assert refused.returncode == 1 and "only with --endpoint" in refused.stderr
