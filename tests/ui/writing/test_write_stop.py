"""Stop and multi-part progress in Write mode, with the real SmolLM2-135M model.

A document several times larger than what one request holds at a 1,024-token
context is proofread in parts; the progress bar says "part i of N" as the
parts go; Stop ends the run with the document untouched, and the page is
ready for the next action at once.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

pytestmark = [pytest.mark.model, pytest.mark.gui]

RUN_MS = 180_000
N_CTX = 1024
PARAGRAPH = (
    "Paragraph {i}: the students walked to the musuem on a rainy tuesday and they was "
    "happy to see the old paintings, the statues and the long hall of maps from the "
    "sixteenth century, wich their teacher had talked about for weeks before the trip."
)
DOCUMENT = "\n\n".join(PARAGRAPH.format(i=i) for i in range(1, 25)) + "\n"
SHORT = "Teh dog runned fast."


@pytest.fixture
def small_context(model_services, model_path):
    model_services.settings.set_model_override(str(model_path), n_ctx=N_CTX)
    return model_services


def test_progress_shows_the_parts_stop_keeps_the_document_and_the_page_works_after(
    small_context, write_window, qtbot
):
    window, page = write_window(small_context)
    page.editor.setPlainText(DOCUMENT)
    page.editor.document().setModified(False)
    shown: list[str] = []  # what the progress bar said, as it said it

    def record(*_args) -> None:
        if page.panel.progress.isVisible():
            shown.append(page.panel.progress.format())

    page.controller.run_started.connect(record)
    page.controller.progress.connect(record)

    with qtbot.waitSignal(page.run_finished, timeout=RUN_MS) as finished:
        assert page.run_action("proofread")
        qtbot.waitUntil(lambda: any(s.startswith("part 2 of") for s in shown), timeout=RUN_MS)
        assert page.is_running and page.editor.isReadOnly()
        qtbot.mouseClick(page.panel.stop_button, Qt.MouseButton.LeftButton)
    result = finished.args[0]

    total = int(re.fullmatch(r"part 1 of (\d+)", shown[0]).group(1))
    assert total >= 3, shown
    assert shown[:2] == [f"part 1 of {total}", f"part 2 of {total}"]
    assert result.status == "stopped"
    assert 1 <= result.stats.parts < total
    notices = page.panel.notices()
    assert f"processed in {total} parts" in notices
    assert f"Stopped after {result.stats.parts} of {total} parts; the rest is unchanged." in (
        notices
    )
    assert "the changes so far can be reviewed" not in notices  # one line, not two
    # Nothing changed: the document is as it was, and the page is idle again.
    assert page.editor.text() == DOCUMENT
    assert not page.files.is_modified
    assert not page.is_running and not page.editor.isReadOnly()
    assert page.panel.run_button.isVisibleTo(page)
    assert not page.panel.stop_button.isVisibleTo(page)
    assert not page.panel.progress.isVisibleTo(page)
    # The parts done so far can still be reviewed, never applied by themselves.
    if result.changes is not None and len(result.changes):
        assert page.review.is_reviewing

    # A second action runs to the end right after.
    page.editor.setPlainText(f"{SHORT}\n")
    page.editor.select_range(0, len(SHORT))
    with qtbot.waitSignal(page.run_finished, timeout=RUN_MS) as again:
        assert page.run_action("proofread")
    second = again.args[0]
    assert second is not None and second.status == "complete", second and second.error
    assert second.stats.parts == 1
    assert not page.is_running and not page.editor.isReadOnly()
