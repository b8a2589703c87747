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


def test_renders_as_llama_cpp_python_does():
    """Same environment as Jinja2ChatFormatter: the prompt reads the same as theirs."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    source = (
        "{% for m in messages %}{% generation %}{{ bos_token }}{{ m['role'] | tojson }}: "
        "{{ m['content'] }}{{ eos_token }}\n{% endgeneration %}{% endfor %}"
        "{% if add_generation_prompt %}assistant:{% endif %}"
    )
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hé"}]
    ours = ChatTemplate(source, bos_token="<s>", eos_token="</s>", source="gguf")
    for flag in (True, False):
        theirs = Jinja2ChatFormatter(source, "</s>", "<s>", add_generation_prompt=flag)
        assert ours.render(messages, add_generation_prompt=flag) == theirs(messages=messages).prompt


def test_a_template_that_writes_without_end_is_stopped():
    flood = "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}"
    template = ChatTemplate(flood, bos_token="", eos_token="", source="gguf")
    with pytest.raises(EngineError, match="wrote more than"):
        template.render([{"role": "user", "content": "Hi"}])


def test_a_template_that_loops_without_end_is_stopped(monkeypatch):
    import time

    from app.engine import templates

    monkeypatch.setattr(templates, "RENDER_SECONDS", 0.5)
    spin = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}x"
    template = ChatTemplate(spin, bos_token="", eos_token="", source="gguf")
    started = time.monotonic()
    with pytest.raises(EngineError, match="ran for more than"):
        template.render([{"role": "user", "content": "Hi"}])
    assert time.monotonic() - started < 5
    # The trace hook is gone afterwards, and normal rendering still works.
    import sys

    assert sys.gettrace() is None or "coverage" in type(sys.gettrace()).__module__
    assert ChatTemplate(CHATML_TEMPLATE, bos_token="", eos_token="", source="x").render([])
