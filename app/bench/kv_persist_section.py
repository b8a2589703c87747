"""Benchmark section: a long chat's next turn after a restart, with and without saved state.

The KV cache outlives the worker (app.engine.kv_persist): a conversation reopened
in a fresh worker restores the state its last worker saved instead of reading
the whole chat again. Each round builds a ~1,500-token chat, has one worker
answer it and shut down (saving the state), then times the next turn in two
fresh workers: one with the state folder ("restored") and one without ("cold").
Who goes first alternates between rounds so machine drift hits both alike.
Both workers have the model loaded before the clock starts: what is compared is
the reply, not the load.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.bench.common import FOLLOW_UP, chat_history
from app.core.measure import engine_stream, greedy, pause, ratios, summary
from app.engine.client import EngineClient
from app.engine.types import GenerateRequest, LoadOptions

TARGET_RATIO = 0.2  # restored first-token time <= 0.2x the cold one


def _next_turn(client: EngineClient, options: LoadOptions, request: GenerateRequest) -> dict:
    client.load(options)
    pause()
    try:
        return engine_stream(client, request)
    finally:
        client.close()


def bench_kv_persist(
    options: LoadOptions,
    *,
    rounds: int,
    history_tokens: int = 1500,
    reply_tokens: int = 32,
    progress: Callable[[str], None],
) -> dict[str, Any]:
    """First-token time of a chat's next turn in a fresh worker: restored vs cold."""
    restored_ttft, cold_ttft, restored_worker, cold_worker = [], [], [], []
    reused, prompt_sizes, same_text, state_bytes = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="quillmate-kv-bench-") as folder:
        saving = dataclasses.replace(options, state_dir=folder)
        cold = dataclasses.replace(options, state_dir=None)
        for r in range(rounds):
            progress(f"kv-persist round {r + 1}/{rounds}")
            first = EngineClient()
            try:
                first.load(saving)
                messages = chat_history(first.count_tokens, history_tokens, seed=3000 + r)
                run1 = engine_stream(
                    first, GenerateRequest(messages=messages, sampling=greedy(reply_tokens, 1.1))
                )
            finally:
                first.close()  # the worker saves its KV state as it shuts down
            state_bytes.append(sum(p.stat().st_size for p in Path(folder).glob("*.qkv")))
            request = GenerateRequest(
                messages=[
                    *messages,
                    {"role": "assistant", "content": run1["text"]},
                    {"role": "user", "content": FOLLOW_UP},
                ],
                sampling=greedy(reply_tokens, 1.1),
            )
            runs = {}
            order = ("restored", "cold") if r % 2 == 0 else ("cold", "restored")
            for side in order:
                opts = saving if side == "restored" else cold
                runs[side] = _next_turn(EngineClient(), opts, request)
            restored_ttft.append(runs["restored"]["ttft"])
            cold_ttft.append(runs["cold"]["ttft"])
            restored_worker.append(runs["restored"]["worker_first_token_s"])
            cold_worker.append(runs["cold"]["worker_first_token_s"])
            reused.append(runs["restored"]["cached_tokens"])
            prompt_sizes.append(runs["restored"]["prompt_tokens"])
            same_text.append(runs["restored"]["text"] == runs["cold"]["text"])
    ratio = ratios(restored_ttft, cold_ttft)
    return {
        "measures": (
            f"the next turn of a ~{history_tokens}-token chat in a fresh worker (model "
            "loaded, clock not yet started): 'restored' has the state folder the previous "
            "worker saved its KV cache to at shutdown, 'cold' has none. ttft = generate() "
            "call to the first streamed batch; worker = request received to first token, "
            "inside the worker. The state file is in the OS page cache (just written)."
        ),
        "restored_ttft_s": summary(restored_ttft),
        "cold_ttft_s": summary(cold_ttft),
        "ratio": ratio,
        "restored_worker_first_token_s": summary(restored_worker),
        "cold_worker_first_token_s": summary(cold_worker),
        "worker_ratio": ratios(restored_worker, cold_worker),
        "raw": {
            "restored_ttft_s": restored_ttft,
            "cold_ttft_s": cold_ttft,
            "restored_worker_first_token_s": restored_worker,
            "cold_worker_first_token_s": cold_worker,
        },
        "prompt_tokens": prompt_sizes,
        "restored_tokens": reused,
        "state_file_bytes": state_bytes,
        # f16 KV without flash attention: a token's logits differ slightly between a
        # batch and one-at-a-time decoding, so greedy text may differ from the cold run's.
        "same_text_as_cold": same_text,
        "targets": {
            "restored_vs_cold_ttft": {
                "target": f"<= {TARGET_RATIO}",
                "value": ratio["median"],
                "met": None if ratio["median"] is None else ratio["median"] <= TARGET_RATIO,
            }
        },
    }
