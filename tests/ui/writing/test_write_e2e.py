"""Write mode end to end with the real SmolLM2-135M model: no mocks below the page.

The model is weak, so the test does not assume which edits it makes: it builds
the accept / reject / undo checks around the changes it did produce.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = [pytest.mark.model, pytest.mark.gui]

RUN_MS = 120_000
SENTENCE = "Teh dog runned fast."
DOCUMENT = f"A short note.\n\n{SENTENCE}\n\nThe end.\n"


def test_proofread_a_selection_accept_reject_undo_save_reopen(
    model_services, write_window, qtbot, tmp_path
):
    path = tmp_path / "note.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    window, page = write_window(model_services)
    assert page.files.open(path)
    start = DOCUMENT.index(SENTENCE)
    page.editor.select_range(start, start + len(SENTENCE))
    assert page.panel.scope_label.text() == "On the selection"

    streamed = []
    page.controller.text_received.connect(lambda _part, text: streamed.append(text))
    page.panel.picker.set_action("proofread")
    with qtbot.waitSignal(page.run_finished, timeout=RUN_MS) as finished:
        qtbot.mouseClick(page.panel.run_button, Qt.MouseButton.LeftButton)
        assert page.is_running and page.editor.isReadOnly()
    result = finished.args[0]
    assert result is not None and result.status == "complete", result and result.error
    assert streamed and "".join(streamed).strip()  # the answer streamed into the preview
    assert page.editor.text() == DOCUMENT  # nothing changes before the writer accepts
    changes = result.changes
    assert changes is not None
    if len(changes) == 0:
        assert "No changes suggested." in page.panel.notices()
        pytest.skip("the model suggested no change for this sentence")
    first = changes.changes[0]
    assert page.review.is_reviewing and page.review.current == first.index
    preview = page.review.view.toPlainText()
    assert first.new in preview and (not first.old or first.old in preview)

    # Accept the first change through the panel: one undo step in the editor.
    qtbot.mouseClick(page.review.accept_button, Qt.MouseButton.LeftButton)
    accepted = DOCUMENT[: first.start + start] + first.new + DOCUMENT[first.end + start :]
    assert page.editor.text() == accepted
    if len(changes) >= 2:
        second = page.review.current
        assert second is not None and second != first.index
        qtbot.mouseClick(page.review.reject_button, Qt.MouseButton.LeftButton)
        assert page.editor.text() == accepted  # rejecting keeps the original there
        page.review.reject_all()  # the rest too (pending ones only): the review ends
        assert page.editor.text() == accepted
    assert not page.review.is_reviewing
    assert page.files.is_modified

    qtbot.keyClick(page.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.editor.text() == DOCUMENT  # Ctrl+Z takes the acceptance back
    page.editor.redo()
    assert page.editor.text() == accepted

    assert page.files.save()
    assert path.read_text(encoding="utf-8") == accepted
    assert page.files.new() and page.editor.text() == ""
    assert page.files.open(path)
    assert page.editor.text() == accepted
    assert model_services.settings["recent_documents"][0] == str(path.resolve())
