"""End to end with the real SmolLM2-135M model: no mocks between the window and llama.cpp.

Sampling is deterministic (temperature 0, a fixed seed) and replies are short
(max_tokens 32) except where a test needs a long one to stop.
"""

from __future__ import annotations

import os
import signal

import pytest
from PySide6.QtCore import Qt

from app.services import Services
from app.ui.main_window import MainWindow

pytestmark = [pytest.mark.model, pytest.mark.gui]

REPLY_MS = 120_000  # a generous ceiling on a 2-core machine; replies take ~1 s


def type_and_send(qtbot, window, text):
    edit = window.chat_page.composer.edit
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def last_assistant(services, cid):
    return [m for m in services.store.thread(cid) if m.role == "assistant"][-1]


def test_send_streams_reply_and_history_survives_restart(
    model_services, make_window, qtbot, model_path
):
    window = make_window(model_services)
    page = window.chat_page
    assert not page.welcome_visible
    # The default model starts loading in the background once the window shows.
    qtbot.waitUntil(lambda: window.controller.is_loading_model or page.model_ready(), timeout=2000)

    streamed = []
    window.controller.text_received.connect(streamed.append)
    with qtbot.waitSignal(page.reply_shown, timeout=REPLY_MS) as finished:
        type_and_send(qtbot, window, "Name three colors of the rainbow.")
        assert page.composer.text == ""
        assert page.composer.stop_button.isVisible()
        # The user's message shows at once, before the model answers.
        assert "Name three colors" in page.view.document().toPlainText()
    result = finished.args[0]
    assert result.error is None
    assert result.message.status == "complete"
    assert result.message.content.strip()
    assert len(streamed) > 1 and "".join(streamed).strip()
    assert page.view.flush_count >= 1  # text reached the view while streaming

    cid = page.conversation_id
    assert window.sidebar.conversation_ids() == [cid]
    thread = model_services.store.thread(cid)
    assert [m.role for m in thread] == ["user", "assistant"]
    assert page.view.message_ids() == [m.id for m in thread]
    assert result.message.content.strip()[:20] in page.view.message_text(thread[1].id)
    assert page.composer.send_button.isVisible()

    # Status bar: model name, speed and context use of the last reply.
    assert window.model_label.text() not in ("", "No model loaded")
    assert window.speed_label.text().endswith("tok/s")
    assert float(window.speed_label.text().split()[0]) > 0
    assert window.context_label.text().startswith("Context ")

    # Search finds the message and opens its conversation.
    window.new_chat()
    assert page.conversation_id is None
    window.sidebar.set_search_text("rainbow")
    assert window.sidebar.hit_count() >= 1
    window.sidebar.activate_hit(0)
    assert page.conversation_id == cid

    # Close everything; a new window on the same QUILLMATE_HOME finds the history.
    window.close()
    model_services.close()
    again = Services.create()
    try:
        reopened = MainWindow(again)
        qtbot.addWidget(reopened)
        reopened.show()
        assert reopened.sidebar.conversation_ids() == [cid]
        assert reopened.chat_page.conversation_id == cid
        assert reopened.chat_page.view.message_ids() == [m.id for m in thread]
        assert "Name three colors" in reopened.chat_page.view.document().toPlainText()
        assert reopened.speed_label.text().endswith("tok/s")  # from the saved reply
        reopened.close()
    finally:
        again.close()


def test_stop_keeps_the_partial_reply_and_the_next_send_works(model_services, make_window, qtbot):
    window = make_window(model_services)
    page = window.chat_page
    window.settings_panel.set_value("max_tokens", 2000)  # the new chat's draft
    window.settings_panel.set_value("temperature", 0.8)
    with qtbot.waitSignal(page.reply_shown, timeout=REPLY_MS) as finished:
        type_and_send(qtbot, window, "Write a very long story about a dragon who learns to bake.")
        qtbot.waitUntil(lambda: len(page.live_text) > 40, timeout=REPLY_MS)
        assert page.view.streaming_id is not None
        qtbot.keyClick(page.composer.edit, Qt.Key.Key_Escape)  # Esc stops
    message = finished.args[0].message
    assert message.status == "stopped"
    assert len(message.content) > 40
    assert len(message.content) < 6000  # far from 2000 tokens
    cid = page.conversation_id
    assert model_services.store.get_conversation(cid).settings["max_tokens"] == 2000
    saved = last_assistant(model_services, cid)
    assert saved.status == "stopped" and saved.content == message.content
    shown = page.view.message_text(saved.id)
    assert "stopped" in shown and "Continue" in shown
    assert message.content.split()[0] in shown

    window.settings_panel.set_value("max_tokens", 16)
    with qtbot.waitSignal(page.reply_shown, timeout=REPLY_MS) as finished:
        type_and_send(qtbot, window, "Say hello.")
    assert finished.args[0].message.status == "complete"
    assert len([m for m in model_services.store.thread(cid) if m.role == "assistant"]) == 2


