"""The app killed mid-download (SIGKILL, no chance to clean up): the next process resumes.

Runs the real CLI (`python -m app models pull …`) in a child process against the
local hub, kills it with SIGKILL part-way, then runs it again and checks on the server
side that the second process asked only for the bytes that were not on disk.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from app.paths import app_paths
from tests.hub.test_downloads import MB, REPO, serve, sha256, wait_for

NAME = "Tiny-Q4_K_M.gguf"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def pull_command():
    return [sys.executable, "-m", "app", "models", "pull", REPO, "--quant", "Q4_K_M"]


def test_a_killed_pull_resumes_in_a_new_process_and_fetches_only_the_rest(hub, gguf_file):
    source = serve(hub, gguf_file, size=24 * MB, seed=60)
    size = source.stat().st_size
    hub.fault(REPO, NAME).stall_at.append((12 * MB, 60.0))  # hold it half-way for the kill
    env = {**os.environ, "HF_ENDPOINT": hub.url}
    part = app_paths().models / "test-org" / "Tiny-GGUF" / f"{NAME}.part"

    child = subprocess.Popen(
        pull_command(), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        wait_for(lambda: hub.sent(REPO, NAME) >= 12 * MB, timeout=60)
        wait_for(lambda: part.exists() and part.stat().st_size > 12 * MB - (256 << 10))
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
    have = part.stat().st_size
    first_transfers = hub.transfers_of(REPO, NAME)
    assert have < size

    result = subprocess.run(pull_command(), env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "installed tiny-q4_k_m" in result.stdout

    transfers = hub.transfers_of(REPO, NAME)
    resumed = transfers[len(first_transfers) :]
    assert [(t.start, t.sent) for t in resumed] == [(have, size - have)]
    # What the killed process had been sent but not yet written: at most its write buffer
    # plus the socket buffers (the server counts bytes handed to its socket).
    lost = sum(t.sent for t in first_transfers) - have
    assert 0 <= lost <= 4 * MB
    final = app_paths().models / "test-org" / "Tiny-GGUF" / NAME
    assert sha256(final) == sha256(source)
