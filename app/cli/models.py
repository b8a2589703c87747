"""`quillmate models …`: the model library from the terminal.

    quillmate models list | catalog | search QUERY | show REPO
    quillmate models pull REPO|CATALOG-ID [--file F | --quant Q]
    quillmate models import PATH | scan | remove ID | forget ID | verify ID | default ID
    quillmate models adapters [--base MODEL] | import-adapter FILE [--base MODEL] [--name N]
    quillmate models remove-adapter ID [--keep-file]

app/cli/main.py adds these with `add_models_parser(commands)` and runs them with
`run_models(args, services)`. User errors are raised as exceptions with a one-line message
(app.hub.errors.HubError), which the main CLI prints as `quillmate models: <message>`.
A pull shows a progress bar on stderr; Ctrl+C pauses it and the same command resumes.
"""

# ruff: noqa: T201  (a CLI prints)

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
import time
from pathlib import Path

from app.hub.errors import HubError, LibraryError

log = logging.getLogger(__name__)

BAR_WIDTH = 24


def add_models_parser(commands) -> argparse.ArgumentParser:
    """Add the `models` command (and its actions) to the main CLI's subparsers."""
    models = commands.add_parser("models", help="find, download and manage GGUF models")
    actions = models.add_subparsers(dest="models_action", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser("list", help="installed models (and unfinished downloads)")
    listing.add_argument("--json", action="store_true", help="print JSON")

    catalog = actions.add_parser("catalog", help="recommended models and whether they fit")
    catalog.add_argument("--context", type=int, default=None, help="context size for the fit")
    catalog.add_argument("--json", action="store_true", help="print JSON")

    search = actions.add_parser("search", help="search the Hugging Face hub for GGUF models")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)

    show = actions.add_parser("show", help="a hub repo's GGUF files by quant, with fit")
    show.add_argument("repo")

    pull = actions.add_parser("pull", help="download a model (resumes a partial download)")
    pull.add_argument("repo", help="a hub repo (org/name) or a catalogue id")
    which = pull.add_mutually_exclusive_group()
    which.add_argument("--file", help="the .gguf file in the repo")
    which.add_argument("--quant", help="the quantization, e.g. Q4_K_M")

    imported = actions.add_parser("import", help="register a .gguf where it is (no copy)")
    imported.add_argument("path")

    actions.add_parser("scan", help="register models from LM Studio, GPT4All, Ollama, HF cache")

    adapters = actions.add_parser("adapters", help="LoRA adapters, by base model")
    adapters.add_argument("--base", help="only the adapters of this model (id or .gguf)")
    adapters.add_argument("--json", action="store_true", help="print JSON")

    import_adapter = actions.add_parser(
        "import-adapter", help="copy a GGUF LoRA adapter into the library"
    )
    import_adapter.add_argument("path")
    import_adapter.add_argument(
        "--base", help="the model it was trained on (id or .gguf): checked to fit"
    )
    import_adapter.add_argument("--name", help="a name to show (default: from the file)")

    remove_adapter = actions.add_parser(
        "remove-adapter", help="remove an adapter (deletes the library's copy)"
    )
    remove_adapter.add_argument("id")
    remove_adapter.add_argument(
        "--keep-file", action="store_true", help="only forget it; leave the file"
    )

    for name, text in (
        ("remove", "remove a model (deletes files the app downloaded)"),
        ("forget", "forget a model (its files stay)"),
        ("verify", "re-check a model's SHA-256"),
        ("default", "make a model the default"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("id")
    return models


def run_models(args: argparse.Namespace, services) -> int:
    """Run one `models` action; raise HubError (one line) on user errors."""
    from app.hub.library import Library

    action = args.models_action
    if action == "search":
        return _search(args)
    if action == "show":
        return _show(args)
    if action == "catalog":
        return _catalog(args)
    with Library(settings=services.settings) as library:
        handler = {
            "list": _list,
            "pull": _pull,
            "import": _import,
            "scan": _scan,
            "remove": _remove,
            "forget": _forget,
            "verify": _verify,
            "default": _default,
            "adapters": _adapters,
            "import-adapter": _import_adapter,
            "remove-adapter": _remove_adapter,
        }[action]
        return handler(args, library)


# -- reading ---------------------------------------------------------------------------


def _list(args, library) -> int:
    from app.hub.jobs import JobStore

    library.sync_starter()
    models = library.list()
    default = library.default()
    downloads = [j for j in JobStore(library.db).all() if j.state != "done"]
    adapters = library.adapters()
    if args.json:
        print(
            json.dumps(
                {
                    "models": [m.to_dict() for m in models],
                    "default": default.id if default else None,
                    "downloads": [j.to_dict() for j in downloads],
                    "adapters": [a.to_dict() for a in adapters],
                },
                indent=2,
            )
        )
        return 0
    if not models:
        print("no models installed: `quillmate models catalog` lists recommended ones")
    rows = []
    for m in models:
        rows.append(
            (
                ("* " if default and m.id == default.id else "  ") + m.id,
                _size(m.size_bytes),
                m.quant or "",
                m.source
                + ("" if m.exists else " (missing)")
                + (" (damaged)" if m.damaged else "")
                + (" (unverified)" if m.unverified else ""),
                m.name,
            )
        )
        # Each model's adapters right under it, indented: what can go on top of it.
        rows += [_adapter_row(a, "    + ") for a in adapters if a.base_model_id == m.id]
    if rows:
        _table(("  ID", "SIZE", "QUANT", "SOURCE", "NAME"), rows)
    known = {m.id for m in models}
    loose = [a for a in adapters if a.base_model_id not in known]
    if loose:
        print("\nadapters without an installed base model:")
        _table(("  ID", "SIZE", "", "SOURCE", "NAME"), [_adapter_row(a, "  ") for a in loose])
    if downloads:
        print("\nunfinished downloads:")
        _table(
            ("  ID", "DONE", "STATE", "REPO"),
            [
                (
                    "  " + j.id,
                    f"{_size(j.bytes_done)} of {_size(j.bytes_total)}",
                    j.state + (f": {j.error}" if j.error else ""),
                    j.repo,
                )
                for j in downloads
            ],
        )
    return 0


def _adapter_row(adapter, indent: str) -> tuple:
    state = "adapter" + ("" if adapter.exists else " (missing)")
    return (indent + adapter.id, _size(adapter.size_bytes), "", state, adapter.name)


def _adapters(args, library) -> int:
    if args.base:
        base = _base_model(library, args.base)
        adapters = library.adapters_for_model(base)
    else:
        adapters = library.adapters()
    if args.json:
        print(json.dumps([a.to_dict() for a in adapters], indent=2))
        return 0
    if not adapters:
        print(
            "no adapters: train one with `quillmate finetune`, or add a GGUF LoRA adapter "
            "with `quillmate models import-adapter FILE --base MODEL`"
        )
        return 0
    _table(
        ("ID", "BASE MODEL", "SIZE", "CREATED", "NAME"),
        [
            (
                a.id + ("" if a.exists else " (missing)"),
                a.base_model_id or Path(a.meta.get("base_path") or "-").name,
                _size(a.size_bytes),
                time.strftime("%Y-%m-%d", time.localtime(a.created_at)),
                a.name,
            )
            for a in adapters
        ],
    )
    return 0


def _base_model(library, text: str) -> Path:
    """--base as a model file: a path to a .gguf, or an installed model's id."""
    candidate = Path(text).expanduser()
    if candidate.is_file():
        return candidate
    library.sync_starter()  # the starter model has an id before `models list` ran
    return library.resolve(text)


def _catalog(args) -> int:
    from app.hub.catalog import load_catalog
    from app.hub.fit import fit_for_catalog, this_machine

    models = load_catalog()
    machine = this_machine()
    if args.json:
        out = []
        for model in models:
            quants = []
            for quant in model.quants:
                verdict = fit_for_catalog(model, quant, args.context, machine)
                quants.append(
                    {**quant.__dict__, "fit": verdict.level, "fit_reason": verdict.reason}
                )
            out.append({**model.__dict__, "quants": quants})
        print(json.dumps(out, indent=2))
        return 0
    rows = []
    for model in models:
        for quant in model.quants:
            verdict = fit_for_catalog(model, quant, args.context, machine)
            mark = "*" if quant.quant == model.recommended else " "
            rows.append(
                (model.id, mark + quant.quant, _size(quant.size), verdict.level, model.license)
            )
    _table(("ID", " QUANT", "SIZE", "FIT", "LICENCE"), rows)
    print("\n* recommended quant.  Download with: quillmate models pull ID [--quant Q]")
    return 0


def _search(args) -> int:
    from app.hub.hubapi import HubClient

    results = HubClient().search(args.query, limit=args.limit)
    if not results:
        print(f"no GGUF models match '{args.query}'")
        return 0
    _table(
        ("REPO", "DOWNLOADS", "LIKES", "UPDATED"),
        [
            (
                r.repo + (" (gated)" if r.gated else ""),
                f"{r.downloads:,}",
                f"{r.likes:,}",
                r.last_modified.date().isoformat() if r.last_modified else "",
            )
            for r in results
        ],
    )
    return 0


def _show(args) -> int:
    from app.hub.fit import fit_for_size, this_machine
    from app.hub.hubapi import HubClient

    details = HubClient().repo_details(args.repo)
    if not details.choices:
        raise HubError(f"{details.repo} has no GGUF model files")
    machine = this_machine()
    print(f"{details.repo} @ {details.commit[:12]}  licence: {details.license or 'unknown'}")
    rows = []
    for choice in details.choices:
        parts = f"{len(choice.files)} parts" if choice.is_split else ""
        if not choice.complete:
            parts = "incomplete split"
        rows.append(
            (
                choice.label,
                _size(choice.size),
                fit_for_size(choice.size, machine=machine).level,
                parts,
                choice.first_file,
            )
        )
    _table(("QUANT", "SIZE", "FIT", "", "FILE"), rows)
    return 0


# -- changing ----------------------------------------------------------------------------


def _pull(args, library) -> int:
    from app.hub.catalog import find_catalog_model
    from app.hub.downloads import DownloadManager

    repo, quant, file = args.repo, args.quant, args.file
    if "/" not in repo:
        entry = find_catalog_model(repo)
        if entry is None:
            raise HubError(f"{repo}: not a hub repo (org/name) nor a catalogue id")
        repo = entry.repo
        if not file:
            file = entry.quant(quant).file
            quant = None
    manager = DownloadManager(library, max_parallel=1)
    bar = _ProgressBar()
    manager.add_listener(bar.on_event)
    plan = manager.plan(repo, quant=quant, file=file)
    print(
        f"{plan.model_id}: {len(plan.choice.files)} file(s), {_size(plan.size)} "
        f"from {plan.repo}@{plan.revision[:12]}",
        file=sys.stderr,
    )
    job = manager.enqueue(plan)
    try:
        while True:
            final = manager.wait(job.id, timeout=0.5)
            if final is not None and final.state in ("done", "failed", "paused", "cancelled"):
                break
    except KeyboardInterrupt:
        manager.pause(job.id)
        manager.wait(job.id, timeout=15)
        bar.finish()
        print(f"paused {job.id}; run the same command to resume", file=sys.stderr)
        manager.close()
        return 130
    bar.finish()
    manager.close()
    if final.state == "failed":
        raise HubError(final.error or "the download failed")
    installed = library.find_download(plan.repo, plan.choice.first_file)
    if installed is None:
        raise HubError(f"{job.id}: the download ended ({final.state}) without installing")
    print(f"installed {installed.id} ({installed.path})")
    return 0


def _import(args, library) -> int:
    model = library.import_file(args.path)
    print(f"imported {model.id} ({model.path})")
    return 0


def _scan(args, library) -> int:
    from app.hub.imports import scan

    report = scan(library)
    for model in report.added:
        print(f"added   {model.id} ({model.origin}: {model.path})")
    for model in report.known:
        print(f"known   {model.id}")
    for path, why in report.skipped:
        print(f"skipped {path}: {why}", file=sys.stderr)
    if not (report.added or report.known or report.skipped):
        print("no models found in the Hugging Face cache, LM Studio, GPT4All or Ollama folders")
    return 0


def _import_adapter(args, library) -> int:
    base = _base_model(library, args.base) if args.base else None
    adapter = library.import_adapter(args.path, base_model_path=base, name=args.name)
    base_text = adapter.base_model_id or (base.name if base else "no base model given")
    print(f"imported adapter {adapter.id} for {base_text} ({adapter.path})")
    return 0


def _remove_adapter(args, library) -> int:
    print(library.remove_adapter(args.id, delete_file=False if args.keep_file else None))
    return 0


def _remove(args, library) -> int:
    print(library.remove(args.id))
    return 0


def _forget(args, library) -> int:
    model = library.get(args.id)
    if model is None:
        raise LibraryError(f"{args.id}: no installed model has this id")
    library.forget(args.id)
    print(f"forgot {model.id}; its file stays where it is ({model.path})")
    return 0


def _verify(args, library) -> int:
    bar = _ProgressBar(label=f"verifying {args.id}")
    result = library.verify(args.id, progress=bar.bytes)
    bar.finish()
    if not result.ok:
        raise HubError(result.message)
    print(result.message)
    return 0


def _default(args, library) -> int:
    model = library.set_default(args.id)
    print(f"default model: {model.id} ({model.path})")
    return 0


# -- output ---------------------------------------------------------------------------------


class _ProgressBar:
    """One line on stderr, redrawn at most 10 times a second (a plain log when not a tty)."""

    def __init__(self, label: str = "") -> None:
        self.label = label
        self.tty = sys.stderr.isatty()
        self.last_draw = 0.0
        self.last_percent = -10
        self.drawn = False
        self.lock = threading.Lock()

    def on_event(self, event) -> None:
        with self.lock:
            if event.state == "done":
                return  # the command prints what was installed
            if event.state == "retrying" or (event.message and event.state != "running"):
                self._newline()
                print(f"{event.model_id}: {event.state}: {event.message}", file=sys.stderr)
                return
            if event.state == "running":
                self._draw(
                    event.model_id, event.bytes_done, event.bytes_total, event.speed, event.eta
                )

    def bytes(self, done: int, total: int) -> None:
        with self.lock:
            self._draw(self.label, done, total, None, None)

    def finish(self) -> None:
        with self.lock:
            self._newline()

    def _draw(self, label, done, total, speed, eta) -> None:
        now = time.monotonic()
        percent = int(done * 100 / total) if total else 0
        if self.tty:
            if now - self.last_draw < 0.1 and done < total:
                return
            filled = int(BAR_WIDTH * percent / 100)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            extra = f" {_size(speed)}/s" if speed else ""
            extra += f" ETA {_duration(eta)}" if eta else ""
            line = f"\r{label} [{bar}] {percent:3d}% {_size(done)}/{_size(total)}{extra}"
            sys.stderr.write(line.ljust(100))
            sys.stderr.flush()
            self.drawn = True
        elif percent >= self.last_percent + 10:
            print(f"{label}: {percent}% ({_size(done)} of {_size(total)})", file=sys.stderr)
        self.last_percent = max(self.last_percent, percent - percent % 10)
        self.last_draw = now

    def _newline(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.drawn = False


def _table(headers: tuple[str, ...], rows: list[tuple]) -> None:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=False)]
    for row in (headers, *rows):
        cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join(cells).rstrip())


def _size(n: float | None) -> str:
    n = n or 0
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{int(n)} B"


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
