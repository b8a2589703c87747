"""Run the whole benchmark and describe the machine it ran on."""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from app.bench.common import DEFAULT_N_BATCH, DEFAULT_N_CTX, SCHEMA_VERSION, BenchError
from app.bench.kernels_section import bench_kernels
from app.bench.kv_persist_section import bench_kv_persist
from app.bench.reference import find_llama_bench
from app.bench.scale_section import bench_scale
from app.bench.sections import bench_decode, bench_prefix_reuse
from app.bench.sources_section import bench_sources
from app.bench.speculative_section import bench_speculative
from app.bench.table import format_table
from app.engine import hardware
from app.engine.client import EngineClient
from app.engine.types import LoadOptions

log = logging.getLogger(__name__)

_OMP_PREFIXES = ("OMP_", "GOMP_", "KMP_")


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
    sources_passages: int = 200,
    scale_conversations: int = 2000,
    only: str | None = None,
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
    sources_passages: passages per round of the Sources embedding section (0 skips it).
    scale_conversations: conversations of 50 messages in the scale section's synthetic
        history (0 skips it; the sidebar case always has 10,000 short ones).
    only: "speculative" or "kv_persist" runs that section alone (a quick check of one feature).
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
        if only == "speculative":
            report["speculative"] = bench_speculative(
                client, options, rounds=rounds, progress=progress
            )
            return _finish(report, started, json_out, out, skipped="skipped (--only)")
        if only == "kv_persist":
            report["kv_persist"] = bench_kv_persist(
                options, rounds=rounds, history_tokens=history_tokens, progress=progress
            )
            return _finish(report, started, json_out, out, skipped="skipped (--only)")
        report["decode"] = bench_decode(
            client, path, threads=threads, n_ctx=n_ctx, n_batch=DEFAULT_N_BATCH,
            rounds=rounds, decode_tokens=decode_tokens, prompt_tokens=prompt_tokens,
            llama_bench=llama_bench, llama_bench_reps=llama_bench_reps, progress=progress,
        )  # fmt: skip
        report["prefix_reuse"] = bench_prefix_reuse(
            client, options, rounds=rounds, history_tokens=history_tokens,
            reply_tokens=32, progress=progress,
        )  # fmt: skip
        report["kv_persist"] = bench_kv_persist(
            options, rounds=rounds, history_tokens=history_tokens, progress=progress
        )
        report["speculative"] = bench_speculative(client, options, rounds=rounds, progress=progress)
        report["machine"]["kernels"] = client.kernels
    finally:
        client.close()
    report["kernels"] = bench_kernels(
        options, rounds=rounds, decode_tokens=decode_tokens, prompt_tokens=prompt_tokens,
        progress=progress,
    )  # fmt: skip

    if sources_passages > 0:
        report["sources"] = bench_sources(
            threads=threads, rounds=rounds, n_passages=sources_passages, progress=progress
        )
    else:
        report["sources"] = {"available": False, "reason": "skipped (sources_passages=0)"}

    if scale_conversations > 0:
        report["scale"] = bench_scale(
            conversations=scale_conversations, include_gui=include_gui,
            startup_runs=startup_runs if include_gui else 0, progress=progress,
        )  # fmt: skip
    else:
        report["scale"] = {"available": False, "reason": "skipped (scale_conversations=0)"}

    if include_gui:
        from app.ui import bench as ui_bench  # PySide6 only when asked for

        progress("window: streaming a long reply (offscreen)")
        report["gui"] = ui_bench.measure_gui(
            path, threads=threads, n_ctx=n_ctx, rounds=gui_rounds, max_tokens=gui_tokens,
            progress=progress,
        )  # fmt: skip
        progress("start-up: fresh processes to the window's first paint")
        report["startup"] = ui_bench.measure_startup(runs=startup_runs)
        return _finish(report, started, json_out, out)
    return _finish(report, started, json_out, out, skipped="skipped (include_gui=False)")


def _finish(report, started: float, json_out: bool, out, skipped: str = "") -> dict[str, Any]:
    if skipped:
        for key in ("gui", "startup"):
            report.setdefault(key, {"available": False, "reason": skipped})
    report["seconds"] = round(time.perf_counter() - started, 1)
    stream = out if out is not None else sys.stdout
    stream.write(json.dumps(report, indent=2) + "\n" if json_out else format_table(report))
    stream.flush()
    return report
