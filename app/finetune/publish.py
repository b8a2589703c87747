"""Where a finished adapter goes, how the library learns of it, what speed it reached.

Shared by the CLI and the Fine-tune page (which calls `register` on its worker
thread, since checking an adapter against its base model reads both GGUF headers).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from app.finetune.runner import TrainingRun

log = logging.getLogger(__name__)


def adapter_path(library, adapters_dir: str | Path, name: str) -> Path:
    """A free `<adapters>/<name>.gguf` for the run's adapter (the library's choice first)."""
    if library is not None:
        try:
            return Path(library.new_adapter_path(name))
        except Exception as exc:  # a locked database: fall back to a plain name
            log.warning("no adapter path from the library: %s", exc)
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "adapter"
    folder = Path(adapters_dir)
    candidate, n = folder / f"{slug}.gguf", 2
    while candidate.exists():
        candidate, n = folder / f"{slug}-{n}.gguf", n + 1
    return candidate


def register(library, run: TrainingRun, adapter: str | Path):
    """List the adapter under the run's name, tied to its base model; None if no library."""
    if library is None:
        return None
    info = run.info()
    state = run.folder.state()
    base = {"base_model_id": info.base_model_id}
    if not info.base_model_id:  # a model file the library does not list (the starter)
        base = {"base_model_path": info.base_model}
    meta = {
        "run": run.folder.id,
        "data": info.data_source,
        "settings": info.settings.to_dict(),
        "n_train": info.n_train,
        "n_validation": info.n_validation,
        "loss": state.get("loss"),
        "val_loss": state.get("val_loss"),
        "device": state.get("device"),
    }
    return library.register_adapter(adapter, name=info.name, meta=meta, **base)


def record_speed(run: TrainingRun, rate_folder: str | Path) -> None:
    """Remember the speed this run reached, so the next estimate uses it (as the CLI does)."""
    from app.finetune.estimate import achieved_rate, record_rate

    steps = [e for e in run.folder.read_log() if e.get("tokens_per_s")]
    if not steps:
        return
    info = run.info()
    device = run.folder.state().get("device") or "cpu"  # what the worker really used
    try:
        rate = achieved_rate(info.base_model, steps[-1]["tokens_per_s"])
        record_rate(rate_folder, device, info.settings.threads, rate)
    except (OSError, ValueError) as exc:  # the estimate keeps its first guess
        log.warning("could not record the training speed: %s", exc)
