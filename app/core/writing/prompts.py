"""Turn an action, its options and a part of the text into an engine request.

The instruction comes before the text in every request, so the parts of a long
document share the same prompt prefix and the engine reuses it from its KV
cache instead of evaluating it again for each part. The document's memory and
author's note go into the system prompt (chat actions) or around the story
(continue writing, a plain completion), unless the template places them itself.
"""

from __future__ import annotations

from app.core.writing.actions import Action
from app.core.writing.notes import DocumentNotes
from app.core.writing.templates import render, template_fields
from app.engine.types import GenerateRequest, SamplingParams

# Tokens the chat template adds around the messages (role markers, BOS…), counted
# generously: the budget must never be exceeded.
TEMPLATE_TOKENS = 24


def system_text(action: Action, values: dict[str, str], notes: DocumentNotes) -> str:
    """The action's system prompt plus the document's memory and author's note."""
    parts = [render(action.system, values).strip()] if action.system.strip() else []
    placed = set(template_fields(action.template)) | set(template_fields(action.system))
    if notes.memory.strip() and "memory" not in placed:
        parts.append("Facts about this document to keep in mind:\n" + notes.memory.strip())
    if notes.authors_note.strip() and "authors_note" not in placed:
        parts.append("Style guidance from the author: " + notes.authors_note.strip())
    return "\n\n".join(parts)


def chat_request(
    action: Action,
    values: dict[str, str],
    notes: DocumentNotes,
    sampling: SamplingParams,
    *,
    template: str | None = None,
    json_schema: dict | None = None,
    speculative: bool | None = None,
) -> GenerateRequest:
    """Messages for a chat action: system (with notes), then the rendered template.

    `speculative`: True when the answer repeats the text (edits), so the engine
    drafts from it from the first token instead of waiting to learn that it pays.
    """
    system = system_text(action, values, notes)
    user = render(template or action.template, values).strip()
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": user}
    ]
    return GenerateRequest(
        messages=messages, sampling=sampling, json_schema=json_schema, speculative=speculative
    )


def story_prompt(action: Action, story: str, values: dict[str, str], notes: DocumentNotes) -> str:
    """Continue writing: memory first, the author's note just before the last paragraph."""
    placed = set(template_fields(action.template))
    if notes.authors_note.strip() and "authors_note" not in placed:
        note = f"[Author's note: {notes.authors_note.strip()}]\n\n"
        cut = story.rstrip().rfind("\n\n")
        story = story[: cut + 2] + note + story[cut + 2 :] if cut != -1 else note + story
    body = render(action.template, {**values, "text": story})
    if notes.memory.strip() and "memory" not in placed:
        body = f"[Memory: {notes.memory.strip()}]\n\n" + body
    return body


def prompt_overhead(action: Action, values: dict[str, str], notes: DocumentNotes, count) -> int:
    """Tokens of the request without the text itself (the text goes in separately)."""
    empty = {**values, "text": ""}
    if action.output == "insert":
        return count(story_prompt(action, "", empty, notes)) + TEMPLATE_TOKENS
    system = system_text(action, empty, notes)
    user = render(action.template, empty)
    return count(system) + count(user) + TEMPLATE_TOKENS
