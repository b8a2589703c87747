"""Fixtures for the Models mode: a MainWindow with the page on the local hub stand-in.

The hub fixtures come from tests/hub (imported, since `pytest_plugins` only works in the
root conftest); the UI ones (`services`, `make_window`) from tests/ui/conftest.py.
"""

from __future__ import annotations

import threading

import pytest

from app.hub.downloads import DownloadManager
from app.hub.fetch import RetryPolicy
from app.hub.hubapi import HubClient
from app.hub.library import Library
from app.ui.models.install import install_models_mode
from tests.hub.conftest import _no_hf_env, gguf_file, hub  # noqa: F401 (fixtures)

# Fast retries; a 60 s stall timeout so a test can hold the server mid-file at leisure.
POLICY = RetryPolicy(stall_seconds=60, max_attempts=4, backoff_first=0.05, backoff_max=0.2)
MB = 1 << 20


@pytest.fixture(autouse=True)
def _no_leftover_model_threads():
    """The page joins its workers and the download threads when its window closes."""
    yield
    left = [
        t.name
        for t in threading.enumerate()
        if t.is_alive() and t.name.startswith(("models-worker", "download-"))
    ]
    assert not left, f"threads left running: {left}"


@pytest.fixture
def open_models(make_window, services, hub):  # noqa: F811 (the imported fixture)
    """open_models(endpoint=None) → (window, page) with the Models mode installed."""

    def open_(endpoint: str | None = None):
        window = make_window(services)
        client = HubClient(endpoint or hub.url)
        library = Library(settings=services.settings)
        manager = DownloadManager(library, client, max_parallel=2, policy=POLICY)
        page = install_models_mode(window, library=library, hub=client, manager=manager)
        window.show_mode("models")
        return window, page

    return open_
