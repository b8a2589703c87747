"""`quillmate bench`: how fast the app is, measured against llama.cpp itself.

One run measures, on one model and one thread count:

1. decode and prompt speed through the app's engine (EngineClient: worker
   process, pipe protocol and all) against raw llama-cpp-python
   (`Llama.create_completion`) and llama.cpp's own `llama-bench`;
2. time to first token of a follow-up turn in a long chat against the first,
   cold turn of the same conversation (KV-cache prefix reuse);
3. (`include_gui`) the window: tokens/s it shows against headless, and the
   longest event-loop stall while a ~1,000-token reply streams (`app.ui.bench`);
4. (`include_gui`) start-up: process start to the window's first paint.

The machine these numbers come from is usually shared and noisy, so every
comparison is made of paired, interleaved runs (A, B, C, A, B, C, ...) and is
reported as the median of the per-round ratios next to the medians of each
side. Speeds are computed the same way on every side: (n_generated - 1) over
the time from the first to the last token, as the consumer of the stream sees
them.

This module is Qt-free; the GUI parts are imported lazily from `app.ui.bench`.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from app.engine import hardware
from app.engine.client import EngineClient
from app.engine.types import Done, GenerateRequest, LoadOptions, SamplingParams, TokenBatch

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
LLAMA_BENCH_ENV = "QUILLMATE_LLAMA_BENCH"
LLAMA_BENCH_MISSING = "not available (run tests/bench/build_llama_bench.sh)"
DEFAULT_N_CTX = 4096
DEFAULT_N_BATCH = 512

# Targets from the issue; the report says for each whether this run met it.
TARGET_DECODE_VS_LLAMA_BENCH = 0.95  # engine decode >= 0.95x llama-bench tg128
TARGET_DECODE_VS_RAW = 1.0  # engine decode never below create_completion
TARGET_SECOND_TURN_RATIO = 0.2  # follow-up TTFT <= 0.2x the cold first turn
TARGET_STALL_MS = 50.0  # longest GUI event-loop stall while streaming
TARGET_STARTUP_S = 1.0  # process start to window shown, no model

# A prompt that makes SmolLM2-135M ramble on for well over 128 tokens under
# greedy decoding, so decode runs are full length without an ignore-EOS switch.
DECODE_PROMPT = "The history of the city of London"
SYSTEM_PROMPT = "You are a helpful assistant."
FOLLOW_UP = "Thank you. Now answer in one short sentence: which point matters most?"

# Common words for prompts that never repeat a sentence (seeded, reproducible).
_WORDS = (
    "time year people way day man thing woman life child world school state family "
    "student group country problem hand part place case week company system program "
    "question work government number night point home water room mother area money "
    "story fact month lot right study book eye job word business issue side kind head "
    "house service friend father power hour game line end member law car city name "
    "team minute idea kid body information back parent face others level office door "
    "health person art war history party result change morning reason research girl "
    "guy moment air teacher force education foot boy age policy music market sense "
    "nation plan college interest death experience effect class control care field "
    "development role effort rate heart drug show leader light voice wife police mind "
    "price report decision son view relationship town road arm difference value "
    "building action model season society tax director position player record paper "
    "space ground form event official matter center couple site project activity star "
    "table need court oil situation cost industry figure street image phone data "
    "picture practice piece land product doctor wall patient worker news test movie "
    "north love support technology step baby computer type attention film tree source "
    "organization hair window evidence population site garden river bridge mountain "
    "keep find give tell become leave feel bring begin seem help show hear play run "
    "move live believe hold happen write provide sit stand lose pay meet include "
    "continue set learn lead understand watch follow stop create speak read allow add "
    "spend grow open walk win offer remember consider appear buy wait serve die send "
    "expect build stay fall cut reach kill remain suggest raise pass sell require "
    "report decide pull explain hope develop carry break receive agree support hit "
    "produce eat cover catch draw choose cause point listen realize place close "
    "new good high old great big small large local social important long young "
    "national different early black white real best political public sure low late "
    "free full major strong whole clear special easy recent certain personal open "
    "red difficult available likely short single medical current wrong private past "
    "foreign fine common poor natural significant similar hot dead central happy "
    "serious ready simple left physical general environmental financial blue "
    "democratic dark various entire close legal religious cold final main green nice "
    "huge popular traditional cultural quiet"
).split()


_OMP_PREFIXES = ("OMP_", "GOMP_", "KMP_")


class BenchError(Exception):
    """The benchmark cannot run (no model, bad option); the message is one line."""


# --------------------------------------------------------------------------- text
def filler_text(n_words: int, seed: int) -> str:
    """Sentences of common words, different for every seed and never repeating."""
    rng = random.Random(seed)
    sentences, count = [], 0
    while count < n_words:
        length = min(rng.randint(6, 16), n_words - count)
        words = [rng.choice(_WORDS) for _ in range(length)]
        sentences.append(" ".join(words).capitalize() + ".")
        count += length
    return " ".join(sentences)


def text_of_tokens(count_tokens: Callable[[str], int], target: int, seed: int) -> str:
    """The longest filler text (for `seed`) that is at most `target` tokens."""
    lo, hi = 1, max(2, target)  # a word is at least one token
    best = filler_text(1, seed)
    while lo <= hi:
        mid = (lo + hi) // 2
        text = filler_text(mid, seed)
        if count_tokens(text) <= target:
            best, lo = text, mid + 1
        else:
            hi = mid - 1
    return best


def chat_history(count_tokens: Callable[[str], int], target: int, seed: int) -> list[dict]:
    """A system prompt and alternating user/assistant turns, about `target` tokens."""
    rng = random.Random(seed)
    messages = [{"role": "system", "content": SYSTEM_PROMPT}]
    total = count_tokens(SYSTEM_PROMPT) + 6  # ChatML adds ~5 tokens per message
    turn = 0
    while total < target:
        role = "user" if turn % 2 == 0 else "assistant"
        n_words = rng.randint(25, 45) if role == "user" else rng.randint(90, 150)
        text = filler_text(n_words, seed * 1000 + turn)
        if role == "user":
            text = f"Question {turn // 2 + 1}: {text} What do you think?"
        cost = count_tokens(text) + 6
        if total + cost > target and role == "user" and turn:
            break
        messages.append({"role": role, "content": text})
        total += cost
        turn += 1
    if messages[-1]["role"] == "user":
        messages.append({"role": "assistant", "content": filler_text(40, seed * 1000 + turn)})
    messages.append(
        {"role": "user", "content": "Please sum up our whole conversation in a few sentences."}
    )
    return messages


# ------------------------------------------------------------------ small helpers
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


def _pause() -> None:
    """Let the previous run's OpenMP threads go idle before the next one starts."""
    time.sleep(0.3)


