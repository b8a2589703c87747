"""Benchmark section: embedding passages for Sources, engine against raw llama-cpp-python.

Indexing a folder is embedding thousands of passages, so what matters is passages per
second through the app's path (an Embedder: its own worker process, packed batches,
vectors sent back over the pipe) next to llama-cpp-python's `create_embedding` in this
process, on the same model, threads, batch size and kernels. Each round embeds its
passages in blocks that alternate between the sides (A B B A ...), so drift of a
shared machine hits both alike; the ratio is the median of per-round ratios.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from app.bench.common import filler_text
from app.core.measure import pause, ratios, summary
from app.engine import kernels
from app.engine.embedding import Embedder
from app.engine.types import EngineError

log = logging.getLogger(__name__)

TARGET_EMBED_RATIO = 0.95  # engine passages/s >= 0.95x raw create_embedding
BLOCKS = 4  # each round's passages in this many alternating blocks per side


def passages(n: int, seed: int) -> list[str]:
    """`n` different passages of 40-120 words (an indexed page holds a few of these)."""
    return [filler_text(40 + (i * 37) % 81, seed * 10_000 + i) for i in range(n)]


def bench_sources(
    *,
    threads: int,
    rounds: int,
    n_passages: int,
    progress: Callable[[str], None],
    model_path: str | None = None,
) -> dict[str, Any]:
    """Passages/s through the Embedder and through raw create_embedding, paired rounds.

    model_path: an embedding GGUF (default: the starter all-MiniLM-L6-v2, converted on
    first use). Returns {"available": False, "reason"} when there is none.
    """
    try:
        path = model_path or _starter_model()
    except EngineError as exc:
        return {"available": False, "reason": str(exc)}
    progress("sources: starting the embedding worker")
    embedder = Embedder(path, n_threads=threads)
    engine_rate: list[float | None] = []
    raw_rate: list[float | None] = []
    truncated = 0
    try:
        embedder.embed_documents(passages(8, seed=1))  # warm-up; settles the kernels
        mode = embedder.model_info.kernels
        if mode == "default" and kernels.in_process_mode() != "default":
            mode = "safe"  # unproven here: raw llama.cpp must not risk a SIGILL in-process
        llm = _open_raw(path, threads=threads, n_batch=embedder.options.n_batch, mode=mode)
        try:
            llm.create_embedding(passages(8, seed=1))
            for r in range(rounds):
                progress(f"sources: embedding round {r + 1}/{rounds}")
                texts = passages(n_passages, seed=100 + r)
                seconds = {"engine": 0.0, "raw": 0.0}
                # Blocks of the round's passages, alternating A B B A ...: a shared
                # machine's drift within the round then hits both sides alike.
                for b, block in enumerate(_blocks(texts, BLOCKS)):
                    order = ["engine", "raw"] if (b + r) % 2 == 0 else ["raw", "engine"]
                    for side in order:
                        pause()
                        started = time.perf_counter()
                        if side == "engine":
                            before = embedder.truncated
                            embedder.embed_documents(block)
                            truncated += embedder.truncated - before
                        else:
                            llm.create_embedding(block)
                        seconds[side] += time.perf_counter() - started
                engine_rate.append(n_passages / seconds["engine"])
                raw_rate.append(n_passages / seconds["raw"])
        finally:
            llm.close()
        info = embedder.model_info
    finally:
        embedder.close()
    ratio = ratios(engine_rate, raw_rate)
    met = None if ratio["median"] is None else ratio["median"] >= TARGET_EMBED_RATIO
    return {
        "available": True,
        "measures": (
            f"{n_passages} passages of 40-120 words per round: Embedder.embed_documents "
            "(own worker process, as the app indexes) vs raw llama-cpp-python "
            "create_embedding in this process, same model, threads, batch and kernels; "
            f"wall time as the caller sees it, in {BLOCKS} alternating blocks per round."
        ),
        "model": info.name if info else str(path),
        "dim": embedder.dim,
        "n_batch": embedder.options.n_batch,
        "kernels": mode,
        "passages": n_passages,
        "truncated": truncated,
        "embed_passages_per_s": summary(engine_rate),
        "raw_passages_per_s": summary(raw_rate),
        "embed_ratio": ratio,
        "targets": {"embed_ratio": {"target": f">= {TARGET_EMBED_RATIO}", "met": met}},
    }


def _blocks(texts: list[str], n: int) -> list[list[str]]:
    size = max(1, -(-len(texts) // n))
    return [texts[i : i + size] for i in range(0, len(texts), size)]


def _starter_model() -> str:
    from app.hub.embedding_model import ensure_starter_embedding_model

    return str(ensure_starter_embedding_model())


def _open_raw(path: str, *, threads: int, n_batch: int, mode: str):
    import llama_cpp

    with kernels.model_params(mode):
        return llama_cpp.Llama(
            model_path=path, embedding=True, n_ctx=n_batch, n_batch=n_batch, n_ubatch=n_batch,
            n_threads=threads, n_threads_batch=threads, verbose=False,
        )  # fmt: skip


def format_lines(section: dict[str, Any] | None) -> list[str]:
    """The section as table lines (app.bench.table)."""
    if not section:
        return []
    lines = ["5. Sources: embedding passages (medians, passages/s)"]
    if not section.get("available"):
        return lines + [f"   {section.get('reason', 'not measured')}", ""]
    fmt = lambda v: "—" if v is None else f"{v:.1f}"  # noqa: E731
    engine = section["embed_passages_per_s"]["median"]
    raw = section["raw_passages_per_s"]["median"]
    ratio = section["embed_ratio"]["median"]
    target = section["targets"]["embed_ratio"]
    mark = "" if target["met"] is None else ("  ✓" if target["met"] else "  ✗")
    return lines + [
        f"   {section['model']} (dim {section['dim']}, batch {section['n_batch']}, "
        f"{section['kernels']} kernels), {section['passages']} passages per round",
        f"   Embedder (own worker) {fmt(engine):>8}   raw create_embedding {fmt(raw):>8}",
        f"   engine / raw: {'—' if ratio is None else f'{ratio:.3f}x'}{mark} target "
        f"{target['target']}",
        "",
    ]
