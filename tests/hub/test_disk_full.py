"""A disk that fills up mid-download: a clear message, a resumable partial file.

Where we may mount (root in a container with CAP_SYS_ADMIN) the test uses a real small
tmpfs and a real ENOSPC; elsewhere it injects ENOSPC through fetch.write_chunk.
"""

from __future__ import annotations

import errno
import subprocess
import uuid

import pytest

from app.hub.downloads import DownloadManager
from app.hub.hubapi import HubClient
from app.hub.library import Library
from tests.hub.conftest import FAST, Recorder
from tests.hub.test_downloads import MB, REPO, serve, sha256

NAME = "Tiny-Q4_K_M.gguf"


@pytest.fixture
def small_disk(tmp_path):
    """An 80 MB tmpfs, or None when this machine does not let us mount one."""
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    try:
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=80m", "tmpfs", str(mount)],
            capture_output=True,
            text=True,
            timeout=10,
        )
        mounted = result.returncode == 0
    except (OSError, subprocess.SubprocessError):
        mounted = False
    if not mounted:
        yield None
        return
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_stops_cleanly_and_resumes_after_space_is_freed(
    hub, gguf_file, small_disk, tmp_path, monkeypatch
):
    source = serve(hub, gguf_file, size=8 * MB, seed=50)
    hub.fault(REPO, NAME).rate = 8 * MB
    filler = None
    if small_disk is not None:
        models = small_disk / "models"
        filler = small_disk / "filler"
    else:  # inject ENOSPC after 3 MB
        models = tmp_path / "models"
        from app.hub import fetch

        real_write = fetch.write_chunk
        written = {"n": 0}

        def write_chunk(out, data):
            if written["n"] + len(data) > 3 * MB:
                raise OSError(errno.ENOSPC, "No space left on device")
            written["n"] += len(data)
            real_write(out, data)

        monkeypatch.setattr(fetch, "write_chunk", write_chunk)
    library = Library(models_dir=models)
    manager = DownloadManager(library, HubClient(hub.url), policy=FAST)
    recorder = Recorder()
    manager.add_listener(recorder)

    filled = []

    def fill_the_disk(event):
        if filler is not None and event.bytes_done > 0 and not filled:
            filled.append(True)
            filler.write_bytes(b"\0" * (75 * MB))  # another program takes the space

    manager.add_listener(fill_the_disk)
    try:
        job = manager.pull(REPO)
        failed = manager.wait(job.id, timeout=20)
        assert failed.state == "failed"
        assert failed.error.startswith("the disk is full")
        assert "free some space and resume" in failed.error
        part = models / "test-org" / "Tiny-GGUF" / f"{NAME}.part"
        kept = part.stat().st_size
        assert 0 < kept < source.stat().st_size
        assert part.read_bytes() == source.read_bytes()[:kept]  # a correct prefix
        assert library.list() == []

        if filler is not None:
            filler.unlink()
        else:
            monkeypatch.setattr(fetch, "write_chunk", real_write)
        hub.fault(REPO, NAME).rate = None
        manager.resume(job.id)
        resumed = manager.wait(job.id, timeout=20)
        assert resumed.state == "done", resumed.error
        last = hub.transfers_of(REPO, NAME)[-1]
        assert (last.start, last.sent) == (kept, source.stat().st_size - kept)
        assert sha256(library.get(job.model_id).path) == sha256(source)
    finally:
        manager.close()
        library.close()