def test_regenerate_makes_a_sibling_and_branch_navigation(model_services, make_window, qtbot):
    window = make_window(model_services)
    page = window.chat_page
    with qtbot.waitSignal(page.reply_shown, timeout=REPLY_MS) as first:
        type_and_send(qtbot, window, "What is the capital of France?")
    first_id = first.args[0].message.id
    assert "Regenerate" in page.view.message_text(first_id)

    with qtbot.waitSignal(page.reply_shown, timeout=REPLY_MS) as second:
        page.view.activate_link(f"regenerate:{first_id}")
    second_id = second.args[0].message.id
    assert second_id != first_id
    assert [m.id for m in model_services.store.siblings(second_id)] == [first_id, second_id]
    assert page.view.message_ids()[-1] == second_id
    assert first_id not in page.view.message_ids()
    assert "2/2" in page.view.message_text(second_id)

    page.view.activate_link(f"prev:{second_id}")
    assert page.view.message_ids()[-1] == first_id
    assert "1/2" in page.view.message_text(first_id)
    page.view.activate_link(f"next:{first_id}")
    assert page.view.message_ids()[-1] == second_id
    # The choice is remembered: it is the conversation's current branch.
    assert model_services.store.thread(page.conversation_id)[-1].id == second_id


def test_edit_a_past_message_and_resend_branches(model_services, make_window, qtbot):
    window = make_window(model_services)
    page = window.chat_page
    with qtbot.waitSignal(page.reply_shown, timeout=REPLY_MS):
        type_and_send(qtbot, window, "Tell me a fact about cats.")
    with qtbot.waitSignal(page.reply_shown, timeout=REPLY_MS):
        type_and_send(qtbot, window, "And one about owls.")
    cid = page.conversation_id
    original = model_services.store.thread(cid)
    first_user = original[0]

    page.view.activate_link(f"edit:{first_user.id}")
    assert page.composer.editing_id == first_user.id
    assert page.composer.text == "Tell me a fact about cats."
    page.composer.edit.selectAll()
    with qtbot.waitSignal(page.reply_shown, timeout=REPLY_MS):
        qtbot.keyClicks(page.composer.edit, "Tell me a fact about dogs.")
        qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return)

    branch = model_services.store.thread(cid)
    assert [m.role for m in branch] == ["user", "assistant"]
    assert branch[0].content == "Tell me a fact about dogs."
    assert branch[0].id != first_user.id and branch[0].parent_id == first_user.parent_id
    assert page.view.message_ids() == [m.id for m in branch]
    assert "2/2" in page.view.message_text(branch[0].id)
    page.view.activate_link(f"prev:{branch[0].id}")  # back to the original branch, whole
    assert page.view.message_ids() == [m.id for m in original]


def test_engine_crash_mid_reply_is_one_clear_message_and_recovers(
    model_services, make_window, qtbot
):
    window = make_window(model_services)
    page = window.chat_page
    window.settings_panel.set_value("max_tokens", 2000)
    window.settings_panel.set_value("temperature", 0.8)
    with qtbot.waitSignal(page.reply_shown, timeout=REPLY_MS) as finished:
        type_and_send(qtbot, window, "Write a very long poem about the sea.")
        qtbot.waitUntil(lambda: len(page.live_text) > 20, timeout=REPLY_MS)
        os.kill(model_services.engine.worker_pid, signal.SIGKILL)
    result = finished.args[0]
    assert result.error and "\n" not in result.error
    assert result.message.status == "interrupted"
    assert page.error_text == result.error
    shown = page.view.message_text(result.message.id)
    assert "interrupted" in shown
    assert result.message.content  # the partial reply is kept
    assert not page.composer.is_busy

    window.settings_panel.set_value("max_tokens", 16)
    window.settings_panel.set_value("temperature", 0.0)
    with qtbot.waitSignal(page.reply_shown, timeout=REPLY_MS) as again:
        type_and_send(qtbot, window, "Say hello.")
    assert again.args[0].error is None and again.args[0].message.status == "complete"
    assert page.error_text == ""


def test_choosing_the_starter_model_from_the_welcome_panel(
    services, make_window, qtbot, model_path
):
    services.settings["sampling"] = {**services.settings["sampling"], "max_tokens": 8}
    services.settings["n_threads"] = 1  # see conftest.model_services
    window = make_window(services)
    page = window.chat_page
    assert page.welcome_visible
    with qtbot.waitSignal(window.controller.model_loaded, timeout=REPLY_MS):
        qtbot.mouseClick(page.welcome.starter_button, Qt.MouseButton.LeftButton)
        assert window.busy_bar.isVisible()
        assert page.welcome.progress.isVisible()
    assert services.settings["default_model"] == str(model_path.resolve())
    assert not page.welcome_visible and page.composer.isVisible()
    label = window.model_label.text()
    assert label and label != "No model loaded" and not label.startswith("Loading")
    qtbot.waitUntil(lambda: not window.busy_bar.isVisible(), timeout=5000)


def test_loading_a_model_mid_reply_supersedes_it(model_services, make_window, qtbot, model_path):
    window = make_window(model_services)
    page = window.chat_page
    window.settings_panel.set_value("max_tokens", 2000)
    window.settings_panel.set_value("temperature", 0.8)
    shown = []
    page.reply_shown.connect(shown.append)
    type_and_send(qtbot, window, "Write a very long story about a lighthouse keeper.")
    qtbot.waitUntil(lambda: len(page.live_text) > 20, timeout=REPLY_MS)
    cid = page.conversation_id
    with qtbot.waitSignals(
        [window.controller.cancelled_reply_ended, window.controller.model_loaded],
        timeout=REPLY_MS,
    ):
        window.choose_model(str(model_path))
        assert page.view.streaming_id is None  # the stream is dropped at once
    qtbot.waitUntil(lambda: not window.controller.is_busy, timeout=5000)
    assert shown == []  # the superseded run's result never reached the page
    reply = last_assistant(model_services, cid)
    assert reply.status == "stopped" and reply.content
    assert page.view.message_ids()[-1] == reply.id
    assert "stopped" in page.view.message_text(reply.id)
    assert not page.composer.is_busy
