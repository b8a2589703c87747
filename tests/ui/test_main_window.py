"""The main window without a model: welcome panel, settings, import/export, theme."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QFileDialog

from app.hub.starter import STARTER_INSTALL
from app.ui.chat import welcome_panel
from app.ui.chat.welcome_panel import STARTER_LABEL


def test_welcome_panel_when_no_model(make_window, services, model_path):
    window = make_window(services)
    page = window.chat_page
    assert page.welcome_visible
    assert not page.composer.isVisible()
    assert "No model is configured" in page.welcome.message.text()
    assert page.welcome.open_button.isVisible()
    # The starter wheel is installed here, so the one-click starter is offered.
    assert page.welcome.starter_button.isVisible()
    assert page.welcome.starter_button.text() == STARTER_LABEL
    assert page.welcome.starter_path == model_path
    assert not page.welcome.install_hint.isVisible()
    assert window.model_label.text() == "No model loaded"
    assert not window.controller.is_busy  # nothing to load in the background


def test_welcome_panel_without_the_starter_shows_how_to_install(make_window, services, monkeypatch):
    monkeypatch.setattr(welcome_panel, "starter_model_path", lambda: None)
    window = make_window(services)
    welcome = window.chat_page.welcome
    assert not welcome.starter_button.isVisible()
    assert welcome.install_hint.isVisible()
    assert STARTER_INSTALL in welcome.install_hint.text()


def test_a_missing_default_model_is_named(make_window, services, tmp_path):
    services.settings.remember_model(str(tmp_path / "gone.gguf"))
    window = make_window(services)
    assert window.chat_page.welcome_visible
    assert "gone.gguf" in window.chat_page.welcome.message.text()


def test_open_model_dialog_with_a_bad_file_shows_one_clear_error(
    make_window, services, tmp_path, qtbot, monkeypatch
):
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"this is not a model" * 100)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    window = make_window(services)
    with qtbot.waitSignal(window.controller.model_load_failed, timeout=60_000) as blocker:
        window.open_model_action.trigger()
    message = blocker.args[0]
    assert "\n" not in message and message
    assert window.chat_page.error_text == message
    assert window.chat_page.welcome.status.text() == message
    assert services.settings["default_model"] is None  # not remembered
    assert window.chat_page.welcome_visible  # still usable: try another file
    qtbot.waitUntil(lambda: not window.controller.is_busy, timeout=5000)
    assert window.chat_page.welcome.open_button.isEnabled()


def test_settings_panel_saves_per_conversation(make_window, services, qtbot):
    conv = services.store.create_conversation(title="Tuned", system_prompt="Be brief.")
    window = make_window(services)
    panel = window.settings_panel
    assert not panel.isVisible()
    qtbot.mouseClick(window.chat_page.settings_button, Qt.MouseButton.LeftButton)
    assert panel.isVisible() and window.settings_action.isChecked()
    assert panel.conversation_id == conv.id
    assert panel.system_prompt.toPlainText() == "Be brief."
    defaults = services.settings["sampling"]
    assert panel.spins["temperature"].value() == defaults["temperature"]
    assert panel.spins["max_tokens"].value() == defaults["max_tokens"]

    panel.set_value("temperature", 0.2)
    panel.set_value("seed", 7)
    assert services.store.get_conversation(conv.id).settings == {"temperature": 0.2, "seed": 7}
    panel.system_prompt.setPlainText("Answer in French.")
    panel.commit()  # also done before every send
    assert services.store.get_conversation(conv.id).system_prompt == "Answer in French."
    panel.reset_sampling()
    assert services.store.get_conversation(conv.id).settings == {}
    assert panel.spins["temperature"].value() == defaults["temperature"]


def test_new_chat_draft_settings_reach_the_new_conversation(make_window, services):
    window = make_window(services)
    window.new_chat()
    panel = window.settings_panel
    assert panel.conversation_id is None
    assert panel.system_prompt.toPlainText() == services.settings["system_prompt"]
    panel.set_value("max_tokens", 99)
    conv = window._create_conversation("Draft")
    assert conv.settings == {"max_tokens": 99}
    assert conv.system_prompt == services.settings["system_prompt"]


def test_export_and_import_round_trip(make_window, services, tmp_path, monkeypatch, qtbot):
    conv = services.store.create_conversation(title="Recipes")
    services.store.add_message(conv.id, "user", "How do I bake bread?")
    services.store.add_message(conv.id, "assistant", "Mix flour, water, salt and yeast.")
    window = make_window(services)
    md_path, json_path = tmp_path / "out.md", tmp_path / "out.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(md_path), ""))
    window.export_conversation("markdown")
    assert "How do I bake bread?" in md_path.read_text(encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(json_path), ""))
    window.export_conversation("json")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["title"] == "Recipes"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(json_path), ""))
    new_id = window.import_conversation()
    assert new_id is not None and new_id != conv.id
    assert window.sidebar.conversation_ids()[0] == new_id
    assert window.chat_page.conversation_id == new_id
    assert "Mix flour" in window.chat_page.view.document().toPlainText()

    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert window.import_conversation(str(bad)) is None
    assert "Could not import bad.json" in window.chat_page.error_text


def test_theme_override_and_dark_palette(make_window, services):
    window = make_window(services)
    window.set_theme("dark")
    assert services.settings["theme"] == "dark"
    assert window.theme.is_dark
    window_color = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    assert window_color.lightness() < 80
    assert window.theme_actions["dark"].isChecked()
    window.set_theme("light")
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() > 200
    window.set_theme("system")
    assert services.settings["theme"] == "system"


def test_modes_switch_pages(make_window, services, qtbot):
    from PySide6.QtWidgets import QLabel

    window = make_window(services)
    assert window.current_mode() == "chat"
    other = QLabel("another mode")
    window.add_mode("other", "Other", other)
    window.modes["other"].trigger()
    assert window.current_mode() == "other" and window.pages.currentWidget() is other
    window.show_mode("chat")
    assert window.pages.currentWidget() is window.splitter


def test_the_fine_tune_page_is_built_when_first_shown(make_window, services):
    """Start-up stays fast: the Fine-tune mode costs nothing until it is opened."""
    from app.ui.finetune.page import FinetunePage

    window = make_window(services)
    assert "finetune" in window.modes and window._finetune_page is None
    window.modes["finetune"].trigger()
    assert isinstance(window.pages.currentWidget(), FinetunePage)
    assert window.finetune_page is window.pages.currentWidget()
