"""A worker that garbles its pipe, hangs, or is stuck at close cannot wedge the app.

The faults are made by a real worker process (QUILLMATE_FAULT_REPLY); the client must
turn each into one EngineDied, kill the worker, and serve the next request afresh.
"""

from __future__ import annotations

import threading
import time

import pytest

from app.engine import protocol
from app.engine.client import CLOSE_WAIT_SECONDS, EngineClient
from app.engine.types import EngineDied, GenerateRequest, LoadOptions, SamplingParams
from app.engine.worker import FAULT_REPLY_ENV

SHORT = GenerateRequest(prompt="Once upon a time", sampling=SamplingParams(max_tokens=4))


@pytest.fixture
def client(model_path):
    engine = EngineClient()
    engine.load(LoadOptions(path=str(model_path), n_ctx=4096, n_threads=2))
    yield engine
    engine.close()


@pytest.mark.model
@pytest.mark.parametrize(
    ("fault", "words"), [("garbage", "not UTF-8 JSON"), ("bad_shape", "'text' is int")]
)
def test_a_malformed_reply_restarts_the_worker(client, monkeypatch, fault, words):
    monkeypatch.setenv(FAULT_REPLY_ENV, fault)
    client.close()  # the next request starts a worker that sees the fault
    pid = None
    with pytest.raises(EngineDied, match="malformed reply") as caught:
        for _ in client.generate(SHORT):
            pass
    assert words in str(caught.value)
    assert not client.is_alive()
    monkeypatch.delenv(FAULT_REPLY_ENV)
    done = client.complete(SHORT)  # a fresh worker, the model reloaded by itself
    assert done.stats.completion_tokens > 0 and client.worker_pid != pid


@pytest.mark.model
def test_a_hung_worker_is_killed_at_its_deadline(client, monkeypatch):
    monkeypatch.setenv(FAULT_REPLY_ENV, "hang")
    client.close()
    client.deadlines.generate = 2.0
    started = time.monotonic()
    with pytest.raises(EngineDied, match="stopped responding"):
        client.complete(SHORT)
    assert time.monotonic() - started < 30  # the load, then two seconds of silence
    monkeypatch.delenv(FAULT_REPLY_ENV)
    assert client.complete(SHORT).stats.completion_tokens > 0


@pytest.mark.model
def test_a_long_prompt_is_not_mistaken_for_a_hang(client):
    """Heartbeats during prompt evaluation keep a 2 s deadline from firing.

    The ~3,000-token prompt takes ~12 s on 2 CPU cores: silent, it would be killed.
    """
    client.deadlines.generate = 2.0
    text = " ".join(f"word{i} is here and there," for i in range(330))
    done = client.complete(GenerateRequest(prompt=text, sampling=SamplingParams(max_tokens=2)))
    assert done.stats.prompt_tokens > 2000 and done.stats.completion_tokens > 0


@pytest.mark.model
def test_close_does_not_wait_behind_a_stuck_call(client, monkeypatch):
    monkeypatch.setenv(FAULT_REPLY_ENV, "hang")
    client.close()
    client.deadlines.generate = 600.0
    outcome: list[BaseException] = []

    def stuck() -> None:
        try:
            client.complete(SHORT)
        except BaseException as exc:  # noqa: BLE001 - the test records what ended the call
            outcome.append(exc)

    thread = threading.Thread(target=stuck)
    thread.start()
    deadline = time.monotonic() + 60
    while not client.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # the worker has the request and is silent
    started = time.monotonic()
    client.close()
    assert time.monotonic() - started < CLOSE_WAIT_SECONDS + 3
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], EngineDied)
    assert "closed" in str(outcome[0])


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xff\xfe", "not UTF-8 JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"event": "tokens", "text": "a", "n": 1}', "integer id"),
        (b'{"event": "tokens", "id": 1, "text": "a", "n": "1"}', "'n' is str"),
        (b'{"event": "tokens", "id": 1, "text": "a", "n": true}', "'n' is bool"),
        (b'{"event": "explode", "id": 1}', "unknown event"),
        (b'{"event": "done", "id": 1, "text": "", "finish_reason": "stop", "stats": {"x": 1}}',
         "unknown stats"),
        (b'{"event": "loaded", "id": 1, "info": {"path": "m"}}', "model info"),
        (b'{"event": "result", "id": 1}', "without a value"),
    ],
)  # fmt: skip
def test_decode_event_rejects_every_bad_shape(data, words):
    with pytest.raises(protocol.ProtocolError, match=words):
        protocol.decode_event(data)


def test_decode_event_accepts_the_real_shapes():
    event = protocol.decode_event(b'{"event": "tokens", "id": 3, "text": "hi", "n": 2}')
    assert event["text"] == "hi"
    assert protocol.decode_event(b'{"event": "progress", "id": 3}')["event"] == "progress"
    assert protocol.decode_event(b'{"event": "result", "id": 3, "value": null}')["value"] is None
