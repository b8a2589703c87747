"""The composer's keys: Enter sends, Shift+Enter adds a line, Esc stops or cancels."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.chat.composer import Composer


def make(qtbot) -> Composer:
    composer = Composer()
    qtbot.addWidget(composer)
    composer.show()
    return composer


def test_enter_sends_and_clears(qtbot):
    composer = make(qtbot)
    qtbot.keyClicks(composer.edit, "Hello")
    with qtbot.waitSignal(composer.send_requested, timeout=1000) as blocker:
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    assert blocker.args == ["Hello"]
    assert composer.text == ""


def test_shift_enter_adds_a_line(qtbot):
    composer = make(qtbot)
    sent = []
    composer.send_requested.connect(sent.append)
    qtbot.keyClicks(composer.edit, "one")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer.edit, "two")
    assert composer.text == "one\ntwo"
    assert sent == []
    qtbot.keyClick(composer.edit, Qt.Key.Key_Enter)  # keypad Enter sends too
    assert sent == ["one\ntwo"]


def test_blank_text_is_not_sent(qtbot):
    composer = make(qtbot)
    sent = []
    composer.send_requested.connect(sent.append)
    assert not composer.send_button.isEnabled()
    qtbot.keyClicks(composer.edit, "   ")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    assert sent == []


def test_busy_shows_stop_and_esc_stops(qtbot):
    composer = make(qtbot)
    sent = []
    composer.send_requested.connect(sent.append)
    composer.set_busy(True)
    assert composer.stop_button.isVisible() and not composer.send_button.isVisible()
    qtbot.keyClicks(composer.edit, "next question")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    assert sent == [] and composer.text == "next question"  # kept, not sent
    with qtbot.waitSignal(composer.stop_requested, timeout=1000):
        qtbot.keyClick(composer.edit, Qt.Key.Key_Escape)
    with qtbot.waitSignal(composer.stop_requested, timeout=1000):
        qtbot.mouseClick(composer.stop_button, Qt.MouseButton.LeftButton)
    composer.set_busy(False)
    assert composer.send_button.isVisible() and composer.send_button.isEnabled()
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert sent == ["next question"]


def test_editing_submits_an_edit_and_esc_cancels(qtbot):
    composer = make(qtbot)
    edits, sent = [], []
    composer.edit_submitted.connect(lambda mid, text: edits.append((mid, text)))
    composer.send_requested.connect(sent.append)
    composer.begin_edit(7, "old text")
    assert composer.text == "old text" and composer.editing_id == 7
    assert composer.banner.isVisible()
    qtbot.keyClicks(composer.edit, " changed")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    assert edits == [(7, "old text changed")] and sent == []
    assert composer.editing_id is None and not composer.banner.isVisible()

    composer.begin_edit(8, "another")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Escape)
    assert composer.editing_id is None and composer.text == ""
    assert edits == [(7, "old text changed")]
