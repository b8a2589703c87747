"""The `quillmate` command as a script would use it (real processes, real model)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def quillmate(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.mark.model
def test_chat_streams_a_reply(model_path):
    result = quillmate(
        "chat",
        "--model",
        str(model_path),
        "--temperature",
        "0",
        "--max-tokens",
        "16",
        "--seed",
        "1",
        "--stats",
        "What is the capital of Japan?",
    )
    assert result.returncode == 0, result.stderr
    assert "Tokyo" in result.stdout
    assert "tokens/s" in result.stderr


@pytest.mark.model
def test_chat_reads_the_prompt_from_stdin(model_path):
    result = quillmate(
        "chat",
        "--model",
        str(model_path),
        "--temperature",
        "0",
        "--max-tokens",
        "8",
        "-",
        stdin="Say hello.",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_missing_model_is_one_clear_line(tmp_path):
    result = quillmate("chat", "--model", str(tmp_path / "nope.gguf"), "hi")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"quillmate chat: {tmp_path / 'nope.gguf'}: no such model file")


def test_corrupt_model_is_one_clear_line(tmp_path):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"<html><body>Not found</body></html>")
    result = quillmate("chat", "--model", str(bad), "hi")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.gguf" in lines[0] and "not a GGUF" in lines[0]
    assert "Traceback" not in result.stderr


def test_doctor_lists_capabilities_and_folders(_fresh_home):
    result = quillmate("doctor")
    assert result.returncode == 0, result.stderr
    for label in ("llama-cpp-python", "GPU offload", "CPU features", "RAM", "Database", "Models"):
        assert label in result.stdout
    assert str(_fresh_home) in result.stdout
