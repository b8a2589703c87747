"""RemoteEngine against a real llama-cpp-python server on loopback, and its faults."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx2
import pytest

from app.engine.remote import Endpoint, RemoteEngine
from app.engine.types import (
    Done,
    EngineDied,
    EngineError,
    GenerateRequest,
    ModelLoadError,
    SamplingParams,
    TokenBatch,
)
from tests.remote.conftest import API_KEY, free_port, start_server, stop_server

pytestmark = pytest.mark.model


def ask(text: str, max_tokens: int = 24, **extra) -> GenerateRequest:
    return GenerateRequest(
        messages=[{"role": "user", "content": text}],
        sampling=SamplingParams(temperature=0, max_tokens=max_tokens),
        **extra,
    )


@pytest.fixture
def remote(llama_server):
    engine = RemoteEngine(Endpoint(llama_server, api_key=API_KEY))
    engine.load()
    yield engine
    engine.close()


def test_a_reply_streams_from_the_server(remote, llama_server):
    events = list(remote.generate(ask("What is the capital of Japan?")))
    batches = [e for e in events if isinstance(e, TokenBatch)]
    done = events[-1]
    assert isinstance(done, Done) and len(batches) > 1
    assert done.text == "".join(b.text for b in batches) and "Tokyo" in done.text
    assert done.finish_reason in ("stop", "length")
    assert remote.describe().endswith(f"at {llama_server[: -len('/v1')]}")
    assert remote.count_tokens("hello world") == 2  # the server's own tokenizer


def test_structured_output_falls_back_to_json_mode_and_parses(remote):
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
        "required": ["name", "age"],
    }
    done = remote.complete(ask("Invent a person.", 60, json_schema=schema))
    value = json.loads(done.text)
    assert isinstance(value["name"], str) and isinstance(value["age"], int)


def test_a_wrong_key_is_one_clear_error(llama_server):
    engine = RemoteEngine(Endpoint(llama_server, api_key="wrong"))
    with pytest.raises(ModelLoadError, match="refused the API key"):
        engine.load()
    engine.close()


def test_stop_closes_the_stream_at_once(remote):
    events = remote.generate(ask("Write a very long story about the sea.", 800))
    first = next(events)
    assert isinstance(first, TokenBatch)
    started = time.monotonic()
    threading.Timer(0.05, remote.cancel).start()
    done = [e for e in events if isinstance(e, Done)][0]
    assert done.finish_reason == "cancelled"
    assert time.monotonic() - started < 2.0
    assert done.stats.completion_tokens < 800
    # The engine is usable at once afterwards.
    assert remote.complete(ask("Say hi.", 4)).text


def test_a_server_that_dies_mid_reply_keeps_the_partial_text(model_path):
    port = free_port()
    process = start_server(model_path, port)
    engine = RemoteEngine(Endpoint(f"http://127.0.0.1:{port}/v1", api_key=API_KEY))
    try:
        engine.load()
        received = []
        with pytest.raises(EngineDied, match="stopped mid-reply") as caught:
            for event in engine.generate(ask("Write a very long story about the sea.", 800)):
                if isinstance(event, TokenBatch):
                    received.append(event.text)
                    if len(received) == 3:
                        process.kill()
        assert len(received) >= 3 and "text received so far is kept" in str(caught.value)
    finally:
        engine.close()
        stop_server(process)


class _Faulty(BaseHTTPRequestHandler):
    """Injects what a real server does only under load or when broken: 429s, bad JSON."""

    plan: list[str] = []
    seen: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        self._send(200, json.dumps({"data": [{"id": "m"}]}).encode())

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        step = self.plan.pop(0) if self.plan else "ok"
        self.seen.append(step)
        if step == "429":
            self._send(429, b'{"error": "slow down"}')
            return
        chunk = {"choices": [{"delta": {"content": "Hello"}, "finish_reason": None}]}
        lines = f"data: {json.dumps(chunk)}\n\n"
        lines += "data: {not json\n\n" if step == "bad_json" else "data: [DONE]\n\n"
        self._send(200, lines.encode(), "text/event-stream")


@pytest.fixture
def faulty():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Faulty)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Faulty.plan, _Faulty.seen = [], []
    engine = RemoteEngine(Endpoint(f"http://127.0.0.1:{server.server_address[1]}/v1"))
    engine.load()
    yield engine
    engine.close()
    server.shutdown()


def test_429s_are_retried_with_back_off(faulty):
    _Faulty.plan = ["429", "429", "ok"]
    done = faulty.complete(ask("hi"))
    assert done.text == "Hello" and _Faulty.seen == ["429", "429", "ok"]


def test_a_server_that_stays_busy_is_one_clear_error(faulty, monkeypatch):
    from app.engine import remote

    monkeypatch.setattr(remote, "RETRY_DELAYS", (0.01, 0.01))
    _Faulty.plan = ["429"] * 5
    with pytest.raises(EngineError, match="stayed busy"):
        faulty.complete(ask("hi"))


def test_malformed_json_mid_stream_is_an_interrupted_reply(faulty):
    _Faulty.plan = ["bad_json"]
    with pytest.raises(EngineDied, match="stopped mid-reply"):
        faulty.complete(ask("hi"))


def test_cli_chat_on_a_saved_endpoint(llama_server, tmp_path, monkeypatch):
    env_home = {"QUILLMATE_HOME": str(tmp_path / "home"), "MY_KEY": API_KEY}
    import os

    env = {**os.environ, **env_home}

    def quillmate(*args):
        return subprocess.run(
            [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env,
            timeout=300,
        )  # fmt: skip

    added = quillmate("endpoints", "add", "box", llama_server, "--api-key-env", "MY_KEY")
    assert added.returncode == 0 and "leaves this computer" in added.stdout
    listed = quillmate("endpoints", "list")
    assert "box" in listed.stdout and "$MY_KEY" in listed.stdout
    assert quillmate("endpoints", "models", "box").stdout.strip().endswith(".gguf")
    result = quillmate("chat", "--endpoint", "box", "--temperature", "0", "--max-tokens", "12",
                       "What is the capital of Japan?")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Tokyo" in result.stdout and llama_server[: -len("/v1")] in result.stderr
    essay = tmp_path / "essay.txt"
    essay.write_text("Teh quick brown fox jump over the lazy dog. It were a sunny day.\n")
    written = quillmate("write", "proofread", str(essay), "--endpoint", "box", "--diff")
    assert written.returncode == 0, written.stderr
    assert "the text is sent there" in written.stderr
    env["MY_KEY"] = "wrong"
    refused = quillmate("chat", "--endpoint", "box", "hi")
    assert refused.returncode == 1 and "refused the API key" in refused.stderr
    assert quillmate("endpoints", "remove", "box").returncode == 0
    assert quillmate("chat", "--endpoint", "box", "hi").returncode == 1
    assert httpx2  # the client the engine uses is importable here


def test_an_api_key_kept_in_the_os_keyring(llama_server, tmp_path):
    """A real keyring backend (keyrings.alt's file keyring), never the settings file."""
    import os

    env = {
        **os.environ,
        "QUILLMATE_HOME": str(tmp_path / "home"),
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "XDG_DATA_HOME": str(tmp_path / "keyring"),
    }

    def quillmate(*args, stdin=None):
        return subprocess.run(
            [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env,
            input=stdin, timeout=300,
        )  # fmt: skip

    added = quillmate(
        "endpoints", "add", "box", llama_server, "--api-key-stdin", stdin=API_KEY + "\n"
    )
    assert added.returncode == 0, added.stderr
    settings = next((tmp_path / "home").rglob("settings.json")).read_text()
    assert API_KEY not in settings
    kept = next((tmp_path / "keyring").rglob("keyring_pass.cfg"))
    assert "box =" in kept.read_text()  # the file keyring stores it base64-encoded
    result = quillmate("chat", "--endpoint", "box", "--temperature", "0", "--max-tokens", "8",
                       "What is the capital of Japan?")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert quillmate("endpoints", "remove", "box").returncode == 0
    assert "box =" not in kept.read_text()
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    refused = quillmate("endpoints", "add", "box2", llama_server, "--api-key-stdin", stdin="k\n")
    assert refused.returncode == 1 and "use --api-key-env" in refused.stderr
