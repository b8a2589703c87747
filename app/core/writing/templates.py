"""Prompt templates rendered without running any code.

Users write their own actions, and action files can be shared, so a template
is data, not code. `str.format` is not safe here (`{text.__class__...}` reaches
into objects) and Jinja is more than a prompt needs: a template may only name
plain fields, `{text}`, `{language}`…; `{{` and `}}` are literal braces. Every
value is a string.
"""

from __future__ import annotations

import re

# The fields a template may use, and what each holds.
FIELDS: dict[str, str] = {
    "text": "the selection (or the part of the document being worked on)",
    "document": "the whole document (shortened around the selection if it is long)",
    "language": "the language to translate into",
    "tone": "the tone to rewrite in",
    "categories": "the categories to classify into, comma-separated",
    "memory": "the document's memory: facts the model must keep",
    "authors_note": "the document's author's note: style guidance",
    "title": "the document's name",
}

_PIECE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")


class TemplateError(ValueError):
    """A template names an unknown field or has a stray brace."""


def template_fields(template: str) -> list[str]:
    """The fields a template uses, in order of first use; raises TemplateError."""
    used: list[str] = []
    for match in _PIECE.finditer(template):
        piece = match.group(0)
        if piece in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None:
            raise TemplateError(
                f"a lone '{piece}' at character {match.start() + 1}: write '{piece * 2}' "
                "for a literal brace"
            )
        if not _NAME.match(name) or name not in FIELDS:
            known = ", ".join("{" + f + "}" for f in FIELDS)
            raise TemplateError(f"unknown field {{{name}}}: a template may use {known}")
        if name not in used:
            used.append(name)
    return used


def render(template: str, values: dict[str, str]) -> str:
    """Fill the template's fields from `values` (missing ones are empty)."""
    template_fields(template)  # validate first: never half-render a bad template

    def fill(match: re.Match) -> str:
        piece = match.group(0)
        if piece == "{{":
            return "{"
        if piece == "}}":
            return "}"
        return str(values.get(match.group(1), ""))

    return _PIECE.sub(fill, template)
