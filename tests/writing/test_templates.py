"""Templates render plain fields only: no code, no attribute access, clear errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.writing.templates import TemplateError, render, template_fields


def test_fields_are_filled_and_double_braces_are_literal():
    out = render(
        "Translate into {language}: {text} {{not a field}}", {"text": "hi", "language": "French"}
    )
    assert out == "Translate into French: hi {not a field}"


def test_missing_values_are_empty():
    assert render("[{tone}]{text}", {"text": "x"}) == "[]x"


def test_values_are_never_interpreted():
    values = {"text": "{language} {{ }} {text.__class__}", "language": "L"}
    assert render("{text}", values) == values["text"]


@pytest.mark.parametrize(
    "template",
    [
        "{text.__class__}",
        "{text[0]}",
        "{text!r}",
        "{text:>99999999}",
        "{0}",
        "{}",
        "{unknown}",
        "{__import__}",
    ],
)
def test_anything_but_a_plain_known_field_is_refused(template):
    with pytest.raises(TemplateError):
        render(template, {"text": "x"})


@pytest.mark.parametrize("template", ["a { b", "a } b", "{text"])
def test_stray_braces_are_refused_with_a_hint(template):
    with pytest.raises(TemplateError, match="brace"):
        template_fields(template)


def test_fields_in_order():
    assert template_fields("{tone} {text} {tone} {document}") == ["tone", "text", "document"]


@given(st.text())
def test_rendering_any_text_value_is_exact(value):
    assert render("<{text}>", {"text": value}) == f"<{value}>"
