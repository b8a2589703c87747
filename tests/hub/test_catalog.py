"""The curated catalogue: it loads, it is sane, and it ships with the wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.hub.catalog import catalog_path, find_catalog_model, load_catalog
from app.hub.errors import LibraryError
from app.hub.quants import quant_of

ROOT = Path(__file__).resolve().parents[2]


def test_the_catalogue_lists_10_to_15_sane_models():
    models = load_catalog()
    assert 10 <= len(models) <= 15
    assert len({m.id for m in models}) == len(models)
    for model in models:
        assert "/" in model.repo and model.good_at and model.license
        assert model.context_length >= 2048
        assert model.kv_bytes_per_token > 0
        assert model.recommended in {q.quant for q in model.quants}
        for quant in model.quants:
            assert quant.file.endswith(".gguf")
            assert quant_of(quant.file) == quant.quant  # the file name says its quant
            assert 50e6 < quant.size < 20e9


def test_the_starter_model_entry_matches_the_real_file(model_path):
    smol = find_catalog_model("SmolLM2-135M-Instruct")
    quant = smol.quant()
    assert quant.quant == "Q4_1" and quant.file == model_path.name
    assert quant.size == model_path.stat().st_size
    from app.engine.gguf import check_gguf
    from app.engine.hardware import kv_cache_bytes_per_token

    assert smol.kv_bytes_per_token == kv_cache_bytes_per_token(check_gguf(model_path))


def test_unknown_quant_is_a_clear_error():
    smol = find_catalog_model("smollm2-135m-instruct")
    with pytest.raises(LibraryError, match="has no Q2_K quant in the catalogue"):
        smol.quant("Q2_K")


def test_catalogue_location(tmp_path, monkeypatch):
    assert catalog_path() == ROOT / "models" / "catalog.toml"
    other = tmp_path / "mine.toml"
    other.write_text('[[models]]\nid = "x"\n', encoding="utf-8")
    monkeypatch.setenv("QUILLMATE_CATALOG", str(other))
    assert catalog_path() == other
    with pytest.raises(LibraryError, match="model #1 is incomplete"):
        load_catalog()
    other.write_text("not toml [", encoding="utf-8")
    with pytest.raises(LibraryError, match="cannot be read"):
        load_catalog()


def test_an_installed_app_finds_the_catalogue_in_its_data_folder(tmp_path, monkeypatch):
    """Outside a source checkout: <prefix>/share/quillmate/catalog.toml (the wheel's data)."""
    prefix = tmp_path / "venv"
    target = prefix / "share" / "quillmate" / "catalog.toml"
    target.parent.mkdir(parents=True)
    shutil.copy(ROOT / "models" / "catalog.toml", target)
    from app import paths

    fake_module = tmp_path / "site-packages" / "app" / "paths.py"
    monkeypatch.setattr(paths, "__file__", str(fake_module))
    monkeypatch.setattr(paths.sysconfig, "get_path", lambda *a, **k: str(prefix))
    assert catalog_path() == target
    assert len(load_catalog()) >= 10


def test_the_wheel_ships_the_catalogue(tmp_path):
    """Build the wheel from a copy of the project and look inside."""
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "models", source / "models")
    shutil.copytree(ROOT / "resources", source / "resources")
    shutil.copytree(ROOT / "app", source / "app", ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
         str(source)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    if result.returncode != 0 and "No matching distribution" in result.stderr:
        pytest.skip("pip cannot fetch the build backend here")
    assert result.returncode == 0, result.stderr[-2000:]
    [wheel] = (tmp_path / "dist").glob("quillmate-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in ("quillmate/catalog.toml", "quillmate/prompts/proofread.toml",
                    "quillmate/rubrics/argumentative_essay.toml",
                    "applications/io.github.quillmate.Quillmate.desktop",
                    "metainfo/io.github.quillmate.Quillmate.metainfo.xml"):  # fmt: skip
        assert any(n.endswith(f".data/data/share/{shipped}") for n in names), shipped
