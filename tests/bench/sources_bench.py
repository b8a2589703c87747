"""Sources: retrieval quality and speed, measured in one run.

    python tests/bench/sources_bench.py [--json] [--passages 10000] [--no-embed]

Quality: the labelled set in data/sources_qa.json (36 documents, English and
Chinese, 44 questions each answered by one document), indexed as a real collection;
recall@5 and MRR for keyword-only, vector-only and hybrid (RRF) retrieval.

Speed: indexing pages/s and passages/s on generated notes, the index size on disk,
query latency at `--passages` passages (keyword, vector, hybrid), peak memory, and
embedding through the engine vs raw llama-cpp-python `create_embedding` on the same
200 passages in the same run (`sources.embed_ratio`, target >= 0.95).

The embedding model is the starter one (all-MiniLM-L6-v2 from its wheel, turned into
a GGUF once); with --no-embed, or without the wheel, only keyword figures come out.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.core.sources import SourcesService  # noqa: E402

DATA = Path(__file__).with_name("data") / "sources_qa.json"
MODES = ("keyword", "vector", "hybrid")
WORDS = (
    "cell energy river empire theorem poem orbit climate protein market treaty harvest "
    "engine signal fraction essay volcano glacier island festival bridge archive"
).split()


def starter_embedder(folder: Path):
    """The starter embedding model (None when its wheel is not installed)."""
    from app.engine.embedding import Embedder
    from app.hub.embedding_model import ensure_starter_embedding_model, starter_embedding_available

    if not starter_embedding_available():
        return None
    return Embedder(ensure_starter_embedding_model(folder))


def quality(service: SourcesService, folder: Path, embedded: bool) -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    docs = folder / "qa"
    docs.mkdir()
    for name, text in data["documents"].items():
        (docs / name).write_text(text + "\n", encoding="utf-8")
    service.add("qa", [str(docs)])
    service.index("qa")
    out: dict = {"documents": len(data["documents"]), "questions": len(data["questions"])}
    for mode in MODES if embedded else ("keyword",):
        found_at = []
        for item in data["questions"]:
            hits = service.search("qa", item["q"], top=5, mode=mode)
            names = [Path(h.file).name for h in hits]
            found_at.append(names.index(item["a"]) + 1 if item["a"] in names else None)
        recall = sum(1 for r in found_at if r) / len(found_at)
        mrr = sum(1 / r for r in found_at if r) / len(found_at)
        out[mode] = {"recall_at_5": round(recall, 3), "mrr": round(mrr, 3)}
    return out


def notes(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(WORDS) for _ in range(120)) + f" Note number {n}." for n in range(count)
    ]


def write_notes(folder: Path, count: int, seed: int = 7) -> Path:
    """`count` one-passage notes, ten to a file (a file is about a page of text)."""
    folder.mkdir()
    texts = notes(count, seed)
    for start in range(0, len(texts), 10):
        body = "\n\n".join(texts[start : start + 10])
        (folder / f"note{start // 10:05d}.txt").write_text(body, encoding="utf-8")
    return folder


def index_rate(service: SourcesService, folder: Path, name: str, count: int) -> dict:
    service.add(name, [str(write_notes(folder / name, count))])
    began = time.perf_counter()
    report = service.index(name)
    seconds = time.perf_counter() - began
    return {
        "passages": report.passages,
        "embedded": report.embedded,
        "seconds": round(seconds, 2),
        "passages_per_s": round(report.passages / seconds, 1),
        "pages_per_s": round(report.added / seconds, 1),
    }


def speed(service: SourcesService, folder: Path, passages: int, embedder) -> dict:
    """Index rates (keyword-only at `passages`, with embeddings on 300), the index size
    and query latency at `passages` passages in every mode."""
    keyword_only = SourcesService(folder / "keyword-only")
    out = {"keyword_index": index_rate(keyword_only, folder, "speed", passages)}
    if embedder is not None:
        out["embedded_index"] = index_rate(service, folder, "embedded", 300)
        # Vectors for the large collection without waiting for 10,000 embeddings: random
        # unit vectors of the model's width (search cost does not depend on their values).
        import numpy as np

        index = keyword_only.collections.open("speed")
        rng = np.random.default_rng(5)
        ids = [row[0] for row in index.db.query("SELECT id FROM passages ORDER BY id")]
        vectors = rng.standard_normal((len(ids), embedder.dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        index.store_vectors(list(zip(ids, vectors.tolist(), strict=True)))
        index.set("embedding_model", embedder.name)
        index.close()
        keyword_only._embedder, keyword_only._embedder_tried = embedder, True
    path = keyword_only.collections.path_of("speed")
    out["index_mb_at_passages"] = round(
        sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6, 1
    )
    rng = random.Random(3)
    for mode in MODES if embedder is not None else ("keyword",):
        times = []
        for _ in range(20):
            query = " ".join(rng.sample(WORDS, 3))
            t0 = time.perf_counter()
            keyword_only.search("speed", query, top=5, mode=mode)
            times.append((time.perf_counter() - t0) * 1000)
        out[f"query_ms_{mode}"] = round(statistics.median(times), 2)
    keyword_only._embedder = None
    return out


def embed_ratio(embedder, texts: list[str], rounds: int = 3) -> dict:
    """Passages/s through the engine vs raw create_embedding, interleaved rounds."""
    import llama_cpp

    raw = llama_cpp.Llama(
        str(embedder.path), embedding=True, n_ctx=512, n_batch=512, n_ubatch=512,
        n_threads=embedder.options.n_threads or 2, verbose=False,
    )  # fmt: skip
    ours, theirs = [], []
    embedder.embed_documents(texts[:8])  # the worker up and warm
    raw.create_embedding(texts[:8])
    for _ in range(rounds):
        t0 = time.perf_counter()
        embedder.embed_documents(texts)
        ours.append(len(texts) / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for start in range(0, len(texts), 32):
            raw.create_embedding(texts[start : start + 32])
        theirs.append(len(texts) / (time.perf_counter() - t0))
    raw.close()
    return {
        "embed_passages_per_s": round(statistics.median(ours), 1),
        "raw_passages_per_s": round(statistics.median(theirs), 1),
        "embed_ratio": round(statistics.median(ours) / statistics.median(theirs), 3),
    }


def say(phase: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {phase}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--no-embed", action="store_true")
    parser.add_argument("--ratio-passages", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="quillmate-sources-bench-") as tmp:
        folder = Path(tmp)
        embedder = None if args.no_embed else starter_embedder(folder / "models")
        service = SourcesService(folder / "sources", lambda: embedder)
        report: dict = {"embedding_model": getattr(embedder, "name", None)}
        say("quality")
        report["quality"] = quality(service, folder, embedder is not None)
        say("speed")
        report["speed"] = speed(service, folder, args.passages, embedder)
        if embedder is not None:
            say("embed ratio")
            report["sources"] = embed_ratio(embedder, notes(args.ratio_passages, seed=11))
        report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        service.close()
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
