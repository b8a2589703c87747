"""A training run on disk: its settings, its data, its state and its checkpoint.

Everything a run needs lives in one folder, so a run survives the app closing (or
crashing) and resumes from the folder alone: the worker process reads its settings
and data from here, writes progress and checkpoints here, and the app lists runs by
reading these folders. Files are replaced atomically (write, fsync, rename), so a
kill at any moment leaves either the old or the new version, never half of one.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

DEFAULT_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")

# A run is new, running, paused, cancelled, failed or done. "running" with no live
# process means it was interrupted (the app closed or the machine went down): it
# resumes from its last checkpoint, like these.
RESUMABLE = ("new", "running", "paused", "cancelled", "failed")


@dataclass
class TrainSettings:
    """LoRA and optimiser settings; the defaults suit a small model and a small dataset."""

    rank: int = 8
    alpha: float = 16.0
    dropout: float = 0.0
    learning_rate: float = 2e-4
    epochs: float = 3.0
    steps: int | None = None  # when set, overrides epochs
    batch_size: int = 1
    max_length: int = 512
    warmup_fraction: float = 0.05
    weight_decay: float = 0.0
    target_modules: tuple[str, ...] = DEFAULT_TARGETS
    eval_every: int = 0  # 0: about ten evaluations per run
    checkpoint_every: int = 25
    seed: int = 0
    threads: int | None = None
    device: str = "auto"  # auto | cpu | cuda

    def total_steps(self, n_train: int) -> int:
        if self.steps:
            return max(1, int(self.steps))
        per_epoch = math.ceil(max(1, n_train) / max(1, self.batch_size))
        return max(1, math.ceil(per_epoch * self.epochs))

    def eval_interval(self, total: int) -> int:
        return self.eval_every if self.eval_every > 0 else max(1, total // 10)

    def validate(self) -> None:
        """One plain error for a setting that cannot work."""
        checks = [
            (self.rank >= 1, "rank must be at least 1"),
            (self.alpha > 0, "alpha must be positive"),
            (0 <= self.dropout < 1, "dropout must be in [0, 1)"),
            (0 < self.learning_rate < 1, "the learning rate must be in (0, 1)"),
            (self.epochs > 0 or bool(self.steps), "give epochs or steps"),
            (self.steps is None or self.steps >= 1, "steps must be at least 1"),
            (self.batch_size >= 1, "the batch size must be at least 1"),
            (self.max_length >= 16, "the maximum length must be at least 16 tokens"),
            (bool(self.target_modules), "choose at least one module to adapt"),
            (self.device in ("auto", "cpu", "cuda"), "device must be auto, cpu or cuda"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["target_modules"] = list(self.target_modules)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainSettings:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "target_modules" in values:
            values["target_modules"] = tuple(values["target_modules"])
        return cls(**values)


@dataclass
class RunInfo:
    """What a run is: written once when it is created."""

    name: str
    base_model: str  # path of the base GGUF
    settings: TrainSettings
    data_source: str = ""
    base_model_id: str | None = None
    out_path: str | None = None  # where the finished GGUF adapter goes
    n_train: int = 0
    n_validation: int = 0
    train_tokens: int = 0
    created_at: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["settings"] = self.settings.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunInfo:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["settings"] = TrainSettings.from_dict(values.get("settings", {}))
        return cls(**values)


class RunFolder:
    """The files of one run, and atomic reads and writes of them."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    # The layout, in one place.
    info_file = property(lambda self: self.path / "run.json")
    state_file = property(lambda self: self.path / "state.json")
    log_file = property(lambda self: self.path / "progress.jsonl")
    train_file = property(lambda self: self.path / "train.jsonl")
    validation_file = property(lambda self: self.path / "validation.jsonl")
    checkpoint_pointer = property(lambda self: self.path / "checkpoint.json")

    @property
    def checkpoint_dir(self) -> Path:
        """The current checkpoint: the folder checkpoint.json names (else the old layout).

        Each checkpoint is written to its own folder and only then named in
        checkpoint.json (an atomic replace), so at every moment the run has a whole
        checkpoint: a kill mid-save leaves the previous one in place.
        """
        try:
            name = json.loads(self.checkpoint_pointer.read_text("utf-8"))["dir"]
        except (OSError, ValueError, KeyError, TypeError):
            return self.path / "checkpoint"
        return self.path / Path(str(name)).name  # a name inside the run, nothing else

    adapter_dir = property(lambda self: self.path / "adapter")
    adapter_gguf = property(lambda self: self.path / "adapter.gguf")

    @property
    def id(self) -> str:
        return self.path.name

    def exists(self) -> bool:
        return self.info_file.exists()

    def info(self) -> RunInfo:
        try:
            return RunInfo.from_dict(json.loads(self.info_file.read_text("utf-8")))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{self.path}: not a readable training run ({exc})") from exc

    def write_info(self, info: RunInfo) -> None:
        write_json_atomic(self.info_file, info.to_dict())

    def state(self) -> dict[str, Any]:
        try:
            return json.loads(self.state_file.read_text("utf-8"))
        except (OSError, ValueError):
            return {"status": "new", "step": 0}

    def update_state(self, **values: Any) -> dict[str, Any]:
        state = self.state()
        state.update(values, updated_at=time.time())
        write_json_atomic(self.state_file, state)
        return state

    def append_log(self, event: dict[str, Any]) -> None:
        """One progress event per line, for the live chart of a reopened run."""
        with open(self.log_file, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(event) + "\n")

    def read_log(self) -> list[dict[str, Any]]:
        events = []
        try:
            lines = self.log_file.read_text("utf-8").splitlines()
        except OSError:
            return events
        for line in lines:
            try:
                events.append(json.loads(line))
            except ValueError:
                continue  # a line cut short by a kill
        return events

    def has_checkpoint(self) -> bool:
        return (self.checkpoint_dir / "trainer.json").exists()


def write_json_atomic(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
