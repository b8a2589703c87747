"""`quillmate doctor` and `quillmate bench`: what this machine can run, and how fast."""

from __future__ import annotations

import sys


def add_diagnose_parsers(commands) -> None:
    commands.add_parser("doctor", help="what this machine can run, and every folder used")
    bench = commands.add_parser("bench", help="measure the engine against llama.cpp")
    bench.add_argument("--model", help="a .gguf file (default: the starter model)")
    bench.add_argument("--threads", type=int, default=None)
    bench.add_argument("--json", action="store_true", help="print the report as JSON")
    bench.add_argument("--no-gui", action="store_true", help="skip the window measurements")
    bench.add_argument("--llama-bench", help="path of llama.cpp's llama-bench binary")
    bench.add_argument(
        "--only", choices=["speculative", "kv_persist"], help="run one section alone"
    )


def run_doctor(args, services) -> int:
    from app.diagnostics.doctor import doctor_report, format_report
    from app.paths import app_paths

    print(format_report(doctor_report(app_paths())))
    return 0


def run_bench_command(args, services) -> int:
    from app.bench.run import run_bench

    run_bench(
        args.model,
        threads=args.threads,
        json_out=args.json,
        include_gui=not args.no_gui,
        llama_bench_path=args.llama_bench,
        only=args.only,
        progress=lambda line: print(line, file=sys.stderr),
    )
    return 0
