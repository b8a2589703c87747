"""The per-model settings dialog: template override, context size, GPU layers."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPlainTextEdit, QPushButton

from app.ui.models.model_settings import ModelSettingsDialog

PLAIN = "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}assistant:"


def test_dialog_saves_and_clears_the_override(qtbot, services, model_path):
    dialog = ModelSettingsDialog(services.settings, str(model_path))
    qtbot.addWidget(dialog)
    assert dialog.template.toPlainText() == ""
    dialog.findChild(QPlainTextEdit, "templateOverride").setPlainText(PLAIN)
    dialog.context.setValue(2048)
    dialog.accept()
    assert services.settings.model_override(str(model_path)) == {
        "n_ctx": 2048,
        "chat_template": PLAIN,
    }
    again = ModelSettingsDialog(services.settings, str(model_path))
    qtbot.addWidget(again)
    assert again.template.toPlainText() == PLAIN and again.context.value() == 2048
    again.template.setPlainText("")
    again.context.setValue(0)
    again.accept()
    assert services.settings.model_override(str(model_path)) == {}
    # The KV cache: q8_0 per model (where the engine drafts edits ahead), f16 by default.
    assert services.settings.load_options(str(model_path)).kv_cache == "f16"
    third = ModelSettingsDialog(services.settings, str(model_path))
    qtbot.addWidget(third)
    third.kv_cache.setCurrentIndex(third.kv_cache.findData("q8_0"))
    third.accept()
    assert services.settings.model_override(str(model_path)) == {"kv_cache": "q8_0"}
    assert services.settings.load_options(str(model_path)).kv_cache == "q8_0"


def test_copy_the_models_own_template(qtbot, services, model_path):
    dialog = ModelSettingsDialog(services.settings, str(model_path))
    qtbot.addWidget(dialog)
    dialog.findChild(QPushButton, "showTemplate").click()
    assert "<|im_start|>" in dialog.template.toPlainText()


@pytest.mark.model
def test_saving_reloads_the_loaded_model_with_the_override(
    model_services, make_window, qtbot, model_path
):
    window = make_window(model_services)
    with qtbot.waitSignal(window.controller.model_loaded, timeout=60_000):
        window.load_default_model()
    dialog = window.edit_model_settings()
    dialog.template.setPlainText(PLAIN)
    with qtbot.waitSignal(window.controller.model_loaded, timeout=60_000) as loaded:
        dialog.accept()
    assert loaded.args[0].template_source == "override"