# -------------------------------------------------------------- engine (app) side
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


# ------------------------------------------------------------ raw llama-cpp-python
def open_raw(model_path: str, *, threads: int, n_ctx: int, n_batch: int):
    """`llama_cpp.Llama` with the same context, batch and threads as the engine uses."""
    import llama_cpp

    return llama_cpp.Llama(
        model_path=model_path,
        n_ctx=n_ctx,
        n_batch=n_batch,
        n_ubatch=n_batch,
        n_threads=threads,
        n_threads_batch=threads,
        n_gpu_layers=hardware.default_gpu_layers(bool(llama_cpp.llama_supports_gpu_offload())),
        verbose=False,
    )


def raw_stream(llm, prompt: str, max_tokens: int) -> dict[str, Any]:
    """`create_completion(stream=True)`, greedy; one arrival per generated token."""
    started = time.perf_counter()
    times: list[float] = []
    finish = None
    stream = llm.create_completion(
        prompt, max_tokens=max_tokens, temperature=0.0, repeat_penalty=1.0, stream=True
    )
    for chunk in stream:
        choice = chunk["choices"][0]
        if choice.get("finish_reason"):
            finish = choice["finish_reason"]
        if choice.get("text"):  # the last chunk carries only the finish reason
            times.append(time.perf_counter())
    return {
        "ttft": (times[0] - started) if times else None,
        "decode_tps": stream_rate(times, list(range(1, len(times) + 1))),
        "completion_tokens": len(times),
        "finish_reason": finish,
    }


def raw_prompt_rate(llm, text: str) -> dict[str, Any]:
    n_prompt = len(llm.tokenize(text.encode("utf-8")))
    run = raw_stream(llm, text, 1)
    run["prompt_tokens"] = n_prompt
    run["prompt_tps"] = n_prompt / run["ttft"] if run["ttft"] else None
    return run


