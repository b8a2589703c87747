"""`quillmate endpoints`: remote OpenAI-compatible servers the user chose to use."""

from __future__ import annotations

import argparse
import json


def add_endpoints_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "endpoints", help="remote OpenAI-compatible servers (vLLM, llama-server, Ollama…)"
    )
    sub = parser.add_subparsers(dest="endpoints_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="save a server: NAME URL (e.g. http://gpu-box:8000/v1)")
    add.add_argument("name")
    add.add_argument("url")
    add.add_argument("--api-key-env", help="the environment variable that holds its API key")
    add.add_argument(
        "--api-key-stdin",
        action="store_true",
        help="read its API key from stdin and keep it in the OS keyring",
    )
    add.add_argument("--model", help="the server's model id (default: the first it lists)")
    add.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")
    add.add_argument("--ca-file", help="a CA bundle for a server with its own certificate")
    sub.add_parser("list", help="the saved servers").add_argument("--json", action="store_true")
    sub.add_parser("remove", help="forget a saved server").add_argument("name")
    sub.add_parser("models", help="the models a server offers").add_argument("name")
    return parser


def run_endpoints(args, services) -> int:
    from app.cli.common import UserError
    from app.core import endpoints
    from app.engine.types import EngineError

    settings = services.settings
    try:
        if args.endpoints_command == "add":
            entry = endpoints.add(
                settings, args.name, args.url, model=args.model,
                api_key_env=args.api_key_env, timeout=args.timeout, ca_file=args.ca_file,
            )  # fmt: skip
            if args.api_key_stdin:
                import sys

                key = sys.stdin.readline().strip()
                if not key:
                    raise UserError("no API key on stdin")
                endpoints.store_api_key(args.name, key)
            print(f"saved {args.name}: {entry['url']} (text sent there leaves this computer)")
        elif args.endpoints_command == "list":
            saved = endpoints.saved(settings)
            if args.json:
                print(json.dumps(saved, indent=2))
            for name, entry in saved.items() if not args.json else ():
                key = f"key from ${entry['api_key_env']}" if entry.get("api_key_env") else "no key"
                print(f"{name}\t{entry['url']}\t{entry.get('model') or '(first model)'}\t{key}")
        elif args.endpoints_command == "remove":
            endpoints.remove(settings, args.name)
            print(f"removed {args.name}")
        else:
            engine = endpoints.engine_for(settings, args.name)
            try:
                for model in engine.list_models():
                    print(model)
            finally:
                engine.close()
    except (endpoints.EndpointError, EngineError) as exc:
        raise UserError(str(exc)) from None
    return 0
