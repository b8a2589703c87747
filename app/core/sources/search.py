"""Find the passages that answer a question: keywords, vectors, and the two merged.

Keyword search catches names, numbers and rare terms a small embedding model blurs;
vector search catches paraphrases no keyword shares. Reciprocal-rank fusion merges the
two rankings without having to make BM25 and cosine scores comparable: each passage
scores sum(1 / (K + rank)) over the lists it appears in (K = 60, as in Cormack et al.).

Queries are turned into FTS5 expressions here, never passed through: a user's
question may hold quotes, colons or AND that FTS5 would read as syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.core.sources.index import UNSPACED, CollectionIndex, Hit, bigrams

RRF_K = 60
CANDIDATES = 50

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset(
    "the a an and or of to in on for is are was were be been what which who whom how why "
    "when where does did do with from by at as that this these those it its into about "
    "there their them they can could would should will shall may might".split()
)


def keyword_terms(query: str) -> tuple[list[str], list[str]]:
    """(words for the trigram index, character pairs for the unspaced-script index)."""
    pairs = [gram for gram in bigrams(query) if len(gram) == 2]
    words = []
    for word in _WORD.findall(UNSPACED.sub(" ", query)):
        lowered = word.lower()
        if len(word) >= 3 and lowered not in _STOP:
            words.append(lowered)
    return list(dict.fromkeys(words)), list(dict.fromkeys(pairs))


def _match(terms: list[str]) -> str:
    """An FTS5 expression matching any of `terms`, each quoted: never FTS5 syntax."""
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


def keyword_search(index: CollectionIndex, query: str, limit: int = CANDIDATES) -> list[int]:
    """Passage ids by BM25 over the question's words and character pairs (any may match)."""
    words, pairs = keyword_terms(query)
    rankings = []
    if words:
        rankings.append(index.keyword_ids(_match(words), limit))
    if pairs:
        rankings.append(index.bigram_ids(_match(pairs), limit))
    if len(rankings) == 1:
        return rankings[0]
    return [pid for pid, _score in fuse(rankings)][:limit]


def fuse(rankings: list[list[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal-rank fusion of several rankings: (id, score), best first."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, pid in enumerate(ranking, start=1):
            scores[pid] = scores.get(pid, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def search(
    index: CollectionIndex,
    query: str,
    *,
    top: int = 5,
    embed_query: Callable[[str], list[float]] | None = None,
    mode: str = "hybrid",
) -> list[Hit]:
    """The `top` passages for `query`. mode: "hybrid", "keyword" or "vector".

    Without `embed_query` (no embedding model) or without vectors, hybrid is keyword
    search alone; the caller says so to the user.
    """
    rankings: list[list[int]] = []
    if mode in ("hybrid", "keyword"):
        rankings.append(keyword_search(index, query))
    if mode in ("hybrid", "vector") and embed_query is not None:
        rankings.append(index.nearest_ids(embed_query(query), CANDIDATES))
    fused = fuse(rankings)[:top]
    found = index.hits([pid for pid, _score in fused])
    return [_scored(found[pid], score) for pid, score in fused if pid in found]


def _scored(hit: Hit, score: float) -> Hit:
    return Hit(hit.passage_id, hit.file, hit.page, hit.line_start, hit.line_end, hit.text, score)
