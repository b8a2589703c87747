"""A real GGUF LoRA adapter for SmolLM2, and a window with the model loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.lora_adapter import write_random_lora

LOAD_MS = 60_000
APPLY_MS = 30_000


@pytest.fixture(scope="session")
def lora_file(model_path, tmp_path_factory) -> Path:
    """Random weights (seeded): enough to change every reply at strength 2."""
    return write_random_lora(model_path, tmp_path_factory.mktemp("lora") / "Tuned.gguf")


@pytest.fixture
def loaded_window(model_services, make_window, qtbot):
    """The main window once its default model (SmolLM2) has loaded."""
    window = make_window(model_services)
    qtbot.waitUntil(lambda: model_services.engine.model_info is not None, timeout=LOAD_MS)
    qtbot.waitUntil(lambda: not window.controller.is_busy, timeout=LOAD_MS)
    return window


@pytest.fixture
def adapter(loaded_window, lora_file):
    """The adapter imported into the library for the loaded model."""
    library = loaded_window.adapters.library
    return library.import_adapter(
        lora_file, base_model_path=loaded_window.services.engine.model_info.path
    )
