"""The Sources panel, the chat's collection choice and the source viewer, offscreen.

Real widgets, real files, a real index; the panel indexes on its worker thread.
"""

from __future__ import annotations

import pytest

from app.core.sources.chat_turn import META_KEY
from app.ui.sources import dialogs
from tests.sources.corpus import make_folder

pytestmark = pytest.mark.gui

RUN_MS = 60_000


@pytest.fixture
def window(make_window, services):
    return make_window(services)


def test_a_collection_is_made_indexed_paused_and_removed(window, qtbot, tmp_path, monkeypatch):
    folder = make_folder(tmp_path / "notes")
    window.sources_ui.open_action.trigger()
    panel = window.sources_ui.panel
    assert panel.isVisible() and panel.list.count() == 0
    assert panel.new_collection("Biology")
    with qtbot.waitSignal(panel.indexing_finished, timeout=RUN_MS) as done:
        assert panel.add_folder(str(folder))
        assert panel.indexing and panel.pause_button.isEnabled()
        assert not panel.remove_button.isEnabled()
    report = done.args[0]
    assert report.added == 8 and not report.stopped
    qtbot.waitUntil(lambda: not panel.indexing)
    assert "8 files, 9 passages, 9 embedded" in panel.list.item(0).text()
    assert "9 passages, 9 embedded." in panel.status.text()
    # The chat settings offer it, and choosing it is saved with the conversation.
    conv = window.store.create_conversation(title="Plants", system_prompt="")
    window.open_conversation(conv.id)
    combo = window.settings_panel.sources_combo
    assert [combo.itemText(i) for i in range(combo.count())][1:] == ["Biology"]
    combo.setCurrentIndex(1)
    assert window.store.get_conversation(conv.id).settings.get(META_KEY) == "Biology"
    # Trying a question shows the passages it finds.
    panel.query.setText("Principia")
    with qtbot.waitSignal(panel.search_finished, timeout=RUN_MS) as found:
        panel.try_search()
    assert found.args[0][0].file.endswith("physics.pdf")
    assert "physics.pdf" in panel.results.toPlainText()
    # Pause stops after the file in hand; Index again goes on.
    (folder / "more.txt").write_text("Ribosomes build proteins.\n", encoding="utf-8")
    with qtbot.waitSignal(panel.indexing_finished, timeout=RUN_MS) as paused:
        panel.reindex()
        panel.pause()
    assert paused.args[0].stopped and "Paused" in panel.status.text()
    qtbot.waitUntil(lambda: not panel.indexing)
    with qtbot.waitSignal(panel.indexing_finished, timeout=RUN_MS) as resumed:
        panel.reindex()
    assert not resumed.args[0].stopped
    qtbot.waitUntil(lambda: not panel.indexing)
    assert window.services.sources.search("Biology", "ribosomes")
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_a: True)
    assert panel.remove()
    assert panel.list.count() == 0
    assert combo.count() == 2 and combo.itemText(1) == "Biology (removed)"  # still attached


def test_a_cited_source_opens_at_its_lines(window, qtbot, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    lines = [f"Line {n} of the notes." for n in range(1, 41)]
    lines[24] = "Mitochondria are the powerhouse of the cell."
    (folder / "cells.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    services = window.services
    services.sources.add("Cells", [str(folder)])
    services.sources.index("Cells")
    [hit] = services.sources.search("Cells", "mitochondria powerhouse", top=1)
    conv = services.store.create_conversation(title="Cells", system_prompt="")
    user = services.store.add_message(conv.id, "user", "What are mitochondria?")
    source = {"number": 1, "file": hit.file, "page": None, "line_start": hit.line_start,
              "line_end": hit.line_end, "cited": True, "verified": True}  # fmt: skip
    reply = services.store.add_message(
        conv.id, "assistant", "The powerhouse of the cell [1].", parent_id=user.id,
        meta={"sources": [source], "unverified_citations": 0},
    )  # fmt: skip
    window.open_conversation(conv.id)
    assert "[1] cells.txt ✓" in window.chat_page.view.toPlainText()
    with qtbot.waitSignal(window.chat_page.view.source_requested, timeout=RUN_MS):
        window.chat_page.view.activate_link(f"source1:{reply.id}")
    viewer = window.sources_ui.viewers[-1]
    qtbot.waitUntil(lambda: viewer.highlighted_text() != "", timeout=RUN_MS)
    assert "Mitochondria are the powerhouse" in viewer.highlighted_text()
    assert viewer.text.textCursor().blockNumber() == hit.line_start - 1
