"""Which GGUF files are embedding models, and the prefixes each one expects.

Retrieval models are trained with a marker before the text that tells a question from
a passage ("search_query: " / "search_document: " for nomic-embed-text); without it
their recall drops noticeably. The marker is a property of the model, not of the file
format, so it lives in this small catalogue, looked up by file name. Core code (the
Sources index) imports it from here: the engine is the lowest layer.

Whether a file is an embedding model at all is read from its GGUF metadata, in pure
Python, before llama.cpp sees it: a chat model loaded with `embedding=True` loads
without complaint and then returns vectors that mean nothing, so it is refused with
one clear sentence instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from app.engine.gguf import GGUFHeader
from app.engine.types import ModelLoadError

# llama.cpp's enum llama_pooling_type (llama.h).
POOLING_UNSPECIFIED = -1
POOLING_NONE = 0
POOLING_MEAN = 1
POOLING_CLS = 2
POOLING_LAST = 3
POOLING_RANK = 4
POOLING_NAMES = {POOLING_NONE: "none", POOLING_MEAN: "mean", POOLING_CLS: "cls",
                 POOLING_LAST: "last", POOLING_RANK: "rank"}  # fmt: skip

# Encoder architectures llama.cpp runs as embedding models. Files of these written by
# older converters may lack a pooling type; they get mean pooling, as BERT models
# were pooled before the key existed.
ENCODER_ARCHITECTURES = frozenset(
    {"bert", "nomic-bert", "nomic-bert-moe", "jina-bert-v2", "jina-bert-v3", "modern-bert",
     "neo-bert", "eurobert", "t5encoder"}
)  # fmt: skip


class NotAnEmbeddingModel(ModelLoadError):
    """The file is a model, but not one that makes embeddings (a chat model, a reranker)."""


@dataclass(frozen=True)
class EmbeddingModelSpec:
    """One known embedding model: how to recognise its file and what it expects."""

    name: str
    patterns: tuple[str, ...]  # lower-case pieces of the file name ('_' read as '-')
    query_prefix: str = ""
    document_prefix: str = ""
    dim: int = 0
    context: int = 512
    repo: str = ""  # where a GGUF of it is published, for the catalogue's download offer


_BGE_QUERY = "Represent this sentence for searching relevant passages: "

EMBEDDING_CATALOG: tuple[EmbeddingModelSpec, ...] = (
    EmbeddingModelSpec(
        "nomic-embed-text-v1.5", ("nomic-embed-text-v1.5", "nomic-embed-text-v1-5"),
        "search_query: ", "search_document: ", 768, 2048, "nomic-ai/nomic-embed-text-v1.5-GGUF",
    ),
    EmbeddingModelSpec(
        "nomic-embed-text-v1", ("nomic-embed-text",),
        "search_query: ", "search_document: ", 768, 2048, "nomic-ai/nomic-embed-text-v1-GGUF",
    ),
    EmbeddingModelSpec(
        "bge-small-en-v1.5", ("bge-small-en",), _BGE_QUERY, "", 384, 512,
        "CompendiumLabs/bge-small-en-v1.5-gguf",
    ),
    EmbeddingModelSpec(
        "bge-base-en-v1.5", ("bge-base-en",), _BGE_QUERY, "", 768, 512,
        "CompendiumLabs/bge-base-en-v1.5-gguf",
    ),
    EmbeddingModelSpec(
        "bge-large-en-v1.5", ("bge-large-en",), _BGE_QUERY, "", 1024, 512,
        "CompendiumLabs/bge-large-en-v1.5-gguf",
    ),
    # bge-m3 is multilingual (Chinese included) and needs no prefix.
    EmbeddingModelSpec("bge-m3", ("bge-m3",), "", "", 1024, 8192, "lm-kit/bge-m3-gguf"),
    EmbeddingModelSpec("all-MiniLM-L6-v2", ("all-minilm-l6-v2",), "", "", 384, 512),
)  # fmt: skip


def _normalised(name: str) -> str:
    return re.sub(r"[_\s]+", "-", name.lower())


def spec_for(path: str | Path) -> EmbeddingModelSpec | None:
    """The catalogue entry whose pattern the file name contains (longest pattern wins)."""
    name = _normalised(Path(path).name)
    best: tuple[int, EmbeddingModelSpec] | None = None
    for spec in EMBEDDING_CATALOG:
        for pattern in spec.patterns:
            if pattern in name and (best is None or len(pattern) > best[0]):
                best = (len(pattern), spec)
    return best[1] if best else None


def prefixes_for(path: str | Path) -> tuple[str, str]:
    """(query prefix, document prefix) for a model file; ("", "") when it is unknown."""
    spec = spec_for(path)
    return (spec.query_prefix, spec.document_prefix) if spec else ("", "")


def embedding_pooling(header: GGUFHeader) -> int:
    """The pooling to ask llama.cpp for, or NotAnEmbeddingModel naming the file.

    POOLING_UNSPECIFIED means "the file's own" (it names mean, CLS or last-token
    pooling); POOLING_MEAN is returned for an encoder file that names none.
    """
    arch = header.architecture
    pooling = header.metadata.get(f"{arch}.pooling_type")
    name = header.path.name
    if isinstance(pooling, int) and not isinstance(pooling, bool):
        if pooling in (POOLING_MEAN, POOLING_CLS, POOLING_LAST):
            return POOLING_UNSPECIFIED
        if pooling == POOLING_RANK:
            raise NotAnEmbeddingModel(
                f"{name} is not an embedding model: it is a reranker (pooling type 'rank'). "
                "Choose an embedding model such as all-MiniLM-L6-v2 or nomic-embed-text-v1.5."
            )
    if arch in ENCODER_ARCHITECTURES and pooling in (None, POOLING_NONE):
        return POOLING_MEAN
    what = f"architecture '{arch or 'unknown'}'"
    what += ", no pooling type in its metadata" if pooling is None else f", pooling {pooling}"
    raise NotAnEmbeddingModel(
        f"{name} is not an embedding model ({what}): it looks like a chat or text "
        "model. Choose an embedding model such as all-MiniLM-L6-v2, nomic-embed-text-v1.5 "
        "or bge-small-en-v1.5."
    )


def embed_load_settings(options, header: GGUFHeader) -> dict:
    """Extra `Llama(...)` arguments for `options.embedding`; {} for a chat model.

    Raises NotAnEmbeddingModel before llama.cpp loads anything. The context is one
    batch: texts are embedded independently, so nothing is kept between batches.
    """
    if not getattr(options, "embedding", False):
        return {}
    pooling = embedding_pooling(header)
    return {
        "embedding": True,
        "pooling_type": pooling,
        "n_ctx": max(options.n_batch, options.n_ctx or 0),
    }
