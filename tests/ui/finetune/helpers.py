"""Driving the Fine-tune page the way a user does: pick a source, read it, wait."""

from __future__ import annotations

from app.ui.finetune.data_work import JSONL

WAIT_MS = 30_000


def read_data(page, qtbot) -> None:
    """Click "Read the data" and wait until the worker has answered."""
    before = page.preview
    page.data.read_button.click()
    qtbot.waitUntil(lambda: page.data.read_button.isEnabled(), timeout=WAIT_MS)
    assert page.preview is not before or page.data.status.text(), "nothing came back"


def read_jsonl(page, qtbot, path: str) -> None:
    page.data.sources.set_kind(JSONL)
    page.data.sources.jsonl.edit.setText(path)
    read_data(page, qtbot)
    assert page.preview is not None, page.data.status.text()


def estimate_text(page, qtbot, previous: str | None = None) -> str:
    """The estimate once it is shown (and differs from `previous`, when given)."""
    label = page.settings_form.estimate
    qtbot.waitUntil(
        lambda: label.text().startswith("Estimate:") and label.text() != previous,
        timeout=WAIT_MS,
    )
    return label.text()


def texts(list_widget) -> list[str]:
    return [list_widget.item(i).text() for i in range(list_widget.count())]
