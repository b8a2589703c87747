"""The adapter switch of the window, with the real model and a real LoRA adapter.

Model → Adapter… and the status-bar button act on the one shared engine: choosing an
adapter, its strength or switching it off reaches llama.cpp (the replies change), is
remembered for the model, and every later load of that model applies it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine.types import GenerateRequest, SamplingParams
from tests.hub.test_adapters import tiny_lora
from tests.ui.adapters.conftest import APPLY_MS

pytestmark = [pytest.mark.model, pytest.mark.gui]

PROMPT = "Describe the sea in one sentence."


def reply(services) -> str:
    """A short deterministic reply straight from the shared engine."""
    request = GenerateRequest(
        messages=[{"role": "user", "content": PROMPT}],
        sampling=SamplingParams(temperature=0.0, max_tokens=10, seed=1),
    )
    return services.engine.complete(request).text


def engine_adapter(services):
    """What the client last sent to the worker: (path, scale)."""
    return services.engine.adapter


def test_choosing_in_the_dialog_switches_the_engine_and_the_status_bar(
    loaded_window, adapter, qtbot
):
    window, services = loaded_window, loaded_window.services
    base = reply(services)
    assert window.adapter_button.text() == "No adapter"
    dialog = window.open_adapter_dialog()
    assert dialog.isVisible()
    assert [dialog.adapter_box.itemText(i) for i in range(dialog.adapter_box.count())] == [
        "None",
        "Tuned",
    ]
    with qtbot.waitSignal(window.adapters.applied, timeout=APPLY_MS):
        assert dialog.select_adapter(adapter.id)
    assert engine_adapter(services) == (adapter.path, 1.0)
    assert window.adapter_button.text() == "Adapter Tuned × 1.00"
    assert "Adapter Tuned" in window.statusBar().currentMessage()
    assert dialog.state_label.text() == "The adapter is on at strength 1.00."

    # The strength applies once the slider settles (one change for the engine).
    with qtbot.waitSignal(window.adapters.applied, timeout=APPLY_MS):
        dialog.set_strength(1.5)
        dialog.set_strength(2.0)
    assert engine_adapter(services) == (adapter.path, 2.0)
    assert window.adapter_button.text() == "Adapter Tuned × 2.00"
    tuned = reply(services)
    assert tuned != base  # llama.cpp really applies it

    # Off keeps the choice (and its strength) but the model answers as it came.
    with qtbot.waitSignal(window.adapters.applied, timeout=APPLY_MS):
        dialog.enabled_box.setChecked(False)
    assert engine_adapter(services)[0] is None
    assert window.adapter_button.text() == "Adapter Tuned: off"
    assert reply(services) == base
    choice = services.settings.adapter_choice(services.engine.model_info.path)
    assert (choice.path, choice.scale, choice.enabled) == (adapter.path, 2.0, False)

    with qtbot.waitSignal(window.adapters.applied, timeout=APPLY_MS):
        dialog.enabled_box.setChecked(True)
    assert reply(services) == tuned
    # The status bar says it in every mode: it is the window's, not a page's.
    for mode in ("write", "grade", "chat"):
        window.show_mode(mode)
        assert window.adapter_button.isVisible()


def test_the_choice_is_remembered_and_every_load_applies_it(loaded_window, adapter, qtbot):
    window, services = loaded_window, loaded_window.services
    model = services.engine.model_info.path
    base = reply(services)
    with qtbot.waitSignal(window.adapters.applied, timeout=APPLY_MS):
        window.adapters.choose(adapter.path, scale=2.0)
    tuned = reply(services)
    assert tuned != base

    # A load by any mode (Write loads through Settings.load_options too) keeps it.
    services.engine.load(services.settings.load_options(model))
    assert reply(services) == tuned
    with qtbot.waitSignal(window.controller.model_loaded, timeout=APPLY_MS):
        window.controller.load_model(model)
    assert reply(services) == tuned
    assert window.adapter_button.text() == "Adapter Tuned × 2.00"

    # "None" forgets it for this model.
    dialog = window.open_adapter_dialog()
    with qtbot.waitSignal(window.adapters.applied, timeout=APPLY_MS):
        dialog.select_adapter(None)
    assert "adapter" not in services.settings.model_override(model)
    assert reply(services) == base
    assert window.adapter_button.text() == "No adapter"


def test_an_adapter_the_engine_refuses_is_undone(loaded_window, adapter, qtbot, tmp_path):
    window, services = loaded_window, loaded_window.services
    model = services.engine.model_info.path
    with qtbot.waitSignal(window.adapters.applied, timeout=APPLY_MS):
        window.adapters.choose(adapter.path, scale=0.5)
    wrong = tiny_lora(tmp_path / "wrong.gguf", n_in=4096, n_out=4096)  # another model's
    with qtbot.waitSignal(window.adapters.failed, timeout=APPLY_MS) as failed:
        window.adapters.choose(str(wrong))
    assert failed.args[0].startswith("The adapter could not be switched on: wrong.gguf")
    qtbot.waitUntil(lambda: not window.adapters.pending, timeout=APPLY_MS)
    # Back to the adapter that worked, in the settings and in the engine.
    assert services.settings.adapter_choice(model).path == adapter.path
    assert engine_adapter(services) == (adapter.path, 0.5)
    assert window.adapter_button.text() == "Adapter Tuned × 0.50"
    assert services.settings.load_options(model).adapter == adapter.path


def test_import_from_the_dialog_lists_and_switches_on(loaded_window, lora_file, qtbot):
    window, services = loaded_window, loaded_window.services
    dialog = window.open_adapter_dialog()
    assert dialog.adapter_box.count() == 1
    assert "No adapter for this model yet" in dialog.state_label.text()
    with qtbot.waitSignal(window.adapters.applied, timeout=APPLY_MS):
        dialog.import_path(str(lora_file))
    copied = window.adapters.library.adapters()[0]
    assert Path(copied.path).parent == services.paths.adapters
    assert dialog.adapter_box.currentText() == "Tuned"
    assert engine_adapter(services) == (copied.path, 1.0)


def test_without_a_model_the_choice_waits_for_the_load(
    model_services, make_window, qtbot, lora_file
):
    window = make_window(model_services)
    window.controller.cancel()
    qtbot.waitUntil(lambda: not window.controller.is_busy, timeout=60_000)
    model_services.engine.unload()
    window.adapters.check_model()
    model = model_services.settings["default_model"]
    adapter = window.adapters.library.import_adapter(lora_file, base_model_path=model)
    dialog = window.open_adapter_dialog()
    assert "applies when it loads" in dialog.model_label.text()
    with qtbot.waitSignal(window.adapters.applied, timeout=APPLY_MS):
        dialog.select_adapter(adapter.id)
    assert model_services.settings.load_options(model).adapter == adapter.path
    assert window.adapter_button.text() == "Adapter Tuned × 1.00"


def test_a_chat_reply_records_the_adapter_it_was_written_with(loaded_window, adapter, qtbot):
    window = loaded_window
    with qtbot.waitSignal(window.adapters.applied, timeout=APPLY_MS):
        window.adapters.choose(adapter.path, scale=1.25)
    with qtbot.waitSignal(window.chat_page.reply_shown, timeout=120_000) as shown:
        assert window.chat_page.send(PROMPT)
    meta = shown.args[0].message.meta
    assert (meta["adapter"], meta["adapter_scale"]) == ("tuned", 1.25)
