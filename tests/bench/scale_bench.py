"""The `scale` bench section on its own: a large synthetic history, timed.

    python tests/bench/scale_bench.py [--folder DIR] [--no-gui] [--startup-runs N]

Builds 2,000 conversations × 50 messages (plus one of 2,000) and 10,000 short
conversations through the app's store in DIR (kept, so a second run reuses them;
a temporary folder by default), then prints the section's JSON: scale.search_ms,
scale.sidebar_ms, scale.open_2000_ms, scale.max_stall_ms and start-up with the large
profile against an empty one. `quillmate bench --json` has the same section.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from app.bench.scale_section import bench_scale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", help="where to build (and reuse) the profiles")
    parser.add_argument("--no-gui", action="store_true", help="search only, no window")
    parser.add_argument("--startup-runs", type=int, default=3)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report = bench_scale(args.folder, include_gui=not args.no_gui, startup_runs=args.startup_runs)
    json.dump({"scale": report}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
