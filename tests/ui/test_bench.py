"""The window's part of `quillmate bench`: the numbers app.bench prints."""

from __future__ import annotations

import pytest

from app.ui.bench import measure_gui, measure_startup

pytestmark = [pytest.mark.model, pytest.mark.gui]


def test_measure_gui_reports_what_the_table_reads(qapp, model_path):
    report = measure_gui(str(model_path), threads=1, n_ctx=1024, rounds=1, max_tokens=48)
    assert report["available"], report.get("reason")
    for key in (
        "completion_tokens",
        "shown_tps",
        "headless_worker_tps",
        "shown_vs_headless",
        "view_tps",
        "headless_client_tps",
        "view_vs_headless",
        "max_stall_streaming_ms",
        "final_render_stall_ms",
    ):
        assert report[key]["median"] is not None, key
    assert report["completion_tokens"]["median"] > 1
    assert report["shown_tps"]["median"] > 0
    assert isinstance(report["code_fences"], int)
    assert report["targets"]["stall_streaming"]["met"] in (True, False)


def test_measure_startup_without_llama_cpp():
    report = measure_startup(runs=1)
    assert report["available"], report.get("reason")
    assert report["llama_cpp_imported"] is False
    assert 0 < report["interpreter_s"]["median"] < report["to_first_paint_s"]["median"]
    assert report["rss_mb"]["median"] > 10
