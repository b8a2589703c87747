"""`quillmate serve`: the app's model as an OpenAI-compatible API on this computer."""

from __future__ import annotations

import argparse
import signal
import sys


def add_serve_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "serve", help="serve the model as an OpenAI-compatible API (127.0.0.1, with a token)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--model", help="a .gguf file or an installed model's id")
    parser.add_argument("--token", help="the bearer token clients must send (default: a new one)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="where to listen (default 127.0.0.1; anything else lets other computers in)",
    )
    parser.add_argument("--ctx", type=int, default=None, help="context size in tokens")
    parser.add_argument("--threads", type=int, default=None)
    return parser


def run_serve(args, services) -> int:
    from pathlib import Path

    from app.cli.common import UserError, resolve_model
    from app.core.api_server import ApiServer, new_token
    from app.engine.types import ModelLoadError

    settings = services.settings
    model = resolve_model(args.model, settings)
    token = args.token or new_token()
    engine = services.engine
    try:
        engine.load(settings.load_options(model, n_ctx=args.ctx, n_threads=args.threads))
    except ModelLoadError as exc:
        engine.close()
        raise UserError(str(exc)) from None
    try:
        server = ApiServer(
            engine, Path(model).stem, token, embedder_factory=services.sources.embedder
        ).start(args.host, args.port)
    except OSError as exc:
        engine.close()
        raise UserError(f"cannot listen on {args.host}:{args.port}: {exc}") from None
    print(f"base URL: {server.url}", flush=True)
    print(f"token: {token}", flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"warning: listening on {args.host}: other computers can reach this API "
            "(they still need the token)",
            file=sys.stderr,
            flush=True,
        )
    previous = signal.signal(signal.SIGTERM, lambda *_: server.stop())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
        engine.close()
    return 0
