"""One offline state: once the hub cannot be reached, nothing asks it again for 90 s."""

from __future__ import annotations

import socket
import time

import pytest

from app.hub.errors import HubOffline, HubUnreachable
from app.hub.hubapi import HubClient
from app.hub.reachability import OFFLINE_RETRY_SECONDS, Reachability

MB = 1 << 20
REPO = "test-org/Tiny-GGUF"
NAME = "Tiny-Q4_K_M.gguf"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_after_one_failure_the_hub_is_not_asked_again_for_90_s(monkeypatch):
    monkeypatch.setattr("app.hub.hubapi.API_READ_TIMEOUT", 0.5)
    clock = Clock()
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        silent.settimeout(0)
        client = HubClient(
            f"http://127.0.0.1:{silent.getsockname()[1]}", reachability=Reachability(clock=clock)
        )
        with pytest.raises(HubUnreachable, match="no answer in time"):
            client.search("qwen")
        assert OFFLINE_RETRY_SECONDS == 90
        start = time.monotonic()
        for call in (lambda: client.search("qwen"), lambda: client.repo_details("a/b")):
            with pytest.raises(HubOffline) as caught:
                call()
            assert "offline" in str(caught.value) and "trying again in 90 s" in str(caught.value)
            assert "installed models still work" in str(caught.value)
        assert time.monotonic() - start < 0.2  # no network wait at all
        accepted = 0
        while True:
            try:
                silent.accept()[0].close()
                accepted += 1
            except BlockingIOError:
                break
        assert accepted == 1  # only the first call reached the network
        clock.now += 91  # the pause is over: the next call tries again
        with pytest.raises(HubUnreachable, match="no answer in time"):
            client.search("qwen")


def test_an_answer_ends_the_offline_state(hub):
    client = HubClient(hub.url)
    client.reachability.mark_unreachable("no connection")
    with pytest.raises(HubOffline):
        client.search("x")
    assert hub.requests == []
    client.reachability.mark_reachable()
    assert client.search("x") == []


def test_a_download_that_cannot_connect_waits_out_the_offline_pause(
    hub, gguf_file, manager, library
):
    hub.add_repo(REPO, {NAME: gguf_file(MB, 41)})
    mgr = manager()
    plan = mgr.plan(REPO)
    hub.close()  # the network goes away between planning and downloading
    job = mgr.enqueue(plan)
    deadline = time.monotonic() + 10
    while not mgr.recorder.of("retrying") and time.monotonic() < deadline:
        time.sleep(0.02)
    [retry] = mgr.recorder.of("retrying")[:1]
    assert "can't reach the hub (offline)" in retry.message
    assert "retrying in 90 s" in retry.message
    # The whole hub client is offline now: planning fails at once, without the network.
    with pytest.raises(HubOffline):
        mgr.plan(REPO)
    time.sleep(0.3)
    assert len(mgr.recorder.of("retrying")) == 1  # waiting, not hammering the network
    mgr.pause(job.id)
    assert mgr.wait(job.id, timeout=5).state == "paused"
