"""`quillmate write ACTION FILE`: a writing action on a file, for scripts.

Prints the result (the revised text, the answer, or JSON for analyses), or a
unified diff of the file's text for edit actions with `--diff`; `--out F`
writes the result to F instead (a .docx stays a .docx with its tables and
images). Notes (split into parts, trimmed, no changes suggested) go to stderr.
The same `WritingService` the window uses does the work.

Wired into `app.cli.main` with `add_write_parser(commands)` and `run_write(args, services)`.
"""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import signal
import sys

from app.cli.common import UserError

log = logging.getLogger(__name__)


def _say(message: str) -> None:
    """One line on stderr (notes and errors; stdout is for the result)."""
    sys.stderr.write(f"quillmate write: {message}\n")


def add_write_parser(commands) -> argparse.ArgumentParser:
    """Add the `write` sub-command to `commands` (argparse sub-parsers)."""
    write = commands.add_parser(
        "write",
        help="run a writing action (proofread, rewrite, summarize…) on a file",
        description="Run a writing action on a .txt, .md or .docx file. "
        "'quillmate write list' shows the actions.",
    )
    write.add_argument("action", help="proofread, rewrite, shorten, expand, summarize, … or list")
    write.add_argument("file", nargs="?", help="a .txt, .md or .docx file; '-' reads stdin")
    write.add_argument("--out", help="write the result to this file instead of stdout")
    write.add_argument("--diff", action="store_true", help="edit actions: print a unified diff")
    write.add_argument("--tone", help="rewrite: formal, friendly, concise, confident, simple…")
    write.add_argument("--to", dest="language", help="translate: the language to translate into")
    write.add_argument("--categories", help="classify: the categories, comma-separated")
    write.add_argument("--memory", help="facts the model must keep (story helpers)")
    write.add_argument("--note", dest="authors_note", help="author's note: style guidance")
    write.add_argument("--model", help="a .gguf file (default: the app's default model)")
    from app.cli.common import add_adapter_arguments, add_endpoint_arguments

    add_adapter_arguments(write)
    add_endpoint_arguments(write)
    write.add_argument("--max-tokens", type=int, default=None, help="cap on each answer")
    write.add_argument("--temperature", type=float, default=None)
    write.add_argument("--seed", type=int, default=None)
    write.add_argument("--ctx", type=int, default=None, help="context size in tokens")
    write.add_argument("--threads", type=int, default=None)
    write.add_argument("--part-tokens", type=int, default=None, help=argparse.SUPPRESS)
    return write


def run_write(args, services) -> int:
    """Run the command; raises UserError (or DocumentError…) for the user to fix."""
    from app.core.writing.actions import ActionError, ActionLibrary

    library = ActionLibrary()
    for problem in library.problems:
        _say(f"skipped a user action: {problem}")
    if args.action == "list":
        for action in library.all():
            sys.stdout.write(f"{action.name:<12} {action.description or action.title}\n")
        return 0
    if not args.file:
        raise UserError("say which file to work on: quillmate write ACTION FILE")
    try:
        action = library.get(args.action)
    except ActionError as exc:
        raise UserError(str(exc)) from None
    document = _open(args.file)
    request = _request(action, document.text, args)
    result = _run(request, args, services)
    for note in result.notes:
        _say(note)
    if result.status == "error":
        raise UserError(result.error or "the action failed")
    _output(action, document, result, args)
    return 130 if result.status == "stopped" else 0


def _open(file: str):
    from app.core.documents import Document, DocumentError, open_document

    if file == "-":
        return Document(path=None, text=sys.stdin.read())
    try:
        return open_document(file)
    except DocumentError as exc:
        raise UserError(str(exc)) from None


def _request(action, text: str, args):
    from app.core.writing.notes import DocumentNotes
    from app.core.writing.service import WriteRequest

    sampling = {
        key: getattr(args, key)
        for key in ("max_tokens", "temperature", "seed")
        if getattr(args, key) is not None
    }
    return WriteRequest(
        action=action,
        text=text,
        tone=args.tone,
        language=args.language,
        categories=args.categories,
        notes=DocumentNotes(memory=args.memory or "", authors_note=args.authors_note or ""),
        sampling=sampling,
        max_part_tokens=args.part_tokens,
    )


def _run(request, args, services):
    from app.core.writing.actions import ActionError
    from app.core.writing.service import WritingService, option_values

    try:
        option_values(request.action, request)  # a missing --tone / --to fails before loading
    except ActionError as exc:
        raise UserError(str(exc)) from None
    from app.cli.common import apply_adapter_arguments, remote_engine, resolve_model

    settings = services.settings
    remote = remote_engine(args, settings)
    model = None if remote else resolve_model(args.model, settings)
    engine = remote or services.engine
    service = WritingService(engine, settings)
    previous = signal.signal(signal.SIGINT, lambda *_: service.stop())
    try:
        if remote is None:
            options = settings.load_options(model, n_ctx=args.ctx, n_threads=args.threads)
            engine.load(apply_adapter_arguments(options, args, settings))
        return service.run(request, _Progress())
    finally:
        signal.signal(signal.SIGINT, previous)
        engine.close()


class _Progress:
    """Parts done, on stderr when it is a terminal (scripts get a quiet stderr)."""

    def __init__(self):
        self.tty = sys.stderr.isatty()

    def started(self, total_parts: int) -> None:
        pass

    def text_received(self, part: int, text: str) -> None:
        pass

    def part_finished(self, part) -> None:
        pass

    def progress(self, done: int, total: int) -> None:
        if self.tty and total > 1:
            sys.stderr.write(f"\rpart {done}/{total}" + ("" if done < total else "\n"))

    def notice(self, message: str) -> None:
        pass


def _output(action, document, result, args) -> None:
    from app.core.documents import Document, DocumentError, save_document

    if action.output == "analysis":
        text = json.dumps(result.analysis.data if result.analysis else {}, ensure_ascii=False)
    elif result.changes is not None:
        text = result.changes.merged(pending_accepted=True)
    else:
        text = result.output
    if args.diff and result.changes is not None:
        sys.stdout.write(unified_diff(document.text, text, document.name, action.name))
    if args.out:
        try:
            if result.changes is not None:
                notes = save_document(document, text, args.out)
            else:
                notes = save_document(Document(path=None, text=text), text + "\n", args.out)
        except DocumentError as exc:
            raise UserError(str(exc)) from None
        for note in notes:
            _say(note)
    elif not args.diff:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def unified_diff(original: str, revised: str, name: str, action: str) -> str:
    """A unified diff of the text, line by line, as `diff -u` would print it."""
    lines = difflib.unified_diff(
        original.splitlines(keepends=True),
        revised.splitlines(keepends=True),
        fromfile=f"{name}",
        tofile=f"{name} ({action})",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )
