"""The local API server: the app's engine over OpenAI's API, on loopback, with a token."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx2
import pytest

from app.core.api_server import ApiServer, new_token
from app.engine.client import EngineClient
from app.engine.remote import Endpoint, RemoteEngine
from app.engine.types import Done, GenerateRequest, LoadOptions, SamplingParams, TokenBatch

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def served(model_path):
    engine = EngineClient()
    engine.load(LoadOptions(path=str(model_path), n_ctx=2048, n_threads=2))
    token = new_token()
    server = ApiServer(engine, "smollm2", token).start("127.0.0.1", 0)
    yield server, token
    server.stop()
    engine.close()


def test_every_route_needs_the_token(served):
    server, token = served
    assert httpx2.get(server.url + "/models").status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert httpx2.post(server.url + "/chat/completions", headers=wrong, json={}).status_code == 401
    ok = httpx2.get(server.url + "/models", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200 and ok.json()["data"][0]["id"] == "smollm2"
    assert server.url.startswith("http://127.0.0.1:")


def test_chat_completion_with_and_without_streaming(served):
    server, token = served
    headers = {"Authorization": f"Bearer {token}"}
    body = {
        "model": "smollm2", "temperature": 0, "max_tokens": 16,
        "messages": [{"role": "user", "content": "What is the capital of Japan?"}],
    }  # fmt: skip
    reply = httpx2.post(server.url + "/chat/completions", headers=headers, json=body, timeout=120)
    data = reply.json()
    text = data["choices"][0]["message"]["content"]
    assert "Tokyo" in text and data["usage"]["completion_tokens"] > 0
    with httpx2.stream("POST", server.url + "/chat/completions", headers=headers,
                       json={**body, "stream": True}, timeout=120) as stream:  # fmt: skip
        lines = [line for line in stream.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(line[6:]) for line in lines[:-1]]
    streamed = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert streamed == text  # greedy: the same reply either way
    assert chunks[-1]["choices"][0]["finish_reason"] in ("stop", "length")


def test_bad_requests_get_one_clear_error(served):
    server, token = served
    headers = {"Authorization": f"Bearer {token}"}
    bad = httpx2.post(server.url + "/chat/completions", headers=headers, json={"messages": []})
    assert bad.status_code == 400 and "messages" in bad.json()["error"]["message"]
    raw = httpx2.post(server.url + "/completions", headers={**headers, "Content-Type": "application/json"},
                      content=b"\xff not json")  # fmt: skip
    assert raw.status_code == 400
    assert httpx2.post(server.url + "/nowhere", headers=headers, json={}).status_code == 404


def test_tokenize_route_counts_with_the_engine(served):
    server, token = served
    root = server.url[: -len("/v1")]
    headers = {"Authorization": f"Bearer {token}"}
    tokens = httpx2.post(root + "/extras/tokenize", headers=headers, json={"input": "hello world"})
    assert tokens.json()["tokens"] == server.engine.tokenize("hello world")
    remote = RemoteEngine(Endpoint(server.url, api_key=token))
    remote.load()
    assert remote.count_tokens("hello world") == 2
    remote.close()


def test_our_own_remote_engine_talks_to_our_own_server(served):
    """Both halves of the OpenAI protocol in this app agree: chat over SSE round-trips."""
    server, token = served
    remote = RemoteEngine(Endpoint(server.url, api_key=token))
    try:
        assert remote.load().name == "smollm2"
        request = GenerateRequest(
            prompt="Once upon a time", sampling=SamplingParams(temperature=0, max_tokens=8)
        )
        events = list(remote.generate(request))
        assert isinstance(events[-1], Done) and any(isinstance(e, TokenBatch) for e in events)
        assert events[-1].text.strip()
    finally:
        remote.close()


def test_quillmate_serve_prints_url_and_token_and_answers(model_path, tmp_path):
    from tests.remote.conftest import free_port

    port = free_port()
    env = {**os.environ, "QUILLMATE_HOME": str(tmp_path / "home")}
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--model", str(model_path), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    try:
        first, second = process.stdout.readline(), process.stdout.readline()
        assert first.strip() == f"base URL: http://127.0.0.1:{port}/v1"
        token = second.strip().removeprefix("token: ")
        assert token.startswith("qm-") and len(token) > 20
        headers = {"Authorization": f"Bearer {token}"}
        models = httpx2.get(f"http://127.0.0.1:{port}/v1/models", headers=headers, timeout=30)
        assert models.status_code == 200
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0


def test_embeddings_and_chat_through_the_official_openai_client(model_path, embedding_model_path):
    import openai

    from app.engine.embedding import Embedder

    engine = EngineClient()
    engine.load(LoadOptions(path=str(model_path), n_ctx=2048, n_threads=2))
    token = new_token()
    server = ApiServer(
        engine, "smollm2", token, embedder_factory=lambda: Embedder(embedding_model_path)
    ).start("127.0.0.1", 0)
    try:
        client = openai.OpenAI(base_url=server.url, api_key=token, timeout=120)
        made = client.embeddings.create(model="any", input=["Cats purr.", "A kitten purrs."])
        first, second = (item.embedding for item in made.data)
        assert len(first) == 384 and sum(a * b for a, b in zip(first, second, strict=True)) > 0.5
        reply = client.chat.completions.create(
            model="smollm2", temperature=0, max_tokens=12,
            messages=[{"role": "user", "content": "What is the capital of Japan?"}],
        )  # fmt: skip
        assert "Tokyo" in reply.choices[0].message.content
        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(base_url=server.url, api_key="wrong").models.list()
        bad = httpx2.post(server.url + "/embeddings", json={"input": 5},
                          headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        assert bad.status_code == 400
    finally:
        server.stop()
        engine.close()
