"""A worker that dies of a real signal: named, reported, and (for SIGILL) survived.

The worker sends itself the signal at its first prompt batch (QUILLMATE_FAULT_AT_DECODE),
which is where a llama.cpp build that does not fit the CPU dies for real.
"""

from __future__ import annotations

import signal

import pytest

from app.engine import deaths, kernels
from app.engine.client import EngineClient
from app.engine.llama_backend import FAULT_ENV
from app.engine.types import EngineDied, GenerateRequest, LoadOptions, SamplingParams
from app.paths import app_paths

PROMPT = GenerateRequest(
    messages=[
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What is the capital of France?"},
    ],
    sampling=SamplingParams(temperature=0, max_tokens=12),
)


@pytest.fixture
def fresh_verdict(tmp_path, monkeypatch):
    """An empty verdict store: this build has never run on this CPU."""
    path = tmp_path / "kernels.json"
    monkeypatch.setenv(kernels.KERNELS_FILE_ENV, str(path))
    return path


def load(model_path, mode: str = "auto") -> EngineClient:
    client = EngineClient()
    client.load(LoadOptions(path=str(model_path), n_ctx=512, n_threads=2, kernels=mode))
    return client


@pytest.mark.model
def test_sigill_at_the_first_batch_is_survived_and_remembered(
    model_path, fresh_verdict, monkeypatch
):
    monkeypatch.setenv(FAULT_ENV, "SIGILL")
    client = load(model_path)
    try:
        assert client.kernels == "default" and kernels.verdict() is None
        first_pid = client.worker_pid
        done = client.complete(PROMPT)
        # The user sees the reply, not the crash: the retry ran with safe kernels.
        assert done.text and done.finish_reason in ("stop", "length")
        assert client.kernels == "safe" and client.model_info.kernels == "safe"
        assert client.worker_pid != first_pid
        stored = kernels.verdict()
        assert stored["mode"] == "safe" and "SIGILL" in stored["reason"]
        reports = list(app_paths().logs.glob("engine-crash-*.log"))
        assert len(reports) == 1 and "SIGILL" in reports[0].read_text()
    finally:
        client.close()
    # A later start pays nothing: straight to safe kernels, the same worker throughout.
    again = load(model_path)
    try:
        assert again.model_info.kernels == "safe"
        pid = again.worker_pid
        # Greedy, same kernels: the very reply the retry gave, from the same worker.
        assert again.complete(PROMPT).text == done.text and again.worker_pid == pid
    finally:
        again.close()


@pytest.mark.model
def test_a_segfault_of_unproven_kernels_is_retried_and_stored_once_safe_kernels_ran(
    model_path, fresh_verdict, monkeypatch
):
    """An Intel Xeon VM here dies of SIGSEGV, not SIGILL, in the AMX kernels' first batch."""
    monkeypatch.setenv(FAULT_ENV, "SIGSEGV@default")
    client = load(model_path)
    try:
        done = client.complete(PROMPT)
        assert done.text and client.kernels == "safe"
        stored = kernels.verdict()
        assert stored["mode"] == "safe" and "SIGSEGV" in stored["reason"]
        assert "prompt batch of" in stored["reason"]  # stored only after safe kernels ran
    finally:
        client.close()


@pytest.mark.model
def test_a_segfault_after_the_kernels_are_proven_is_reported_not_hidden(
    model_path, fresh_verdict, monkeypatch
):
    kernels.remember("default", "a prompt batch of 40 tokens ran correctly")
    monkeypatch.setenv(FAULT_ENV, "SIGSEGV@default")
    client = load(model_path)
    try:
        with pytest.raises(EngineDied) as caught:
            client.complete(PROMPT)
        assert caught.value.exitcode == -signal.SIGSEGV
        assert kernels.verdict()["mode"] == "default"
    finally:
        client.close()


@pytest.mark.model
def test_explicit_default_kernels_report_sigill_and_how_to_rebuild(
    model_path, fresh_verdict, monkeypatch
):
    monkeypatch.setenv(FAULT_ENV, "SIGILL")
    client = load(model_path, "default")
    try:
        with pytest.raises(EngineDied) as caught:
            client.complete(PROMPT)
        assert caught.value.exitcode == -signal.SIGILL
        message = str(caught.value)
        assert "SIGILL" in message and "does not fit this CPU" in message
        assert "pip install --force-reinstall --no-cache-dir llama-cpp-python==" in message
        assert "-mno-amx-tile" in message
        assert kernels.verdict()["mode"] == "safe"
    finally:
        client.close()


@pytest.mark.model
def test_a_proven_batch_stores_the_default_verdict(model_path, fresh_verdict):
    client = load(model_path)
    try:
        client.complete(PROMPT)
        # On a CPU that refuses the default kernels the real SIGILL stores "safe".
        assert kernels.verdict()["mode"] == client.kernels
    finally:
        client.close()


@pytest.mark.model
@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("SIGKILL", ["SIGKILL", "ran out of memory", "SmolLM2-135M-Instruct.Q4_1.gguf needs"]),
        ("SIGSEGV", ["llama.cpp crashed (SIGSEGV)", "SmolLM2-135M-Instruct.Q4_1.gguf"]),
    ],
)
def test_each_death_has_its_own_message_and_a_report(model_path, monkeypatch, name, words):
    monkeypatch.setenv(FAULT_ENV, name)
    client = load(model_path)
    try:
        with pytest.raises(EngineDied) as caught:
            client.complete(PROMPT)
        assert caught.value.exitcode == -getattr(signal, name)
        message = str(caught.value)
        for word in words:
            assert word in message
        assert "Your messages are saved" in message
        report = caught.value.log_file
        assert report and report in message
        text = open(report, encoding="utf-8").read()
        # llama.cpp's own output (the worker loads verbosely into engine.log) is quoted.
        assert "llama_context:" in text or "CPU : " in text
        monkeypatch.delenv(FAULT_ENV)
        # The next request starts a fresh engine and works (the env is read at start).
        client.close()
        client = load(model_path)
        assert client.complete(PROMPT).stats.completion_tokens > 0
    finally:
        client.close()


def test_safe_model_params_turn_off_extra_buffer_types():
    import llama_cpp.llama as llama_module

    with kernels.model_params("safe"):
        assert llama_module.llama_cpp.llama_model_default_params().use_extra_bufts is False
    with kernels.model_params("default"):
        assert llama_module.llama_cpp.llama_model_default_params().use_extra_bufts is True
    assert llama_module.llama_cpp.llama_model_default_params().use_extra_bufts is True


def test_the_verdict_is_kept_per_build_and_cpu(fresh_verdict):
    assert kernels.resolve("auto") == "default" and kernels.in_process_mode() == "safe"
    kernels.remember("safe", "test")
    assert kernels.resolve("auto") == "safe" and kernels.resolve("default") == "default"
    assert kernels.verdict("another-build") is None
    fresh_verdict.write_text("not json")
    assert kernels.verdict() is None  # a damaged store is forgotten, not fatal


def test_other_exits_are_named():
    assert "SIGTERM" in deaths.describe(-signal.SIGTERM, None, "default")
    assert "exit code 3" in deaths.describe(3, None, "default")
    assert "safe kernels too" in deaths.describe(-signal.SIGILL, None, "safe")
