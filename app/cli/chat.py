"""`quillmate chat`: stream one reply to stdout, from the local model or a server."""

from __future__ import annotations

import signal
import sys

from app.cli.common import (
    UserError,
    add_adapter_arguments,
    add_endpoint_arguments,
    apply_adapter_arguments,
    remote_engine,
    resolve_model,
)


def add_chat_parser(commands) -> None:
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
    chat.add_argument(
        "--sources", metavar="NAME", help="answer from a collection, citing it (quillmate sources)"
    )


def run_chat(args, services) -> int:
    from app.engine.types import Done, GenerateRequest, SamplingParams

    settings = services.settings
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
    prepared = None
    if args.sources:
        from app.core.sources import SourcesError

        n_ctx = args.ctx or (settings.load_options(model).n_ctx if model else None) or 2048
        try:
            prepared = services.sources.prepare(args.sources, prompt, context_tokens=n_ctx)
        except SourcesError as exc:
            raise UserError(str(exc)) from None
        messages = prepared.messages
    engine = remote_engine(args, settings) or services.engine
    # Ctrl+C: stop generating and keep what was printed, like Stop in the window.
    previous = signal.signal(signal.SIGINT, lambda *_: engine.cancel())
    try:
        if not args.endpoint:
            options = settings.load_options(model, n_ctx=args.ctx, n_threads=args.threads)
            engine.load(apply_adapter_arguments(options, args, settings))
        request = GenerateRequest(messages=messages, sampling=SamplingParams.from_dict(sampling))
        done = None
        reply = []
        for event in engine.generate(request):
            if isinstance(event, Done):
                done = event
            elif prepared is None:
                sys.stdout.write(event.text)
                sys.stdout.flush()
            else:
                reply.append(event.text)  # printed once its citations are checked
        if prepared is not None:
            print_checked(services.sources.check("".join(reply), prepared))
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


def print_checked(answer) -> None:
    """The answer (unverified citations marked [n?]) and its "Sources:" list."""
    from app.core.sources import sources_list

    sys.stdout.write(answer.text.rstrip() + "\n")
    if answer.note:
        sys.stdout.write(f"({answer.note})\n")
    sys.stdout.write("\nSources:\n")
    for line in sources_list(answer):
        sys.stdout.write(f"  {line}\n")
