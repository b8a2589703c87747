"""Downloads from a hub that lies: hostile names, bodies too long, wrong ranges, redirects.

Every test here runs the real huggingface_hub client and our downloader against the
local hub stand-in playing a broken or malicious server (tests/hub/hubserver.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PureWindowsPath

import pytest

from app.hub.errors import HubError, UnsafeFileName
from app.hub.hubapi import HubClient
from app.paths import app_paths
from tests.hub.hubserver import HubServer

MB = 1 << 20
REPO = "test-org/Tiny-GGUF"
NAME = "Tiny-Q4_K_M.gguf"
TOKEN = "hf_not_for_the_cdn_0123456789"
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10))}


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def repo_folder() -> Path:
    return app_paths().models / "test-org" / "Tiny-GGUF"


def quarantined() -> list[Path]:
    folder = app_paths().data / "quarantine"
    return sorted(folder.iterdir()) if folder.exists() else []


def windows_safe(name: str) -> bool:
    return (
        PureWindowsPath(name).name == name
        and not any(c in name for c in '<>:"/\\|?*')
        and name.split(".")[0].upper() not in WINDOWS_RESERVED
        and name == name.rstrip(". ")
    )


# -- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hub_name", "local_name"),
    [
        ("..\\..\\Startup\\Evil-Q4_K_M.gguf", "Evil-Q4_K_M.gguf"),
        ("C:Evil-Q5_K_M.gguf", "C_Evil-Q5_K_M.gguf"),
        ("CON.gguf", "_CON.gguf"),
        ("sub/dir\\nul.Q8_0.gguf", "_nul.Q8_0.gguf"),
        ('Evil"|?*-Q6_K.gguf', "Evil____-Q6_K.gguf"),
    ],
)
def test_hostile_file_names_land_safely_inside_the_repo_folder(
    hub, gguf_file, manager, library, hub_name, local_name
):
    source = gguf_file(MB, 31)
    hub.add_repo(REPO, {hub_name: source})
    mgr = manager()
    job = mgr.wait(mgr.pull(REPO, file=hub_name).id, timeout=30)
    assert job.state == "done", job.error
    model = library.find_download(REPO, hub_name)
    path = Path(model.path)
    assert path == repo_folder() / local_name
    assert windows_safe(path.name)
    assert sha256(path) == sha256(source)
    everything = [p for p in app_paths().models.rglob("*") if p.is_file()]
    assert everything == [path]


def test_a_repo_whose_names_clash_once_made_safe_is_refused(hub, gguf_file, manager):
    hub.add_repo(
        REPO,
        {
            "a/M-Q4_K_M.gguf": gguf_file(MB, 32),
            "b\\M-Q4_K_M.gguf": gguf_file(MB, 33),
        },
    )
    mgr = manager()
    for name in ("a/M-Q4_K_M.gguf", "b\\M-Q4_K_M.gguf"):
        with pytest.raises(UnsafeFileName, match="same name"):
            mgr.plan(REPO, file=name)


# -- more bytes than announced ------------------------------------------------------------


def test_a_body_longer_than_the_file_is_cut_at_its_size_and_quarantined(
    hub, gguf_file, manager, library
):
    source = gguf_file(2 * MB, 35)
    size = source.stat().st_size
    hub.add_repo(REPO, {NAME: source})
    hub.fault(REPO, NAME).oversize = 64 * MB  # and no Content-Length: nothing warns the client
    mgr = manager()
    job = mgr.wait(mgr.pull(REPO).id, timeout=30)
    assert job.state == "failed"
    assert "more bytes than" in job.error and "quarantine" in job.error
    assert library.list() == []
    assert not any(repo_folder().glob(NAME + "*"))
    [bad] = quarantined()
    assert bad.stat().st_size <= size  # never a byte past the announced size on disk
    # It stopped reading too (the server's count includes what socket buffers took).
    assert hub.sent(REPO, NAME) < size + 32 * MB


# -- a 206 from the wrong place -------------------------------------------------------------


@pytest.mark.parametrize("shift", [MB // 2, 10 * MB], ids=["overlapping", "from-zero"])
def test_a_resumed_range_from_the_wrong_start_restarts_instead_of_splicing(
    hub, gguf_file, manager, library, shift
):
    source = gguf_file(3 * MB, 36)
    size = source.stat().st_size
    hub.add_repo(REPO, {NAME: source})
    fault = hub.fault(REPO, NAME)
    fault.drop_at.append(2 * MB)  # the first attempt breaks off: the next one resumes…
    fault.range_shift = shift  # …and the server answers the range from an earlier byte
    mgr = manager()
    job = mgr.wait(mgr.pull(REPO).id, timeout=30)
    assert job.state == "done", job.error
    model = library.get("tiny-q4_k_m")
    assert sha256(model.path) == sha256(source)
    assert not quarantined()
    # Whatever it did (restart from byte 0), it never wrote past the file's end.
    assert Path(model.path).stat().st_size == size


def test_a_range_that_never_fits_fails_clearly_and_keeps_nothing_corrupt(
    hub, gguf_file, manager, library
):
    source = gguf_file(3 * MB, 37)
    hub.add_repo(REPO, {NAME: source})
    fault = hub.fault(REPO, NAME)
    fault.drop_at.append(MB)
    fault.range_shift = -MB  # a gap: bytes from after the end of the partial file
    mgr = manager()
    job = mgr.wait(mgr.pull(REPO).id, timeout=30)
    if job.state == "done":  # restarted from zero (a 200): the result must be exact
        assert sha256(library.get("tiny-q4_k_m").path) == sha256(source)
    else:
        assert "bytes from" in job.error
        part = repo_folder() / (NAME + ".part")
        assert not part.exists() or source.read_bytes().startswith(part.read_bytes())


# -- the token and redirects --------------------------------------------------------------


@pytest.mark.parametrize("cdn_host", ["127.0.0.2", "127.0.0.1"], ids=["other-host", "other-port"])
def test_the_token_never_follows_a_redirect_to_another_host(gguf_file, manager, library, cdn_host):
    hub, cdn = HubServer(), HubServer(host=cdn_host)
    try:
        source = gguf_file(MB, 38)
        hub.add_repo(REPO, {NAME: source})
        hub.redirect_to(cdn)
        hub.fault(REPO, NAME).drop_at.append(MB // 2)  # a resume goes through the redirect again
        mgr = manager()
        mgr.hub = HubClient(hub.url, token=TOKEN)
        job = mgr.wait(mgr.pull(REPO).id, timeout=30)
        assert job.state == "done", job.error
        assert sha256(library.get("tiny-q4_k_m").path) == sha256(source)
        sent_to_hub = [auth for path, auth in hub.authorization_seen if "/resolve/" in path]
        assert sent_to_hub and all(auth == f"Bearer {TOKEN}" for auth in sent_to_hub)
        assert len(cdn.authorization_seen) >= 2
        assert all(auth is None for _path, auth in cdn.authorization_seen)
    finally:
        hub.close()
        cdn.close()


def test_the_token_stays_with_the_hub_whatever_httpx_does_on_redirects(
    gguf_file, manager, library, monkeypatch
):
    """Our redirects do not rely on httpx stripping Authorization: make it stop doing so."""
    import httpx2

    def keep_every_header(self, request, url, method):
        headers = httpx2.Headers(request.headers)
        headers["Host"] = url.netloc.decode("ascii")
        return headers

    monkeypatch.setattr(httpx2.Client, "_redirect_headers", keep_every_header)
    hub, cdn = HubServer(), HubServer(host="127.0.0.2")
    try:
        hub.add_repo(REPO, {NAME: gguf_file(MB, 39)})
        hub.redirect_to(cdn)
        mgr = manager()
        mgr.hub = HubClient(hub.url, token=TOKEN)
        assert mgr.wait(mgr.pull(REPO).id, timeout=30).state == "done"
        assert cdn.authorization_seen
        assert all(auth is None for _path, auth in cdn.authorization_seen)
    finally:
        hub.close()
        cdn.close()


# -- no published hash --------------------------------------------------------------------


def test_a_file_without_an_lfs_hash_is_installed_unverified_never_matching(
    hub, gguf_file, manager, library, capsys
):
    from app.cli import main

    source = gguf_file(MB, 40)
    hub.add_repo(REPO, {NAME: source}).files[NAME].lfs = False
    mgr = manager()
    job = mgr.wait(mgr.pull(REPO).id, timeout=30)
    assert job.state == "done", job.error
    done = [e.message for e in mgr.recorder.of("done")]
    assert done and "unverified" in done[-1] and "matches" not in done[-1]
    model = library.get("tiny-q4_k_m")
    assert model.unverified and not model.damaged
    assert model.files[0].sha256 == sha256(source) and not model.files[0].reference
    result = library.verify(model.id)
    assert result.ok and "unverified" in result.message and "matches" not in result.message
    assert main(["models", "list"]) == 0
    assert "(unverified)" in capsys.readouterr().out
    assert main(["models", "verify", model.id]) == 0
    out = capsys.readouterr().out
    assert "unverified" in out and "SHA-256 matches" not in out


def test_a_file_with_an_lfs_hash_says_it_matches(hub, gguf_file, manager, library):
    hub.add_repo(REPO, {NAME: gguf_file(MB, 42)})
    mgr = manager()
    assert mgr.wait(mgr.pull(REPO).id, timeout=30).state == "done"
    assert "SHA-256 matches" in mgr.recorder.of("done")[-1].message
    model = library.get("tiny-q4_k_m")
    assert not model.unverified
    assert library.verify(model.id).message.endswith("OK (SHA-256 matches)")


def test_a_file_the_hub_gives_no_size_for_is_not_downloaded(hub, gguf_file, manager):
    """Without a size nothing would bound the bytes written: refused at planning."""
    listed = hub.add_repo(REPO, {NAME: gguf_file(MB, 43)}).files[NAME]
    listed.lfs = listed.size_listed = False
    with pytest.raises(HubError, match="did not say how big"):
        manager().plan(REPO)
