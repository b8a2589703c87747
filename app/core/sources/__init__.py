"""Sources: chat with the user's own documents, with citations that are checked.

Qt-free, below the UI and the CLI. A collection is a named set of files and folders
with its own SQLite index (`collections`, `index`); `indexer` keeps it current in
small committed steps; `search` ranks passages by keywords (FTS5 trigram), vectors
(an embedding model through the engine) and both fused; `answer` numbers the passages
for the model and checks every citation in its reply. `service.SourcesService` is the
one entry point the CLI and the Sources panel use.
"""

from app.core.sources.answer import CheckedAnswer, Source, check_citations, sources_list
from app.core.sources.collections import CollectionInfo, Collections, SourcesError
from app.core.sources.index import CollectionIndex, Hit
from app.core.sources.indexer import KEYWORD_ONLY, Indexer, IndexReport, Progress
from app.core.sources.service import Prepared, SourcesService

__all__ = [
    "KEYWORD_ONLY",
    "CheckedAnswer",
    "CollectionIndex",
    "CollectionInfo",
    "Collections",
    "Hit",
    "IndexReport",
    "Indexer",
    "Prepared",
    "Progress",
    "Source",
    "SourcesError",
    "SourcesService",
    "check_citations",
    "sources_list",
]
