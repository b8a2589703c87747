"""A chat turn answered from a collection: the request, then the checked reply.

The chat service calls these two around its usual reply loop, so a conversation with
a collection attached streams, stops and saves like any other; what differs is the
prompt (the numbered passages, or whole documents that fit) and the end: the
citations are checked, unverified ones marked, and the "Sources:" list appended and
kept in the message's meta for the UI to open each one at its place.
"""

from __future__ import annotations

from app.core.sources.answer import SYSTEM, CheckedAnswer, sources_list
from app.core.sources.service import Prepared, SourcesService

META_KEY = "sources"  # conversation.settings[META_KEY]: the attached collection's name


def prepare_turn(
    sources: SourcesService,
    collection: str,
    messages: list[dict],
    *,
    context_tokens: int,
) -> Prepared:
    """Messages for the last user turn of `messages`, answered from `collection`.

    The conversation's own system prompt stays first; the source rules follow it.
    """
    system = [m["content"] for m in messages if m["role"] == "system"]
    turns = [m for m in messages if m["role"] != "system"]
    question = turns[-1]["content"]
    prepared = sources.prepare(
        collection, question, context_tokens=context_tokens, history=turns[:-1]
    )
    if system:
        rules = prepared.messages[0]
        prepared.messages[0] = {"role": "system", "content": f"{system[0]}\n\n{rules['content']}"}
    return prepared


def finish_turn(reply: str, prepared: Prepared) -> tuple[str, dict]:
    """(the text to save, meta) for a reply: citations checked, the list appended."""
    answer: CheckedAnswer = SourcesService.check(reply, prepared)
    text = answer.text.rstrip()
    if answer.note:
        text += f"\n\n*{answer.note}*"
    if prepared.sources:
        text += "\n\n**Sources:**\n" + "\n".join(f"- {line}" for line in sources_list(answer))
    verified = {c.number: c.verified for c in answer.citations}
    meta = {
        "sources": [
            {
                "number": s.number,
                "file": s.file,
                "page": s.page,
                "line_start": s.line_start,
                "line_end": s.line_end,
                "cited": s.number in verified,
                "verified": verified.get(s.number, False),
            }
            for s in prepared.sources
        ],
        "unverified_citations": sum(1 for c in answer.citations if not c.verified),
    }
    return text, meta


__all__ = ["META_KEY", "SYSTEM", "finish_turn", "prepare_turn"]
