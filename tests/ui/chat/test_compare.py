"""Compare with base: the last message answered with the adapter off and on, side by side.

Real SmolLM2, a real LoRA adapter (random weights: at strength 2 it changes the reply),
real engine process; the adapter must be back as the user had it afterwards.
"""

from __future__ import annotations

import pytest

from app.engine.types import GenerateRequest, SamplingParams

pytestmark = [pytest.mark.model, pytest.mark.gui]

RUN_MS = 120_000
QUESTION = "Describe the sea in one sentence."


def open_chat(window, text=QUESTION):
    store = window.services.store
    conv = store.create_conversation(title="Sea", system_prompt="")
    user = store.add_message(conv.id, "user", text)
    store.add_message(conv.id, "assistant", "An earlier answer.", parent_id=user.id)
    window.open_conversation(conv.id)
    return conv.id


def plain_reply(services, max_tokens=16) -> str:
    request = GenerateRequest(
        messages=[{"role": "user", "content": QUESTION}],
        sampling=SamplingParams(temperature=0.0, max_tokens=max_tokens, seed=1),
    )
    return services.engine.complete(request).text


def test_compare_shows_base_and_tuned_side_by_side(loaded_window, adapter, qtbot):
    window, services = loaded_window, loaded_window.services
    model = services.engine.model_info.path
    services.settings["sampling"] = {**services.settings["sampling"], "max_tokens": 16}
    services.settings.set_adapter_choice(model, adapter.path, scale=2.0)
    services.engine.set_adapter(adapter.path, 2.0)
    cid = open_chat(window)
    before = [m.id for m in services.store.thread(cid)]

    streamed = {"base": [], "tuned": []}
    dialog = window.compare_with_base()
    assert dialog is not None and dialog.isVisible()
    dialog.runner.text_received.connect(lambda side, text: streamed[side].append(text))
    qtbot.waitUntil(lambda: not dialog.running, timeout=RUN_MS)
    qtbot.waitUntil(lambda: not dialog.again_button.isHidden() and dialog.again_button.isEnabled())

    base, tuned = dialog.text("base"), dialog.text("tuned")
    assert base.strip() and tuned.strip() and base != tuned
    assert streamed["base"] and streamed["tuned"]  # both columns streamed
    assert dialog.finish_reasons == {"base": "length", "tuned": "length"}
    assert dialog.titles["tuned"].text() == "With tuned × 2.00"
    assert dialog.state_label.text().startswith("Both answers are done")
    assert dialog.prompt_label.text() == f"Your message: {QUESTION}"
    # Nothing saved in the conversation, and the adapter is on as before.
    assert [m.id for m in services.store.thread(cid)] == before
    assert services.engine.adapter == (adapter.path, 2.0)
    # Each column is what the model says with the adapter off / on (greedy sampling),
    # each from a fresh prompt evaluation as in the dialog: a reply over a reused KV
    # prefix evaluates its last prompt token alone, and a 1-token batch may round
    # differently from a whole-prompt batch, enough to tip a greedy near-tie.
    assert base == plain_reply_without(services, adapter)
    assert tuned == plain_reply_fresh(services, adapter)
    dialog.close()


def plain_reply_fresh(services, adapter) -> str:
    services.engine.set_adapter(None)  # a change of weights forgets the cached prompt
    services.engine.set_adapter(adapter.path, 2.0)
    return plain_reply(services)


def plain_reply_without(services, adapter) -> str:
    services.engine.set_adapter(None)
    try:
        return plain_reply(services)
    finally:
        services.engine.set_adapter(adapter.path, 2.0)


def test_compare_with_the_adapter_switched_off_leaves_it_off(loaded_window, adapter, qtbot):
    window, services = loaded_window, loaded_window.services
    model = services.engine.model_info.path
    services.settings["sampling"] = {**services.settings["sampling"], "max_tokens": 8}
    services.settings.set_adapter_choice(model, adapter.path, scale=2.0, enabled=False)
    open_chat(window)
    dialog = window.compare_with_base()
    qtbot.waitUntil(lambda: not dialog.running, timeout=RUN_MS)
    assert dialog.text("base") != dialog.text("tuned")
    assert services.engine.adapter[0] is None  # off again, as the user left it
    dialog.close()


def test_stop_keeps_what_was_written_and_restores_the_adapter(loaded_window, adapter, qtbot):
    window, services = loaded_window, loaded_window.services
    model = services.engine.model_info.path
    services.settings["sampling"] = {**services.settings["sampling"], "max_tokens": 400}
    services.settings.set_adapter_choice(model, adapter.path, scale=1.0)
    open_chat(window, "Write a long story about the sea, with many chapters.")
    dialog = window.compare_with_base()
    qtbot.waitUntil(lambda: dialog.text("base") != "", timeout=RUN_MS)
    dialog.stop()
    qtbot.waitUntil(lambda: not dialog.running, timeout=RUN_MS)
    assert dialog.text("base").strip()
    assert dialog.finish_reasons.get("base") == "cancelled"
    assert dialog.text("tuned") == ""  # the tuned answer never started
    assert dialog.state_label.text() == "Stopped."
    assert services.engine.adapter == (adapter.path, 1.0)
    dialog.close()


def test_compare_needs_an_adapter_and_a_message(loaded_window, qtbot):
    window = loaded_window
    messages = []
    window.chat_page.status_message.connect(lambda text, _ms: messages.append(text))
    assert window.compare_with_base() is None
    assert messages[-1].startswith("Send a message first")
    open_chat(window)
    assert window.compare_with_base() is None
    assert messages[-1].startswith("Choose an adapter for this model first")
