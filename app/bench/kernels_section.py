"""Benchmark section: what safe kernels cost against llama.cpp's default ones.

Safe mode (no extra buffer types: no AMX, no repacked weights) is what the engine
falls back to on a CPU that refuses the default kernels. Prompt speed is where it
shows (repacked matmuls); decode is memory-bound and barely moves. Two engine
workers, one per mode, run interleaved rounds so machine drift hits both alike;
where the default kernels die (SIGILL) the section says so instead of a ratio.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.bench.common import DECODE_PROMPT, text_of_tokens
from app.core.measure import engine_prompt_rate, engine_stream, greedy, pause, ratios, summary
from app.engine.client import EngineClient
from app.engine.types import EngineDied, GenerateRequest, LoadOptions

MODES = ("default", "safe")


def bench_kernels(
    options: LoadOptions,
    *,
    rounds: int,
    decode_tokens: int,
    prompt_tokens: int,
    progress: Callable[[str], None],
) -> dict[str, Any]:
    clients = {mode: EngineClient() for mode in MODES}
    failed: dict[str, str] = {}
    tg: dict[str, list] = {mode: [] for mode in MODES}
    pp: dict[str, list] = {mode: [] for mode in MODES}
    try:
        for mode, client in clients.items():
            progress(f"kernels: loading with {mode} kernels")
            client.load(LoadOptions(**{**options.__dict__, "kernels": mode}))
            try:  # warm-up, and the first real batch: a CPU that refuses them dies here
                engine_prompt_rate(client, text_of_tokens(client.count_tokens, 64, seed=7))
            except EngineDied as exc:
                failed[mode] = str(exc).split(" Your messages")[0]
        for r in range(rounds):
            progress(f"kernels round {r + 1}/{rounds}")
            text = text_of_tokens(clients["safe"].count_tokens, prompt_tokens, seed=2000 + r)
            order = MODES if r % 2 == 0 else MODES[::-1]
            for mode in order:
                if mode in failed:
                    continue
                pause()
                run = engine_stream(
                    clients[mode],
                    GenerateRequest(prompt=DECODE_PROMPT, sampling=greedy(decode_tokens)),
                )
                tg[mode].append(run["worker_decode_tps"])
                pause()
                pp[mode].append(engine_prompt_rate(clients[mode], text)["worker_prompt_tps"])
    finally:
        for client in clients.values():
            client.close()
    return {
        "measures": (
            "two engine workers, default kernels vs safe kernels (use_extra_bufts off: no "
            f"AMX, no repacked weights); greedy decode of {decode_tokens} tokens and a fresh "
            f"~{prompt_tokens}-token prompt per round, timed in the worker, interleaved."
        ),
        "decode_tps": {mode: summary(tg[mode]) for mode in MODES if tg[mode]},
        "prompt_tps": {mode: summary(pp[mode]) for mode in MODES if pp[mode]},
        "failed": failed,
        "ratios": {
            "decode_safe_vs_default": ratios(tg["safe"], tg["default"]),
            "prompt_safe_vs_default": ratios(pp["safe"], pp["default"]),
        },
    }
