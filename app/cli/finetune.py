"""`quillmate finetune`: LoRA-tune a model on your own data from the command line.

    quillmate finetune --model M --data D --out ADAPTER.gguf [--steps N] [--rank R]
    quillmate finetune --resume RUN          (a run folder or its id)
    quillmate finetune --list

The data preview (examples, tokens, warnings) and the time/memory estimate go to
stderr before training starts; progress is one updating line on stderr; the
adapter's path is printed on stdout at the end. Ctrl+C pauses (the run
checkpoints) and says how to resume.
"""

# ruff: noqa: T201  (a CLI prints)
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from app.finetune.config import TrainSettings


def add_finetune_parser(commands) -> argparse.ArgumentParser:
    from app.finetune.datasets import SPEC_HELP

    parser = commands.add_parser("finetune", help="LoRA-tune a model on your own data")
    parser.add_argument("--model", help="base model: a .gguf file or an installed model's id")
    parser.add_argument("--data", help=SPEC_HELP)
    parser.add_argument("--out", help="where to write the GGUF LoRA adapter")
    parser.add_argument("--name", help="a name for the run and the adapter")
    defaults = TrainSettings()
    parser.add_argument("--steps", type=int, help="training steps (default: --epochs)")
    parser.add_argument("--epochs", type=float, default=defaults.epochs)
    parser.add_argument("--rank", type=int, default=defaults.rank)
    parser.add_argument("--alpha", type=float, help="LoRA alpha (default: 2 × rank)")
    parser.add_argument("--lr", type=float, default=defaults.learning_rate, help="learning rate")
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
    parser.add_argument("--max-length", type=int, default=defaults.max_length)
    parser.add_argument("--validation", type=float, default=0.1, help="share held out")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--dry-run", action="store_true", help="preview and estimate only")
    parser.add_argument("--resume", metavar="RUN", help="resume a paused or interrupted run")
    parser.add_argument("--list", action="store_true", help="list training runs")
    return parser


def runs_root() -> Path:
    from app.paths import app_paths

    return app_paths().data / "finetune"


def run_finetune(args, services) -> int:
    from app.cli.common import UserError

    if args.list:
        return _list()
    from app.finetune import extras

    if extras.missing_packages() and not args.dry_run:
        raise UserError(str(_missing()))
    if args.resume:
        return _watch(_find_run(args.resume), services)
    if not args.data:
        raise UserError("give --data (or --resume RUN, or --list)")
    return _new_run(args, services)


def _missing() -> str:
    from app.finetune import extras

    return f"fine-tuning needs {', '.join(extras.missing_packages())}: {extras.INSTALL_HINT}"


def _new_run(args, services) -> int:
    from app.cli.common import UserError, resolve_model
    from app.finetune.datasets import load_examples, prepare
    from app.finetune.estimate import estimate_for_preview
    from app.finetune.runner import TrainingRun
    from app.finetune.tokens import GGUFTokenCounter
    from app.hub.library import Library
    from app.paths import app_paths

    settings = services.settings
    model = resolve_model(args.model, settings)
    train_settings = TrainSettings(
        rank=args.rank,
        alpha=args.alpha if args.alpha else 2.0 * args.rank,
        learning_rate=args.lr,
        epochs=args.epochs,
        steps=args.steps,
        batch_size=args.batch_size,
        max_length=args.max_length,
        seed=args.seed,
        threads=args.threads,
        device=args.device,
    )
    try:
        train_settings.validate()
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    try:
        examples = load_examples(args.data)
    except (ValueError, OSError) as exc:
        raise UserError(str(exc)) from exc
    with GGUFTokenCounter(model) as counter:
        preview = prepare(
            examples,
            count_tokens=counter,
            max_length=train_settings.max_length,
            validation_fraction=args.validation,
            seed=args.seed,
        )
    if not preview.train:
        raise UserError("no usable examples in the data: " + "; ".join(preview.dropped[:3]))
    _say(
        f"data: {len(preview.train)} training and {len(preview.validation)} validation "
        f"examples, {preview.total_tokens:,} tokens"
    )
    for warning in preview.warnings:
        _say(f"warning: {warning}")
    guess = estimate_for_preview(model, train_settings, preview, runs_root())
    _say(f"estimate: {guess.describe()}")
    if args.dry_run:
        return 0
    name = args.name or (Path(args.out).stem if args.out else Path(model).stem + "-lora")
    out = Path(args.out).expanduser() if args.out else app_paths().adapters / f"{name}.gguf"
    with Library(settings=settings) as library:
        base = library.find_by_path(model)
    try:
        run = TrainingRun.create(
            runs_root(),
            name=name,
            base_model=model,
            train=preview.train,
            validation=preview.validation,
            settings=train_settings,
            data_source=str(args.data),
            base_model_id=base.id if base else None,
            out_path=out,
            train_tokens=preview.total_tokens,
        )
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    _say(f"run: {run.folder.id} ({run.folder.path})")
    return _watch(run, services)


