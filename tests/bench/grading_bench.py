"""Grading throughput and overhead with the real engine.

    .venv/bin/python tests/bench/grading_bench.py [--model M] [--pairs 2] [--json]

A 10-submission batch of ~300-word essays against the 4-criterion example rubric
(argumentative_essay), with the default grading options (feedback on, one retry).
Reports submissions per minute, and the ratio of the batch's wall time to the
engine's raw generation time for the same tokens: every request the batch made
is replayed back to back straight to the engine (same prompts, same sampling, in
the same order, so the same KV-cache reuse), with no prompt building, checking
or database work in between. Batch and replay alternate (A, B, A, B) because the
machine is shared and its speed drifts; the ratio of each pair is reported.
Also reported: the batch's wall time over the time the engine itself reported
busy (prompt evaluation + decoding) in the same run, which the machine's drift
cannot skew, and how much of the prompt came from the KV cache.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PRO = [
    "School uniforms should be required in every public school.",
    "A uniform removes the daily pressure to wear expensive brands.",
    "When everyone dresses the same, bullying about clothes becomes much rarer.",
    "Parents save money because a few uniform sets last the whole year.",
    "Uniforms make it easy to spot a stranger on the school grounds.",
    "In my school, arguments about clothing almost disappeared after uniforms came in.",
    "A study in Long Beach reported fewer fights after uniforms were introduced.",
    "Getting ready in the morning is faster when the choice is already made.",
    "A uniform reminds students that school is a place for work.",
    "Teachers say classes settle down more quickly when students look ready to learn.",
    "Uniforms also build a sense of belonging to one community.",
    "Students from poorer families no longer stand out because of their clothes.",
]
CON = [
    "On the other hand, uniforms limit how students express who they are.",
    "Some families find the first set of uniforms expensive.",
    "Critics argue that bullying simply moves to shoes, bags or phones.",
    "Uniforms can be uncomfortable in hot summer weather.",
    "Research on uniforms and grades has found little clear effect.",
    "Teenagers learn responsibility by choosing their own clothes.",
]
LINKS = [
    "Furthermore,", "In addition,", "For example,", "However,", "As a result,",
    "Most importantly,", "Of course,", "Even so,",
]  # fmt: skip
STUDENTS = ["Ana", "Ben", "Chloe", "Dmitri", "Eva", "Farid", "Grace", "Hiro", "Ines", "Jonas"]
TASK = (
    "Should schools require students to wear uniforms? Write a short argumentative essay of "
    "about 300 words that takes a clear position and supports it with evidence."
)


def make_essay(seed: int, words: int = 300) -> str:
    rng = random.Random(seed)
    sentences = [rng.choice(PRO)]
    while sum(len(s.split()) for s in sentences) < words:
        pool = PRO if rng.random() < 0.7 else CON
        sentence = rng.choice(pool)
        if rng.random() < 0.4:
            sentence = f"{rng.choice(LINKS)} {sentence[0].lower()}{sentence[1:]}"
        sentences.append(sentence)
    sentences.append("In conclusion, the benefits of uniforms outweigh the drawbacks.")
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    return "\n\n".join(paragraphs)


class RecordingEngine:
    """Passes requests to the engine and keeps them, for the replay."""

    def __init__(self, engine):
        self.engine = engine
        self.calls = []

    def complete(self, request):
        done = self.engine.complete(request)
        self.calls.append((request, done))
        return done

    def cancel(self):
        self.engine.cancel()


def flush_cache(engine):
    """Start from an empty KV cache, so batch and replay both pay for the first prompt."""
    from app.engine.types import GenerateRequest, SamplingParams

    engine.complete(GenerateRequest(prompt="Hello", sampling=SamplingParams(max_tokens=1)))


def run_batch(store, engine, assignment_id, options):
    from app.core.grading import BatchRunner

    flush_cache(engine)
    run_id = store.create_run(assignment_id, options, model="bench")
    recorder = RecordingEngine(engine)
    started = time.perf_counter()
    state = BatchRunner(store, recorder).run(run_id)
    seconds = time.perf_counter() - started
    assert state == "finished", state
    return run_id, seconds, recorder.calls


def replay(engine, calls):
    flush_cache(engine)
    started = time.perf_counter()
    same = 0
    for request, done in calls:
        again = engine.complete(request)
        same += again.text == done.text
    return time.perf_counter() - started, same


def main() -> int:
    from app.core.grading import Assignment, GradingOptions, GradingStore, load_example
    from app.core.grading.submissions import from_text
    from app.engine.client import EngineClient
    from app.engine.types import LoadOptions
    from app.hub.starter import starter_model_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--submissions", type=int, default=10)
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    model = args.model or str(starter_model_path())
    essays = [make_essay(i) for i in range(args.submissions)]
    rubric = load_example("argumentative_essay")
    options = GradingOptions()
    engine = EngineClient()
    info = engine.load(LoadOptions(path=model, n_ctx=args.ctx, n_threads=args.threads))
    pairs = []
    with tempfile.TemporaryDirectory() as folder:
        store = GradingStore(Path(folder) / "bench.sqlite3")
        aid = store.create_assignment(Assignment("Uniforms essay", TASK, rubric))
        store.add_submissions(
            aid, [from_text(text, STUDENTS[i % len(STUDENTS)]) for i, text in enumerate(essays)]
        )
        for _ in range(args.pairs):
            run_id, batch_s, calls = run_batch(store, engine, aid, options)
            replay_s, same = replay(engine, calls)
            results = store.get_results(run_id)
            prompt = sum(done.stats.prompt_tokens for _, done in calls)
            cached = sum(done.stats.cached_tokens for _, done in calls)
            pairs.append(
                {
                    "batch_seconds": round(batch_s, 2),
                    "replay_seconds": round(replay_s, 2),
                    "ratio": round(batch_s / replay_s, 3),
                    "submissions_per_minute": round(60 * len(essays) / batch_s, 2),
                    "requests": len(calls),
                    "replayed_identically": same,
                    "prompt_tokens": prompt,
                    "cached_prompt_tokens": cached,
                    "completion_tokens": sum(d.stats.completion_tokens for _, d in calls),
                    "engine_busy_seconds": round(
                        sum(d.stats.prompt_seconds + d.stats.decode_seconds for _, d in calls), 2
                    ),
                    "busy_ratio": round(
                        batch_s
                        / sum(d.stats.prompt_seconds + d.stats.decode_seconds for _, d in calls),
                        3,
                    ),
                    "statuses": {
                        s: sum(r.status == s for r in results)
                        for s in ("graded", "needs_review", "error")
                    },  # fmt: skip
                }
            )
        store.close()
    engine.close()
    words = statistics.mean(len(e.split()) for e in essays)
    report = {
        "model": Path(model).name,
        "threads": info.n_threads,
        "submissions": len(essays),
        "mean_words": round(words),
        "criteria": len(rubric.criteria),
        "pairs": pairs,
        "median_ratio": statistics.median(p["ratio"] for p in pairs),
        "median_submissions_per_minute": statistics.median(
            p["submissions_per_minute"] for p in pairs
        ),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{report['model']}, {report['threads']} threads, {len(essays)} essays of "
              f"~{report['mean_words']} words, {report['criteria']} criteria")  # fmt: skip
        for i, p in enumerate(pairs, 1):
            print(
                f"pair {i}: batch {p['batch_seconds']} s ({p['submissions_per_minute']}/min), "
                f"replay {p['replay_seconds']} s, ratio {p['ratio']} (batch / engine busy "
                f"{p['busy_ratio']}); {p['requests']} requests, "
                f"{p['cached_prompt_tokens']}/{p['prompt_tokens']} prompt tokens from cache, "
                f"{p['completion_tokens']} generated; {p['statuses']}"
            )
        print(f"median ratio {report['median_ratio']}, "
              f"{report['median_submissions_per_minute']} submissions/min")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
