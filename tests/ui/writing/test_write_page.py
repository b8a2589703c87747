"""The Write page without a model: files, encodings, review, undo, recovery, prompts."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox

from app.core.writing import (
    ActionLibrary,
    Analysis,
    AutosaveStore,
    ChangeSet,
    Highlight,
    NotesStore,
    WriteResult,
    document_id,
)

pytestmark = pytest.mark.gui

B = QMessageBox.StandardButton
ORIGINAL = "Teh cat sat on teh mat. It was happy."
REVISED = "The cat sat on the mat. It was very happy."


def test_write_mode_is_a_page_of_the_window(services, write_window):
    window, page = write_window(services)
    assert "write" in window.modes and window.current_mode() == "write"
    assert window.pages.currentWidget() is page
    assert page.panel.picker.action_name() == "proofread"
    names = [page.panel.picker.combo.itemData(i) for i in range(page.panel.picker.combo.count())]
    assert {"proofread", "rewrite", "translate", "tone", "classify", "continue"} <= set(names)
    page.panel.picker.set_action("rewrite")
    assert page.panel.picker.tone.isVisibleTo(page)
    assert not page.panel.picker.language.isVisibleTo(page)
    page.panel.picker.set_action("translate")
    assert page.panel.picker.language.isVisibleTo(page)


def test_open_and_save_keep_the_encoding_or_offer_utf8(services, write_window, answers, tmp_path):
    window, page = write_window(services)
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 au lait\r\nna\xefve\r\n".encode("latin-1"))
    assert page.files.open(path)
    assert page.editor.text() == "Café au lait\nnaïve\n"
    assert page.files.document.encoding == "latin-1"
    assert page.title_label.text() == "latin.txt"
    assert services.settings["recent_documents"] == [str(path.resolve())]
    assert [a.text() for a in page.recent_menu.actions()] == ["latin.txt"]

    page.editor.appendPlainText("déjà vu")
    assert page.files.is_modified and page.title_label.text().endswith("•")
    assert page.files.save()
    expected = page.editor.text().replace("\n", "\r\n").encode("latin-1")
    assert path.read_bytes() == expected and b"d\xe9j\xe0 vu" in expected
    assert not page.files.is_modified

    page.editor.appendPlainText("5 €, ✓")  # Latin-1 cannot store these
    answers.queue.append(B.Yes)
    assert page.files.save()
    assert "UTF-8" in answers.asked[-1]
    assert "5 €, ✓" in path.read_bytes().decode("utf-8")
    assert page.files.document.encoding == "utf-8"

    utf16 = tmp_path / "wide.txt"
    utf16.write_bytes("Grüße\n".encode("utf-16"))
    assert page.files.open(utf16) and page.editor.text() == "Grüße\n"
    assert page.files.document.encoding == "utf-16-le" and page.files.document.bom
    page.editor.appendPlainText("ŝ")
    assert page.files.save()
    assert utf16.read_bytes().decode("utf-16") == "Grüße\n\nŝ" or "ŝ" in utf16.read_bytes().decode(
        "utf-16"
    )
    assert not answers.queue


def test_docx_through_the_page(services, write_window, tmp_path):
    import docx

    path = tmp_path / "report.docx"
    made = docx.Document()
    made.add_paragraph("First paragraph.")
    table = made.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "cell text"
    made.add_paragraph("Second paragraph.")
    made.save(path)

    window, page = write_window(services)
    assert page.files.open(path)
    assert "First paragraph." in page.editor.text()
    text = page.editor.text().replace("Second paragraph.", "Second paragraph, edited.")
    page.editor.selectAll()
    page.editor.insertPlainText(text)
    assert page.files.save()
    reread = docx.Document(path)
    assert "Second paragraph, edited." in [p.text for p in reread.paragraphs]
    assert reread.tables[0].cell(0, 0).text == "cell text"  # the table survived
    assert page.files.open(path) and "Second paragraph, edited." in page.editor.text()


def _review(page, original=ORIGINAL, revised=REVISED, prefix=""):
    page.editor.setPlainText(prefix + original)
    page.editor.document().setModified(False)
    changes = ChangeSet(original, revised)
    page.review_changes(changes, offset=len(prefix))
    return changes


def test_changes_show_inline_and_accept_all_is_one_undo_step(services, write_window):
    window, page = write_window(services)
    changes = _review(page, prefix="Title\n\n")
    assert len(changes) == 3
    shown = page.review.view.toHtml()
    assert "line-through" in shown and "underline" in shown
    preview = page.review.view.toPlainText()
    assert "Teh" in preview and "The" in preview and "very" in preview
    assert page.editor.text() == "Title\n\n" + ORIGINAL  # nothing changed yet
    assert page.review.position_label.text().startswith("change 1 · 3 of 3")

    page.review.accept_all_button.click()
    assert page.editor.text() == "Title\n\n" + REVISED
    assert not page.review.is_reviewing and page.review.pending_count() == 0
    page.editor.undo()
    assert page.editor.text() == "Title\n\n" + ORIGINAL  # one step undoes them all
    page.editor.redo()
    assert page.editor.text() == "Title\n\n" + REVISED


def test_reject_all_keeps_the_document_and_ends_the_review(services, write_window):
    window, page = write_window(services)
    _review(page)
    page.review.accept(2)
    assert page.editor.text() == "Teh cat sat on teh mat. It was very happy."
    page.review.reject_all_button.click()  # the pending ones; the accepted one stays
    assert page.editor.text() == "Teh cat sat on teh mat. It was very happy."
    assert not page.review.is_reviewing
    assert [page.review.changes.state(i) for i in range(3)] == ["rejected", "rejected", "accepted"]
    assert "Teh" in page.review.view.toPlainText() and "very" in page.review.view.toPlainText()


def test_accept_and_reject_one_by_one_each_one_undo_step(services, write_window, qtbot):
    window, page = write_window(services)
    _review(page, prefix="> ")
    review = page.review
    review.view.anchorClicked.emit(QUrl("change:1"))  # click the second change
    assert review.current == 1
    review.accept_button.click()
    assert page.editor.text() == "> Teh cat sat on the mat. It was happy."
    assert review.current == 2  # moves on to the next pending change
    review.previous_button = review.prev_button
    review.prev_button.click()
    assert review.current == 0
    review.reject_button.click()
    assert page.editor.text() == "> Teh cat sat on the mat. It was happy."
    review.next_button.click()
    review.accept_current()
    assert page.editor.text() == "> Teh cat sat on the mat. It was very happy."
    assert not review.is_reviewing
    qtbot.keyClick(page.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.editor.text() == "> Teh cat sat on the mat. It was happy."
    page.editor.undo()
    assert page.editor.text() == "> " + ORIGINAL


def test_editing_by_hand_drops_the_remaining_suggestions(services, write_window):
    window, page = write_window(services)
    _review(page)
    page.review.accept(0)
    assert page.review.is_reviewing
    page.editor.undo()  # the writer's own edit: offsets no longer hold
    assert not page.review.is_reviewing
    assert "dropped" in page.panel.notices()
    page.editor.document().setModified(False)


def test_analysis_result_highlights_phrases(services, write_window, qtbot):
    window, page = write_window(services)
    text = "I love this park. The noise is awful."
    page.editor.setPlainText(text)
    page.editor.document().setModified(False)
    action = ActionLibrary().get("tone")
    data = {
        "sentiment": "mixed",
        "tone": "casual",
        "phrases": [
            {"phrase": "love this park", "sentiment": "positive"},
            {"phrase": "noise is awful", "sentiment": "negative"},
        ],
    }
    analysis = Analysis(data, [Highlight(2, 16, "love this park", "positive")], raw="{}")
    page._action = action
    page.controller.finished.emit(WriteResult(action, "complete", text, analysis=analysis))
    assert page.panel.output.currentWidget() is page.panel.result_view
    assert "Sentiment: mixed" in page.panel.result_view.toPlainText()
    assert page.editor.highlight_count() == 1


def test_missing_option_is_a_notice_not_a_run(services, write_window):
    window, page = write_window(services)
    page.editor.setPlainText("Bonjour")
    page.editor.document().setModified(False)
    page.panel.picker.set_action("translate")
    assert not page.run_action()
    assert "language" in page.panel.notices()
    assert not page.controller.is_busy


def test_no_model_is_reported(services, write_window, qtbot):
    window, page = write_window(services)
    page.editor.setPlainText("Some text.")
    page.editor.document().setModified(False)
    with qtbot.waitSignal(page.run_finished, timeout=10_000) as done:
        assert page.run_action("proofread")
        assert page.editor.isReadOnly() and page.panel.stop_button.isVisibleTo(page)
    assert done.args[0].status == "error"
    assert "No model" in page.panel.notices()
    assert not page.editor.isReadOnly() and page.panel.run_button.isVisibleTo(page)


def test_autosave_and_recovery_offer_at_start(services, write_window, answers, qtbot, tmp_path):
    store = AutosaveStore()
    path = tmp_path / "story.txt"
    path.write_text("Once upon a time.\n", encoding="utf-8")
    doc_id = document_id(path)
    store.save(doc_id, "Once upon a time, a fox.\n", path=path)
    record = json.loads(store._file(doc_id).read_text(encoding="utf-8"))
    record.update(pid=2**22 + 7, started=time.time() - 100)  # a process that is gone
    store._file(doc_id).write_text(json.dumps(record), encoding="utf-8")
    store.save("new-abandoned", "dropped text")
    record = json.loads(store._file("new-abandoned").read_text(encoding="utf-8"))
    record.update(pid=2**22 + 9, started=time.time() - 50)
    store._file("new-abandoned").write_text(json.dumps(record), encoding="utf-8")

    answers.queue += [B.No, B.Yes]  # newest first: refuse the unsaved one, take the story
    window, page = write_window(services)
    qtbot.waitUntil(lambda: page.editor.text() == "Once upon a time, a fox.\n", timeout=5000)
    assert "Recover" in answers.asked[0] and "story.txt" in answers.asked[1]
    assert not store._file("new-abandoned").exists()
    assert page.files.is_modified and page.files.document.path == path
    assert page.files.save()
    assert path.read_text(encoding="utf-8") == "Once upon a time, a fox.\n"
    assert not store._file(doc_id).exists()  # a real save discards the copy

    page.editor.appendPlainText("More.")
    assert page.files.autosave_now()
    assert "More." in store.load(doc_id).text
    assert store.recoverable() == []  # this process is alive: not offered
    answers.queue.append(B.Discard)
    assert page.files.new()
    assert store.load(doc_id) is None


def test_unsaved_changes_prompt(services, write_window, answers, tmp_path, qtbot):
    window, page = write_window(services)
    qtbot.keyClicks(page.editor, "Draft")
    assert page.files.is_modified
    answers.queue.append(B.Cancel)
    assert not page.files.new()
    assert page.editor.text() == "Draft"

    answers.queue.append(B.Cancel)
    window.close()
    assert window.isVisible()  # the close was refused

    target = tmp_path / "draft.md"
    answers.queue.append(B.Save)
    page.files.document.path = target  # as if saved before: Save writes there
    page.files.document.kind = "markdown"
    opened = tmp_path / "other.txt"
    opened.write_text("Other", encoding="utf-8")
    assert page.files.open(opened)
    assert target.read_text(encoding="utf-8") == "Draft"
    assert page.editor.text() == "Other"

    page.editor.appendPlainText("!")
    answers.queue.append(B.Discard)
    assert page.files.new() and page.editor.text() == ""
    assert answers.asked and not answers.queue


def test_notes_are_kept_per_document(services, write_window, tmp_path):
    window, page = write_window(services)
    path = tmp_path / "tale.txt"
    path.write_text("A tale.", encoding="utf-8")
    assert page.files.open(path)
    page.panel.notes.memory.setPlainText("The fox is called Rua.")
    page.save_notes()
    assert NotesStore().load(path).memory == "The fox is called Rua."
    assert page.files.new()
    assert page.panel.notes.notes().is_empty()
    assert page.files.open(path)
    assert page.panel.notes.memory.toPlainText() == "The fox is called Rua."


def test_new_action_editor_saves_a_user_action(services, write_window):
    window, page = write_window(services)
    dialog = page.panel.open_new_action()
    dialog.name.setText("Bad Name")
    dialog.template.setPlainText("{text}")
    assert not dialog.save() and "not a valid action name" in dialog.error_label.text()
    dialog.name.setText("haiku")
    dialog.template.setPlainText("Rewrite as a haiku.\n\n{text}")
    assert dialog.save()
    assert page.panel.picker.action_name() == "haiku"
    assert page.panel.picker.action().source == "user"
    assert "haiku" in ActionLibrary().names()


def test_ask_pane_without_text_or_model_says_why_and_saves_nothing(services, write_window, qtbot):
    window, page = write_window(services)
    page.open_ask()
    assert page.side.currentWidget() is page.ask.panel
    panel = page.ask.panel
    assert not page.ask.ask("What is this about?")  # an empty document
    assert "no text to ask about" in panel.notice()

    page.editor.setPlainText("A short note about apples.")
    page.editor.document().setModified(False)
    scope = "Asking about the whole document (5 words)"
    qtbot.waitUntil(lambda: panel.scope_label.text() == scope)  # follows the text as it changes
    page.editor.select_range(2, 7)
    qtbot.waitUntil(lambda: panel.scope_label.text() == "Asking about the selection (1 word)")
    page.editor.select_range(0, 0)
    panel.edit.setPlainText("What is this about?")
    with qtbot.waitSignal(page.ask.answered, timeout=10_000) as answered:
        panel.submit()
        assert page.ask.is_busy and panel.stop_button.isVisibleTo(page)
    assert answered.args[0] is None
    assert "No model" in panel.notice()
    assert panel.edit.toPlainText() == "What is this about?"  # the question is given back
    assert panel.view.message_ids() == []
    assert not page.ask.is_busy and panel.ask_button.isVisibleTo(page)
    titles = [c.title for c in services.store.list_conversations()]
    assert not [t for t in titles if t.startswith("About ")]  # no empty chat left behind


def test_changes_side_by_side_original_left_suggested_right(services, write_window):
    window, page = write_window(services)
    _review(page)
    review = page.review
    assert not review.side_by_side
    review.side_button.click()
    assert review.side_by_side and review.views.currentWidget() is review.side_view
    left, right = review.side_view.original, review.side_view.suggested
    assert left.toPlainText() == ORIGINAL and right.toPlainText() == REVISED
    assert "line-through" in left.toHtml() and "underline" not in left.toHtml()
    assert "underline" in right.toHtml() and "line-through" not in right.toHtml()

    right.anchorClicked.emit(QUrl("change:2"))  # a change is picked from either side
    assert review.current == 2
    review.accept_button.click()
    assert page.editor.text() == "Teh cat sat on teh mat. It was very happy."
    review.reject(0)  # rejected: both sides keep the original there
    assert left.toPlainText() == ORIGINAL
    assert right.toPlainText() == "Teh cat sat on the mat. It was very happy."
    review.side_button.click()  # back to the inline view, same decisions
    assert not review.side_by_side and review.view.isVisibleTo(page)
    assert "very" in review.view.toPlainText()
