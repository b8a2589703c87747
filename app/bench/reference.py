"""The references: raw llama-cpp-python in this process, and llama.cpp's own llama-bench."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from app.bench.common import LLAMA_BENCH_ENV, BenchError
from app.core.measure import stream_rate
from app.engine import hardware
from app.engine import kernels as kernel_choice


def open_raw(
    model_path: str, *, threads: int, n_ctx: int, n_batch: int, kernels: str | None = None
):
    """`llama_cpp.Llama` with the same context, batch, threads and kernels as the engine."""
    import llama_cpp

    with kernel_choice.model_params(kernels or kernel_choice.in_process_mode()):
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


def cpu_section(system_info: str | None) -> dict[str, str]:
    return hardware.parse_system_info(system_info or "").get("CPU", {})