# ---------------------------------------------------------------------- llama-bench
def find_llama_bench(explicit: str | os.PathLike | None = None) -> str | None:
    """The llama-bench binary: the argument, else $QUILLMATE_LLAMA_BENCH, else None."""
    candidate = explicit or os.environ.get(LLAMA_BENCH_ENV)
    if not candidate:
        return None
    path = Path(candidate).expanduser()
    if path.is_file() and os.access(path, os.X_OK):
        return str(path)
    found = shutil.which(str(candidate))
    return found


def llama_bench_run(
    binary: str, model_path: str, *, threads: int, n_prompt: int, n_gen: int, reps: int
) -> dict[str, Any]:
    """One `llama-bench -o json` run; avg tokens/s of pp<n_prompt> and tg<n_gen>."""
    cmd = [binary, "-m", model_path, "-t", str(threads), "-p", str(n_prompt),
           "-n", str(n_gen), "-r", str(reps), "-o", "json"]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    if out.returncode != 0:
        tail = (out.stderr or out.stdout).strip().splitlines()[-1:] or ["no output"]
        raise BenchError(f"llama-bench failed (exit {out.returncode}): {tail[0]}")
    rows = json.loads(out.stdout)
    result: dict[str, Any] = {"command": " ".join(cmd)}
    for row in rows:
        if row.get("n_gen", 0) == 0 and row.get("n_prompt") == n_prompt:
            result["pp_tps"], result["pp_stddev"] = row["avg_ts"], row.get("stddev_ts")
        elif row.get("n_prompt", 0) == 0 and row.get("n_gen") == n_gen:
            result["tg_tps"], result["tg_stddev"] = row["avg_ts"], row.get("stddev_ts")
        result.setdefault("build_commit", row.get("build_commit"))
        result.setdefault("cpu_info", row.get("cpu_info"))
    return result


_SYSTEM_INFO_SCRIPT = r"""
import ctypes, glob, os, sys
libdir = sys.argv[1]
for name in ("libggml-base.so", "libggml-cpu.so", "libggml.so"):
    for path in glob.glob(os.path.join(libdir, name)):
        ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)
lib = ctypes.CDLL(os.path.join(libdir, "libllama.so"))
lib.llama_print_system_info.restype = ctypes.c_char_p
sys.stdout.write(lib.llama_print_system_info().decode())
"""


