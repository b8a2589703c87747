"""Details a user of LM Studio or GPT4All notices in the first hour (issue 15)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_the_window_title_names_the_mode_outside_chat(make_window, services):
    window = make_window(services)
    conv = window.store.create_conversation(title="Photosynthesis", system_prompt="")
    window.open_conversation(conv.id)
    assert window.windowTitle() == "Photosynthesis — Quillmate"
    for key, title in (("write", "Write"), ("grade", "Grade"), ("models", "Models")):
        window.modes[key].trigger()
        assert window.windowTitle() == f"{title} — Quillmate"
    window.modes["chat"].trigger()
    assert window.windowTitle() == "Photosynthesis — Quillmate"


def test_compare_with_base_is_offered_only_with_an_adapter(make_window, services):
    window = make_window(services)
    assert not window.compare_action.isEnabled()  # no model, no adapter
    assert not window.chat_page.compare_button.isVisibleTo(window)


def test_find_searches_the_conversation_and_the_document(make_window, services, qtbot):
    window = make_window(services)
    conv = window.store.create_conversation(title="Tides", system_prompt="")
    user = window.store.add_message(conv.id, "user", "What causes the tides?")
    window.store.add_message(conv.id, "assistant", "The Moon's gravity pulls the ocean.",
                             parent_id=user.id)  # fmt: skip
    window.open_conversation(conv.id)
    window.find_action.trigger()
    bar = window.find_bar
    assert bar.isVisible()
    bar.edit.setText("gravity")
    assert bar.find_next() and window.chat_page.view.textCursor().selectedText() == "gravity"
    bar.edit.setText("volcano")
    assert not bar.find_next() and bar.result.text() == "No match"
    window.modes["write"].trigger()
    editor = window.write_page.editor
    editor.setPlainText("First line about lava.\nSecond line about lava.")
    bar.edit.setText("lava")
    assert bar.find_next() and bar.find_next()
    assert editor.textCursor().blockNumber() == 1
    assert bar.find_next() and editor.textCursor().blockNumber() == 0  # wraps around
    window.modes["models"].trigger()
    assert not bar.find_next() and bar.result.text() == "Nothing to search here"


def test_help_lists_the_real_shortcuts_and_a_guide(make_window, services):
    from app.ui.help_menu import about_text, show_guide, show_shortcuts

    window = make_window(services)
    table = show_shortcuts(window).browser.toPlainText()
    for text in ("New chat", "Find", "Adapter", "Conversation settings"):
        assert text in table
    assert "Ctrl+F" in table and "Ctrl+N" in table
    guide = show_guide(window).browser.toPlainText()
    for mode in ("Chat", "Write", "Grade", "Models", "Fine-tune", "Sources"):
        assert mode in guide
    assert "Fine-tune" in about_text(window) and "your own documents" in about_text(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus.index("&Edit") == 1


def test_the_chat_settings_name_the_model_readably(make_window, services, model_path):
    services.settings.remember_model(str(model_path))
    window = make_window(services)
    panel = window.settings_panel
    conv = window.store.create_conversation(title="Any", system_prompt="")
    window.open_conversation(conv.id)
    assert panel.model_name.text() == "SmolLM2 135M Instruct (the default)"
    assert panel.model_path.placeholderText() == "Default: SmolLM2 135M Instruct"
    assert panel.model_path.toolTip() == str(model_path)
    panel.set_model(str(model_path))
    assert panel.model_name.text() == "SmolLM2 135M Instruct"


def test_the_status_bar_names_the_loaded_model_readably(model_services, make_window, qtbot):
    window = make_window(model_services)
    qtbot.waitUntil(lambda: model_services.engine.model_info is not None, timeout=120_000)
    qtbot.waitUntil(lambda: window.model_label.text() == "SmolLM2 135M Instruct", timeout=10_000)
    assert model_services.engine.model_info.name != "SmolLM2 135M Instruct"  # the GGUF's own


def test_a_long_prompt_being_read_is_shown(make_window, services):
    from app.ui.chat.backend_status import reading_text

    window = make_window(services)
    services.engine.prompt_progress = (1598, 3996)  # what the worker's heartbeats report
    assert reading_text(window) == "Reading 3,996 tokens… 39 %"
    services.engine.prompt_progress = (50, 120)  # short prompts: nothing to say
    assert reading_text(window) == ""


def test_a_reply_slowed_by_another_program_says_so(make_window, services, monkeypatch):
    import os

    from app.engine.types import GenerationStats
    from app.ui.chat.backend_status import speed_text

    window = make_window(services)

    def stats(speed: float) -> GenerationStats:
        return GenerationStats(completion_tokens=40, decode_seconds=39 / speed)

    monkeypatch.setattr(os, "getloadavg", lambda: (0.5, 0.5, 0.5))  # a quiet machine
    assert speed_text(window, stats(55.0)) == "55.0 tok/s"
    assert speed_text(window, stats(20.0)) == "20.0 tok/s"  # slower, but nobody else busy
    # Another program keeps every core busy (the load average a real one gives).
    monkeypatch.setattr(os, "getloadavg", lambda: (2.0 + 8.0, 9.0, 6.0))
    text = speed_text(window, stats(0.8))
    assert text == "0.8 tok/s — slow: the CPU is busy with another program"
    assert speed_text(window, stats(50.0)) == "50.0 tok/s"  # at its usual speed: nothing


def test_search_hits_show_the_matching_words_highlighted(make_window, services):
    window = make_window(services)
    conv = window.store.create_conversation(title="Plants", system_prompt="")
    window.store.add_message(conv.id, "user", "How does photosynthesis work in leaves [really]?")
    window.sidebar.set_search_text("photosynthesis")
    results = window.sidebar.results
    item = results.item(0)
    assert item.text().split("\n")[1].startswith("How does photosynthesis work")  # no markers
    label = results.itemWidget(item)
    assert "<b>Plants</b>" in label.text()
    assert 'background-color:#fde68a; color:#1f2937; font-weight:600">photosynthesis</span>' in (
        label.text()
    )
    assert "[really]" in label.text() and 'font-weight:600">really' not in label.text()
    assert results.spacing() > 0