def _watch(run, services) -> int:
    """Train in the worker, showing progress; Ctrl+C pauses at a checkpoint."""
    from app.cli.common import UserError

    try:
        run.start()
    except RuntimeError as exc:
        raise UserError(str(exc)) from exc
    line = _ProgressLine()
    finished = None
    while finished is None:
        try:
            finished = run.wait(line.show)
        except KeyboardInterrupt:
            line.end()
            _say("pausing at the next step (the run keeps a checkpoint)…")
            run.pause()
            try:
                finished = run.wait(line.show)
            except KeyboardInterrupt:
                run.kill()
                finished = {"status": "interrupted"}
    line.end()
    status = finished.get("status")
    if status == "done":
        adapter = finished.get("adapter")
        _register(run, adapter, services)
        from app.finetune.publish import record_speed

        record_speed(run, runs_root())
        print(adapter)
        return 0
    if status in ("paused", "cancelled", "interrupted"):
        _say(f"{status}: resume with  quillmate finetune --resume {run.folder.id}")
        return 130
    raise UserError(finished.get("error") or f"training ended as {status}")


def _register(run, adapter: str | None, services) -> None:
    """Put the adapter in the model library beside its base model."""
    from app.finetune.publish import register
    from app.hub.library import Library

    if not adapter:
        return
    with Library(settings=services.settings) as library:
        try:
            register(library, run, adapter)
        except Exception as exc:  # noqa: BLE001 - the adapter file is still there
            _say(f"warning: the adapter was written but not added to the library: {exc}")


def _find_run(text: str):
    from app.cli.common import UserError
    from app.finetune.runner import TrainingRun

    path = Path(text).expanduser()
    if not (path / "run.json").exists():
        path = runs_root() / text
    if not (path / "run.json").exists():
        raise UserError(f"no training run {text!r} (see quillmate finetune --list)")
    return TrainingRun(path)


def _list() -> int:
    from app.finetune.runner import list_runs

    runs = list_runs(runs_root())
    if not runs:
        _say("no training runs yet")
        return 0
    for run in runs:
        state = run.state()
        loss = state.get("loss")
        loss_text = f"loss {loss:.3f}" if isinstance(loss, (int, float)) else ""
        print(
            f"{run.folder.id}\t{state['status']}\tstep {state.get('step', 0)}/"
            f"{state.get('total', '?')}\t{loss_text}\t{state.get('adapter') or ''}".rstrip()
        )
    return 0


class _ProgressLine:
    """One line on stderr, rewritten in place on a terminal, every 10th step otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.open = False
        self.val_loss = None
        self.last = 0.0

    def show(self, event: dict) -> None:
        kind = event.get("type")
        if kind == "status":
            self.end()
            _say(event["text"])
        elif kind == "step":
            if "val_loss" in event:
                self.val_loss = event["val_loss"]
            text = (
                f"step {event['step']}/{event['total']}  loss {event['loss']:.4f}"
                + (f"  val {self.val_loss:.4f}" if self.val_loss is not None else "")
                + f"  {event['tokens_per_s']:.1f} tok/s  {event['s_per_step']:.2f} s/step"
                + f"  ETA {_clock(event['eta_s'])}"
            )
            if self.tty:
                sys.stderr.write("\r" + text.ljust(100))
                sys.stderr.flush()
                self.open = True
            elif event["step"] == event["total"] or time.monotonic() - self.last > 10:
                self.last = time.monotonic()
                _say(text)
        elif kind == "exported":
            self.end()
            _say(f"wrote {event['path']}")

    def end(self) -> None:
        if self.open:
            sys.stderr.write("\n")
            self.open = False


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
