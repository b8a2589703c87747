"""Synthetic profiles for the `scale` bench section: years of chats, built in seconds.

Why synthetic and not a fixture file: 100,000 messages are ~70 MB, too big to ship,
and the point is to go through the app's own store (its schema, triggers and FTS5
index) exactly as a real history would. Conversations are written with
Store.import_json, the store's bulk path (one transaction per conversation), so
building takes seconds rather than the minutes 100,000 separate commits would.

The text is varied on purpose: words drawn from a Zipf-like distribution over a few
hundred common and topic words, sentences of different lengths, some Markdown (lists,
code), so that common words match tens of thousands of messages, as in a real
history, and rare ones a handful.
"""

from __future__ import annotations

import logging
import random
import time
from pathlib import Path

from app.core.export import FORMAT_NAME, FORMAT_VERSION
from app.core.store import Store

log = logging.getLogger(__name__)

COMMON = (
    "the of and to a in is that it for you with as on this be are can by or at from"
    " your have an not what how which will more about use one there when if so but"
    " all would some other time make like just than into also only them well then"
    " because way does first need these example good should very most could much"
).split()
TOPICS = (
    "water light energy plant cell data model python function list table chart essay"
    " paragraph argument evidence history war treaty river mountain climate rain sun"
    " student teacher lesson grade rubric score question answer reason method result"
    " experiment hypothesis variable graph value number error code file string loop"
    " class object memory speed network server browser page book chapter poem story"
    " character theme author novel recipe flour sugar oven bread travel city train"
    " ticket hotel budget money market price tax health sleep exercise muscle heart"
    " music song guitar rhythm garden soil seed flower tree leaf photosynthesis"
).split()
RARE = (
    "chlorophyll mitochondria isotope sonnet metaphor allegory derivative integral"
    " eigenvalue polymorphism recursion tokenizer quaternion aqueduct parliament"
    " renaissance baroque fermentation sourdough archipelago glacier tectonic"
).split()
SEARCH_QUERIES = ("the water", "how to", "data model", "light energy", "you can", "this is")
TITLE_WORDS = TOPICS + RARE


class TextMaker:
    """Deterministic, varied chat text from one seed."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        words = COMMON + TOPICS + RARE
        # Zipf-like: the k-th word is drawn with weight 1/k (common words first).
        self.words = words
        self.weights = [1.0 / (k + 1) for k in range(len(words))]

    def sentence(self) -> str:
        n = self.rng.randint(5, 22)
        words = self.rng.choices(self.words, self.weights, k=n)
        return words[0].capitalize() + " " + " ".join(words[1:]) + self.rng.choice(".?.!.")

    def paragraph(self, lo: int, hi: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def user(self) -> str:
        return self.paragraph(1, 3)

    def assistant(self) -> str:
        parts = [self.paragraph(2, 5)]
        shape = self.rng.random()
        if shape < 0.25:
            parts.append("\n".join(f"- {self.sentence()}" for _ in range(self.rng.randint(2, 5))))
        elif shape < 0.35:
            name = self.rng.choice(TOPICS)
            parts.append(f"```python\ndef {name}(value):\n    return value * 2\n```")
        parts.append(self.paragraph(1, 3))
        return "\n\n".join(parts)

    def title(self) -> str:
        return " ".join(self.rng.sample(TITLE_WORDS, 3)).capitalize()


def conversation_dict(maker: TextMaker, n_messages: int, started: float) -> dict:
    """One linear conversation (user, assistant, …) in the export format."""
    messages = []
    for i in range(n_messages):
        role = "user" if i % 2 == 0 else "assistant"
        messages.append(
            {
                "id": i + 1,
                "parent_id": i or None,
                "role": role,
                "content": maker.user() if role == "user" else maker.assistant(),
                "status": "complete",
                "created_at": started + i * 30,
                "meta": {},
            }
        )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "title": maker.title(),
        "created_at": started,
        "leaf_id": n_messages or None,
        "messages": messages,
    }


def build_profile(
    path: Path,
    *,
    conversations: int,
    messages: int,
    long_messages: int = 0,
    seed: int = 7,
) -> dict:
    """Write a database at `path` (reused if already built): returns what is in it.

    `long_messages` > 0 adds one more conversation of that many messages, imported
    last so that it is the newest (the one the window opens at start).
    """
    path = Path(path)
    done = path.with_suffix(".built")
    if path.exists() and done.exists():
        return {"path": str(path), "cached": True, **_counts(path)}
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    maker = TextMaker(seed)
    started = time.perf_counter()
    t0 = time.time() - 86400 * 365 * 2
    with Store(path) as store:
        for i in range(conversations):
            store.import_json(conversation_dict(maker, messages, t0 + i * 3600))
        if long_messages:
            store.import_json(conversation_dict(maker, long_messages, time.time() - 86400))
    done.write_text("ok", encoding="utf-8")
    seconds = time.perf_counter() - started
    log.info("built %s in %.1f s", path, seconds)
    return {"path": str(path), "cached": False, "build_s": round(seconds, 1), **_counts(path)}


def _counts(path: Path) -> dict:
    with Store(path) as store, store._reading() as conn:
        n_conv = conn.execute("SELECT count(*) FROM conversations").fetchone()[0]
        n_msg = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    return {
        "conversations": n_conv,
        "messages": n_msg,
        "size_mb": round(path.stat().st_size / 2**20, 1),
    }
