"""Benchmark section: prompt-lookup speculative decoding against plain decoding.

Three jobs, each run both ways in interleaved rounds (who goes first alternates) so
machine drift hits both sides alike, and reported as per-round ratios of decode
tokens/s: a proofread (the reply repeats its text: the case drafting is for), a
rewrite in a formal tone (repeats less) and an open chat (repeats nothing; the
default "auto" must cost nothing there). Greedy, and every pair is checked for the
same text: a speed-up that changed the reply would not count.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from typing import Any

from app.bench.common import filler_text
from app.core.measure import engine_stream, greedy, pause, ratios, summary
from app.core.writing.actions import ActionLibrary
from app.core.writing.notes import DocumentNotes
from app.core.writing.prompts import chat_request
from app.engine.client import EngineClient
from app.engine.types import GenerateRequest, SamplingParams

TARGETS = {"proofread_speedup": 2.0, "rewrite_speedup": 1.3, "chat_ratio": 0.97}
CHAT_PROMPT = "Write a short story about a dragon who learns to bake bread."
# A one-token request on another prompt before each run: both sides then evaluate
# their prompt from scratch instead of one reusing the other's KV cache.
FRESH = GenerateRequest(prompt="Hello", sampling=greedy(1))


def typo_text(n_words: int, seed: int) -> str:
    """Filler sentences with a misspelt word (two letters swapped) about every tenth word."""
    rng = random.Random(seed)
    words = filler_text(n_words, seed).split(" ")
    for i, word in enumerate(words):
        if len(word) > 4 and word.isalpha() and rng.random() < 0.1:
            j = rng.randrange(1, len(word) - 2)
            words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    sentences = " ".join(words).split(". ")
    # Paragraphs of about five sentences, as a real document has.
    return "\n\n".join(". ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))


def _requests(text: str, reply_tokens: int) -> dict[str, GenerateRequest]:
    library = ActionLibrary()
    notes = DocumentNotes()
    sampling = SamplingParams(temperature=0.0, repeat_penalty=1.0, max_tokens=reply_tokens, seed=0)
    return {
        "proofread": chat_request(library.get("proofread"), {"text": text}, notes, sampling),
        "rewrite": chat_request(
            library.get("rewrite"), {"text": text, "tone": "formal"}, notes, sampling
        ),
        "chat": GenerateRequest(
            messages=[{"role": "user", "content": CHAT_PROMPT}], sampling=greedy(reply_tokens)
        ),
    }


def bench_speculative(
    client: EngineClient,
    options,
    *,
    rounds: int,
    words: int = 400,
    chat_tokens: int = 256,
    progress: Callable[[str], None],
) -> dict[str, Any]:
    # Drafting needs a q8_0 KV cache (with f16 the engine never drafts): both sides of
    # every pair run on that same context, so the ratio is the drafting's alone.
    client.load(dataclasses.replace(options, kv_cache="q8_0"))
    text = typo_text(words, seed=1400)
    reply_tokens = int(client.count_tokens(text) * 1.3) + 32  # as the writing runner sizes it
    requests = _requests(text, reply_tokens)
    requests["chat"].sampling.max_tokens = chat_tokens
    # On for the edits (as the writing runner asks), "auto" for the chat (the default).
    modes = {"proofread": True, "rewrite": True, "chat": None}
    tps: dict[str, dict[str, list]] = {job: {"plain": [], "speculative": []} for job in modes}
    worker: dict[str, dict[str, list]] = {job: {"plain": [], "speculative": []} for job in modes}
    drafted: dict[str, list] = {job: [] for job in modes}
    accepted: dict[str, list] = {job: [] for job in modes}
    tokens: dict[str, list] = {job: [] for job in modes}
    identical: dict[str, bool] = {job: True for job in modes}
    engine_stream(client, requests["chat"])  # warm-up: batch sizes, measured costs
    for r in range(rounds):
        for job, base in requests.items():
            progress(f"speculative round {r + 1}/{rounds}: {job}")
            texts = {}
            for side in ("plain", "speculative") if r % 2 == 0 else ("speculative", "plain"):
                request = GenerateRequest(
                    **{**base.__dict__, "speculative": modes[job] if side != "plain" else False}
                )
                client.complete(FRESH)
                pause()
                run = engine_stream(client, request)
                texts[side] = run["text"]
                tps[job][side].append(run["decode_tps"])
                worker[job][side].append(run["worker_decode_tps"])
                if side == "speculative":
                    drafted[job].append(run["drafted_tokens"])
                    accepted[job].append(run["accepted_tokens"])
                    tokens[job].append(run["completion_tokens"])
            identical[job] = identical[job] and texts["plain"] == texts["speculative"]

    section: dict[str, Any] = {
        "measures": (
            f"greedy replies of the app's own proofread and rewrite (formal) actions on a "
            f"{words}-word text with misspellings ({reply_tokens} tokens of room, as the "
            f"writing runner gives), and of an open chat ('{CHAT_PROMPT}', {chat_tokens} "
            "tokens), each with prompt lookup (speculative=True for the edits, the default "
            "'auto' for the chat) and without (False), interleaved, each after a fresh "
            "prompt evaluation. Ratios are per round of decode tokens/s as the app "
            "receives them; worker_ratios time inside the worker."
        ),
        "decode_tps": {
            job: {s: summary(v) for s, v in sides.items()} for job, sides in tps.items()
        },
        "identical_output": identical,
        "completion_tokens": tokens,
        "drafted_tokens": drafted,
        "accepted_tokens": accepted,
        "ratios": {},
        "worker_ratios": {},
        "targets": {},
    }
    for job, key in (
        ("proofread", "proofread_speedup"),
        ("rewrite", "rewrite_speedup"),
        ("chat", "chat_ratio"),
    ):
        ratio = ratios(tps[job]["speculative"], tps[job]["plain"])
        section["ratios"][job] = ratio
        section["worker_ratios"][job] = ratios(worker[job]["speculative"], worker[job]["plain"])
        section[key] = ratio["median"]
        met = None if ratio["median"] is None else ratio["median"] >= TARGETS[key]
        section["targets"][key] = {
            "target": f">= {TARGETS[key]}",
            "value": ratio["median"],
            "met": met and identical[job],
        }
    return section
