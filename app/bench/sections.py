"""The engine sections of the benchmark: decode and prompt speed, prefix reuse."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable
from typing import Any

from app.bench.common import (
    DECODE_PROMPT,
    FOLLOW_UP,
    LLAMA_BENCH_MISSING,
    TARGET_DECODE_VS_LLAMA_BENCH,
    TARGET_DECODE_VS_RAW,
    TARGET_SECOND_TURN_RATIO,
    BenchError,
    chat_history,
    text_of_tokens,
)
from app.bench.reference import (
    cpu_section,
    llama_bench_run,
    llama_bench_system_info,
    open_raw,
    raw_prompt_rate,
    raw_stream,
)
from app.core.measure import engine_prompt_rate, engine_stream, greedy, pause, ratios, summary
from app.engine import hardware
from app.engine.client import EngineClient
from app.engine.types import GenerateRequest, LoadOptions, SamplingParams

log = logging.getLogger(__name__)


def bench_decode(
    client: EngineClient,
    model_path: str,
    *,
    threads: int,
    n_ctx: int,
    n_batch: int,
    rounds: int,
    decode_tokens: int,
    prompt_tokens: int,
    llama_bench: str | None,
    llama_bench_reps: int,
    progress: Callable[[str], None],
) -> dict[str, Any]:
    """Section 1: engine vs raw llama-cpp-python vs llama-bench, interleaved rounds."""
    # Warm-up (page in the mmapped weights, repack them), not measured. It is also the
    # engine's first batch, which settles its kernels: raw llama.cpp in this process
    # then uses the same ones (it cannot survive a SIGILL to learn them itself).
    engine_stream(client, GenerateRequest(prompt=DECODE_PROMPT, sampling=greedy(8)))
    llm = open_raw(
        model_path, threads=threads, n_ctx=n_ctx, n_batch=n_batch, kernels=client.kernels
    )
    try:
        count = lambda text: len(llm.tokenize(text.encode("utf-8")))  # noqa: E731
        raw_stream(llm, DECODE_PROMPT, 8)
        keys = ("engine", "engine_worker", "engine_app_sampling", "raw", "llama_bench")
        tg: dict[str, list] = {k: [] for k in keys}
        pp: dict[str, list] = {k: [] for k in keys}
        generated: dict[str, list] = {"engine": [], "engine_app_sampling": [], "raw": []}
        prompt_sizes: dict[str, list] = {"engine": [], "raw": []}
        bench_meta: dict[str, Any] = {}
        errors: list[str] = []
        for r in range(rounds):
            progress(f"decode round {r + 1}/{rounds}")
            text = text_of_tokens(count, prompt_tokens, seed=1000 + r)
            # Alternate who goes first so a drift of the machine's speed
            # (another job starting) does not always favour the same side.
            order = ["engine", "raw"] if r % 2 == 0 else ["raw", "engine"]
            for side in order:
                pause()
                if side == "engine":
                    run = engine_stream(
                        client,
                        GenerateRequest(prompt=DECODE_PROMPT, sampling=greedy(decode_tokens)),
                    )
                    tg["engine"].append(run["decode_tps"])
                    tg["engine_worker"].append(run["worker_decode_tps"])
                    generated["engine"].append(run["completion_tokens"])
                    pause()
                    # The app's own default sampling chain (repeat penalty, top-k/p,
                    # min-p, temperature): what a user's chat really decodes at.
                    run = engine_stream(
                        client,
                        GenerateRequest(
                            prompt=DECODE_PROMPT,
                            sampling=SamplingParams(max_tokens=decode_tokens, seed=r + 1),
                        ),
                    )
                    tg["engine_app_sampling"].append(run["decode_tps"])
                    generated["engine_app_sampling"].append(run["completion_tokens"])
                    pause()
                    run = engine_prompt_rate(client, text)
                    pp["engine"].append(run["prompt_tps"])
                    pp["engine_worker"].append(run["worker_prompt_tps"])
                    prompt_sizes["engine"].append(run["prompt_tokens"] - run["cached_tokens"])
                else:
                    run = raw_stream(llm, DECODE_PROMPT, decode_tokens)
                    tg["raw"].append(run["decode_tps"])
                    generated["raw"].append(run["completion_tokens"])
                    pause()
                    run = raw_prompt_rate(llm, text)
                    pp["raw"].append(run["prompt_tps"])
                    prompt_sizes["raw"].append(run["prompt_tokens"])
            if llama_bench:
                pause()
                try:
                    result = llama_bench_run(
                        llama_bench, model_path, threads=threads, n_prompt=prompt_tokens,
                        n_gen=decode_tokens, reps=llama_bench_reps,
                    )  # fmt: skip
                except (BenchError, OSError, ValueError, subprocess.TimeoutExpired) as exc:
                    errors.append(str(exc))
                    result = {}
                tg["llama_bench"].append(result.get("tg_tps"))
                pp["llama_bench"].append(result.get("pp_tps"))
                for key in ("command", "build_commit", "cpu_info"):
                    if result.get(key):
                        bench_meta[key] = result[key]
    finally:
        llm.close()

    section: dict[str, Any] = {
        "measures": {
            "engine": (
                "EngineClient (worker process + pipe protocol): greedy decode of "
                f"'{DECODE_PROMPT}' ({decode_tokens} tokens, near-empty context); tokens/s "
                "= tokens between the first and the last streamed batch / time between "
                "them, as the app receives them; the worker's own environment (e.g. its "
                "OpenMP wait policy) is part of what is measured. prompt: a fresh ~"
                f"{prompt_tokens}-token text, max_tokens=1, new prompt tokens / time to "
                "the first token."
            ),
            "engine_worker": (
                "the same runs, timed inside the worker (GenerationStats): no pipe or "
                "client in the timing."
            ),
            "engine_app_sampling": (
                "the engine with the app's default sampling (repeat penalty 1.1, top-k 40, "
                "top-p 0.95, min-p 0.05, temperature 0.7, fixed seed) instead of greedy; "
                "same prompt and length (fewer tokens if it meets end-of-text)."
            ),
            "raw": (
                "llama_cpp.Llama.create_completion(stream=True) in this process, same "
                "n_ctx/n_batch/threads, greedy, same prompts; tokens/s = (chunks - 1) / "
                "time from the first to the last chunk; prompt = tokens / time to the "
                "first chunk."
            ),
            "llama_bench": (
                f"llama.cpp's llama-bench -p {prompt_tokens} -n {decode_tokens}: avg_ts of "
                f"pp{prompt_tokens} (one {prompt_tokens}-token batch) and tg{decode_tokens} "
                "(decode from an empty context, no sampling, no detokenizing). It sizes its "
                "context to the test (n_ctx = prompt + generated tokens), while the engine "
                "and raw run with the n_ctx of this report: a larger KV cache alone costs "
                "some decode speed even when empty (~7% for 4096 vs 256 cells with "
                "SmolLM2-135M on a 2-core AVX-512 machine)."
            ),
        },
        "decode_tps": {k: summary(v) for k, v in tg.items() if v},
        "prompt_tps": {k: summary(v) for k, v in pp.items() if v},
        "completion_tokens": generated,
        "prompt_tokens": prompt_sizes,
        "ratios": {
            "decode_engine_vs_raw": ratios(tg["engine"], tg["raw"]),
            "prompt_engine_vs_raw": ratios(pp["engine"], pp["raw"]),
        },
    }
    bench_info: dict[str, Any] = {"available": bool(llama_bench)}
    if llama_bench:
        bench_info.update(path=llama_bench, **bench_meta)
        ours = hardware.llama_capabilities().get("system_info")
        theirs = llama_bench_system_info(llama_bench)
        bench_info["system_info"] = theirs
        bench_info["same_cpu_options"] = (
            cpu_section(ours) == cpu_section(theirs) if theirs else None
        )
        if errors:
            bench_info["errors"] = errors
        section["ratios"]["decode_engine_vs_llama_bench"] = ratios(tg["engine"], tg["llama_bench"])
        section["ratios"]["decode_raw_vs_llama_bench"] = ratios(tg["raw"], tg["llama_bench"])
        section["ratios"]["prompt_engine_vs_llama_bench"] = ratios(pp["engine"], pp["llama_bench"])
    else:
        bench_info["reason"] = LLAMA_BENCH_MISSING
    section["llama_bench"] = bench_info

    vs_raw = section["ratios"]["decode_engine_vs_raw"]["median"]
    targets = {
        "decode_engine_vs_raw": {
            "target": f">= {TARGET_DECODE_VS_RAW}",
            "value": vs_raw,
            "met": None if vs_raw is None else vs_raw >= TARGET_DECODE_VS_RAW,
        }
    }
    if llama_bench:
        vs_bench = section["ratios"]["decode_engine_vs_llama_bench"]["median"]
        targets["decode_engine_vs_llama_bench"] = {
            "target": f">= {TARGET_DECODE_VS_LLAMA_BENCH}",
            "value": vs_bench,
            "met": None if vs_bench is None else vs_bench >= TARGET_DECODE_VS_LLAMA_BENCH,
        }
    section["targets"] = targets
    return section


def bench_prefix_reuse(
    client: EngineClient,
    options: LoadOptions,
    *,
    rounds: int,
    history_tokens: int,
    reply_tokens: int,
    progress: Callable[[str], None],
) -> dict[str, Any]:
    """Section 2: TTFT of a cold first turn vs the follow-up turn of the same chat."""
    first, second, worker_first, worker_second = [], [], [], []
    prompt_sizes, reused, new_tokens = [], [], []
    for r in range(rounds):
        progress(f"prefix-reuse round {r + 1}/{rounds}")
        client.load(options)  # a fresh context: the KV cache is empty
        messages = chat_history(client.count_tokens, history_tokens, seed=2000 + r)
        pause()
        run1 = engine_stream(
            client, GenerateRequest(messages=messages, sampling=greedy(reply_tokens, 1.1))
        )
        messages = [
            *messages,
            {"role": "assistant", "content": run1["text"]},
            {"role": "user", "content": FOLLOW_UP},
        ]
        pause()
        run2 = engine_stream(
            client, GenerateRequest(messages=messages, sampling=greedy(reply_tokens, 1.1))
        )
        first.append(run1["ttft"])
        second.append(run2["ttft"])
        worker_first.append(run1["worker_first_token_s"])
        worker_second.append(run2["worker_first_token_s"])
        prompt_sizes.append([run1["prompt_tokens"], run2["prompt_tokens"]])
        reused.append(run2["cached_tokens"])
        new_tokens.append(run2["prompt_tokens"] - run2["cached_tokens"])
    ratio = ratios(second, first)
    return {
        "measures": (
            f"a chat of ~{history_tokens} tokens (system + alternating turns) sent cold to "
            "a freshly loaded model (empty KV cache), then the same chat plus the model's "
            "reply and a short user message. ttft = generate() call to the first streamed "
            "batch in the app; worker_ttft = request received to first token sampled, "
            "inside the worker."
        ),
        "first_ttft_s": summary(first),
        "second_ttft_s": summary(second),
        "ratio": ratio,
        "worker_first_ttft_s": summary(worker_first),
        "worker_second_ttft_s": summary(worker_second),
        "worker_ratio": ratios(worker_second, worker_first),
        "prompt_tokens": prompt_sizes,
        "second_turn_reused_tokens": reused,
        "second_turn_new_tokens": new_tokens,
        "targets": {
            "second_vs_first_ttft": {
                "target": f"<= {TARGET_SECOND_TURN_RATIO}",
                "value": ratio["median"],
                "met": None
                if ratio["median"] is None
                else ratio["median"] <= TARGET_SECOND_TURN_RATIO,
            }
        },
    }


# --------------------------------------------------------------------- environment
