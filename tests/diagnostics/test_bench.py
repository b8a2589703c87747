"""`quillmate bench`: the engine part runs end to end and reports what it should.

These tests check the report's structure, never its speed: the machines that run
them are shared, and timings there say nothing.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from types import SimpleNamespace

import pytest

from app.bench import common, reference, run, table
from app.core import measure

# One name for the package's parts, as the tests read them.
bench = SimpleNamespace(
    **{k: getattr(m, k) for m in (measure, common, reference, run, table) for k in dir(m)}
)


def test_summary_and_ratios_pair_rounds():
    s = bench.summary([3.0, None, 1.0, 2.0])
    assert s["median"] == 2.0 and s["min"] == 1.0 and s["max"] == 3.0
    assert s["runs"] == [3.0, None, 1.0, 2.0]
    r = bench.ratios([10.0, 9.0, None], [20.0, 10.0, 5.0])
    assert r["runs"] == [0.5, 0.9, None]
    assert r["median"] == pytest.approx(0.7)
    assert bench.summary([])["median"] is None


def test_stream_rate_is_tokens_between_first_and_last_over_time():
    # One arrival per token: (n - 1) / (t_last - t_first).
    assert bench.stream_rate([0.0, 0.5, 1.0], [1, 2, 3]) == pytest.approx(2.0)
    # Batches: the tokens that arrived after the first batch, over the time since it.
    assert bench.stream_rate([1.0, 2.0, 3.0], [4, 10, 24]) == pytest.approx(10.0)
    assert bench.stream_rate([1.0], [5]) is None


def test_prompts_are_reproducible_and_never_repeat():
    assert bench.filler_text(50, 1) == bench.filler_text(50, 1)
    assert bench.filler_text(50, 1) != bench.filler_text(50, 2)
    count = lambda text: len(text.split())  # noqa: E731 (a stand-in tokenizer)
    text = bench.text_of_tokens(count, 100, seed=3)
    assert 90 <= count(text) <= 100
    history = bench.chat_history(count, 400, seed=4)
    assert history[0]["role"] == "system" and history[-1]["role"] == "user"
    roles = [m["role"] for m in history[1:]]
    assert all(a != b for a, b in zip(roles, roles[1:], strict=False))  # alternating
    contents = [m["content"] for m in history]
    assert len(set(contents)) == len(contents)


def test_the_engine_module_stays_qt_free():
    code = "import sys, app.bench.run; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_llama_bench_json_is_parsed(tmp_path):
    """A stand-in llama-bench (the real one takes minutes to build) prints its JSON."""
    rows = [
        {"build_commit": "abc1234", "cpu_info": "Test CPU", "n_prompt": 64, "n_gen": 0,
         "avg_ts": 250.5, "stddev_ts": 3.0},
        {"build_commit": "abc1234", "cpu_info": "Test CPU", "n_prompt": 0, "n_gen": 8,
         "avg_ts": 120.25, "stddev_ts": 1.5},
    ]  # fmt: skip
    fake = tmp_path / "llama-bench"
    fake.write_text(f"#!/bin/sh\ncat <<'EOF'\n{json.dumps(rows)}\nEOF\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    assert bench.find_llama_bench(fake) == str(fake)
    result = bench.llama_bench_run(str(fake), "m.gguf", threads=2, n_prompt=64, n_gen=8, reps=1)
    assert result["pp_tps"] == 250.5 and result["tg_tps"] == 120.25
    assert result["build_commit"] == "abc1234"
    assert "-p 64 -n 8" in result["command"] and "-o json" in result["command"]


def test_missing_llama_bench_and_model_are_clear(tmp_path, monkeypatch):
    monkeypatch.delenv(bench.LLAMA_BENCH_ENV, raising=False)
    assert bench.find_llama_bench(None) is None
    with pytest.raises(bench.BenchError, match="model not found"):
        bench.run_bench(tmp_path / "nope.gguf", include_gui=False, out=io.StringIO())


@pytest.mark.model
def test_engine_bench_smoke(model_path, monkeypatch):
    """The engine sections with tiny token counts: the report has every number."""
    monkeypatch.delenv(bench.LLAMA_BENCH_ENV, raising=False)
    out = io.StringIO()
    lines: list[str] = []
    report = bench.run_bench(
        model_path,
        threads=1,  # one thread: OpenMP barriers with 2 threads crawl on a busy 2-core box
        json_out=True,
        include_gui=False,
        rounds=1,
        decode_tokens=8,
        prompt_tokens=32,
        history_tokens=160,
        n_ctx=1024,
        sources_passages=8,
        scale_conversations=20,
        out=out,
        progress=lines.append,
    )
    assert json.loads(out.getvalue()) == json.loads(json.dumps(report))
    assert lines and any("decode" in line for line in lines)

    assert report["schema"] == bench.SCHEMA_VERSION
    assert report["model"]["file"] == model_path.name
    assert report["model"]["n_params"] > 0
    assert report["settings"]["threads"] == 1
    assert report["machine"]["physical_cores"] >= 1
    assert isinstance(report["machine"]["cpu_features"], list)
    assert isinstance(report["machine"]["openmp_env"], dict)
    assert report["versions"]["llama_cpp_python"]

    decode = report["decode"]
    for side in ("engine", "engine_worker", "raw"):
        assert decode["decode_tps"][side]["median"] > 0, side
        assert decode["prompt_tps"][side]["median"] > 0, side
    assert decode["completion_tokens"]["engine"] == decode["completion_tokens"]["raw"] == [8]
    assert decode["ratios"]["decode_engine_vs_raw"]["median"] > 0
    assert decode["llama_bench"] == {"available": False, "reason": bench.LLAMA_BENCH_MISSING}
    assert set(decode["measures"]) == {
        "engine", "engine_worker", "engine_app_sampling", "raw", "llama_bench"
    }  # fmt: skip
    assert decode["decode_tps"]["engine_app_sampling"]["runs"]
    assert decode["targets"]["decode_engine_vs_raw"]["met"] in (True, False)

    reuse = report["prefix_reuse"]
    assert reuse["first_ttft_s"]["median"] > 0 and reuse["second_ttft_s"]["median"] > 0
    assert reuse["ratio"]["median"] > 0
    first_len, second_len = reuse["prompt_tokens"][0]
    assert second_len > first_len
    # The follow-up reused the conversation from the KV cache.
    assert reuse["second_turn_reused_tokens"][0] >= first_len * 0.9
    assert reuse["second_turn_new_tokens"][0] < second_len - first_len + 8

    # The next turn after a restart, restored vs cold (160 tokens: too short to save).
    kv = report["kv_persist"]
    assert kv["restored_ttft_s"]["median"] > 0 and kv["cold_ttft_s"]["median"] > 0
    assert kv["ratio"]["median"] > 0 and len(kv["raw"]["cold_ttft_s"]) == 1
    assert kv["targets"]["restored_vs_cold_ttft"]["met"] in (True, False)

    assert report["gui"]["available"] is False and report["startup"]["available"] is False

    # Sources: the starter embedding model through the Embedder and raw, paired.
    sources = report["sources"]
    assert sources["available"] and sources["dim"] == 384 and sources["passages"] == 8
    assert sources["embed_passages_per_s"]["median"] > 0
    assert sources["raw_passages_per_s"]["median"] > 0
    assert sources["embed_ratio"]["median"] > 0
    assert sources["targets"]["embed_ratio"]["met"] in (True, False)
    assert "5. Sources" in bench.format_table(report)

    # Scale: a small synthetic history, search only without the window.
    scale = report["scale"]
    assert scale["available"] and scale["profile"]["conversations"] == 21
    assert scale["search_ms"] > 0 and "sidebar_ms" not in scale
    assert "6. Scale" in bench.format_table(report)

    # Safe against default kernels, one run: a ratio where both work, the death where not.
    k = report["kernels"]
    assert k["prompt_tps"]["safe"]["median"] > 0 and k["decode_tps"]["safe"]["median"] > 0
    if "default" in k["failed"]:
        assert (
            any(name in k["failed"]["default"] for name in ("SIGILL", "SIGSEGV", "SIGBUS"))
            and k["ratios"]["prompt_safe_vs_default"]["median"] is None
        )
    else:
        assert k["ratios"]["prompt_safe_vs_default"]["median"] > 0
        assert k["ratios"]["decode_safe_vs_default"]["median"] > 0
    assert report["machine"]["kernels"] in ("default", "safe")

    table = bench.format_table(report)
    assert "not available (run tests/bench/build_llama_bench.sh)" in table
    assert "safe / default:" in table
    for heading in (
        "1. Speed",
        "2. Time to first token",
        "2c. Next turn of a long chat after a restart",
        "2b. Kernels",
        "3. The window",
        "4. Start-up",
    ):
        assert heading in table


def test_build_script_is_there_and_parses():
    script = os.path.join(os.path.dirname(__file__), "..", "bench", "build_llama_bench.sh")
    assert os.access(script, os.X_OK)
    assert subprocess.run(["bash", "-n", script], check=False).returncode == 0
    text = open(script, encoding="utf-8").read()
    for needle in ("--no-binary :all:", "llama-cpp-python==", "-DGGML_NATIVE=ON",
                   "--target llama-bench", "llama_print_system_info"):  # fmt: skip
        assert needle in text, needle
