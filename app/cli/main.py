"""The `quillmate` command: the window by default, sub-commands for scripts.

A thin face over the same Qt-free services the GUI uses. User errors print one
line on stderr and exit non-zero; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import logging
import sys

from app import __version__
from app.cli.common import one_line

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quillmate",
        description="Chat, write and grade with a language model on your own computer.",
    )
    parser.add_argument("--version", action="version", version=f"quillmate {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window, load the starter model, answer one prompt, open every mode, exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("gui", help="open the window (the default)")

    from app.cli.chat import add_chat_parser
    from app.cli.diagnose import add_diagnose_parsers
    from app.cli.endpoints import add_endpoints_parser
    from app.cli.finetune import add_finetune_parser
    from app.cli.grade import add_grade_parser
    from app.cli.models import add_models_parser
    from app.cli.serve import add_serve_parser
    from app.cli.sources import add_sources_parser
    from app.cli.write import add_write_parser

    add_chat_parser(commands)
    add_diagnose_parsers(commands)

    add_models_parser(commands)
    add_write_parser(commands)
    add_grade_parser(commands)
    add_finetune_parser(commands)
    add_endpoints_parser(commands)
    add_serve_parser(commands)
    add_sources_parser(commands)

    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    command = args.command or "gui"
    try:
        return cmd_gui(args) if command == "gui" else run_command(command, args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"quillmate {command}: {one_line(exc)}", file=sys.stderr)
        return 1


def cmd_gui(args) -> int:
    from app.ui.app import run_gui

    return run_gui(sys.argv[:1], self_test=getattr(args, "self_test", False))


# Each command's `run(args, services)`: module path and function, imported on use so
# `quillmate chat` never imports the grading or training code.
COMMANDS = {
    "chat": ("app.cli.chat", "run_chat"),
    "models": ("app.cli.models", "run_models"),
    "write": ("app.cli.write", "run_write"),
    "grade": ("app.cli.grade", "run_grade"),
    "finetune": ("app.cli.finetune", "run_finetune"),
    "endpoints": ("app.cli.endpoints", "run_endpoints"),
    "serve": ("app.cli.serve", "run_serve"),
    "sources": ("app.cli.sources", "run_sources"),
}
# These must work on a broken profile (a damaged database): no Services for them.
WITHOUT_SERVICES = {
    "doctor": ("app.cli.diagnose", "run_doctor"),
    "bench": ("app.cli.diagnose", "run_bench_command"),
}


def run_command(command: str, args) -> int:
    """Every command starts from the same Services (settings, store, engine), but the
    diagnostics, which must run whatever state the profile is in."""
    import importlib

    from app.services import Services

    if command in WITHOUT_SERVICES:
        module, name = WITHOUT_SERVICES[command]
        return getattr(importlib.import_module(module), name)(args, None)
    module, name = COMMANDS[command]
    services = Services.create()
    try:
        return getattr(importlib.import_module(module), name)(args, services)
    finally:
        services.close()


if __name__ == "__main__":
    raise SystemExit(main())
