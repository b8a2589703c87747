"""Structured answers (tone and sentiment, categories) and where their phrases are.

The engine constrains the answer to the action's JSON schema, but a reply cut
short by `max_tokens` or a stop can still be invalid JSON: that is reported as
a clear error with the raw answer kept. Phrases the model quotes are located in
the text so the GUI can highlight the words that carry the sentiment; a phrase
the model did not copy exactly is kept but has no position.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any


class AnalysisError(ValueError):
    """The model's structured answer could not be read."""


@dataclass(frozen=True)
class Highlight:
    start: int  # in the analysed text
    end: int
    phrase: str
    label: str  # e.g. "positive"


@dataclass
class Analysis:
    data: dict[str, Any]
    highlights: list[Highlight] = field(default_factory=list)
    raw: str = ""

    def summary(self) -> str:
        """One human line, for the CLI and the panel's heading."""
        data = self.data
        if "sentiment" in data:
            line = f"Sentiment: {data['sentiment']}"
            if data.get("tone"):
                line += f"; tone: {data['tone']}"
            return line
        if "category" in data:
            line = f"Category: {data['category']}"
            if data.get("reason"):
                line += f" — {data['reason']}"
            return line
        return json.dumps(data, ensure_ascii=False)


def parse_analysis(raw: str, text: str) -> Analysis:
    """Read the JSON answer and find its quoted phrases in `text`."""
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise AnalysisError(
            "The model's answer was not complete JSON (it may have run out of room)."
        ) from exc
    if not isinstance(data, dict):
        raise AnalysisError("The model's answer was not a JSON object.")
    return Analysis(data=data, highlights=locate_phrases(data, text), raw=raw)


def locate_phrases(data: dict[str, Any], text: str) -> list[Highlight]:
    found = []
    for item in data.get("phrases") or []:
        if not isinstance(item, dict) or not str(item.get("phrase", "")).strip():
            continue
        phrase = str(item["phrase"]).strip()
        span = find_phrase(text, phrase)
        if span is not None:
            found.append(Highlight(span[0], span[1], phrase, str(item.get("sentiment", ""))))
    return sorted(found, key=lambda h: h.start)


def find_phrase(text: str, phrase: str) -> tuple[int, int] | None:
    """Where `phrase` occurs in `text`, ignoring case and differences in whitespace."""
    words = [re.escape(w) for w in phrase.split()]
    if not words:
        return None
    match = re.search(r"\s+".join(words), text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None
