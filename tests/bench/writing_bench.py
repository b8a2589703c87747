"""Benchmark of the writing assistant on a 5,000-word document.

    .venv/bin/python tests/bench/writing_bench.py [--model M] [--pairs 2] [--json out.json]

Measures, with the real engine and greedy sampling (so both runs generate the
same tokens):
- time from "proofread whole document" to the first change available, and to
  the first part done;
- the total time through WritingService against the engine's raw generation
  time for the same requests replayed straight on EngineClient (A, B, A, B…:
  the machine is noisy, so each pair gives a ratio) — the overhead of
  chunking, token counting, cleaning and diffing; target <= 1.05;
- the same ratio from the engine's own timings (prompt + decode seconds);
- word-level diff time for 5,000 words (target < 50 ms).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.core.writing import WriteListener, WriteRequest, WritingService  # noqa: E402
from app.core.writing.diff import compute_changes  # noqa: E402
from app.engine.client import EngineClient  # noqa: E402
from app.engine.types import Done, GenerateRequest, LoadOptions, SamplingParams  # noqa: E402
from app.hub.starter import starter_model_path  # noqa: E402

SENTENCES = [
    "The library was quiet in the early morning, and only a few students was reading.",
    "Our teacher explained that the experiment needed careful measurments.",
    "We walked along the river and watched the boats go slowly by.",
    "Every chapter of the book ends with a question for the reader to think about.",
    "The weather changed suddenly, so we had to find shelter under a old tree.",
    "She wrote her essay in one evening and then read it aloud to her brother.",
    "Many cities are planting trees to keep the streets cool in summer.",
    "The results of the survey suprised everyone in the class.",
    "He forgot his umbrella at the station and had to walk home in the rain.",
    "A good introduction tells the reader what the essay will argue.",
    "The museum opened a new room for paintings from the last century.",
    "They was not sure which road led to the village behind the hills.",
    "Reading every day helps to build a larger vocabulary over time.",
    "The concert started late because the singer's train was delayed.",
    "Our school garden grows tomatoes, beans and a few pumpkins each year.",
    "The report should include a short summary at the begining.",
]


def document(words: int = 5000, seed: int = 7) -> str:
    rnd = random.Random(seed)
    paragraphs, total = [], 0
    while total < words:
        paragraph = " ".join(rnd.choice(SENTENCES) for _ in range(rnd.randint(3, 6)))
        paragraphs.append(paragraph)
        total += len(paragraph.split())
    return "\n\n".join(paragraphs)


class Recording:
    """EngineClient with every generate request recorded (to replay them raw)."""

    def __init__(self, engine: EngineClient):
        self.engine = engine
        self.requests = []

    def __getattr__(self, name):
        return getattr(self.engine, name)

    def generate(self, request, *, owner=None):
        self.requests.append(request)
        return self.engine.generate(request, owner=owner)


class Timing(WriteListener):
    def __init__(self):
        self.t0 = time.perf_counter()
        self.first_part = None
        self.first_change = None

    def part_finished(self, part):
        now = time.perf_counter() - self.t0
        if self.first_part is None:
            self.first_part = now
        if self.first_change is None and part.changes:
            self.first_change = now


def forget_cache(engine) -> None:
    """Leave only a 2-token prompt in the KV cache, so each run starts equally cold."""
    engine.complete(GenerateRequest(prompt="Hi", sampling=SamplingParams(max_tokens=1)))


def run_service(engine, text):
    forget_cache(engine)
    recording = Recording(engine)
    service = WritingService(recording)
    timing = Timing()
    result = service.run(WriteRequest("proofread", text, sampling={"temperature": 0}), timing)
    elapsed = time.perf_counter() - timing.t0
    return result, elapsed, timing, recording.requests


def run_raw(engine, requests):
    forget_cache(engine)
    started = time.perf_counter()
    tokens = 0
    for request in requests:
        for event in engine.generate(request):
            if isinstance(event, Done):
                tokens += event.stats.completion_tokens
    return time.perf_counter() - started, tokens


def diff_ms(original: str, revised: str, repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        compute_changes(original, revised)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a .gguf file (default: the starter model)")
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    model = args.model or str(starter_model_path())
    text = document(args.words)
    engine = EngineClient()
    engine.load(LoadOptions(model, n_ctx=args.ctx, n_threads=args.threads))
    try:
        pairs = []
        for _ in range(args.pairs):
            result, service_s, timing, requests = run_service(engine, text)
            raw_s, raw_tokens = run_raw(engine, requests)
            stats = result.stats
            pairs.append(
                {
                    "service_seconds": round(service_s, 2),
                    "raw_seconds": round(raw_s, 2),
                    "ratio": round(service_s / raw_s, 3),
                    "engine_ratio": round(service_s / stats.engine_seconds, 3),
                    "first_part_seconds": round(timing.first_part or 0, 2),
                    "first_change_seconds": round(timing.first_change or 0, 2),
                    "parts": stats.parts,
                    "changes": len(result.changes),
                    "prompt_tokens": stats.prompt_tokens,
                    "cached_tokens": stats.cached_tokens,
                    "completion_tokens": stats.completion_tokens,
                    "raw_completion_tokens": raw_tokens,
                    "status": result.status,
                }
            )
            print(json.dumps(pairs[-1]), file=sys.stderr)
        revised = result.output
        report = {
            "model": Path(model).name,
            "words": len(text.split()),
            "n_ctx": engine.model_info.n_ctx,
            "threads": engine.model_info.n_threads,
            "pairs": pairs,
            "median_ratio": statistics.median(p["ratio"] for p in pairs),
            "median_engine_ratio": statistics.median(p["engine_ratio"] for p in pairs),
            "median_first_change_seconds": statistics.median(
                p["first_change_seconds"] for p in pairs
            ),
            "diff_ms_model_output": round(diff_ms(text, revised), 1),
            "diff_ms_150_edits": round(diff_ms(text, _edited(text, 150)), 1),
            "diff_ms_rewrite": round(diff_ms(text, document(args.words, seed=99)), 1),
        }
    finally:
        engine.close()
    print(json.dumps(report, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


def _edited(text: str, edits: int) -> str:
    rnd = random.Random(3)
    words = text.split(" ")
    for i in rnd.sample(range(len(words)), edits):
        words[i] = words[i] + "s"
    return " ".join(words)


if __name__ == "__main__":
    raise SystemExit(main())
