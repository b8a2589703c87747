"""Training throughput of Quillmate's worker vs a plain PEFT loop, in the same run.

    python tests/bench/finetune_bench.py [--steps 20] [--rounds 2] [--model M] [--device cpu]

Both sides train the same LoRA (r=8, all projections) on the same encoded examples
in the same batch order, each in a fresh process: the worker through
app.finetune.runner.TrainingRun (its real path, with progress events, checkpoint
checks and the pause/cancel poll), the reference as the shortest loop PEFT allows
(forward, backward, step). Rounds alternate so machine noise hits both. The first
step (allocations, warm-up) is left out of both rates. Reports tokens/s, s/step,
their ratio (target ≥ 0.9) and each process's peak memory.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TOPICS = [
    "photosynthesis",
    "the French revolution",
    "prime numbers",
    "volcanoes",
    "sonnets",
    "the water cycle",
    "supply and demand",
    "black holes",
    "the Roman roads",
    "enzymes",
    "plate tectonics",
    "the printing press",
]


def examples():
    from app.finetune.datasets import Example

    out = []
    for i, topic in enumerate(TOPICS):
        answer = (f"Here is a short explanation of {topic}. " * 6).strip()
        out.append(
            Example(
                (
                    {
                        "role": "user",
                        "content": f"Explain {topic} to a student in a few sentences.",
                    },
                    {"role": "assistant", "content": answer},
                ),
                f"bench {i}",
            )
        )
    return out


def settings(steps: int, device: str, threads: int | None):
    from app.finetune.config import TrainSettings

    return TrainSettings(
        steps=steps,
        batch_size=2,
        max_length=256,
        learning_rate=2e-4,
        checkpoint_every=10_000,
        device=device,
        threads=threads,
    )


def run_worker(model: str, steps: int, device: str, threads: int | None, tmp: Path) -> dict:
    from app.finetune.runner import TrainingRun

    run = TrainingRun.create(
        tmp / "runs",
        name="bench",
        base_model=model,
        train=examples(),
        settings=settings(steps, device, threads),
    )
    run.start()
    events = []
    finished = run.wait(events.append)
    if finished.get("status") != "done":
        raise SystemExit(f"worker run failed: {finished}")
    return summarise([e for e in events if e["type"] == "step"], finished.get("peak_rss"))


def summarise(step_events: list[dict], peak_rss) -> dict:
    first, last = step_events[0], step_events[-1]
    seconds = last["elapsed_s"] - first["elapsed_s"]
    tokens = last["tokens"] - first["tokens"]
    return {
        "tokens_per_s": tokens / seconds,
        "s_per_step": seconds / (len(step_events) - 1),
        "peak_rss": peak_rss,
    }


def reference_main(model: str, steps: int, device: str, threads: int | None) -> None:
    """The plain PEFT loop (runs in its own process; prints its summary as JSON)."""
    import resource

    import torch

    from app.finetune.config import RunFolder
    from app.finetune.datasets import write_jsonl
    from app.finetune.encode import batch_order
    from app.finetune.train import collate, encode_file, load_base, make_lora_model, pick_device

    s = settings(steps, device, threads)
    if threads:
        torch.set_num_threads(threads)
    dev = pick_device(device)
    torch.manual_seed(0)
    tokenizer, base = load_base(model, dev)
    with tempfile.TemporaryDirectory() as tmp:
        folder = RunFolder(tmp)
        write_jsonl(examples(), folder.train_file)
        train = encode_file(folder.train_file, tokenizer, s.max_length)
    model_ = make_lora_model(base, s)
    params = [p for p in model_.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=s.learning_rate)
    model_.train()
    pad = tokenizer.pad_token_id or 0
    events = []
    tokens = 0
    start = time.perf_counter()
    for step in range(steps):
        rows = [train[i] for i in batch_order(len(train), s.batch_size, step, s.seed)]
        input_ids, labels, mask = collate(rows, pad, dev)
        model_(input_ids=input_ids, attention_mask=mask, labels=labels).loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        if dev == "cuda":
            torch.cuda.synchronize()
        tokens += int(mask.sum())
        events.append({"tokens": tokens, "elapsed_s": time.perf_counter() - start})
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(summarise(events, peak)))


def run_reference(model: str, steps: int, device: str, threads: int | None) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--reference",
            "--model",
            model,
            "--steps",
            str(steps),
            "--device",
            device,
        ]
        + (["--threads", str(threads)] if threads else []),
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "TQDM_DISABLE": "1"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    parser.add_argument("--threads", type=int)
    parser.add_argument("--reference", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    from app.hub.starter import starter_model_path

    model = args.model or str(starter_model_path())
    if args.reference:
        reference_main(model, args.steps, args.device, args.threads)
        return 0
    worker, reference = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(args.rounds):
            for name, fn in (("worker", run_worker), ("peft loop", None)):
                if fn is None:
                    result = run_reference(model, args.steps, args.device, args.threads)
                    reference.append(result)
                else:
                    result = fn(
                        model, args.steps, args.device, args.threads, Path(tmp) / str(round_)
                    )
                    worker.append(result)
                print(
                    f"round {round_ + 1} {name:9s}: {result['tokens_per_s']:7.1f} tok/s "
                    f"{result['s_per_step']:.3f} s/step  peak {result['peak_rss'] / 2**20:.0f} MiB",
                    flush=True,
                )
    w = statistics.median(r["tokens_per_s"] for r in worker)
    p = statistics.median(r["tokens_per_s"] for r in reference)
    print(
        f"\n{args.device}: worker {w:.1f} tok/s, plain PEFT loop {p:.1f} tok/s, "
        f"ratio {w / p:.3f} (target >= 0.9)"
    )
    print(
        f"peak memory: worker {max(r['peak_rss'] for r in worker) / 2**20:.0f} MiB, "
        f"PEFT loop {max(r['peak_rss'] for r in reference) / 2**20:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
