"""One training example and a source's list of them: what every dataset reader makes.

Its own module so the readers (`datasets`, `writing_data`) share it without importing
each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CONTINUE_INSTRUCTION = "Continue this text in the same style:"
WRITING_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".docx")


@dataclass(frozen=True)
class Example:
    """One training example in chat format, and where it came from."""

    messages: tuple[dict[str, str], ...]  # roles system/user/assistant
    source: str  # "conversation 12 'Title'", "data.jsonl line 3", "essay.md ¶4-6", ...


class Examples(list):
    """Examples as read from one source, plus what was left out while reading and why.

    A plain list would lose "notes.docx could not be read" on the way to the preview;
    `prepare` reports `skipped` with the examples it drops itself.
    """

    def __init__(self, items: Iterable[Example] = (), skipped: Iterable[str] = ()):
        super().__init__(items)
        self.skipped: list[str] = list(skipped)
