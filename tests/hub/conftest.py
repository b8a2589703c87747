"""Fixtures for the model library: a local hub server, generated GGUFs, a fast manager."""

from __future__ import annotations

import threading

import pytest

from app.hub.downloads import DownloadManager
from app.hub.fetch import RetryPolicy
from app.hub.hubapi import HubClient
from app.hub.library import Library
from tests.hub.ggufgen import make_gguf
from tests.hub.hubserver import HubServer

# Short back-off; a 2 s stall timeout (shorter ones misfire on a loaded 2-core machine).
FAST = RetryPolicy(stall_seconds=2.0, max_attempts=4, backoff_first=0.05, backoff_max=0.2)


@pytest.fixture(autouse=True)
def _no_hf_env(monkeypatch):
    """No user token, no offline flag or endpoint from the environment leak into tests."""
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_ENDPOINT", "HF_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1")


@pytest.fixture
def hub():
    server = HubServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def gguf_file(tmp_path_factory):
    """make(size, seed=0, name=…) → a cached generated GGUF path (shared by the session)."""
    folder = tmp_path_factory.mktemp("gguf")
    cache = {}

    def make(size: int, seed: int = 0, name: str = "test model"):
        key = (size, seed, name)
        if key not in cache:
            cache[key] = make_gguf(folder / f"{size}-{seed}-{len(cache)}.gguf", size, seed, name)
        return cache[key]

    return make


@pytest.fixture
def library():
    with Library() as lib:
        yield lib


class Recorder:
    """Collects DownloadEvents (they arrive on worker threads)."""

    def __init__(self):
        self.events = []
        self.lock = threading.Lock()

    def __call__(self, event):
        with self.lock:
            self.events.append(event)

    def states(self, job_id=None):
        with self.lock:
            states = [e.state for e in self.events if job_id in (None, e.job_id)]
        return [s for i, s in enumerate(states) if i == 0 or states[i - 1] != s]

    def of(self, state):
        with self.lock:
            return [e for e in self.events if e.state == state]


@pytest.fixture
def manager(hub, library):
    """A DownloadManager on the local hub with fast retries, and its event recorder."""
    created = []

    def make(policy: RetryPolicy = FAST, max_parallel: int = 2, endpoint: str | None = None):
        mgr = DownloadManager(
            library, HubClient(endpoint or hub.url), max_parallel=max_parallel, policy=policy
        )
        mgr.recorder = Recorder()
        mgr.add_listener(mgr.recorder)
        created.append(mgr)
        return mgr

    yield make
    for mgr in created:
        mgr.close()
