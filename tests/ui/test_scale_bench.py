"""The `scale` bench section on a tiny profile: every key the table and README read.

No timing is checked (the figures come from `quillmate bench` on the full profile);
this only makes sure each measurement runs on the real widgets and reports.
"""

from __future__ import annotations

from app.bench.scale_section import bench_scale, format_lines


def test_the_scale_section_reports_every_figure(qapp, tmp_path):
    lines: list[str] = []
    report = bench_scale(
        tmp_path, conversations=12, messages=6, long_messages=120, sidebar_conversations=300,
        startup_runs=0, progress=lines.append,
    )  # fmt: skip
    assert report["available"] and report["profile"]["messages"] == 12 * 6 + 120
    assert report["sidebar_profile"]["conversations"] == 300
    for key in ("search_ms", "sidebar_ms", "open_2000_ms", "max_stall_ms"):
        assert report[key] >= 0, key
        assert report["targets"][key]["met"] in (True, False)
    long = report["long_conversation"]
    assert long["messages"] == 120 and long["reached_top"]
    assert long["rendered_at_open"] < 120  # the tail only
    assert lines

    again = bench_scale(  # the built profiles are reused from the folder
        tmp_path, conversations=12, messages=6, long_messages=120, sidebar_conversations=300,
        include_gui=False,
    )  # fmt: skip
    assert again["profile"]["cached"] and "sidebar_ms" not in again
    table = "\n".join(format_lines(report))
    assert "6. Scale" in table and "search, first page" in table
