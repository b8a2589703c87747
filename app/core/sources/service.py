"""Sources as the CLI and the UI use them: collections, indexing, search, answers.

One object holds the collections folder and the embedding model (if any), so the CLI
and the Sources panel index and search the same way. The embedder is optional at
every step: without one a collection is indexed and searched by keywords, and
`search_note` says so where the user sees results.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.sources.answer import (
    CheckedAnswer,
    Source,
    build_messages,
    check_citations,
    sources_from_hits,
    whole_sources,
)
from app.core.sources.collections import Collections, SourcesError
from app.core.sources.index import Hit
from app.core.sources.indexer import KEYWORD_ONLY, Indexer, IndexReport, Progress
from app.core.sources.search import search

log = logging.getLogger(__name__)

CHARS_PER_TOKEN = 3.0  # conservative for English; Chinese is nearer 1.5, caught by the cap
WHOLE_SHARE = 0.5  # at most half the context for whole documents, the rest for the answer


@dataclass
class Prepared:
    """What one question to a collection sends to the model, before it answers."""

    messages: list[dict]
    sources: list[Source]
    note: str = ""


class SourcesService:
    def __init__(
        self, folder: str | Path, embedder_factory: Callable[[], object | None] = lambda: None
    ):
        self.collections = Collections(folder)
        self._embedder_factory = embedder_factory
        self._embedder = None
        self._embedder_tried = False
        self.embedder_problem = ""  # why there is no embedding model, for the user
        self._open_indexes: dict[str, object] = {}
        self._lock = threading.Lock()

    # ---- embedding model ---------------------------------------------------------------
    def embedder(self):
        """The embedding model, started on first use; None when there is none."""
        if not self._embedder_tried:
            self._embedder_tried = True
            try:
                self._embedder = self._embedder_factory()
            except Exception as exc:  # an unusable model: keyword search, said once
                log.warning("no embedding model: %s", exc)
                self._embedder = None
                self.embedder_problem = str(exc).strip().splitlines()[0] if str(exc) else ""
        return self._embedder

    def close(self) -> None:
        with self._lock:
            indexes, self._open_indexes = list(self._open_indexes.values()), {}
        for index in indexes:
            index.close()
        if self._embedder is not None and hasattr(self._embedder, "close"):
            self._embedder.close()
        self._embedder, self._embedder_tried = None, False

    # ---- collections ---------------------------------------------------------------------
    def add(self, name: str, paths: list[str]) -> None:
        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            raise SourcesError(f"{missing[0]}: no such file or folder")
        index = self.collections.create(name)
        try:
            index.add_roots([str(Path(p).resolve()) for p in paths])
        finally:
            index.close()

    def index(
        self,
        name: str,
        on_progress: Callable[[Progress], None] = lambda _p: None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> IndexReport:
        index = self.collections.open(name)
        try:
            report = Indexer(index, self.embedder()).run(on_progress, should_stop)
        finally:
            index.close()
        if self.embedder_problem and report.embedding_note == KEYWORD_ONLY:
            report.embedding_note = f"{self.embedder_problem}; keyword search only"
        return report

    # ---- search and answers ------------------------------------------------------------
    def search(self, name: str, query: str, top: int = 5, mode: str = "hybrid") -> list[Hit]:
        index = self._open(name)
        embed = self._query_embedder(index)
        if mode == "vector" and embed is None:
            raise SourcesError(f"{name}: no vectors to search ({KEYWORD_ONLY})")
        return search(index, query, top=top, embed_query=embed, mode=mode)

    def _open(self, name: str):
        """The collection's index, kept open between queries: its vectors stay in memory
        (read once, a few MB) instead of being read from SQLite for every question."""
        with self._lock:
            index = self._open_indexes.get(name)
            if index is None or not self.collections.exists(name):
                if index is not None:
                    index.close()
                index = self._open_indexes[name] = self.collections.open(name)
            return index

    def remove(self, name: str) -> None:
        """Remove collection `name` and its index file."""
        with self._lock:
            index = self._open_indexes.pop(name, None)
        if index is not None:
            index.close()
        self.collections.remove(name)

    def search_note(self, name: str) -> str:
        index = self.collections.open(name)
        try:
            if self._query_embedder(index):
                return ""
            return (
                f"{self.embedder_problem}; keyword search only"
                if self.embedder_problem
                else KEYWORD_ONLY
            )
        finally:
            index.close()

    def _query_embedder(self, index):
        embedder = self.embedder()
        if embedder is None or not index.counts()["embedded"]:
            return None
        if index.get("embedding_model") != getattr(embedder, "name", ""):
            return None  # vectors of another model: keyword search until re-indexed
        return embedder.embed_query

    def prepare(
        self,
        name: str,
        question: str,
        *,
        context_tokens: int = 2048,
        top: int = 5,
        history: list[dict] | None = None,
    ) -> Prepared:
        """The messages for a question to collection `name`, with its numbered sources."""
        hits = self.search(name, question, top=top)
        note = self.search_note(name)
        whole = self._whole_files(name, hits, context_tokens)
        sources = whole_sources(whole) if whole else sources_from_hits(hits)
        return Prepared(build_messages(question, sources, history), sources, note)

    def _whole_files(self, name: str, hits: list[Hit], context_tokens: int) -> dict[str, str]:
        files = list(dict.fromkeys(hit.file for hit in hits))
        if not files:
            return {}
        budget = int(context_tokens * WHOLE_SHARE * CHARS_PER_TOKEN)
        index = self._open(name)
        texts: dict[str, str] = {}
        for file in files:
            passages = index.passages_of(file)
            if any(p.page is not None for p in passages):
                return {}  # PDFs keep their pages: cited by page, not as one block
            texts[file] = "\n\n".join(p.text for p in passages)
            if sum(len(t) for t in texts.values()) > budget:
                return {}
        return texts

    @staticmethod
    def check(reply: str, prepared: Prepared) -> CheckedAnswer:
        answer = check_citations(reply, prepared.sources)
        if prepared.note and not answer.note:
            answer.note = prepared.note
        return answer
