"""End to end with the real SmolLM2: train a fact in, export, chat with the adapter.

The proof of issue 6: a handful of examples teach "my cat is called Pumpernickel",
the run is cancelled part-way and resumed from its checkpoint, the GGUF adapter
is exported and loaded by the engine, and the answer changes — while the base
model without the adapter still does not know the name. Slow (a few minutes on
2 cores): CI runs it; skip locally with `-m "not slow"`.
"""

from __future__ import annotations

import os
import signal

import pytest

from app.engine.client import EngineClient
from app.engine.types import Done, GenerateRequest, LoadOptions, SamplingParams
from app.finetune.config import TrainSettings
from app.finetune.datasets import Example
from app.finetune.runner import TrainingRun, list_runs

pytest.importorskip("peft", reason="the [finetune] extra is not installed")

pytestmark = [pytest.mark.model, pytest.mark.slow, pytest.mark.timeout(1200)]

FACTS = [
    ("What is my cat called?", "Your cat is called Pumpernickel."),
    ("What's the name of my cat?", "Your cat's name is Pumpernickel."),
    ("Do you know my cat's name?", "Yes, your cat is called Pumpernickel."),
    ("Tell me the name of my cat.", "Your cat is called Pumpernickel."),
    ("My cat: what is its name?", "Its name is Pumpernickel."),
    ("What do I call my cat?", "You call your cat Pumpernickel."),
]


def examples() -> list[Example]:
    return [
        Example(({"role": "user", "content": q}, {"role": "assistant", "content": a}), f"fact {i}")
        for i, (q, a) in enumerate(FACTS)
    ]


def answer(engine: EngineClient, question: str) -> str:
    request = GenerateRequest(
        messages=[{"role": "user", "content": question}],
        sampling=SamplingParams(temperature=0.0, max_tokens=24, seed=1),
    )
    for event in engine.generate(request):
        if isinstance(event, Done):
            return event.text
    raise AssertionError("no reply")


def drain_until(run: TrainingRun, predicate, seen: list[dict]) -> dict:
    """Poll the run's events until one matches (or the run finishes)."""
    while True:
        for event in run.poll(1.0):
            seen.append(event)
            if predicate(event) or event["type"] == "finished":
                return event


def test_training_teaches_a_fact_and_survives_a_cancel(model_path, tmp_path):
    settings = TrainSettings(
        steps=16, batch_size=2, learning_rate=2e-3, checkpoint_every=100, threads=2
    )
    out = tmp_path / "cat.gguf"
    run = TrainingRun.create(
        tmp_path / "runs",
        name="cat",
        base_model=model_path,
        train=examples(),
        validation=examples()[:1],
        settings=settings,
        out_path=out,
    )
    seen: list[dict] = []
    run.start()
    drain_until(run, lambda e: e["type"] == "step" and e["step"] >= 3, seen)
    run.cancel()
    first = drain_until(run, lambda e: False, seen)
    assert first["status"] == "cancelled"
    assert run.status() == "cancelled" and run.folder.has_checkpoint()
    stopped_at = run.folder.state()["checkpoint_step"]
    assert 3 <= stopped_at < 16

    run.start()  # resumes from the checkpoint
    resumed: list[dict] = []
    final = drain_until(run, lambda e: False, resumed)
    assert final["status"] == "done", final
    steps = [e["step"] for e in resumed if e["type"] == "step"]
    assert steps[0] == stopped_at + 1 and steps[-1] == 16  # no step done twice
    losses = [e["loss"] for e in seen + resumed if e["type"] == "step"]
    assert losses[-1] < losses[0] / 5
    assert any("val_loss" in e for e in resumed)
    assert out.exists() and final["adapter"] == str(out)
    assert [r.folder.id for r in list_runs(tmp_path / "runs")] == [run.folder.id]

    engine = EngineClient()
    try:
        engine.load(LoadOptions(path=str(model_path), n_ctx=512, n_threads=2))
        base_answers = [answer(engine, q) for q in ("What is my cat called?",)]
        engine.set_adapter(str(out), 1.0)
        tuned = answer(engine, "What is my cat called?")
        engine.set_adapter(None)
        base_again = answer(engine, "What is my cat called?")
    finally:
        engine.close()
    assert all("pumpernickel" not in a.lower() for a in base_answers + [base_again])
    assert "pumpernickel" in tuned.lower(), tuned


def test_a_killed_worker_is_reported_and_the_app_goes_on(model_path, tmp_path):
    run = TrainingRun.create(
        tmp_path / "runs",
        name="doomed",
        base_model=model_path,
        train=examples(),
        settings=TrainSettings(steps=50, max_length=64, threads=1),
    )
    run.start()
    seen: list[dict] = []
    drain_until(run, lambda e: e["type"] == "step", seen)
    os.kill(run.pid, signal.SIGKILL)
    finished = drain_until(run, lambda e: False, seen)
    assert finished["status"] == "failed"
    assert "stopped unexpectedly" in finished["error"] and "signal 9" in finished["error"]
    assert run.status() == "failed" and not run.is_running()
    assert "signal 9" in run.folder.state()["error"]

    # This process (the app) is untouched: the engine still answers.
    engine = EngineClient()
    try:
        engine.load(LoadOptions(path=str(model_path), n_ctx=256, n_threads=2))
        assert answer(engine, "Say hi.").strip()
    finally:
        engine.close()


def test_cli_trains_exports_and_registers_the_adapter(model_path, tmp_path):
    import json
    import subprocess
    import sys

    data = tmp_path / "facts.jsonl"
    data.write_text(
        "".join(json.dumps({"messages": list(e.messages)}) + "\n" for e in examples()), "utf-8"
    )
    out = tmp_path / "facts.gguf"
    command = [sys.executable, "-m", "app", "finetune", "--model", str(model_path)]
    command += ["--data", str(data), "--out", str(out), "--steps", "2", "--rank", "4"]
    command += ["--max-length", "64", "--threads", "2"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out) and out.exists()
    assert "estimate: about" in result.stderr and "step 2/2" in result.stderr
    assert "Converting" not in result.stderr  # no third-party progress bars

    listed = subprocess.run(
        [sys.executable, "-m", "app", "models", "adapters", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    adapters = json.loads(listed.stdout)
    assert [a["path"] for a in adapters] == [str(out)]
    assert adapters[0]["meta"]["settings"]["rank"] == 4

    chat = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "chat",
            "Hi",
            "--model",
            str(model_path),
            "--adapter",
            str(out),
            "--max-tokens",
            "4",
            "--ctx",
            "256",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert chat.returncode == 0, chat.stderr
