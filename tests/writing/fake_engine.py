"""A scripted stand-in for EngineClient, for the service's own logic.

The real model (tests marked `model`) checks the whole path; this one makes
the model's answer exact, so seams, trimming, stop and errors can be checked
precisely. It follows EngineClient's interface: model_info, count_tokens,
generate (TokenBatch…, then Done), cancel.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from app.engine.types import Done, EngineDied, GenerationStats, TokenBatch


def count(text: str) -> int:
    return len(re.findall(r"\w+|[^\w\s]", text))


def part_text(request) -> str:
    """The text the request is about: what follows the instruction in the user message."""
    if request.prompt is not None:
        return request.prompt
    return request.messages[-1]["content"].split("\n\n", 1)[1]


class FakeEngine:
    def __init__(self, reply=lambda text, request: text, n_ctx: int = 2048):
        self.reply = reply
        self.model_info = SimpleNamespace(n_ctx=n_ctx, path="/fake.gguf", name="fake")
        self.requests = []
        self.cancelled = False
        self.fail_at: int | None = None  # request number that "crashes" the engine

    def count_tokens(self, text: str) -> int:
        return count(text)

    def cancel(self, owner=None) -> None:
        self.cancelled = True

    def generate(self, request, *, owner=None):
        self.requests.append(request)
        self.cancelled = False  # a cancel applies to the request running then, like the client's
        if self.fail_at is not None and len(self.requests) == self.fail_at:
            raise EngineDied("The engine stopped unexpectedly.")
        text = self.reply(part_text(request), request)
        sent = []
        for piece in re.findall(r"\S*\s*", text):
            if self.cancelled:
                yield Done("".join(sent), "cancelled", GenerationStats())
                return
            if piece:
                sent.append(piece)
                yield TokenBatch(piece, 1)
        stats = GenerationStats(
            prompt_tokens=count(str(request.messages or request.prompt)),
            completion_tokens=count(text),
            prompt_seconds=0.001,
            decode_seconds=0.001,
        )
        yield Done(text, "stop", stats)
