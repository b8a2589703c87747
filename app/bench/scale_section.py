"""Benchmark section: does the app stay as fast with years of chats as with none?

Everything that grows with use is timed on a synthetic profile built through the
app's own store (app.bench.scale_profile): 2,000 conversations × 50 messages plus one
of 2,000 messages, and apart from it 10,000 short conversations for the sidebar.

- search_ms: the first page of hits for two common words (median over the queries
  of each query's median), what search-as-you-type waits for;
- sidebar_ms: the sidebar built over 10,000 conversations, to its first paint;
- open_2000_ms: the 2,000-message conversation opened in the real window;
- max_stall_ms: the longest step while scrolling that conversation to its top;
- startup: fresh processes to the window's first paint, large profile vs empty.

The window parts import PySide6 only inside their function (app.ui.scale_bench).
"""

from __future__ import annotations

import logging
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.bench.scale_profile import SEARCH_QUERIES, build_profile
from app.core.measure import summary
from app.core.store import Store

log = logging.getLogger(__name__)

TARGET_SEARCH_MS = 50.0
TARGET_SIDEBAR_MS = 100.0
TARGET_OPEN_MS = 200.0
TARGET_STALL_MS = 16.0
STARTUP_SLACK = 1.15  # large-profile start-up within 15% of the empty one's


