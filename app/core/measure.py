"""Timing of engine requests as the app sees them, and the statistics of paired runs.

Shared by `quillmate bench` (app.bench) and the window's own measurement
(app.ui.bench): both time a streamed request the same way, so their figures compare.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable
from typing import Any

from app.engine.client import EngineClient
from app.engine.types import Done, GenerateRequest, SamplingParams, TokenBatch

SYSTEM_PROMPT = "You are a helpful assistant."


def summary(values: Iterable[float | None]) -> dict[str, Any]:
    """Median, min, max of the runs that produced a number, and the runs themselves."""
    runs = [None if v is None else round(float(v), 4) for v in values]
    good = [v for v in runs if v is not None]
    return {
        "median": round(statistics.median(good), 4) if good else None,
        "min": min(good) if good else None,
        "max": max(good) if good else None,
        "runs": runs,
    }


def ratios(numerators: list[float | None], denominators: list[float | None]) -> dict:
    """Per-round ratios (paired runs), summarised; None where a side is missing."""
    values = [
        (a / b) if a is not None and b else None
        for a, b in zip(numerators, denominators, strict=False)
    ]
    return summary(values)


def stream_rate(times: list[float], counts: list[int]) -> float | None:
    """Tokens/s between the first and the last arrival: (n_last - n_first) / dt.

    `counts` are cumulative token counts at each arrival. With one arrival per
    token this is exactly (n_generated - 1) / (time from first to last token).
    """
    if len(times) < 2 or times[-1] <= times[0] or counts[-1] <= counts[0]:
        return None
    return (counts[-1] - counts[0]) / (times[-1] - times[0])


def greedy(max_tokens: int, repeat_penalty: float = 1.0) -> SamplingParams:
    return SamplingParams(
        temperature=0.0, repeat_penalty=repeat_penalty, max_tokens=max_tokens, seed=0
    )


def pause() -> None:
    """Let the previous run's OpenMP threads go idle before the next one starts."""
    time.sleep(0.3)


def engine_stream(client: EngineClient, request: GenerateRequest) -> dict[str, Any]:
    """Run one request through the engine and time it as the app sees it."""
    started = time.perf_counter()
    times: list[float] = []
    counts: list[int] = []
    done: Done | None = None
    for event in client.generate(request):
        now = time.perf_counter()
        if isinstance(event, TokenBatch):
            times.append(now)
            counts.append(event.n_tokens)
        else:
            done = event
    stats = done.stats
    return {
        "ttft": (times[0] - started) if times else None,
        "decode_tps": stream_rate(times, counts),
        "first_at": times[0] if times else None,
        "last_at": times[-1] if times else None,
        "worker_decode_tps": stats.tokens_per_second or None,
        "worker_first_token_s": stats.first_token_seconds,
        "worker_prompt_s": stats.prompt_seconds,
        "prompt_tokens": stats.prompt_tokens,
        "cached_tokens": stats.cached_tokens,
        "completion_tokens": stats.completion_tokens,
        "drafted_tokens": stats.drafted_tokens,
        "accepted_tokens": stats.accepted_tokens,
        "batches": len(times),
        "text": done.text,
        "finish_reason": done.finish_reason,
    }


def engine_prompt_rate(client: EngineClient, text: str) -> dict[str, Any]:
    """Prompt tokens/s: the new prompt tokens over the time to the first token."""
    run = engine_stream(client, GenerateRequest(prompt=text, sampling=greedy(1)))
    new = run["prompt_tokens"] - run["cached_tokens"]
    run["prompt_tps"] = new / run["ttft"] if run["ttft"] else None
    run["worker_prompt_tps"] = new / run["worker_prompt_s"] if run["worker_prompt_s"] else None
    return run
