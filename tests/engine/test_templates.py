"""Choosing and rendering chat templates (no model needed)."""

from __future__ import annotations

import pytest

from app.engine.templates import CHATML_TEMPLATE, ChatTemplate, choose_template
from app.engine.types import EngineError


def test_choice_order():
    assert choose_template("mine", "theirs") == ("mine", "override")
    assert choose_template("  ", "theirs") == ("theirs", "gguf")
    assert choose_template(None, None) == (CHATML_TEMPLATE, "fallback")


def test_fallback_renders_chatml():
    template = ChatTemplate(
        CHATML_TEMPLATE, bos_token="", eos_token="<|im_end|>", source="fallback"
    )
    text = template.render([{"role": "user", "content": "Hi"}])
    assert text == "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"


def test_unsafe_template_is_refused():
    evil = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    template = ChatTemplate(evil, bos_token="", eos_token="", source="gguf")
    with pytest.raises(EngineError, match="unsafe"):
        template.render([{"role": "user", "content": "Hi"}])


def test_broken_template_is_one_clear_error():
    with pytest.raises(EngineError, match="not valid Jinja"):
        ChatTemplate("{% for %}", bos_token="", eos_token="", source="override")
