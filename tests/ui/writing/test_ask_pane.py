"""Ask about this document: the chat docked beside the editor, with the real model.

The window, the store and the engine are real; the model is SmolLM2-135M,
loaded with a small context so that a long document really is cut.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = [pytest.mark.model, pytest.mark.gui]

RUN_MS = 120_000
N_CTX = 512
NOTE = "Mira planted three apple trees in the garden behind the school in April."
LONG = "\n\n".join(
    f"Chapter {i}. The river town of Elm had {i} bridges and a market every Sunday."
    for i in range(1, 120)
)


@pytest.fixture
def small_context(model_services, model_path):
    """The test model with a 512-token context (its own setting, as a user would set it)."""
    model_services.settings.set_model_override(str(model_path), n_ctx=N_CTX)
    return model_services


def focus(qtbot, window, widget) -> None:
    """Shortcuts reach only the active window's focused widget."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()


def ask(qtbot, page, question: str):
    """Type `question` and press Enter; returns the AskResult (None if stopped early)."""
    page.open_ask()
    qtbot.keyClicks(page.ask.panel.edit, question)
    with qtbot.waitSignal(page.ask.answered, timeout=RUN_MS) as answered:
        qtbot.keyClick(page.ask.panel.edit, Qt.Key.Key_Return)
        assert page.ask.is_busy and page.ask.panel.stop_button.isVisibleTo(page)
    return answered.args[0]


def test_ask_streams_an_answer_saves_it_and_chat_mode_lists_it(small_context, write_window, qtbot):
    window, page = write_window(small_context)
    page.editor.setPlainText(NOTE)
    focus(qtbot, window, page.editor)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(page.editor, Qt.Key.Key_D, shift_ctrl)  # the shortcut opens the pane
    assert page.side.currentWidget() is page.ask.panel
    assert page.ask.panel.scope_label.text() == "Asking about the whole document (13 words)"

    streamed = []
    page.ask.controller.text_received.connect(streamed.append)
    result = ask(qtbot, page, "Who planted the trees?")
    assert result is not None and result.reply.error is None
    assert streamed and "".join(streamed).strip() == result.reply.message.content.strip()
    panel = page.ask.panel
    assert not page.ask.is_busy and panel.ask_button.isVisibleTo(page)
    assert panel.included() == "The document (13 words) is in the model's context."
    assert page.editor.text() == NOTE  # asking never touches the document

    store = small_context.store
    conversation = store.get_conversation(result.conversation_id)
    assert conversation.title == "About Untitled"
    messages = store.thread(conversation.id)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[0].content == "Who planted the trees?"
    assert messages[1].content == result.reply.message.content and messages[1].status == "complete"
    assert panel.view.message_ids() == [m.id for m in messages]
    assert "About Untitled" in window.sidebar.titles()  # Chat mode lists the conversation

    window.chat_page.open_conversation(conversation.id)  # open in Chat mode meanwhile
    second = ask(qtbot, page, "Where?")  # a follow-up: the same conversation
    assert second.conversation_id == conversation.id
    assert len(store.thread(conversation.id)) == 4
    # Chat mode shows the follow-up too.
    assert window.chat_page.view.message_ids() == [m.id for m in store.thread(conversation.id)]


def test_selection_then_a_long_document_with_what_was_included(small_context, write_window, qtbot):
    window, page = write_window(small_context)
    document = f"Intro line.\n\n{NOTE}\n\n{LONG}"
    page.editor.setPlainText(document)
    start = document.index(NOTE)
    page.editor.select_range(start, start + len(NOTE))
    page.open_ask()
    assert page.ask.panel.scope_label.text() == "Asking about the selection (13 words)"
    result = ask(qtbot, page, "What was planted?")
    assert result.excerpt.scope == "selection" and result.excerpt.text == NOTE
    assert page.ask.panel.included() == "The selection (13 words) is in the model's context."
    prompt = small_context.store.get_conversation(result.conversation_id).system_prompt
    assert NOTE in prompt and "Intro line." not in prompt

    page.editor.select_range(0, 0)  # no selection, cursor at the top: the document's start
    result = ask(qtbot, page, "How many bridges are there?")
    excerpt = result.excerpt
    total = len(document.split())
    assert excerpt.scope == "document" and excerpt.shortened and excerpt.words_before == 0
    included = page.ask.panel.included()
    assert included == (
        f"The document is too long for the model's context: only the first "
        f"{excerpt.words:,} of {total:,} words were included."
    )
    assert page.ask.panel.included_label.isVisibleTo(page)
    assert result.reply.done.stats.prompt_tokens < N_CTX


def test_stop_ends_the_answer_keeps_it_and_asking_again_works(small_context, write_window, qtbot):
    small_context.settings["sampling"] = {**small_context.settings["sampling"], "max_tokens": 160}
    window, page = write_window(small_context)
    page.editor.setPlainText(NOTE)
    page.open_ask()
    qtbot.keyClicks(page.ask.panel.edit, "Write a very long story about these trees.")
    streamed = []
    page.ask.controller.text_received.connect(streamed.append)
    with qtbot.waitSignal(page.ask.answered, timeout=RUN_MS) as answered:
        qtbot.keyClick(page.ask.panel.edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(streamed) or not page.ask.is_busy, timeout=RUN_MS)
        focus(qtbot, window, page.editor)
        qtbot.keyClick(page.editor, Qt.Key.Key_Escape)  # Esc anywhere on the page stops
    result = answered.args[0]
    message = result.reply.message
    assert message.status == "stopped"
    assert result.reply.done.stats.completion_tokens < 160
    assert small_context.store.get_message(message.id).content == message.content
    assert page.ask.panel.notice() == "Stopped."
    assert not page.ask.is_busy and page.ask.panel.ask_button.isVisibleTo(page)

    small_context.settings["sampling"] = {**small_context.settings["sampling"], "max_tokens": 8}
    again = ask(qtbot, page, "Which month?")
    assert again.reply.message.status == "complete"
    assert again.conversation_id == result.conversation_id
