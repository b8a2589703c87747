"""The Fine-tune mode's small widgets on their own: the loss chart and the progress text."""

from __future__ import annotations

import pytest

from app.ui.finetune.loss_chart import LossChart
from app.ui.finetune.train_panel import IDLE, STARTING, STOPPED, TrainPanel, duration, stats_text

pytestmark = [pytest.mark.gui]


def step(n: int, loss: float, val: float | None = None, total: int = 10) -> dict:
    event = {"type": "step", "step": n, "total": total, "loss": loss}
    if val is not None:
        event["val_loss"] = val
    return event


def test_the_chart_keeps_the_newest_value_of_a_step_and_paints(qtbot):
    chart = LossChart()
    qtbot.addWidget(chart)
    chart.resize(400, 200)
    assert not chart.grab().isNull()  # empty: a hint instead of lines
    chart.set_events([step(1, 2.0), step(2, 1.5, 1.8), step(3, 1.2)])
    # A run resumed from its step-2 checkpoint logs step 3 again: the newer value wins.
    chart.add(step(3, 1.1))
    chart.add(step(4, float("nan")))  # a broken value is not drawn
    chart.add({"type": "status", "text": "ignored"})
    assert chart.loss == [(1, 2.0), (2, 1.5), (3, 1.1)]
    assert chart.val_loss == [(2, 1.8)]
    assert chart.total == 10
    image = chart.grab().toImage()
    assert not image.isNull()
    chart.clear()
    assert chart.loss == [] and chart.val_loss == []


def test_progress_text_and_buttons(qtbot):
    panel = TrainPanel()
    qtbot.addWidget(panel)
    assert duration(None) == "—" and duration(42) == "42 s" and duration(600) == "10 min"
    assert duration(7200) == "2.0 h"
    text = stats_text({"loss": 1.23456, "val_loss": 1.5, "tokens_per_s": 12.34, "eta_s": 30})
    assert text == "loss 1.2346 · validation loss 1.5000 · 12.3 tokens/s · 30 s left"
    assert panel.state == IDLE and panel.start_button.isEnabled()
    assert not panel.pause_button.isEnabled() and not panel.resume_button.isEnabled()
    panel.set_state(STARTING)
    assert panel.pause_button.isEnabled() and panel.cancel_button.isEnabled()
    assert not panel.start_button.isEnabled() and panel.name.isReadOnly()
    panel.begin(10, [step(1, 2.0), step(2, 1.5)])
    assert panel.progress.value() == 2 and panel.progress.text() == "step 2 of 10"
    panel.show_event(step(3, 1.0, 1.1))
    assert panel.progress.value() == 3
    assert panel.stats.text().startswith("loss 1.0000 · validation loss 1.1000")
    panel.set_state(STOPPED, resumable=True)
    assert panel.resume_button.isEnabled() and panel.start_button.isEnabled()
