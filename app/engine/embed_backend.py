"""Embedding texts with a loaded llama.cpp model, inside the engine worker process.

Many texts go into one `llama_decode`, each as its own sequence, so a short passage
does not pay a whole decode call: an encoder (BERT) evaluates the packed batch in one
pass, and llama.cpp pools each sequence separately (`llama_get_embeddings_seq`).
A batch never holds more tokens than the context's n_batch (a larger one aborts the
process, see ../shared/LLAMA_NOTES.md) nor more sequences than n_seq_max; an encoder
must also take the whole batch in one micro-batch, so the backend loads embedding
models with n_ubatch = n_batch.

A text longer than what the model was trained on (or than one batch) is cut to fit,
keeping its closing separator token, and counted, so the caller can say how many
passages were shortened.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import llama_cpp

from app.engine.types import EngineError

log = logging.getLogger(__name__)


def embed_texts(backend, texts: list[str]) -> dict[str, Any]:
    """L2-normalised vectors for `texts`, with counts.

    Returns {"vectors": [[float]], "tokens": int, "truncated": int, "batches": int,
    "largest_batch": int}.
    """
    llm = backend.llm
    if llm is None:
        raise EngineError("No model is loaded.")
    if not llm.context_params.embeddings:
        raise EngineError("The model was not loaded for embeddings.")
    ctx = llm._ctx.ctx
    n_batch = int(llm.n_batch)
    limit = max(2, min(n_batch, int(llm._model.n_ctx_train()) or n_batch))
    n_seq_max = max(1, int(llm.context_params.n_seq_max))
    n_embd = int(llm.n_embd())
    vocab = llm._model.vocab
    sequences: list[list[int]] = []
    truncated = 0
    for text in texts:
        tokens = llm.tokenize(text.encode("utf-8"), add_bos=True, special=False)
        if len(tokens) > limit:
            truncated += 1
            tokens = _cut(vocab, tokens, limit)
        sequences.append(tokens)

    batch = llama_cpp.llama_batch_init(n_batch, 0, n_seq_max)
    vectors: list[list[float]] = []
    stats = {"tokens": 0, "truncated": truncated, "batches": 0, "largest_batch": 0}
    try:
        group: list[list[int]] = []
        used = 0
        for tokens in sequences:
            if backend._is_cancelled():  # the indexer paused: stop between batches
                raise EngineError("The request was cancelled.")
            if group and (used + len(tokens) > n_batch or len(group) >= n_seq_max):
                vectors.extend(_decode_group(backend, ctx, batch, group, n_embd, stats))
                group, used = [], 0
            group.append(tokens)
            used += len(tokens)
        if group:
            vectors.extend(_decode_group(backend, ctx, batch, group, n_embd, stats))
    finally:
        llama_cpp.llama_batch_free(batch)
        _clear_memory(ctx)
    return {"vectors": vectors, **stats}


def _cut(vocab, tokens: list[int], limit: int) -> list[int]:
    """The first `limit` tokens, keeping a closing control token ([SEP], </s>) last."""
    last = tokens[-1]
    control = llama_cpp.LLAMA_TOKEN_ATTR_CONTROL
    if llama_cpp.llama_vocab_get_attr(vocab, last) & control:
        return tokens[: limit - 1] + [last]
    return tokens[:limit]


def _decode_group(backend, ctx, batch, group, n_embd: int, stats: dict[str, int]):
    n_tokens = 0
    for seq_id, tokens in enumerate(group):
        for pos, token in enumerate(tokens):
            batch.token[n_tokens] = token
            batch.pos[n_tokens] = pos
            batch.n_seq_id[n_tokens] = 1
            batch.seq_id[n_tokens][0] = seq_id
            batch.logits[n_tokens] = True  # every token an output: llama.cpp pools them
            n_tokens += 1
    batch.n_tokens = n_tokens
    _clear_memory(ctx)
    backend._inject_fault(n_tokens)  # the test hook that makes a worker die for real
    rc = llama_cpp.llama_decode(ctx, batch)
    if rc != 0:
        raise EngineError(f"llama_decode failed (code {rc}) while embedding")
    out = []
    for seq_id in range(len(group)):
        pointer = llama_cpp.llama_get_embeddings_seq(ctx, seq_id)
        if not pointer:
            raise EngineError("llama.cpp returned no pooled embedding (pooling type none?)")
        out.append(_normalised(pointer[:n_embd]))
    stats["tokens"] += n_tokens
    stats["batches"] += 1
    stats["largest_batch"] = max(stats["largest_batch"], n_tokens)
    backend._progress()
    return out


def _normalised(vector: list[float]) -> list[float]:
    """Unit length, so a dot product is the cosine similarity (an all-zero vector stays)."""
    norm = math.sqrt(math.fsum(v * v for v in vector))
    return [v / norm for v in vector] if norm > 0 else vector


def _clear_memory(ctx) -> None:
    memory = llama_cpp.llama_get_memory(ctx)
    if memory:  # encoders without a KV cache have none
        llama_cpp.llama_memory_clear(memory, True)
