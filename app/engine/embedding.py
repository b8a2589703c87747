"""Embeddings for retrieval: one embedding model in its own engine worker process.

The chat model and the embedding model must not share a worker: indexing a folder
would otherwise unload the chat model (and its prompt cache) for every batch. So an
`Embedder` owns a second EngineClient with all of its machinery — deaths named,
SIGILL fallback to safe kernels, deadlines — and starts it only when the first text
is embedded, so an app that never indexes pays nothing.

The model's query/document prefixes (app.engine.embed_models) are applied here, so
callers pass plain text and still get the vectors the model was trained to compare.
A worker that dies under a call (killed, out of memory) is replaced and the call made
once more before the error reaches the caller.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from app.engine.client import EngineClient
from app.engine.embed_models import (
    EMBEDDING_CATALOG,
    EmbeddingModelSpec,
    NotAnEmbeddingModel,
    embedding_pooling,
    prefixes_for,
    spec_for,
)
from app.engine.gguf import check_gguf
from app.engine.types import EngineDied, EngineError, LoadOptions, ModelInfo

log = logging.getLogger(__name__)

__all__ = [
    "EMBEDDING_CATALOG",
    "DEFAULT_EMBED_BATCH",
    "Embedder",
    "EmbeddingModelSpec",
    "NotAnEmbeddingModel",
    "prefixes_for",
    "spec_for",
]

# Tokens per llama_decode. A BERT batch attends across all its tokens (masked per
# text), so its attention grows with the square of the batch: 512 (one full-length
# text of most models) ran as fast as 2048 here for all-MiniLM-L6-v2. Raised to the
# model's training context when that is longer, up to 2048: an 8192-token batch of a
# bge-m3-class model would need gigabytes for attention alone, and passages are far
# shorter than that anyway (a longer text is cut and counted).
DEFAULT_EMBED_BATCH = 512
MAX_EMBED_BATCH = 2048


class Embedder:
    """Vectors for passages and queries from one GGUF embedding model.

    Raises NotAnEmbeddingModel (an EngineError) at construction when the file is not
    one, without starting a process. Thread-safe: calls are serialised by the client.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        n_threads: int | None = None,
        n_batch: int | None = None,
        kernels: str = "auto",
        query_prefix: str | None = None,
        document_prefix: str | None = None,
    ) -> None:
        self.path = Path(path).expanduser()
        header = check_gguf(self.path)
        embedding_pooling(header)  # raises NotAnEmbeddingModel naming the file
        self._dim = int(header.n_embd or 0)
        context = int(header.context_length or DEFAULT_EMBED_BATCH)
        batch = n_batch or max(DEFAULT_EMBED_BATCH, min(context, MAX_EMBED_BATCH))
        self.options = LoadOptions(
            path=str(self.path), n_threads=n_threads, n_batch=batch, kernels=kernels,
            embedding=True,
        )  # fmt: skip
        known_query, known_document = prefixes_for(self.path)
        self.query_prefix = known_query if query_prefix is None else query_prefix
        self.document_prefix = known_document if document_prefix is None else document_prefix
        self.spec = spec_for(self.path)
        self.truncated = 0  # texts cut to the model's context, over this Embedder's life
        self.tokens = 0
        self._client: EngineClient | None = None
        self._lock = threading.Lock()
        self._closed = False

    # ------------------------------------------------------------------ API
    @property
    def name(self) -> str:
        """Which model made a vector (a collection re-embeds when this changes)."""
        return self.path.name

    @property
    def dim(self) -> int:
        """Width of the vectors (read from the file; no worker is started for it)."""
        return self._dim

    @property
    def model_info(self) -> ModelInfo | None:
        """What the worker loaded, once it has (None before the first call)."""
        return self._client.model_info if self._client is not None else None

    @property
    def worker_pid(self) -> int | None:
        return self._client.worker_pid if self._client is not None else None

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """One unit vector per passage, with the model's document prefix."""
        prefix = self.document_prefix
        return self.embed([prefix + text for text in texts] if prefix else list(texts))

    def embed_query(self, text: str) -> list[float]:
        """The unit vector of a search query, with the model's query prefix."""
        return self.embed([self.query_prefix + text])[0]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit vectors of `texts` exactly as given (no prefix)."""
        texts = list(texts)
        if not texts:
            return []
        client = self._started()
        try:
            vectors = client.embed(texts)
        except EngineDied as error:
            if self._closed:
                raise
            log.warning("the embedding worker died (%s): starting a new one", error)
            vectors = client.embed(texts)  # _ensure_worker restarts and reloads it
        counts = client.last_embed
        self.truncated += counts.get("truncated", 0)
        self.tokens += counts.get("tokens", 0)
        return vectors

    def cancel(self) -> None:
        """Stop a running embed call between batches (from any thread); it raises EngineError."""
        client = self._client
        if client is not None:
            client.cancel()

    def close(self) -> None:
        """Stop the worker; a later call starts a new one."""
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            self._closed = True
            try:
                client.close()
            finally:
                self._closed = False

    def __enter__(self) -> Embedder:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -------------------------------------------------------------- helpers
    def _started(self) -> EngineClient:
        with self._lock:
            if self._client is None:
                client = EngineClient()
                try:
                    info = client.load(self.options)
                except EngineError:
                    client.close()
                    raise
                if info.n_embd:
                    self._dim = info.n_embd
                self._client = client
            return self._client
