"""Downloads against the local hub: progress, verification, and every failure we promise to survive."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from app.hub.errors import HubNotFound, HubUnreachable, NotEnoughSpace
from app.hub.fetch import RetryPolicy
from app.paths import app_paths

MB = 1 << 20
REPO = "test-org/Tiny-GGUF"


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def serve(hub, gguf_file, size=4 * MB, seed=1, name="Tiny-Q4_K_M.gguf", repo=REPO, **info):
    source = gguf_file(size, seed)
    hub.add_repo(repo, {name: source}, **info)
    return source


def pull(mgr, repo=REPO, timeout=30, **kw):
    job = mgr.pull(repo, **kw)
    return mgr.wait(job.id, timeout=timeout)


def test_pull_reports_progress_verifies_and_registers(hub, gguf_file, manager, library):
    source = serve(hub, gguf_file, size=6 * MB)
    hub.fault(REPO, "Tiny-Q4_K_M.gguf").rate = 10 * MB  # ~0.6 s: several progress events
    mgr = manager()
    job = pull(mgr)
    assert job.state == "done"
    model = library.get("tiny-q4_k_m")
    assert model is not None and model.source == "downloaded" and model.origin == "hub"
    assert model.repo == REPO and model.filename == "Tiny-Q4_K_M.gguf"
    assert Path(model.path) == app_paths().models / "test-org" / "Tiny-GGUF" / "Tiny-Q4_K_M.gguf"
    assert model.sha256 == sha256(source) == sha256(model.path)
    assert model.revision == hub.repos[REPO].commit
    assert not Path(model.path + ".part").exists()
    states = mgr.recorder.states()
    assert states[0] == "queued" and states[-1] == "done"
    assert "running" in states and "verifying" in states
    running = mgr.recorder.of("running")
    assert len(running) >= 3
    done = [e.bytes_done for e in running]
    assert done == sorted(done) and running[-1].bytes_total == source.stat().st_size
    assert any(e.speed > 0 and e.eta is not None for e in running)
    assert hub.sent(REPO, "Tiny-Q4_K_M.gguf") == source.stat().st_size


def test_random_connection_drops_resume_with_range(hub, gguf_file, manager, library):
    source = serve(hub, gguf_file, size=8 * MB, seed=2)
    size = source.stat().st_size
    drops = hub.fault(REPO, "Tiny-Q4_K_M.gguf").random_drops(size, count=6, seed=7).drop_at[:]
    mgr = manager()
    job = pull(mgr)
    assert job.state == "done", job.error
    assert sha256(library.get("tiny-q4_k_m").path) == sha256(source)
    # Each resume asked for the rest only, from where the connection dropped: nothing
    # was sent twice. (A loaded machine may add a retry or two of its own.)
    assert hub.sent(REPO, "Tiny-Q4_K_M.gguf") == size
    starts = {int(r[6:-1]) for method, path, r in hub.requests if r and "resolve" in path}
    assert set(drops) <= starts
    retries = mgr.recorder.of("retrying")
    assert len(retries) >= 6 and any("dropped" in e.message for e in retries)


def test_a_stall_is_detected_and_retried(hub, gguf_file, manager, library):
    serve(hub, gguf_file, size=2 * MB, seed=3)
    hub.fault(REPO, "Tiny-Q4_K_M.gguf").stall_at.append((MB, 6.0))
    mgr = manager()
    job = pull(mgr)
    assert job.state == "done", job.error
    retry = mgr.recorder.of("retrying")
    assert retry and "stalled" in retry[0].message and "retrying in" in retry[0].message


def test_server_errors_are_retried_with_backoff(hub, gguf_file, manager):
    serve(hub, gguf_file, size=MB, seed=4)
    hub.fault(REPO, "Tiny-Q4_K_M.gguf").statuses.extend([503, 502])
    mgr = manager()
    assert pull(mgr).state == "done"
    messages = [e.message for e in mgr.recorder.of("retrying")]
    assert any("HTTP 503" in m and "attempt 1" in m for m in messages)
    assert any("HTTP 502" in m and "attempt 2" in m for m in messages)


def test_corrupted_bytes_are_caught_quarantined_and_never_registered(
    hub, gguf_file, manager, library
):
    serve(hub, gguf_file, size=2 * MB, seed=5)
    hub.fault(REPO, "Tiny-Q4_K_M.gguf").corrupt = (MB, MB + 10)
    mgr = manager()
    job = pull(mgr)
    assert job.state == "failed"
    assert "SHA-256 mismatch" in job.error and "not installed" in job.error
    assert library.list() == []
    folder = app_paths().models / "test-org" / "Tiny-GGUF"
    assert not any(folder.glob("Tiny-Q4_K_M.gguf*"))
    quarantined = list((app_paths().data / "quarantine").iterdir())
    assert len(quarantined) == 1 and quarantined[0].name.endswith("Tiny-Q4_K_M.gguf.part")


def hold_at(hub, offset, name="Tiny-Q4_K_M.gguf"):
    """Make the server stall at `offset` (once) so a test can act mid-download, at leisure.

    The 60 s stall outlasts any test; these tests use a `patient` manager (60 s stall
    timeout) so the client does not give up on its own first.
    """
    hub.fault(REPO, name).stall_at.append((offset, 60.0))


def part_file():
    return app_paths().models / "test-org" / "Tiny-GGUF" / "Tiny-Q4_K_M.gguf.part"


def wait_for_hold(hub, offset, sent_before=0):
    """Until the server sits in its stall and the client wrote what came before it
    (all but its last, not yet full, 256 KiB piece)."""
    part = part_file()
    wait_for(lambda: hub.sent(REPO, "Tiny-Q4_K_M.gguf") >= sent_before + offset)
    wait_for(lambda: part.exists() and part.stat().st_size > offset - (256 << 10))


def patient(manager):
    """A manager that waits 60 s before calling a quiet connection stalled."""
    return manager(policy=RetryPolicy(stall_seconds=60, backoff_first=0.05))


def test_cancel_deletes_or_keeps_the_partial_file(hub, gguf_file, manager, library):
    source = serve(hub, gguf_file, size=8 * MB, seed=6)
    part = part_file()
    mgr = patient(manager)

    def start_and_cancel(keep):
        hold_at(hub, 2 * MB)
        before = hub.sent(REPO, "Tiny-Q4_K_M.gguf")
        job = mgr.pull(REPO)
        wait_for_hold(hub, 2 * MB, sent_before=before)
        mgr.cancel(job.id, keep_partial=keep)
        return mgr.wait(job.id, timeout=10)

    assert start_and_cancel(keep=False).state == "cancelled"
    assert not part.exists() and mgr.jobs()[-1].state == "cancelled"
    job = start_and_cancel(keep=True)
    kept = part.stat().st_size
    assert job.state == "cancelled" and 1 * MB < kept <= 2 * MB
    assert mgr.store.get(job.id) is None  # the job is gone; the bytes stay
    # Pulling again continues from the kept bytes.
    assert pull(mgr).state == "done"
    last = hub.transfers_of(REPO, "Tiny-Q4_K_M.gguf")[-1]
    assert (last.start, last.sent) == (kept, source.stat().st_size - kept)


def test_pause_and_resume(hub, gguf_file, manager, library):
    source = serve(hub, gguf_file, size=8 * MB, seed=8)
    hold_at(hub, 3 * MB)
    part = part_file()
    mgr = patient(manager)
    job = mgr.pull(REPO)
    wait_for_hold(hub, 3 * MB)
    start = time.monotonic()
    mgr.pause(job.id)
    assert mgr.wait(job.id, timeout=10).state == "paused"
    assert time.monotonic() - start < 5  # at once, not after the server's 60 s stall
    assert mgr.store.get(job.id).state == "paused"
    have = part.stat().st_size
    mgr.resume(job.id)
    assert mgr.wait(job.id, timeout=20).state == "done"
    last = hub.transfers_of(REPO, "Tiny-Q4_K_M.gguf")[-1]
    assert (last.start, last.sent) == (have, source.stat().st_size - have)
    assert sha256(library.get(job.model_id).path) == sha256(source)


def test_an_unfinished_download_resumes_in_a_new_manager(hub, gguf_file, manager, library):
    source = serve(hub, gguf_file, size=8 * MB, seed=9)
    hold_at(hub, 5 * MB)
    part = part_file()
    first = patient(manager)
    job = first.pull(REPO)
    wait_for_hold(hub, 5 * MB)
    first.close()  # the app quits mid-download
    assert first.store.get(job.id).state == "queued"
    have = part.stat().st_size
    second = manager()  # the next start
    resumed = second.resume_unfinished()
    assert [j.id for j in resumed] == [job.id]
    assert second.wait(job.id, timeout=20).state == "done"
    # The new manager asked for exactly the missing bytes, once.
    last = hub.transfers_of(REPO, "Tiny-Q4_K_M.gguf")[-1]
    assert (last.start, last.sent) == (have, source.stat().st_size - have)


def test_a_queue_runs_several_downloads(hub, gguf_file, manager, library):
    for i in range(3):
        hub.add_repo(f"org/M{i}-GGUF", {f"M{i}-Q8_0.gguf": gguf_file(MB, 20 + i)})
    mgr = manager(max_parallel=2)
    jobs = [mgr.pull(f"org/M{i}-GGUF") for i in range(3)]
    assert [mgr.wait(j.id, timeout=20).state for j in jobs] == ["done"] * 3
    assert sorted(m.id for m in library.list()) == ["m0-q8_0", "m1-q8_0", "m2-q8_0"]


def test_split_gguf_downloads_every_part_as_one_model(hub, gguf_file, manager, library):
    parts = {
        f"Q4_K_M/Big-Q4_K_M-0000{i}-of-00003.gguf": gguf_file(MB + i, 30 + i) for i in (1, 2, 3)
    }
    hub.add_repo("org/Big-GGUF", {**parts, "Big-Q8_0.gguf": gguf_file(2 * MB, 40)})
    mgr = manager()
    plan = mgr.plan("org/Big-GGUF", quant="Q4_K_M")
    assert plan.choice.is_split and len(plan.choice.files) == 3
    assert plan.size == sum(p.stat().st_size for p in parts.values())
    job = mgr.enqueue(plan)
    assert mgr.wait(job.id, timeout=20).state == "done"
    [model] = library.list()
    assert model.id == "big-q4_k_m" and len(model.files) == 3
    assert model.path.endswith("Big-Q4_K_M-00001-of-00003.gguf")
    assert [f.sha256 for f in model.files] == [sha256(p) for p in parts.values()]


def test_a_changed_file_restarts_from_zero(hub, gguf_file, manager, library):
    source = serve(hub, gguf_file, size=4 * MB, seed=10)
    fault = hub.fault(REPO, "Tiny-Q4_K_M.gguf")
    fault.drop_at.append(2 * MB)
    mgr = manager()
    original = hub.repos[REPO].files["Tiny-Q4_K_M.gguf"]

    def change_etag(event):
        if event.state == "retrying":
            original.etag = '"changed"'  # the CDN object changed between attempts

    mgr.add_listener(change_etag)
    assert pull(mgr).state == "done"
    # If-Range did not match: the server sent the whole file again, the part restarted.
    assert hub.sent(REPO, "Tiny-Q4_K_M.gguf") == 2 * MB + source.stat().st_size
    assert sha256(library.get("tiny-q4_k_m").path) == sha256(source)


def test_redirects_to_a_cdn_are_followed(gguf_file, manager, library):
    from tests.hub.hubserver import HubServer

    server = HubServer(redirect=True)
    try:
        source = gguf_file(MB, 11)
        server.add_repo(REPO, {"Tiny-Q4_K_M.gguf": source})
        server.fault(REPO, "Tiny-Q4_K_M.gguf").drop_at.append(MB // 2)
        mgr = manager(endpoint=server.url)
        assert pull(mgr).state == "done"
        assert server.sent(REPO, "Tiny-Q4_K_M.gguf") == source.stat().st_size
        assert any(path.startswith("/cdn/") for _, path, _ in server.requests)
    finally:
        server.close()


def test_not_enough_disk_space_fails_before_starting(hub, gguf_file, manager, monkeypatch):
    serve(hub, gguf_file, size=MB, seed=12)
    monkeypatch.setattr("app.hub.downloads.free_bytes", lambda folder: 10 * MB)
    mgr = manager()
    with pytest.raises(NotEnoughSpace, match="not enough disk space"):
        mgr.pull(REPO)
    assert hub.sent(REPO, "Tiny-Q4_K_M.gguf") == 0


def test_an_already_installed_model_is_not_downloaded_again(hub, gguf_file, manager):
    serve(hub, gguf_file, size=MB, seed=13)
    mgr = manager()
    assert pull(mgr).state == "done"
    job = mgr.pull(REPO)
    assert job.state == "done"
    assert "already installed" in mgr.recorder.events[-1].message
    assert hub.sent(REPO, "Tiny-Q4_K_M.gguf") == MB


def test_missing_repo_and_quant_are_clear_errors(hub, gguf_file, manager):
    serve(hub, gguf_file, size=MB, seed=14)
    mgr = manager()
    with pytest.raises(HubNotFound, match="no such model on the hub"):
        mgr.plan("nobody/nothing")
    with pytest.raises(Exception, match=r"no Q2_K file \(available: Q4_K_M\)"):
        mgr.plan(REPO, quant="Q2_K")


def test_offline_pull_fails_fast(gguf_file, manager, monkeypatch):
    import socket
    import time

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    mgr = manager(endpoint=closed)
    start = time.monotonic()
    with pytest.raises(HubUnreachable, match="can't reach the hub.*installed models still work"):
        mgr.pull(REPO)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(HubUnreachable, match="offline mode"):
        mgr.pull(REPO)
    assert time.monotonic() - start < 5


def wait_for(condition, timeout=10.0):
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.01)


def test_the_same_file_name_from_two_repos_gets_two_ids(hub, gguf_file, manager, library):
    hub.add_repo("quantizer/M-GGUF", {"M-Q4_K_M.gguf": gguf_file(MB, 16)})
    hub.add_repo("mirror/M-GGUF", {"M-Q4_K_M.gguf": gguf_file(MB, 17)})
    mgr = manager()
    first = mgr.pull("quantizer/M-GGUF")
    second = mgr.pull("mirror/M-GGUF")
    assert (first.id, second.id) == ("m-q4_k_m", "m-q4_k_m-2")
    assert mgr.wait(first.id, 20).state == mgr.wait(second.id, 20).state == "done"
    assert sorted(m.repo for m in library.list()) == ["mirror/M-GGUF", "quantizer/M-GGUF"]


def test_at_start_up_unfinished_downloads_wait_for_the_users_word(hub, gguf_file, manager, library):
    serve(hub, gguf_file, size=4 * MB, seed=18)
    hold_at(hub, 2 * MB)
    first = patient(manager)
    job = first.pull(REPO)
    wait_for_hold(hub, 2 * MB)
    first.close()
    transfers = len(hub.transfers_of(REPO, "Tiny-Q4_K_M.gguf"))

    asking = manager()  # "ask" (the default): returned, left alone, nothing fetched
    assert [j.id for j in asking.start_up("ask")] == [job.id]
    time.sleep(0.3)
    assert asking.store.get(job.id).state == "queued"
    assert len(hub.transfers_of(REPO, "Tiny-Q4_K_M.gguf")) == transfers
    asking.close()

    holding = manager()  # "never": paused, still resumable by hand
    assert holding.start_up("never") == []
    assert holding.store.get(job.id).state == "paused"
    assert holding.start_up("always") == []  # a paused job is not "unfinished" any more
    assert holding.store.get(job.id).state == "paused"
    holding.resume(job.id)
    assert holding.wait(job.id, timeout=20).state == "done"
    assert len(hub.transfers_of(REPO, "Tiny-Q4_K_M.gguf")) == transfers + 1
