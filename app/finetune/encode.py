"""Turn chat examples into token ids and loss labels for training.

The text is rendered with the same sandboxed chat template the engine uses for
inference (app.engine.templates), so the adapter learns exactly the format it will
be prompted with. Only the assistant's words (and the end-of-turn marker after
them) carry loss: the model should learn to answer, not to write the user's part.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

IGNORE = -100  # the label value torch's cross-entropy skips


def read_examples(path: str | Path) -> list[list[dict[str, str]]]:
    """The message lists of a JSONL file written by datasets.write_jsonl."""
    examples = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                examples.append(list(json.loads(line)["messages"]))
    return examples


def encode_example(
    messages: Sequence[dict[str, str]],
    render: Callable[..., str],
    tokenize: Callable[[str], list[int]],
    max_length: int,
) -> tuple[list[int], list[int]]:
    """(input_ids, labels) for one conversation, cut to max_length tokens.

    The conversation is rendered one message at a time; each message adds the text
    between the render of the messages before it and the render including it. For an
    assistant message that text splits at the assistant header (the render with the
    generation prompt): the header gets no loss, the reply and its end marker do.
    """
    ids: list[int] = []
    labels: list[int] = []
    done = ""
    for i, message in enumerate(messages):
        upto = render(list(messages[: i + 1]), add_generation_prompt=False)
        if not upto.startswith(done):
            # A template that rewrites earlier turns (rare): fall back to the whole
            # render, with loss on the last assistant reply only.
            return _encode_whole(messages, render, tokenize, max_length)
        if message["role"] == "assistant":
            header = render(list(messages[:i]), add_generation_prompt=True)
            if not (header.startswith(done) and upto.startswith(header)):
                return _encode_whole(messages, render, tokenize, max_length)
            _add(ids, labels, tokenize(header[len(done) :]), learn=False)
            _add(ids, labels, tokenize(upto[len(header) :]), learn=True)
        else:
            _add(ids, labels, tokenize(upto[len(done) :]), learn=False)
        done = upto
    return ids[:max_length], labels[:max_length]


def _encode_whole(messages, render, tokenize, max_length):
    last = max(i for i, m in enumerate(messages) if m["role"] == "assistant")
    header = render(list(messages[:last]), add_generation_prompt=True)
    full = render(list(messages[: last + 1]), add_generation_prompt=False)
    ids: list[int] = []
    labels: list[int] = []
    _add(ids, labels, tokenize(header), learn=False)
    _add(ids, labels, tokenize(full[len(header) :] if full.startswith(header) else ""), learn=True)
    return ids[:max_length], labels[:max_length]


def _add(ids: list[int], labels: list[int], tokens: list[int], *, learn: bool) -> None:
    ids.extend(tokens)
    labels.extend(tokens if learn else [IGNORE] * len(tokens))


def defuser(special_texts: Iterable[str]) -> Callable[[dict[str, str]], dict[str, str]]:
    """Break up control-token text inside messages, as the engine does at inference.

    Training must see the same text the engine will: a message quoting "<|im_end|>"
    reaches the model with a word joiner after its first character (see
    LlamaBackend._defuse), so the adapter learns from that form too.
    """
    texts = sorted({t for t in special_texts if len(t) > 1}, key=len, reverse=True)
    if not texts:
        return lambda message: message
    pattern = re.compile("|".join(re.escape(t) for t in texts))

    def defuse(message: dict[str, str]) -> dict[str, str]:
        content = message.get("content") or ""
        fixed = pattern.sub(lambda m: m[0][0] + "\u2060" + m[0][1:], content)
        return message if fixed == content else {**message, "content": fixed}

    return defuse


def batch_order(n_examples: int, batch_size: int, step: int, seed: int) -> list[int]:
    """The example indices of training step `step`: a fresh shuffle every epoch.

    A pure function of (step, seed), so a resumed run sees exactly the batches the
    uninterrupted run would have seen.
    """
    import random

    start = step * batch_size
    picked = []
    for offset in range(start, start + batch_size):
        epoch, position = divmod(offset, n_examples)
        order = list(range(n_examples))
        random.Random(seed * 1_000_003 + epoch).shuffle(order)
        picked.append(order[position])
    return picked
