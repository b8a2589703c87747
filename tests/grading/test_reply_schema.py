"""The JSON schema built from a rubric, and the checker that validates replies against it."""

from __future__ import annotations

import json

from app.core.grading import GradingOptions, grade_schema, validate
from app.core.grading.reply_schema import token_budget
from tests.grading.helpers import reply, small_rubric


def test_schema_has_one_bounded_object_per_criterion():
    schema = grade_schema(small_rubric(), GradingOptions(quote_chars=90, reason_chars=70))
    assert schema["required"] == ["thesis", "evidence"]
    assert schema["additionalProperties"] is False
    thesis = schema["properties"]["thesis"]
    assert list(thesis["properties"]) == ["quotes", "reason", "level"]  # evidence first
    assert thesis["properties"]["level"]["enum"] == ["Clear", "Unclear", "Missing"]
    quotes = thesis["properties"]["quotes"]
    assert quotes["items"]["maxLength"] == 90 and quotes["maxItems"] == 2
    assert quotes["minItems"] == 1
    assert thesis["properties"]["reason"]["maxLength"] == 70


def test_every_string_in_the_schema_is_bounded():
    def strings(node):
        if isinstance(node, dict):
            if node.get("type") == "string" and "enum" not in node:
                yield node
            for value in node.values():
                yield from strings(value)

    schema = grade_schema(small_rubric(), GradingOptions())
    found = list(strings(schema))
    assert found and all("maxLength" in s for s in found)


def test_retry_schema_covers_only_failing_criteria():
    schema = grade_schema(small_rubric(), GradingOptions(), only=["evidence"])
    assert schema["required"] == ["evidence"]
    assert list(schema["properties"]) == ["evidence"]


def test_llama_cpp_turns_it_into_a_grammar():
    from llama_cpp.llama_grammar import LlamaGrammar

    schema = grade_schema(small_rubric(), GradingOptions())
    grammar = LlamaGrammar.from_json_schema(json.dumps(schema))
    assert "Unclear" in grammar._grammar


def test_validate_accepts_a_good_reply_and_names_problems():
    schema = grade_schema(small_rubric(), GradingOptions(quote_chars=20))
    assert (
        validate(json.loads(reply(thesis=("Clear", ["short"]), evidence=("Weak", ["x"]))), schema)
        == []
    )
    bad = json.loads(reply(thesis=("Brilliant", ["a" * 30])))
    bad["extra"] = 1
    del bad["evidence"]
    problems = validate(bad, schema)
    assert any("'Brilliant' is not one of" in p for p in problems)
    assert any("longer than 20" in p for p in problems)
    assert any("missing 'evidence'" in p for p in problems)
    assert any("unexpected 'extra'" in p for p in problems)
    assert validate([], schema) == ["$: expected object, got list"]


def test_token_budget_grows_with_bounds_and_respects_a_cap():
    rubric = small_rubric()
    small = token_budget(rubric, GradingOptions(quote_chars=60, reason_chars=60, max_quotes=1))
    large = token_budget(rubric, GradingOptions())
    assert 0 < small < large
    assert token_budget(rubric, GradingOptions(max_tokens=77)) == 77
