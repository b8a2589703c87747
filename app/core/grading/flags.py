"""Flags: things about a submission the teacher should look at before trusting a grade.

A flag never changes a score by itself; it puts the submission in front of the
teacher (flagged items sort first, and the CLI exits non-zero until reviewed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Flags about the file itself.
EMPTY = "empty"
DUPLICATE = "duplicate"
UNREADABLE = "unreadable"
NO_TEXT = "no_text"

# Flags about text aimed at the grader (see injection.py).
ADDRESSED_TO_AI = "addressed_to_ai"
ASKS_FOR_MARKS = "asks_for_marks"
OVERRIDE = "override_instructions"
FAKE_RUBRIC = "fake_rubric"
FAKE_JSON = "fake_json"
ROLE_PLAY = "role_play"
CHAT_MARKUP = "chat_markup"
HIDDEN_CHARACTERS = "hidden_characters"
LOOKALIKE_LETTERS = "lookalike_letters"
PADDING = "padding"
HIDDEN_TEXT = "hidden_text"  # invisible runs in a .docx (hidden, white, tiny)
ENCODED_ORDER = "encoded_order"  # base64, hex, rot13, reversed... text that decodes to an order
HIDDEN_COMMENT = "hidden_comment"  # a Markdown/HTML comment about grading
ROLE_LINE = "role_line"  # a line speaking as system, developer, instructor...
MODEL_OPINION = "model_opinion"  # the loaded model's second opinion (screening/second_opinion.py)

INJECTION_KINDS = frozenset(
    {
        ADDRESSED_TO_AI,
        ASKS_FOR_MARKS,
        OVERRIDE,
        FAKE_RUBRIC,
        FAKE_JSON,
        ROLE_PLAY,
        CHAT_MARKUP,
        HIDDEN_CHARACTERS,
        LOOKALIKE_LETTERS,
        PADDING,
        HIDDEN_TEXT,
        ENCODED_ORDER,
        HIDDEN_COMMENT,
        ROLE_LINE,
        MODEL_OPINION,
    }
)


@dataclass
class Flag:
    kind: str
    message: str
    span: tuple[int, int] | None = None  # where in the submission text, for highlighting

    @property
    def is_injection(self) -> bool:
        return self.kind in INJECTION_KINDS

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "span": list(self.span) if self.span else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Flag:
        span = data.get("span")
        return cls(str(data["kind"]), str(data.get("message", "")), tuple(span) if span else None)


def flags_to_list(flags: list[Flag]) -> list[dict[str, Any]]:
    return [flag.to_dict() for flag in flags]


def flags_from_list(items: list[dict[str, Any]] | None) -> list[Flag]:
    return [Flag.from_dict(item) for item in items or []]
