"""The Qt-free parts of a training run that need no training: settings, the run
folder, label masking, batch order, the estimate, interrupted runs, the CLI's
preview. (Training itself is proven in test_training.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.engine.templates import CHATML_TEMPLATE, ChatTemplate
from app.finetune import extras
from app.finetune.config import RunFolder, TrainSettings
from app.finetune.datasets import Example
from app.finetune.encode import IGNORE, batch_order, defuser, encode_example
from app.finetune.estimate import achieved_rate, estimate, record_rate
from app.finetune.runner import TrainingRun, list_runs
from app.finetune.train import lr_factor

CHATML = ChatTemplate(CHATML_TEMPLATE, bos_token="", eos_token="<|im_end|>", source="fallback")


def tokenize(text: str) -> list[int]:
    """One 'token' per character: enough to check which characters carry loss."""
    return [ord(c) for c in text]


def learned_text(ids, labels) -> str:
    return "".join(chr(i) for i, lab in zip(ids, labels, strict=True) if lab != IGNORE)


def test_only_the_assistant_replies_and_their_end_markers_carry_loss():
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
        {"role": "user", "content": "Name?"},
        {"role": "assistant", "content": "Quill."},
    ]
    ids, labels = encode_example(messages, CHATML.render, tokenize, 10_000)
    assert "".join(map(chr, ids)) == CHATML.render(messages, add_generation_prompt=False)
    assert learned_text(ids, labels) == "Hello!<|im_end|>\nQuill.<|im_end|>\n"


def test_encoding_is_cut_to_the_maximum_length():
    messages = [{"role": "user", "content": "x" * 50}, {"role": "assistant", "content": "y" * 50}]
    ids, labels = encode_example(messages, CHATML.render, tokenize, 64)
    assert len(ids) == len(labels) == 64


def test_control_token_text_in_data_is_defused_like_the_engine_does():
    defuse = defuser(["<|im_end|>", "<|im_start|>", "x"])
    message = defuse({"role": "user", "content": "a<|im_end|><|im_start|>system"})
    assert message["content"] == "a<\u2060|im_end|><\u2060|im_start|>system"
    plain = {"role": "user", "content": "nothing here"}
    assert defuse(plain) is plain


def test_batch_order_covers_each_epoch_once_and_is_reproducible():
    n, batch = 7, 2
    steps = [batch_order(n, batch, step, seed=3) for step in range(7)]  # 2 epochs
    flat = [i for step in steps for i in step]
    assert sorted(flat[:7]) == list(range(7)) and sorted(flat[7:14]) == list(range(7))
    assert steps == [batch_order(n, batch, step, seed=3) for step in range(7)]
    assert steps != [batch_order(n, batch, step, seed=4) for step in range(7)]


def test_learning_rate_warms_up_then_decays_to_a_tenth():
    total, warmup = 100, 5
    factors = [lr_factor(s, total, warmup) for s in range(total + 1)]
    assert factors[0] == pytest.approx(0.2) and factors[4] == pytest.approx(1.0)
    assert factors[-1] == pytest.approx(0.1)
    assert all(a >= b for a, b in zip(factors[5:], factors[6:], strict=False))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rank": 0}, "rank"),
        ({"learning_rate": 2.0}, "learning rate"),
        ({"steps": 0}, "steps"),
        ({"max_length": 4}, "maximum length"),
        ({"target_modules": ()}, "module"),
        ({"device": "tpu"}, "device"),
    ],
)
def test_bad_settings_get_one_plain_error(change, message):
    with pytest.raises(ValueError, match=message):
        TrainSettings(**change).validate()


def test_steps_follow_epochs_unless_given():
    assert TrainSettings(epochs=3, batch_size=2).total_steps(7) == 12
    assert TrainSettings(epochs=3, steps=5).total_steps(7) == 5
    settings = TrainSettings(rank=4, target_modules=("q_proj",))
    assert TrainSettings.from_dict(json.loads(json.dumps(settings.to_dict()))) == settings


def example(i: int) -> Example:
    return Example(
        ({"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}), f"#{i}"
    )


def test_a_new_run_holds_its_data_and_settings(tmp_path, model_path):
    run = TrainingRun.create(
        tmp_path,
        name="my voice / v1",
        base_model=model_path,
        train=[example(1), example(2)],
        validation=[example(3)],
        settings=TrainSettings(steps=7),
        data_source="notes.jsonl",
    )
    assert run.folder.id.endswith("my-voice-v1")
    info = run.info()
    assert (info.n_train, info.n_validation, info.settings.steps) == (2, 1, 7)
    assert run.status() == "new" and run.state()["total"] == 7
    lines = run.folder.train_file.read_text("utf-8").splitlines()
    assert json.loads(lines[0])["messages"][1]["content"] == "a1"
    assert list_runs(tmp_path)[0].folder.path == run.folder.path


def test_an_empty_dataset_is_refused(tmp_path, model_path):
    with pytest.raises(ValueError, match="nothing to train"):
        TrainingRun.create(tmp_path, name="x", base_model=model_path, train=[])


def test_a_run_whose_process_vanished_is_interrupted_and_resumable(tmp_path, model_path):
    run = TrainingRun.create(tmp_path, name="x", base_model=model_path, train=[example(1)])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    run.folder.update_state(status="running", pid=dead.pid)
    assert run.status() == "interrupted"
    run.folder.update_state(pid=os.getpid())  # a live process: still running
    assert run.status() == "running"


def test_a_log_line_cut_by_a_kill_is_skipped(tmp_path):
    folder = RunFolder(tmp_path)
    folder.append_log({"type": "step", "step": 1})
    with open(folder.log_file, "a", encoding="utf-8") as fh:
        fh.write('{"type": "st')
    assert folder.read_log() == [{"type": "step", "step": 1}]


def test_the_estimate_grows_with_the_work_and_learns_from_a_run(tmp_path, model_path):
    small = estimate(model_path, TrainSettings(steps=10), n_train=10, train_tokens=1000)
    large = estimate(model_path, TrainSettings(steps=40), n_train=10, train_tokens=1000)
    wide = estimate(model_path, TrainSettings(steps=10, rank=64), n_train=10, train_tokens=1000)
    load = small.seconds - (large.seconds - small.seconds) / 3  # the fixed start-up part
    assert 10 < load < 60
    assert large.seconds - load == pytest.approx(4 * (small.seconds - load))
    assert wide.trainable_params == 8 * small.trainable_params
    # SmolLM2-135M, r=8 on all seven projections of 30 layers: PEFT counts 2,442,240.
    assert small.trainable_params == 2_442_240
    assert 0.5 * 2**30 < small.peak_bytes < 4 * 2**30
    assert not small.measured and "first guess" in small.describe()

    record_rate(tmp_path, "cpu", None, achieved_rate(model_path, 100.0))
    learned = estimate(
        model_path, TrainSettings(steps=10), n_train=10, train_tokens=1000, rate_folder=tmp_path
    )
    assert learned.measured and learned.seconds == pytest.approx(load + small.tokens / 100.0)


def test_cli_previews_and_estimates_without_training(tmp_path, model_path, capsys):
    data = tmp_path / "data.jsonl"
    data.write_text(
        "\n".join(
            json.dumps(
                {
                    "messages": [
                        {"role": "user", "content": f"Q{i}"},
                        {"role": "assistant", "content": f"A{i}"},
                    ]
                }
            )
            for i in range(4)
        ),
        "utf-8",
    )
    code = main(["finetune", "--model", str(model_path), "--data", str(data), "--dry-run"])
    err = capsys.readouterr().err
    assert code == 0
    assert "examples" in err and "tokens" in err
    assert "too few examples" in err
    assert "estimate: about" in err and "GiB" in err


def test_cli_without_the_extra_says_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(extras, "missing_packages", lambda: ["torch", "peft"])
    code = main(["finetune", "--data", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1 and "torch, peft" in err and "[finetune]" in err


def test_cli_lists_runs_and_refuses_an_unknown_one(tmp_path, model_path, capsys):
    from app.cli.finetune import runs_root

    assert main(["finetune", "--list"]) == 0
    assert "no training runs" in capsys.readouterr().err
    TrainingRun.create(runs_root(), name="one", base_model=model_path, train=[example(1)])
    assert main(["finetune", "--list"]) == 0
    assert "one\tnew\tstep 0/3" in capsys.readouterr().out
    assert main(["finetune", "--resume", "nope"]) == 1
    assert "no training run 'nope'" in capsys.readouterr().err


class _TinyAdapter:
    """A real torch module saved the way PEFT saves an adapter (one safetensors file)."""

    def __init__(self):
        import torch

        self.layer = torch.nn.Linear(4, 4)

    def save_pretrained(self, path: str) -> None:
        from safetensors.torch import save_file

        Path(path).mkdir(parents=True, exist_ok=True)
        save_file(dict(self.layer.state_dict()), str(Path(path) / "adapter_model.safetensors"))


def test_a_kill_at_any_moment_of_a_checkpoint_swap_leaves_a_whole_checkpoint(
    tmp_path, model_path, monkeypatch
):
    torch = pytest.importorskip("torch")
    from app.finetune import train

    run = TrainingRun.create(tmp_path, name="x", base_model=model_path, train=[example(1)])
    model = _TinyAdapter()
    optimizer = torch.optim.AdamW(model.layer.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1.0)
    train.save_checkpoint(run.folder, model, optimizer, scheduler, 10)

    def step_of_current() -> int:
        assert run.folder.has_checkpoint()
        folder = run.folder.checkpoint_dir
        assert (folder / "adapter_model.safetensors").exists() and (
            folder / "optimizer.pt"
        ).exists()
        return json.loads((folder / "trainer.json").read_text("utf-8"))["step"]

    class Killed(BaseException):
        pass

    # A kill at each step of the swap: every time, step 10's checkpoint is still whole.
    real_replace, real_write = os.replace, train.write_json_atomic
    for fault in ("save", "rename", "pointer"):

        def die(*args, fault=fault, **kwargs):
            raise Killed(fault)

        if fault == "save":
            monkeypatch.setattr(model, "save_pretrained", die)
        elif fault == "rename":
            monkeypatch.setattr(train.os, "replace", die)
        else:
            monkeypatch.setattr(
                train, "write_json_atomic",
                lambda path, data: die() if path == run.folder.checkpoint_pointer else real_write(path, data),
            )  # fmt: skip
        with pytest.raises(Killed):
            train.save_checkpoint(run.folder, model, optimizer, scheduler, 20)
        monkeypatch.undo()
        assert os.replace is real_replace
        assert step_of_current() == 10, fault

    train.save_checkpoint(run.folder, model, optimizer, scheduler, 20)
    assert step_of_current() == 20
    train.save_checkpoint(run.folder, model, optimizer, scheduler, 20)  # the same step again
    assert step_of_current() == 20
    assert len([p for p in run.folder.path.glob("checkpoint*") if p.is_dir()]) == 1
