"""The JSON schema the model's reply must follow, built from the rubric.

llama.cpp turns the schema into a grammar, so the reply always parses and each
level is one of the rubric's labels (an enum). Every free string has a
maxLength and every array a maxItems: a small model otherwise loops inside a
string until the token limit and leaves broken JSON.

Per criterion the properties come in the order quotes -> reason -> level: the
grammar makes the model write in that order, so it commits to evidence before it
chooses a level.

`validate` is a small checker for the keywords used here, so code checks every
stored reply against the schema instead of trusting the grammar alone.
"""

from __future__ import annotations

from typing import Any

from app.core.grading.options import GradingOptions
from app.core.grading.rubric import Rubric


def criterion_schema(labels: list[str], options: GradingOptions) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "quotes": {
                "type": "array",
                "items": {"type": "string", "minLength": 1, "maxLength": options.quote_chars},
                "minItems": options.min_quotes,
                "maxItems": options.max_quotes,
            },
            "reason": {"type": "string", "minLength": 1, "maxLength": options.reason_chars},
            "level": {"type": "string", "enum": list(labels)},
        },
        "required": ["quotes", "reason", "level"],
        "additionalProperties": False,
    }


def grade_schema(
    rubric: Rubric, options: GradingOptions, only: list[str] | None = None
) -> dict[str, Any]:
    """Schema for a reply grading every criterion, or just those in `only` (a retry)."""
    ids = [c.id for c in rubric.criteria if only is None or c.id in only]
    return {
        "type": "object",
        "properties": {
            cid: criterion_schema(rubric.criterion(cid).labels(), options) for cid in ids
        },
        "required": ids,
        "additionalProperties": False,
    }


def token_budget(rubric: Rubric, options: GradingOptions, only: list[str] | None = None) -> int:
    """Tokens enough for a reply at the schema's bounds (about 3 characters a token)."""
    if options.max_tokens > 0:
        return options.max_tokens
    n = len(only) if only is not None else len(rubric.criteria)
    longest_label = max(len(label) for c in rubric.criteria for label in c.labels())
    per_criterion = (
        options.max_quotes * (options.quote_chars // 3 + 4)
        + options.reason_chars // 3
        + longest_label // 2
        + 24
    )
    return 16 + n * per_criterion


def validate(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Problems with `value` against `schema` (type, properties, required,
    additionalProperties, enum, items, min/maxItems, min/maxLength); [] if valid."""
    problems: list[str] = []
    expected = schema.get("type")
    if expected and not _is_type(value, expected):
        return [f"{path}: expected {expected}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, str):
        if len(value) > schema.get("maxLength", len(value)):
            problems.append(f"{path}: longer than {schema['maxLength']} characters")
        if len(value) < schema.get("minLength", 0):
            problems.append(f"{path}: shorter than {schema['minLength']} characters")
    if isinstance(value, list):
        if len(value) > schema.get("maxItems", len(value)):
            problems.append(f"{path}: more than {schema['maxItems']} items")
        if len(value) < schema.get("minItems", 0):
            problems.append(f"{path}: fewer than {schema['minItems']} items")
        if "items" in schema:
            for i, item in enumerate(value):
                problems += validate(item, schema["items"], f"{path}[{i}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                problems.append(f"{path}: missing {key!r}")
        for key, item in value.items():
            if key in properties:
                problems += validate(item, properties[key], f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{path}: unexpected {key!r}")
    return problems


def _is_type(value: Any, expected: str) -> bool:
    if expected == "object":
        return isinstance(value, dict)
    if expected == "array":
        return isinstance(value, list)
    if expected == "string":
        return isinstance(value, str)
    if expected == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected == "boolean":
        return isinstance(value, bool)
    if expected == "null":
        return value is None
    return True
