"""Remote backends and the local API server, measured in one run.

    python tests/bench/remote_bench.py [--rounds 3] [--tokens 96] [--class-size 8]

- `remote.overhead_ratio`: tokens/s through Quillmate's RemoteEngine vs the same
  server called directly with httpx2 (streaming, same request), interleaved rounds;
  target >= 0.95.
- `remote.grading_in_flight`: submissions/min grading a class set against the server
  at 1, 2, 4 and 8 in flight (llama-cpp-python's server answers one request at a time,
  so on 2 cores the curve is flat: reported as it is).
- `api.ratio`: tokens/s through `quillmate serve`'s ApiServer vs the engine called
  directly, same request, interleaved.

The server is llama-cpp-python's own (`python -m llama_cpp.server`) with SmolLM2 on
127.0.0.1, as in the tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx2  # noqa: E402

from app.core.api_server import ApiServer, new_token  # noqa: E402
from app.engine.client import EngineClient  # noqa: E402
from app.engine.remote import Endpoint, RemoteEngine  # noqa: E402
from app.engine.types import GenerateRequest, LoadOptions, SamplingParams  # noqa: E402
from app.hub.starter import starter_model_path  # noqa: E402
from tests.remote.conftest import API_KEY, free_port, start_server, stop_server  # noqa: E402

PROMPT = "Tell a long story about a lighthouse keeper and the sea."


def request(tokens: int) -> GenerateRequest:
    return GenerateRequest(
        messages=[{"role": "user", "content": PROMPT}],
        sampling=SamplingParams(temperature=0.0, max_tokens=tokens, seed=1),
    )


def direct_rate(url: str, tokens: int, key: str = API_KEY) -> float:
    """Tokens/s of one streamed reply, read straight off the server's SSE.

    llama.cpp's server sends one event per token; Quillmate's API server sends what
    the engine gives it (every ~30 ms, often several tokens) and the token count in
    the last event's `usage`. Counting events would count chunks, not tokens, so the
    usage figure is used where the server gives one. Either way the clock starts at
    the first content and the first event's tokens are left out (for a chunked
    stream the first event's extra tokens overstate the rate by 1-3 %).
    """
    body = {
        "model": "m", "stream": True, "temperature": 0.0, "max_tokens": tokens, "seed": 1,
        "messages": [{"role": "user", "content": PROMPT}],
    }  # fmt: skip
    first = None
    count = 0
    usage = None
    with httpx2.stream("POST", url + "/chat/completions", json=body, timeout=300,
                       headers={"Authorization": f"Bearer {key}"}) as stream:  # fmt: skip
        for line in stream.iter_lines():
            if line.startswith("data: ") and line != "data: [DONE]":
                event = json.loads(line[6:])
                usage = event.get("usage") or usage
                delta = event["choices"][0].get("delta", {}) if event.get("choices") else {}
                if delta.get("content"):
                    count += 1
                    first = first or time.perf_counter()
    if usage and usage.get("completion_tokens"):
        count = int(usage["completion_tokens"])
    return (count - 1) / (time.perf_counter() - first) if first and count > 1 else 0.0


def engine_rate(engine, tokens: int) -> float:
    return engine.complete(request(tokens)).stats.tokens_per_second


def ratio(ours: list[float], theirs: list[float]) -> dict:
    a, b = statistics.median(ours), statistics.median(theirs)
    return {"ours_tps": round(a, 1), "reference_tps": round(b, 1), "ratio": round(a / b, 3)}


def grading_curve(url: str, class_size: int) -> dict:
    """Submissions per minute at 1, 2, 4, 8 in flight (a real class set, real grading)."""
    from app.core.grading.assignment import Assignment
    from app.core.grading.examples import load_example
    from app.core.grading.options import GradingOptions
    from app.core.grading.runner import BatchRunner
    from app.core.grading.store import GradingStore
    from app.core.grading.submissions import Submission

    rubric = load_example("argumentative_essay")
    essays = [
        f"Essay {n}: School uniforms help students focus and reduce bullying about clothes, "
        "so schools should keep them, though families need help with the cost."
        for n in range(class_size)
    ]
    out = {}
    for lanes in (1, 2, 4, 8):
        with tempfile.TemporaryDirectory() as tmp:
            store = GradingStore(Path(tmp) / "g.sqlite3")
            assignment = Assignment(title="Uniforms", task="Should schools have uniforms?",
                                    rubric=rubric)  # fmt: skip
            aid = store.create_assignment(assignment)
            store.add_submissions(aid, [Submission(f"S{n}", t) for n, t in enumerate(essays)])
            options = GradingOptions(feedback=False, max_tokens=384)
            run_id = store.create_run(aid, options, "remote")
            engines = [RemoteEngine(Endpoint(url, api_key=API_KEY)) for _ in range(lanes)]
            for engine in engines:
                engine.load()
            runner = BatchRunner(store, engines[0], lanes=engines[1:])
            t0 = time.perf_counter()
            runner.run(run_id)
            minutes = (time.perf_counter() - t0) / 60
            out[str(lanes)] = round(class_size / minutes, 2)
            for engine in engines:
                engine.close()
            store.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=96)
    parser.add_argument("--class-size", type=int, default=8)
    parser.add_argument("--no-grading", action="store_true")
    args = parser.parse_args(argv)
    model = starter_model_path()
    port = free_port()
    server = start_server(model, port)
    url = f"http://127.0.0.1:{port}/v1"
    report: dict = {"model": Path(model).name}
    try:
        remote = RemoteEngine(Endpoint(url, api_key=API_KEY))
        remote.load()
        ours, theirs = [], []
        engine_rate(remote, 8)  # warm
        for _ in range(args.rounds):
            ours.append(engine_rate(remote, args.tokens))
            theirs.append(direct_rate(url, args.tokens))
        report["remote"] = {"overhead": ratio(ours, theirs)}
        report["remote"]["overhead_ratio"] = report["remote"]["overhead"]["ratio"]
        remote.close()
        if not args.no_grading:
            report["remote"]["grading_in_flight"] = grading_curve(url, args.class_size)
    finally:
        stop_server(server)
    engine = EngineClient()
    engine.load(LoadOptions(path=str(model), n_ctx=2048, n_threads=2))
    token = new_token()
    api = ApiServer(engine, "smollm2", token).start("127.0.0.1", 0)
    try:
        served, direct = [], []
        engine_rate(engine, 8)
        for _ in range(args.rounds):
            served.append(direct_rate(api.url, args.tokens, key=token))
            direct.append(engine_rate(engine, args.tokens))
        report["api"] = ratio(served, direct)
    finally:
        api.stop()
        engine.close()
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
