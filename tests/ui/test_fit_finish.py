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
