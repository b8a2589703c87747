"""The engine with the real SmolLM2-135M model, in its real worker process."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import threading
import time

import pytest

from app.engine.client import EngineClient
from app.engine.types import (
    Done,
    EngineDied,
    EngineError,
    GenerateRequest,
    LoadOptions,
    ModelLoadError,
    SamplingParams,
    TokenBatch,
)

pytestmark = pytest.mark.model

GREEDY = SamplingParams(temperature=0, max_tokens=24, seed=1)


def chat(text: str, **sampling) -> GenerateRequest:
    params = SamplingParams(**{**GREEDY.__dict__, **sampling})
    messages = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": text},
    ]
    return GenerateRequest(messages=messages, sampling=params)


def run(engine: EngineClient, request: GenerateRequest) -> tuple[list[TokenBatch], Done]:
    batches, done = [], None
    for event in engine.generate(request):
        if isinstance(event, TokenBatch):
            batches.append(event)
        else:
            done = event
    return batches, done


@pytest.fixture(scope="module")
def engine(model_path):
    client = EngineClient()
    client.load(LoadOptions(path=str(model_path), n_ctx=4096, n_threads=2))
    yield client
    client.close()


def test_load_reports_the_model(engine, model_path):
    info = engine.model_info
    assert info.architecture == "llama"
    assert info.n_ctx == 4096 and info.n_ctx_train == 8192
    assert 100e6 < info.n_params < 200e6
    assert info.template_source == "gguf"
    assert info.path == str(model_path)


def test_reply_streams_in_batches_and_matches_done(engine):
    batches, done = run(engine, chat("Name three colours.", max_tokens=48))
    assert done.finish_reason in ("stop", "length")
    assert "".join(b.text for b in batches) == done.text
    assert done.text.strip()
    stats = done.stats
    assert stats.completion_tokens > 0 and stats.prompt_tokens > 5
    assert stats.context_used == stats.prompt_tokens + stats.completion_tokens


def test_greedy_is_deterministic(engine):
    first = run(engine, chat("What is the capital of Japan?"))[1].text
    second = run(engine, chat("What is the capital of Japan?"))[1].text
    assert first == second
    assert "Tokyo" in first


def test_follow_up_reuses_the_cached_prefix(engine):
    history = chat("Tell me about rivers. " * 40).messages
    first = run(engine, GenerateRequest(messages=history, sampling=GREEDY))[1]
    history += [
        {"role": "assistant", "content": first.text},
        {"role": "user", "content": "And lakes?"},
    ]
    second = run(engine, GenerateRequest(messages=history, sampling=GREEDY))[1]
    assert first.stats.prompt_tokens > 200
    # Everything up to the end of the first prompt is reused from the KV cache.
    assert second.stats.cached_tokens >= first.stats.prompt_tokens - 1
    assert second.stats.prompt_tokens - second.stats.cached_tokens < 60


def test_stop_strings_end_the_reply_before_the_stop(engine):
    sampling = SamplingParams(temperature=0, max_tokens=64, repeat_penalty=1.0)
    request = GenerateRequest(prompt="1, 2, 3, 4, 5,", sampling=sampling, stop=[", 9,", "X"])
    batches, done = run(engine, request)
    assert done.finish_reason == "stop"
    assert done.text.strip() == "6, 7, 8"
    assert "".join(b.text for b in batches) == done.text


def test_json_schema_constrains_the_output(engine):
    schema = {
        "type": "object",
        "properties": {
            "city": {"type": "string", "maxLength": 30},
            "population_millions": {"type": "integer"},
        },
        "required": ["city", "population_millions"],
    }
    request = chat("Give the largest city of Japan as JSON.", max_tokens=64)
    request.json_schema = schema
    done = run(engine, request)[1]
    data = json.loads(done.text)
    assert set(data) == {"city", "population_millions"}
    assert isinstance(data["city"], str) and isinstance(data["population_millions"], int)


def test_plain_completion_without_template(engine):
    request = GenerateRequest(prompt="The days of the week are Monday, Tuesday,", sampling=GREEDY)
    done = run(engine, request)[1]
    assert "Wednesday" in done.text
    assert "<|im_start|>" not in done.text


def test_count_tokens(engine):
    assert engine.count_tokens("Hello world") == len(engine.tokenize("Hello world")) > 0
    assert engine.count_tokens("word " * 100) >= 100


def test_long_conversation_is_trimmed_to_fit(model_path):
    client = EngineClient()
    try:
        client.load(LoadOptions(path=str(model_path), n_ctx=512, n_threads=2))
        messages = []
        for i in range(12):
            messages.append({"role": "user", "content": f"Message {i}: " + "lorem ipsum " * 20})
            messages.append({"role": "assistant", "content": "ok"})
        messages.append({"role": "user", "content": "Say hi."})
        done = run(client, GenerateRequest(messages=messages, sampling=GREEDY))[1]
        assert done.stats.trimmed_messages > 0
        assert done.stats.prompt_tokens + 24 <= 512
    finally:
        client.close()


def test_cancel_stops_at_the_next_token(engine):
    request = chat("Write a very long story about a dragon.", max_tokens=2000, temperature=0.8)
    seen = []
    started = None
    for event in engine.generate(request):
        if isinstance(event, TokenBatch):
            seen.append(event)
            if started is None:
                engine.cancel()
                started = time.monotonic()
        else:
            done = event
    assert done.finish_reason == "cancelled" and started is not None
    # Stopped at the next token (counted in tokens, not seconds: the machine may be busy).
    assert done.stats.completion_tokens <= seen[0].n_tokens + 2
    assert done.text == "".join(b.text for b in seen)
    # The engine is usable right away.
    assert run(engine, chat("Hi", max_tokens=4))[1].stats.completion_tokens > 0


def test_cancel_during_a_long_prompt_takes_effect_within_a_second(engine):
    request = GenerateRequest(prompt="The history of the world. " * 600, sampling=GREEDY)
    pid = engine.worker_pid
    finished = threading.Event()

    def keep_cancelling() -> None:
        # A cancel that lands before the request starts applies to no request (by
        # design); on a busy machine that can happen, so say it again until it lands.
        time.sleep(0.5)
        while not finished.is_set():
            engine.cancel()
            finished.wait(0.2)

    canceller = threading.Thread(target=keep_cancelling)
    canceller.start()
    try:
        done = run(engine, request)[1]
    finally:
        finished.set()
        canceller.join()
    assert done.finish_reason == "cancelled" and done.stats.completion_tokens == 0
    # The client kills a worker that has not stopped 1.5 s after a cancel; the same
    # live worker proves llama.cpp's abort callback stopped the prompt within that.
    assert engine.worker_pid == pid and engine.is_alive()
    assert run(engine, chat("Hi", max_tokens=4))[1].stats.completion_tokens > 0


def test_a_killed_worker_is_reported_and_replaced(model_path):
    client = EngineClient()
    try:
        client.load(LoadOptions(path=str(model_path), n_ctx=1024, n_threads=2))
        first_pid = client.worker_pid
        events = client.generate(chat("Write a long poem.", max_tokens=500))
        next(events)
        os.kill(first_pid, signal.SIGKILL)
        with pytest.raises(EngineDied, match="stopped unexpectedly"):
            for _ in events:
                pass
        # The next request starts a fresh worker and reloads the model by itself.
        done = run(client, chat("What is the capital of Japan?"))[1]
        assert "Tokyo" in done.text
        assert client.worker_pid != first_pid
    finally:
        client.close()


@pytest.mark.parametrize("damage", ["truncated", "random", "empty"])
def test_a_bad_file_gets_one_clear_error_and_the_engine_lives(engine, model_path, tmp_path, damage):
    bad = tmp_path / f"{damage}.gguf"
    if damage == "truncated":
        with open(model_path, "rb") as src:
            bad.write_bytes(src.read(40_000_000))
    elif damage == "random":
        bad.write_bytes(random.Random(11).randbytes(2_000_000))
    else:
        bad.write_bytes(b"")
    client = EngineClient()
    try:
        with pytest.raises(ModelLoadError) as caught:
            client.load(LoadOptions(path=str(bad)))
        message = str(caught.value)
        assert bad.name in message and "\n" not in message
        assert client.is_alive()
        client.load(LoadOptions(path=str(model_path), n_ctx=512, n_threads=2))
        assert run(client, chat("Hi", max_tokens=4))[1].text is not None
    finally:
        client.close()


def test_a_malicious_template_is_stopped_by_the_sandbox(model_path):
    evil = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    client = EngineClient()
    try:
        client.load(LoadOptions(path=str(model_path), n_ctx=512, n_threads=2, chat_template=evil))
        with pytest.raises(EngineError, match="unsafe"):
            run(client, chat("Hi"))
        assert client.is_alive()
    finally:
        client.close()


def test_template_override_replaces_the_gguf_template(engine, model_path):
    plain = "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}assistant:"
    client = EngineClient()
    try:
        info = client.load(
            LoadOptions(path=str(model_path), n_ctx=512, n_threads=2, chat_template=plain)
        )
        assert info.template_source == "override"
        plain_tokens = run(client, chat("Say hello.", max_tokens=2))[1].stats.prompt_tokens
        chatml_tokens = run(engine, chat("Say hello.", max_tokens=2))[1].stats.prompt_tokens
        assert plain_tokens < chatml_tokens  # no ChatML markers in the prompt
    finally:
        client.close()


def test_lora_adapter_attach_scale_detach(engine, model_path, tmp_path):
    from tests.engine.lora_adapter import write_random_lora

    adapter = write_random_lora(model_path, tmp_path / "random-lora.gguf")
    request = chat("Describe the sea in one sentence.")
    base = run(engine, request)[1].text
    try:
        engine.set_adapter(str(adapter), 1.0)
        tuned = run(engine, request)[1].text
        engine.set_adapter(str(adapter), 0.0)
        zero = run(engine, request)[1].text
    finally:
        engine.set_adapter(None)
    after = run(engine, request)[1].text
    assert tuned != base
    assert zero == base
    assert after == base


def test_changing_model_unloads_the_old_one(model_path, tmp_path):
    copy = tmp_path / "copy.gguf"
    shutil.copyfile(model_path, copy)
    client = EngineClient()
    try:
        client.load(LoadOptions(path=str(model_path), n_ctx=512, n_threads=2))
        pid = client.worker_pid
        info = client.load(LoadOptions(path=str(copy), n_ctx=512, n_threads=2))
        assert info.path == str(copy) and client.worker_pid == pid
        assert "Tokyo" in run(client, chat("What is the capital of Japan?"))[1].text
    finally:
        client.close()


def test_cancel_with_an_owner_stops_only_that_owners_request(engine):
    """Modes share the engine: one mode's Stop must not cut another mode's reply."""
    chat_mode, grade_mode = object(), object()
    request = chat("Count from one to fifty in words.", max_tokens=48)
    texts = []
    for event in engine.generate(request, owner=grade_mode):
        engine.cancel(owner=chat_mode)  # someone else's Stop: ignored
        if isinstance(event, Done):
            texts.append(event)
    assert texts[0].finish_reason != "cancelled"
    for event in engine.generate(request, owner=grade_mode):
        engine.cancel(owner=grade_mode)
        if isinstance(event, Done):
            assert event.finish_reason == "cancelled"


def test_a_long_prompt_reports_how_much_is_read(engine):
    request = GenerateRequest(
        prompt="The history of the world. " * 560,
        sampling=SamplingParams(temperature=0.0, max_tokens=2, seed=1),
    )
    seen = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.append(engine.prompt_progress)
            stop.wait(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        run(engine, request)
    finally:
        stop.set()
        watcher.join()
    totals = {total for _done, total in seen if total}
    assert len(totals) == 1 and totals.pop() > 1500  # the whole prompt's size
    dones = [done for done, total in seen if total]
    assert dones == sorted(dones)  # it only goes forward
    assert engine.prompt_progress == (0, 0)  # cleared once the first token came
