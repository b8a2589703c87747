"""Decode speed at llama-bench's own context size: engine vs raw llama-cpp-python vs llama-bench.

`quillmate bench` runs the engine and raw llama-cpp-python with a 4,096-token
context, while llama-bench sizes its KV cache to the test (512 + 128 = 640 cells);
a larger cache alone costs several per cent of decode speed here. This script
compares all three at 640 cells, in interleaved rounds, so the ratio shows the
per-token overhead of each loop and nothing else.

    .venv/bin/python tests/bench/decode_equal_context.py [--rounds 3] [--llama-bench PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time

N_CTX = 640
PROMPT = "Once upon a time"
TOKENS = 128


def engine_rate(client, request) -> float:
    return client.complete(request).stats.tokens_per_second


def raw_rate(llm) -> float:
    llm.reset()
    times = []
    for _chunk in llm.create_completion(
        PROMPT, max_tokens=TOKENS, temperature=0, repeat_penalty=1.0, stream=True
    ):
        times.append(time.perf_counter())
    return (len(times) - 1) / (times[-1] - times[0])


def llama_bench_rate(binary: str, model: str, threads: int) -> float:
    out = subprocess.run(
        [
            binary,
            "-m",
            model,
            "-t",
            str(threads),
            "-p",
            "512",
            "-n",
            str(TOKENS),
            "-o",
            "json",
            "-r",
            "3",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return next(r["avg_ts"] for r in json.loads(out) if r["n_gen"] == TOKENS)


def main() -> None:
    import llama_cpp

    from app.engine import kernels
    from app.engine.client import EngineClient
    from app.engine.types import GenerateRequest, LoadOptions, SamplingParams
    from app.hub.starter import starter_model_path

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--llama-bench", default=os.environ.get("QUILLMATE_LLAMA_BENCH"))
    args = parser.parse_args()
    model = str(starter_model_path())
    client = EngineClient()
    client.load(LoadOptions(path=model, n_ctx=N_CTX, n_threads=args.threads))
    sampling = SamplingParams(temperature=0, max_tokens=TOKENS, repeat_penalty=1.0)
    request = GenerateRequest(prompt=PROMPT, sampling=sampling)
    engine_rate(client, request)  # warm-up; its first batch settles the kernels
    with kernels.model_params(client.kernels):  # raw llama.cpp in-process: the same ones
        llm = llama_cpp.Llama(
            model, n_ctx=N_CTX, n_threads=args.threads, n_threads_batch=args.threads, verbose=False
        )
    raw_rate(llm)
    rows = []
    for _ in range(args.rounds):
        row = {"engine": engine_rate(client, request), "raw": raw_rate(llm)}
        if args.llama_bench:
            row["llama_bench"] = llama_bench_rate(args.llama_bench, model, args.threads)
        rows.append(row)
    client.close()
    llm.close()
    medians = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    print(f"decode tokens/s at n_ctx {N_CTX}, {args.threads} threads, medians of {args.rounds}:")
    for key, value in medians.items():
        print(f"  {key:12s} {value:7.1f}")
    print(f"  engine / raw: {medians['engine'] / medians['raw']:.3f}x")
    if "llama_bench" in medians:
        ratios = [r["engine"] / r["llama_bench"] for r in rows]
        print(f"  engine / llama-bench: {statistics.median(ratios):.3f}x (median of paired rounds)")


if __name__ == "__main__":
    main()
