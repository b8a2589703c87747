"""Training from the page on the real SmolLM2-135M: no mocks between the page and torch.

Two runs in all (each worker start loads transformers and dequantises the model,
30-60 s on a small CPU): one is paused from the page, found again in a new
window's Runs tab, resumed there and finished, its adapter registered; the other
is killed (a worker crash), shown as one plain failure, resumed, and paused by
closing the window.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from app.finetune.config import TrainSettings
from app.finetune.runner import TrainingRun
from app.hub.library import Library
from app.ui.finetune import page as page_module
from app.ui.finetune.train_panel import STOPPED
from tests.ui.finetune.conftest import chat_examples, write_jsonl
from tests.ui.finetune.helpers import estimate_text, read_jsonl

pytestmark = [pytest.mark.model, pytest.mark.gui, pytest.mark.slow]

TRAIN_MS = 420_000  # one worker start plus a few steps, on a busy 2-core machine
SETTINGS = TrainSettings(steps=5, max_length=64, batch_size=1, device="cpu")


def ready_page(finetune_window, services, qtbot, tmp_path, name: str):
    path = write_jsonl(tmp_path / "sums.jsonl", chat_examples(12))
    window, page = finetune_window(services)
    read_jsonl(page, qtbot, path)
    page.settings_form.set_settings(SETTINGS)  # a new maximum length: counted again
    qtbot.waitUntil(lambda: not page.tasks.busy("data"), timeout=30_000)
    assert page.preview.total_tokens < 64 * 12
    page.train.name.setText(name)
    return window, page


@pytest.mark.timeout(1200)
def test_train_pause_reopen_resume_and_finish(services, finetune_window, qtbot, tmp_path):
    window, page = ready_page(finetune_window, services, qtbot, tmp_path, "sums")
    page.train.start_button.click()
    run = page.run
    assert run is not None and run.is_running()
    assert page.tabs.currentWidget() is page.train
    assert not page.train.start_button.isEnabled()
    assert page.runs.status_of(page.run_path) in ("new", "running")

    # Live progress, then Pause: the worker checkpoints after its step and stops.
    qtbot.waitUntil(lambda: page.train.progress.value() >= 1, timeout=TRAIN_MS)
    assert page.train.progress.maximum() == 5
    assert page.train.progress.text().startswith("step ")
    stats = page.train.stats.text()
    assert "loss" in stats and "tokens/s" in stats and "left" in stats
    assert page.train.chart.loss
    with qtbot.waitSignal(page.run_finished, timeout=TRAIN_MS) as paused:
        page.train.pause_button.click()
    assert paused.args[0]["status"] == "paused"
    paused_at = run.state()["step"]
    assert 1 <= paused_at < 5, "the pause came too late to test resuming"
    assert run.folder.has_checkpoint()
    assert page.train.state == STOPPED
    assert page.train.resume_button.isEnabled() and page.train.start_button.isEnabled()
    assert "Paused" in page.train.status.text()
    assert page.runs.status_of(page.run_path) == "paused"
    folder = page.run_path
    window.close()

    # A new window finds the run, shows its chart from the log, and resumes it.
    window, page = finetune_window(services)
    page.tabs.setCurrentWidget(page.runs)
    assert page.runs.select(folder)
    assert page.runs.status_of(folder) == "paused"
    assert [s for s, _ in page.runs.chart.loss] == list(range(1, paused_at + 1))
    assert page.runs.resume_button.isEnabled()
    page.runs.resume_button.click()
    assert page.tabs.currentWidget() is page.train
    assert page.train.name.text() == "sums"
    assert not page.runs.delete_button.isEnabled()  # not while it trains
    with qtbot.waitSignal(page.run_finished, timeout=TRAIN_MS) as finished:
        pass
    event = finished.args[0]
    assert event["status"] == "done", event
    assert page.train.progress.value() == 5
    # Resumed from the checkpoint, not from the start: each step was logged once.
    steps = [e["step"] for e in page.run.folder.read_log()]
    assert steps == [1, 2, 3, 4, 5]
    assert [s for s, _ in page.train.chart.loss] == [1, 2, 3, 4, 5]
    adapter = Path(event["adapter"])
    assert adapter.is_file() and adapter.parent == services.paths.adapters
    assert str(adapter) in page.train.status.text()
    assert page.runs.status_of(folder) == "done"
    assert not page.runs.resume_button.isEnabled()

    # The adapter is in the model library, under the run's name.
    with Library(settings=services.settings) as library:
        qtbot.waitUntil(lambda: library.find_adapter_by_path(adapter) is not None, timeout=30_000)
        entry = library.find_adapter_by_path(adapter)
    assert entry.name == "sums"
    assert entry.meta["run"] == Path(folder).name

    # The speed it reached replaces the first guess in the next estimate.
    assert (services.paths.data / "finetune" / "measured_rate.json").is_file()
    read_jsonl(page, qtbot, str(tmp_path / "sums.jsonl"))
    assert "time is from your last run" in estimate_text(page, qtbot)


@pytest.mark.timeout(1200)
def test_a_killed_worker_is_one_message_and_the_page_stays_usable(
    services, finetune_window, fake_dialogs, qtbot, tmp_path, monkeypatch
):
    window, page = ready_page(finetune_window, services, qtbot, tmp_path, "crash")
    page.train.start_button.click()
    run = page.run
    qtbot.waitUntil(lambda: run.folder.state().get("status") == "running", timeout=60_000)
    with qtbot.waitSignal(page.run_finished, timeout=60_000) as failed:
        os.kill(run.pid, signal.SIGKILL)
    assert failed.args[0]["status"] == "failed"
    status = page.train.status.text()
    assert status.startswith("Training failed: the training process stopped unexpectedly")
    assert "killed by signal 9" in status
    assert status.count("\n") == 0
    assert page.train.start_button.isEnabled() and page.train.resume_button.isEnabled()
    assert page.runs.status_of(page.run_path) == "failed"

    # Still usable: the estimate answers, and the run resumes in a new process.
    page.settings_form.rank.setValue(4)
    assert "Estimate:" in estimate_text(page, qtbot)
    first_pid = run.pid
    page.train.resume_button.click()
    assert run.is_running() and run.pid != first_pid
    qtbot.waitUntil(lambda: run.folder.state().get("status") == "running", timeout=60_000)

    # Closing the window pauses the run; the worker stops itself at its next step.
    monkeypatch.setattr(page_module, "CLOSE_WAIT_S", 0.5)
    window.close()
    qtbot.waitUntil(lambda: not run.is_running(), timeout=TRAIN_MS)
    assert TrainingRun(run.folder.path).status() == "paused"
    assert run.folder.has_checkpoint()

    # A paused run can be deleted from the Runs tab, after a confirmation.
    window, page = finetune_window(services)
    folder = str(run.folder.path)
    assert page.runs.select(folder)
    fake_dialogs.confirm = False
    page.runs.delete_button.click()
    assert Path(folder).is_dir()
    fake_dialogs.confirm = True
    page.runs.delete_button.click()
    assert fake_dialogs.asked == ["Delete the run?", "Delete the run?"]
    assert not Path(folder).exists()
    assert page.runs.status_of(folder) is None
