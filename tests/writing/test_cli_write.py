"""`quillmate write` as scripts use it (run through `python -m app write`)."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import docx
import pytest

from app.cli.write import add_write_parser, run_write
from app.services import Services

FIXTURE = Path(__file__).parent / "fixtures" / "essay.txt"


def write(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", "write", *args],
        capture_output=True,
        text=True,
        timeout=180,
    )


def parse(*argv: str):
    parser = argparse.ArgumentParser()
    add_write_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["write", *argv])


def test_list_shows_the_actions():
    out = io.StringIO()
    with redirect_stdout(out):
        services = Services.create()
        try:
            assert run_write(parse("list"), services) == 0
        finally:
            services.close()
    assert "proofread" in out.getvalue() and "translate" in out.getvalue()


def test_bad_requests_are_one_clear_line(tmp_path):
    result = write("translate", str(FIXTURE))
    assert result.returncode == 1
    assert (
        result.stderr.strip() == "quillmate write: Translate: say which language to translate into"
    )
    result = write("nope", str(FIXTURE))
    assert result.returncode == 1 and "no action named 'nope'" in result.stderr
    binary = tmp_path / "x.txt"
    binary.write_bytes(bytes(range(256)))
    result = write("proofread", str(binary))
    assert result.returncode == 1 and "not a text file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.model
def test_proofread_a_file_as_a_diff(model_path):
    result = write(
        "proofread",
        str(FIXTURE),
        "--diff",
        "--model",
        str(model_path),
        "--temperature",
        "0",
        "--max-tokens",
        "48",
    )
    assert result.returncode == 0, result.stderr
    if result.stdout:
        assert result.stdout.startswith("--- essay.txt\n+++ essay.txt (proofread)\n@@")
    else:
        assert "No changes suggested." in result.stderr


@pytest.mark.model
def test_out_keeps_a_docx_table(model_path, tmp_path):
    source = docx.Document()
    source.add_paragraph("We goes to the sea every summer.")
    source.add_table(rows=1, cols=1).cell(0, 0).text = "kept cell"
    path = tmp_path / "in.docx"
    source.save(path)
    out = tmp_path / "out.docx"
    result = write(
        "proofread",
        str(path),
        "--out",
        str(out),
        "--model",
        str(model_path),
        "--temperature",
        "0",
        "--max-tokens",
        "24",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert docx.Document(out).tables[0].cell(0, 0).text == "kept cell"