def bench_scale(
    folder: str | os.PathLike | None = None,
    *,
    conversations: int = 2000,
    messages: int = 50,
    long_messages: int = 2000,
    sidebar_conversations: int = 10_000,
    include_gui: bool = True,
    startup_runs: int = 3,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Build (or reuse) the profiles in `folder` (default: a temporary one), time them."""
    progress = progress or (lambda line: log.info("bench: %s", line))
    if folder is None:
        with tempfile.TemporaryDirectory(prefix="quillmate-scale-") as tmp:
            return bench_scale(
                tmp, conversations=conversations, messages=messages,
                long_messages=long_messages, sidebar_conversations=sidebar_conversations,
                include_gui=include_gui, startup_runs=startup_runs, progress=progress,
            )  # fmt: skip
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    progress(f"scale: building {conversations} × {messages} messages (cached per folder)")
    big = build_profile(
        folder / "history.sqlite3",
        conversations=conversations,
        messages=messages,
        long_messages=long_messages,
    )
    side = build_profile(
        folder / "sidebar.sqlite3", conversations=sidebar_conversations, messages=2
    )
    report: dict[str, Any] = {"available": True, "profile": big, "sidebar_profile": side}
    progress("scale: full-text search, first page")
    report.update(measure_search(big["path"]))
    if include_gui:
        try:
            report.update(_gui(big["path"], side["path"], startup_runs, progress))
        except Exception as exc:  # after the other sections ran: report, don't crash
            log.warning("scale: the window measurements failed", exc_info=True)
            report["gui"] = {"available": False, "reason": f"the window part failed: {exc}"}
    report["targets"] = _targets(report)
    return report


def measure_search(path: str, repeats: int = 5) -> dict[str, Any]:
    """Each common-word query: one warm-up, then the median of `repeats` first pages."""
    per_query: dict[str, float] = {}
    second_page: list[float] = []
    with Store(path) as store:
        for query in SEARCH_QUERIES:
            first = store.search(query)  # warm-up: the pages it needs are cached
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                store.search(query)
                times.append((time.perf_counter() - started) * 1000)
            per_query[query] = round(statistics.median(times), 2)
            if first and _pages(store):
                started = time.perf_counter()
                store.search(query, before=first[-1].message_id)
                second_page.append((time.perf_counter() - started) * 1000)
    return {
        "search_ms": round(statistics.median(per_query.values()), 2),
        "search_ms_by_query": per_query,
        "search_next_page_ms": summary(second_page) if second_page else None,
    }


def _pages(store: Store) -> bool:
    """Whether this store's search takes `before` (the bench also runs on older code)."""
    import inspect

    return "before" in inspect.signature(store.search).parameters


def _gui(big: str, side: str, startup_runs: int, progress) -> dict[str, Any]:
    try:
        from app.ui import scale_bench
    except Exception as exc:  # no Qt platform plugin
        return {"gui": {"available": False, "reason": f"no window: {exc!r}"}}
    out: dict[str, Any] = {}
    progress("scale: the sidebar over 10,000 conversations")
    sidebar = scale_bench.measure_sidebar(side)
    out["sidebar_ms"] = round(statistics.median(sidebar), 1)
    out["sidebar_ms_runs"] = [round(t, 1) for t in sidebar]
    progress("scale: a 2,000-message conversation in the window, opened and scrolled")
    long = scale_bench.measure_long_conversation(big)
    opened = long.pop("open_ms")
    out["open_2000_ms"] = round(statistics.median(opened), 1)
    out["open_2000_ms_runs"] = [round(t, 1) for t in opened]
    out["max_stall_ms"] = long.pop("max_stall_ms")
    out["long_conversation"] = long
    if startup_runs > 0:
        progress("scale: start-up with the large profile and with an empty one")
        out.update(_startup(big, startup_runs))
    return out


def _startup(big: str, runs: int) -> dict[str, Any]:
    """Fresh processes to first paint: a home holding the large profile, an empty one.

    Both homes are prepared the same way and opened once untimed first, so the
    empty side does not count first-run work (settings, the model library) that
    the large side has already done: the difference is the history alone.
    """
    import shutil

    from app.paths import AppPaths
    from app.ui import bench as ui_bench

    out: dict[str, Any] = {}
    for name, source in (("large", big), ("empty", None)):
        with tempfile.TemporaryDirectory(prefix=f"quillmate-scale-{name}-") as home:
            root = Path(home)
            paths = AppPaths(root / "config", root / "data", root / "cache", root / "logs")
            paths.ensure()
            if source:
                shutil.copyfile(source, paths.database)
            ui_bench.measure_startup(runs=1, home=home)  # warm-up: first-run work
            measured = ui_bench.measure_startup(runs=runs, home=home)
        if not measured.get("available"):
            return {"startup": {"available": False, "reason": measured.get("reason")}}
        out[f"startup_{name}_s"] = measured["to_first_paint_s"]["median"]
        out[f"startup_{name}_runs"] = measured["to_first_paint_s"]["runs"]
    return out


def _targets(report: dict[str, Any]) -> dict[str, Any]:
    def target(value, limit, unit="ms") -> dict[str, Any]:
        return {
            "target": f"<= {limit:g} {unit}",
            "value": value,
            "met": None if value is None else value <= limit,
        }

    targets = {"search_ms": target(report.get("search_ms"), TARGET_SEARCH_MS)}
    if "sidebar_ms" in report:
        targets["sidebar_ms"] = target(report["sidebar_ms"], TARGET_SIDEBAR_MS)
        targets["open_2000_ms"] = target(report["open_2000_ms"], TARGET_OPEN_MS)
        targets["max_stall_ms"] = target(report["max_stall_ms"], TARGET_STALL_MS)
    if report.get("startup_empty_s"):
        limit = round(report["startup_empty_s"] * STARTUP_SLACK, 3)
        targets["startup_large_s"] = target(report["startup_large_s"], limit, "s")
    return targets


def format_lines(section: dict[str, Any] | None) -> list[str]:
    """The section as table lines (app.bench.table)."""
    if not section:
        return []
    lines = ["6. Scale: a large history (synthetic profile through the app's store)"]
    if not section.get("available"):
        return lines + [f"   {section.get('reason', 'not measured')}", ""]
    p = section["profile"]
    lines.append(
        f"   {p['conversations']} conversations, {p['messages']} messages, {p['size_mb']} MB;"
        f" sidebar profile {section['sidebar_profile']['conversations']} conversations"
    )
    names = {
        "search_ms": "search, first page (common words)",
        "sidebar_ms": "sidebar, 10,000 conversations",
        "open_2000_ms": "open a 2,000-message conversation",
        "max_stall_ms": "longest step scrolling it to the top",
        "startup_large_s": "start-up, large profile",
    }
    for key, target in section.get("targets", {}).items():
        unit = "s" if key.endswith("_s") else "ms"
        mark = "" if target["met"] is None else ("  ✓" if target["met"] else "  ✗")
        value = "—" if target["value"] is None else f"{target['value']:g} {unit}"
        lines.append(f"   {names.get(key, key):40}{value:>12}{mark} target {target['target']}")
    if section.get("startup_empty_s") is not None:
        lines.append(f"   {'start-up, empty profile':40}{section['startup_empty_s']:>10g} s")
    return lines + [""]
