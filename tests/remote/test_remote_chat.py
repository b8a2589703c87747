"""A conversation answered by a saved server, through the same chat service."""

from __future__ import annotations

import os

import pytest

from app.core import endpoints
from app.core.backends import ENDPOINT_KEY
from app.services import Services
from tests.remote.conftest import API_KEY


@pytest.fixture
def services(monkeypatch):
    monkeypatch.setenv("MY_KEY", API_KEY)
    svc = Services.create()
    yield svc
    svc.close()


def test_a_conversation_on_an_endpoint_is_answered_there(services, llama_server):
    endpoints.add(services.settings, "box", llama_server, api_key_env="MY_KEY")
    services.settings["sampling"] = {
        **services.settings["sampling"], "temperature": 0.0, "max_tokens": 12, "seed": 1,
    }  # fmt: skip
    conv = services.store.create_conversation(title="Remote", system_prompt="")
    services.store.update_conversation(conv.id, settings={ENDPOINT_KEY: "box"})
    result = services.chat.send(conv.id, "What is the capital of Japan?")
    assert result.error is None and "Tokyo" in result.message.content
    assert result.message.meta["endpoint"].endswith(llama_server[: -len("/v1")])
    assert services.engine.worker_pid is None  # the local engine never started
    # A second turn reuses the same connection; removing the endpoint is one clear error.
    assert services.chat.send(conv.id, "And of France?").error is None
    endpoints.remove(services.settings, "box")
    services.chat.remotes.close()
    with pytest.raises(Exception, match="no endpoint named 'box'"):
        services.chat.send(conv.id, "Hello?")
    assert os.environ["MY_KEY"] == API_KEY
