"""The benchmark report as a plain-text table for a terminal or a README."""

from __future__ import annotations

from typing import Any


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
    kv = report.get("kv_persist")
    if kv:
        lines += [
            "2c. Next turn of a long chat after a restart (fresh worker, medians)",
            f"   restored from the saved KV state: {_num(kv['restored_ttft_s']['median'], '{:.3f} s')}"
            f"   cold: {_num(kv['cold_ttft_s']['median'], '{:.3f} s')}"
            f"   restored / cold: {_num(kv['ratio']['median'], '{:.3f}x')}"
            + _mark(kv["targets"]["restored_vs_cold_ttft"]),
            "",
        ]
    lines += _kernels_lines(report.get("kernels"))
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
    lines += _speculative_lines(report.get("speculative"))
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
    from app.bench.scale_section import format_lines as scale_lines
    from app.bench.sources_section import format_lines

    lines += format_lines(report.get("sources"))
    lines += scale_lines(report.get("scale"))
    lines.append(
        f"({report.get('seconds', '?')} s in all; load average at start "
        f"{', '.join(f'{x:.2f}' for x in m.get('load_average') or [])})"
    )
    return "\n".join(lines) + "\n"


def _kernels_lines(k: dict[str, Any] | None) -> list[str]:
    """Section 2b: safe kernels (the SIGILL fallback) against the default ones."""
    if not k:
        return []
    lines = ["2b. Kernels: default vs safe (medians, tokens/s, timed in the worker)"]
    for mode in ("default", "safe"):
        if mode in k["failed"]:
            lines.append(f"   {mode:10}{k['failed'][mode]}")
            continue
        tg = k["decode_tps"].get(mode, {}).get("median")
        pp = k["prompt_tps"].get(mode, {}).get("median")
        lines.append(f"   {mode:10}decode {_num(tg):>8}   prompt {_num(pp):>8}")
    r = k["ratios"]
    lines.append(
        f"   safe / default: decode {_num(r['decode_safe_vs_default']['median'], '{:.3f}x')}, "
        f"prompt {_num(r['prompt_safe_vs_default']['median'], '{:.3f}x')}"
    )
    return lines + [""]


def _speculative_lines(sp: dict[str, Any] | None) -> list[str]:
    """Section 3b: prompt-lookup speculative decoding against plain decoding."""
    if not sp:
        return []
    lines = ["3b. Speculative decoding from the text (prompt lookup) vs plain, greedy"]
    for job, key in (
        ("proofread", "proofread_speedup"),
        ("rewrite", "rewrite_speedup"),
        ("chat", "chat_ratio"),
    ):
        tps = sp["decode_tps"][job]
        drafted, accepted = sum(sp["drafted_tokens"][job]), sum(sp["accepted_tokens"][job])
        lines.append(
            f"   {job:10}{_num(tps['speculative']['median']):>7} vs "
            f"{_num(tps['plain']['median']):>7} tokens/s = {_num(sp[key], '{:.3f}x')}; "
            f"same text: {sp['identical_output'][job]}; accepted {accepted}/{drafted} drafted"
            + _mark(sp["targets"].get(key))
        )
    return lines + [""]
