"""`quillmate models adapters | import-adapter | remove-adapter` and `chat --adapter ID`.

Real processes, the real SmolLM2 model and a real GGUF LoRA adapter for it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.lora_adapter import write_random_lora


def quillmate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=240
    )


@pytest.fixture(scope="module")
def lora(model_path, tmp_path_factory) -> Path:
    return write_random_lora(model_path, tmp_path_factory.mktemp("lora") / "tuned.gguf")


def test_import_list_and_remove_an_adapter(model_path, lora, tmp_path):
    imported = quillmate("models", "import-adapter", str(lora), "--base", "smollm2")
    assert imported.returncode == 0, imported.stderr
    assert "imported adapter tuned for smollm2-135m-instruct-q4_1" in imported.stdout

    listing = quillmate("models", "list")
    lines = listing.stdout.splitlines()
    model_line = next(i for i, line in enumerate(lines) if "smollm2-135m-instruct-q4_1" in line)
    assert lines[model_line + 1].split()[:2] == ["+", "tuned"]  # right under its base

    adapters = quillmate("models", "adapters", "--base", str(model_path))
    assert adapters.returncode == 0
    assert "tuned" in adapters.stdout and "smollm2-135m-instruct-q4_1" in adapters.stdout
    as_json = json.loads(quillmate("models", "adapters", "--json").stdout)
    assert [a["id"] for a in as_json] == ["tuned"]

    removed = quillmate("models", "remove-adapter", "tuned")
    assert removed.returncode == 0 and "removed adapter tuned" in removed.stdout
    assert "no adapters" in quillmate("models", "adapters").stdout


def test_refusals_are_one_clear_line(model_path, tmp_path):
    from tests.hub.test_adapters import tiny_lora

    other = tiny_lora(tmp_path / "qwen.gguf", arch="qwen2")
    result = quillmate("models", "import-adapter", str(other), "--base", str(model_path))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "quillmate models: qwen.gguf was made for 'qwen2' models, "
        "but SmolLM2-135M-Instruct.Q4_1.gguf is 'llama'"
    ]
    result = quillmate("models", "import-adapter", str(model_path))
    assert result.returncode == 1 and "is not a LoRA adapter" in result.stderr
    result = quillmate("chat", "--model", str(model_path), "--adapter", "nothing", "hi")
    assert result.returncode == 1
    assert "nothing: no such adapter file, and no adapter has this id" in result.stderr


@pytest.mark.model
def test_chat_with_an_adapter_by_id(model_path, lora):
    assert quillmate("models", "import-adapter", str(lora), "--base", "smollm2").returncode == 0
    common = (
        "--model",
        str(model_path),
        "--temperature",
        "0",
        "--max-tokens",
        "12",
        "--threads",
        "1",
    )
    prompt = "Describe the sea in one sentence."
    base = quillmate("chat", *common, prompt)
    tuned = quillmate("chat", *common, "--adapter", "tuned", "--adapter-scale", "2", prompt)
    zero = quillmate("chat", *common, "--adapter", "tuned", "--adapter-scale", "0", prompt)
    for result in (base, tuned, zero):
        assert result.returncode == 0, result.stderr
    assert tuned.stdout != base.stdout  # the adapter really applies
    assert zero.stdout == base.stdout  # at strength 0 it changes nothing


def test_write_and_grade_take_the_same_adapter_flags(lora):
    from app.cli import build_parser
    from app.cli.common import apply_adapter_arguments
    from app.engine.types import LoadOptions
    from app.paths import app_paths
    from app.settings import Settings

    parser = build_parser()
    adapter = lora
    settings = Settings(app_paths().ensure().settings_file)
    for argv in (
        ["write", "proofread", "essay.txt", "--adapter", str(adapter), "--adapter-scale", "0.5"],
        ["grade", "--out", "g.csv", "--adapter", str(adapter), "--adapter-scale", "0.5"],
    ):
        args = parser.parse_args(argv)
        options = apply_adapter_arguments(LoadOptions(path="m.gguf"), args, settings)
        assert (options.adapter, options.adapter_scale) == (str(adapter.resolve()), 0.5)
    off = parser.parse_args(["write", "proofread", "essay.txt", "--adapter", "none"])
    chosen = LoadOptions(path="m.gguf", adapter="tuned.gguf")
    assert apply_adapter_arguments(chosen, off, settings).adapter is None