def llama_bench_system_info(binary: str) -> str | None:
    """llama_print_system_info() of the libllama built beside llama-bench (Linux builds)."""
    libdir = Path(binary).parent
    if not (libdir / "libllama.so").is_file():
        return None
    out = subprocess.run(
        [sys.executable, "-c", _SYSTEM_INFO_SCRIPT, str(libdir)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        return None
    return out.stdout.strip() or None


def _cpu_section(system_info: str | None) -> dict[str, str]:
    return hardware.parse_system_info(system_info or "").get("CPU", {})


# ------------------------------------------------------------------------ sections
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
    llm = open_raw(model_path, threads=threads, n_ctx=n_ctx, n_batch=n_batch)
    try:
        count = lambda text: len(llm.tokenize(text.encode("utf-8")))  # noqa: E731
        # Warm-up (page in the mmapped weights, repack them), not measured.
        engine_stream(client, GenerateRequest(prompt=DECODE_PROMPT, sampling=greedy(8)))
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
                _pause()
                if side == "engine":
                    run = engine_stream(
                        client,
                        GenerateRequest(prompt=DECODE_PROMPT, sampling=greedy(decode_tokens)),
                    )
                    tg["engine"].append(run["decode_tps"])
                    tg["engine_worker"].append(run["worker_decode_tps"])
                    generated["engine"].append(run["completion_tokens"])
                    _pause()
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
                    _pause()
                    run = engine_prompt_rate(client, text)
                    pp["engine"].append(run["prompt_tps"])
                    pp["engine_worker"].append(run["worker_prompt_tps"])
                    prompt_sizes["engine"].append(run["prompt_tokens"] - run["cached_tokens"])
                else:
                    run = raw_stream(llm, DECODE_PROMPT, decode_tokens)
                    tg["raw"].append(run["decode_tps"])
                    generated["raw"].append(run["completion_tokens"])
                    _pause()
                    run = raw_prompt_rate(llm, text)
                    pp["raw"].append(run["prompt_tps"])
                    prompt_sizes["raw"].append(run["prompt_tokens"])
            if llama_bench:
                _pause()
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
            _cpu_section(ours) == _cpu_section(theirs) if theirs else None
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
        _pause()
        run1 = engine_stream(
            client, GenerateRequest(messages=messages, sampling=greedy(reply_tokens, 1.1))
        )
        messages = [
            *messages,
            {"role": "assistant", "content": run1["text"]},
            {"role": "user", "content": FOLLOW_UP},
        ]
        _pause()
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
def machine_info() -> dict[str, Any]:
    caps = hardware.llama_capabilities()
    total, _ = hardware.memory()
    return {
        "cpu": _cpu_name(),
        "physical_cores": hardware.physical_cores(),
        "logical_cores": os.cpu_count(),
        "ram_bytes": total,
        "platform": platform.platform(),
        "cpu_features": caps.get("cpu_features"),
        "build_options": caps.get("build_options"),
        "system_info": caps.get("system_info"),
        "gpu_offload": caps.get("gpu_offload"),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        # OpenMP waiting decides decode speed on a busy machine; record what was set.
        "openmp_env": {k: v for k, v in os.environ.items() if k.startswith(_OMP_PREFIXES)},
    }


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions() -> dict[str, str | None]:
    from importlib import metadata

    def version(dist: str) -> str | None:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    import app

    return {
        "quillmate": app.__version__,
        "python": platform.python_version(),
        "llama_cpp_python": version("llama_cpp_python") or version("llama-cpp-python"),
        "pyside6": version("PySide6-Essentials") or version("PySide6"),
    }


def model_info(path: str) -> dict[str, Any]:
    from app.engine.gguf import check_gguf

    header = check_gguf(Path(path))
    return {
        "path": path,
        "file": Path(path).name,
        "name": header.name,
        "architecture": header.architecture,
        "size_bytes": header.file_size,
    }


def default_model() -> str:
    from app.hub.starter import STARTER_INSTALL, starter_model_path

    path = starter_model_path()
    if path is None:
        raise BenchError(f"no model given and the starter model is missing ({STARTER_INSTALL})")
    return str(path)


# ----------------------------------------------------------------------------- run
def run_bench(
    model_path: str | os.PathLike | None = None,
    *,
    threads: int | None = None,
    json_out: bool = False,
    include_gui: bool = True,
    llama_bench_path: str | os.PathLike | None = None,
    rounds: int = 3,
    decode_tokens: int = 128,
    prompt_tokens: int = 512,
    history_tokens: int = 1500,
    gui_tokens: int = 1000,
    gui_rounds: int = 2,
    startup_runs: int = 3,
    llama_bench_reps: int = 3,
    n_ctx: int = DEFAULT_N_CTX,
    out: TextIO | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the benchmark, write the table (or JSON with `json_out`) to `out`; return the report.

    model_path: a .gguf file (default: the starter SmolLM2-135M).
    threads: llama.cpp threads for every side (default: physical cores).
    include_gui: also measure the window (offscreen) and start-up; imports PySide6.
    llama_bench_path: llama.cpp's llama-bench binary (default $QUILLMATE_LLAMA_BENCH);
        without it that column reads "not available (run tests/bench/build_llama_bench.sh)".
    rounds / gui_rounds / startup_runs: paired rounds per section (medians of these).
    out: where the table/JSON goes (default sys.stdout; None-safe for library use).
    progress: called with one short line per step (default: logging at INFO).
    Raises BenchError (one line) when the model is missing or an option is wrong.
    """
    progress = progress or (lambda line: log.info("bench: %s", line))
    path = str(Path(model_path).expanduser().resolve()) if model_path else default_model()
    if not Path(path).is_file():
        raise BenchError(f"model not found: {path}")
    threads = threads or hardware.physical_cores()
    if threads < 1 or rounds < 1 or decode_tokens < 2 or prompt_tokens < 2:
        raise BenchError("threads, rounds, decode and prompt tokens must be positive")
    if prompt_tokens > DEFAULT_N_BATCH:
        raise BenchError(f"prompt_tokens is at most {DEFAULT_N_BATCH} (one batch)")
    llama_bench = find_llama_bench(llama_bench_path)
    if llama_bench_path and not llama_bench:
        raise BenchError(f"llama-bench not found or not executable: {llama_bench_path}")

    started = time.perf_counter()
    report: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "versions": versions(),
        "model": model_info(path),
        "settings": {
            "threads": threads,
            "n_ctx": n_ctx,
            "n_batch": DEFAULT_N_BATCH,
            "rounds": rounds,
            "decode_tokens": decode_tokens,
            "prompt_tokens": prompt_tokens,
            "history_tokens": history_tokens,
            "gui_tokens": gui_tokens if include_gui else None,
            "gui_rounds": gui_rounds if include_gui else None,
            "startup_runs": startup_runs if include_gui else None,
            "llama_bench_reps": llama_bench_reps if llama_bench else None,
        },
    }
    options = LoadOptions(path=path, n_ctx=n_ctx, n_threads=threads, n_batch=DEFAULT_N_BATCH)
    client = EngineClient()
    try:
        progress("loading the model in the engine worker")
        info = client.load(options)
        report["model"].update(n_params=info.n_params, n_ctx_train=info.n_ctx_train)
        report["decode"] = bench_decode(
            client, path, threads=threads, n_ctx=n_ctx, n_batch=DEFAULT_N_BATCH,
            rounds=rounds, decode_tokens=decode_tokens, prompt_tokens=prompt_tokens,
            llama_bench=llama_bench, llama_bench_reps=llama_bench_reps, progress=progress,
        )  # fmt: skip
        report["prefix_reuse"] = bench_prefix_reuse(
            client, options, rounds=rounds, history_tokens=history_tokens,
            reply_tokens=32, progress=progress,
        )  # fmt: skip
    finally:
        client.close()

    if include_gui:
        from app.ui import bench as ui_bench  # PySide6 only when asked for

        progress("window: streaming a long reply (offscreen)")
        report["gui"] = ui_bench.measure_gui(
            path, threads=threads, n_ctx=n_ctx, rounds=gui_rounds, max_tokens=gui_tokens,
            progress=progress,
        )  # fmt: skip
        progress("start-up: fresh processes to the window's first paint")
        report["startup"] = ui_bench.measure_startup(runs=startup_runs)
    else:
        report["gui"] = {"available": False, "reason": "skipped (include_gui=False)"}
        report["startup"] = {"available": False, "reason": "skipped (include_gui=False)"}
    report["seconds"] = round(time.perf_counter() - started, 1)

    stream = out if out is not None else sys.stdout
    stream.write(json.dumps(report, indent=2) + "\n" if json_out else format_table(report))
    stream.flush()
    return report


# -------------------------------------------------------------------------- table
def _num(value: Any, fmt: str = "{:.1f}", none: str = "—") -> str:
    return none if value is None else fmt.format(value)


def _mark(target: dict | None) -> str:
    if not target or target.get("met") is None:
        return ""
    return "  ✓ target " + target["target"] if target["met"] else "  ✗ target " + target["target"]


def format_table(report: dict[str, Any]) -> str:
    """The report as a plain-text table for a terminal or a README."""
    m, s, model = report["machine"], report["settings"], report["model"]
    lines = [
        f"Quillmate bench — {model['file']} ({model.get('n_params') or '?'} params), "
        f"{s['threads']} threads, n_ctx {s['n_ctx']}",
        f"machine: {m['cpu']}, {m['physical_cores']} physical / {m['logical_cores']} logical "
        f"cores; {', '.join(m.get('cpu_features') or [])}",
        f"versions: quillmate {report['versions']['quillmate']}, llama-cpp-python "
        f"{report['versions']['llama_cpp_python']}, Python {report['versions']['python']}",
    ]
    if m.get("openmp_env"):
        lines.append(
            "OpenMP environment: " + " ".join(f"{k}={v}" for k, v in m["openmp_env"].items())
        )
    lines.append("")
    d = report.get("decode")
    if d:
        n, p = s["decode_tokens"], s["prompt_tokens"]
        bench = d["llama_bench"]
        lines.append(f"1. Speed (medians of {s['rounds']} interleaved rounds, tokens/s)")
        lines.append(f"   {'':34}{'decode tg' + str(n):>14}{'prompt pp' + str(p):>14}")
        rows = [
            ("Quillmate engine (as the app sees)", "engine"),
            ("  same runs, timed in the worker", "engine_worker"),
            ("  with the app's default sampling", "engine_app_sampling"),
            ("raw llama-cpp-python", "raw"),
            ("llama.cpp llama-bench", "llama_bench"),
        ]
        for label, key in rows:
            tg = d["decode_tps"].get(key, {}).get("median")
            pp = d["prompt_tps"].get(key, {}).get("median")
            if key == "llama_bench" and not bench["available"]:
                lines.append(f"   {label:34}{bench['reason']}")
                continue
            lines.append(f"   {label:34}{_num(tg):>14}{_num(pp):>14}")
        r = d["ratios"]
        lines.append(
            "   engine / raw:         decode "
            f"{_num(r['decode_engine_vs_raw']['median'], '{:.3f}x')}, prompt "
            f"{_num(r['prompt_engine_vs_raw']['median'], '{:.3f}x')}"
            + _mark(d["targets"].get("decode_engine_vs_raw"))
        )
        if bench["available"]:
            lines.append(
                "   engine / llama-bench: decode "
                f"{_num(r['decode_engine_vs_llama_bench']['median'], '{:.3f}x')}, prompt "
                f"{_num(r['prompt_engine_vs_llama_bench']['median'], '{:.3f}x')}"
                + _mark(d["targets"].get("decode_engine_vs_llama_bench"))
            )
            lines.append(
                "   raw / llama-bench:    decode "
                f"{_num(r['decode_raw_vs_llama_bench']['median'], '{:.3f}x')}"
            )
            if bench.get("same_cpu_options") is False:
                lines.append("   WARNING: llama-bench was built with other CPU options")
        lines.append("   (ratios are medians of per-round ratios of paired runs)")
        lines.append("")
    pr = report.get("prefix_reuse")
    if pr:
        sizes = pr["prompt_tokens"][0] if pr["prompt_tokens"] else ["?", "?"]
        lines += [
            "2. Time to first token, long chat (medians)",
            f"   first turn, cold ({sizes[0]} tokens):   {_num(pr['first_ttft_s']['median'], '{:.3f} s')}"
            f"   (in the worker {_num(pr['worker_first_ttft_s']['median'], '{:.3f} s')})",
            f"   second turn ({sizes[1]} tokens, "
            f"{pr['second_turn_new_tokens'][0] if pr['second_turn_new_tokens'] else '?'} new): "
            f"{_num(pr['second_ttft_s']['median'], '{:.3f} s')}"
            f"   (in the worker {_num(pr['worker_second_ttft_s']['median'], '{:.3f} s')})",
            f"   second / first: {_num(pr['ratio']['median'], '{:.3f}x')}"
            + _mark(pr["targets"]["second_vs_first_ttft"]),
            "",
        ]
    g = report.get("gui") or {}
    lines.append("3. The window (offscreen), streaming a long reply with code blocks")
    if g.get("available"):
        lines += [
            f"   reply: {_num(g['completion_tokens']['median'], '{:.0f}')} tokens, "
            f"{g['code_fences']} code fences; window: {g.get('window')}",
            f"   tokens/s shown in the window: {_num(g['shown_tps']['median'])}"
            f"   headless (same request, same engine): {_num(g['headless_worker_tps']['median'])}"
            f"   ratio {_num(g['shown_vs_headless']['median'], '{:.3f}x')}",
            f"   tokens/s arriving in the view: {_num(g['view_tps']['median'])}"
            f"   headless client: {_num(g['headless_client_tps']['median'])}"
            f"   ratio {_num(g['view_vs_headless']['median'], '{:.3f}x')}",
            f"   longest event-loop stall while streaming: "
            f"{_num(g['max_stall_streaming_ms']['median'], '{:.1f} ms')} "
            f"(max {_num(g['max_stall_streaming_ms']['max'], '{:.1f} ms')})"
            + _mark(g["targets"]["stall_streaming"]),
            f"   final Markdown render of the reply: "
            f"{_num(g['final_render_stall_ms']['median'], '{:.1f} ms')} stall",
        ]
    else:
        lines.append(f"   {g.get('reason', 'not measured')}")
    lines.append("")
    st = report.get("startup") or {}
    lines.append("4. Start-up without a model (fresh process, empty QUILLMATE_HOME)")
    if st.get("available"):
        lines += [
            f"   process start to first paint: {_num(st['to_first_paint_s']['median'], '{:.3f} s')}"
            f" (median of {len(st['to_first_paint_s']['runs'])})" + _mark(st["targets"]["startup"]),
            f"   of which Python start-up: {_num(st['interpreter_s']['median'], '{:.3f} s')};"
            f" RSS at first paint: {_num(st['rss_mb']['median'], '{:.0f} MB')};"
            f" llama_cpp imported: {st['llama_cpp_imported']}",
        ]
    else:
        lines.append(f"   {st.get('reason', 'not measured')}")
    lines.append("")
    lines.append(
        f"({report.get('seconds', '?')} s in all; load average at start "
        f"{', '.join(f'{x:.2f}' for x in m.get('load_average') or [])})"
    )
    return "\n".join(lines) + "\n"
