"""Named collections of the user's files, each an index file in the data folder.

`<data>/sources/` holds one SQLite file per collection and nothing else: listing the
folder lists the collections, and removing one deletes its file (with SQLite's -wal and
-shm companions), so nothing of it stays behind. The file name is derived from the
collection's name (any script) plus a short hash, so two names never share a file.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from app.core.db import DatabaseError
from app.core.sources.index import CollectionIndex

log = logging.getLogger(__name__)

SUFFIX = ".sqlite3"
_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


class SourcesError(Exception):
    """A collection cannot be found, made or read; the message says why, in one line."""


@dataclass(frozen=True)
class CollectionInfo:
    name: str
    path: Path
    roots: list[str]
    files: int
    failed: int
    passages: int
    embedded: int
    embedding_model: str
    size_bytes: int


def file_name(name: str) -> str:
    safe = _UNSAFE.sub("-", name).strip("-")[:40] or "collection"
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return f"{safe}-{digest}{SUFFIX}"


class Collections:
    """The collections under one folder (`<data>/sources`)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def path_of(self, name: str) -> Path:
        return self.folder / file_name(name)

    def exists(self, name: str) -> bool:
        return self.path_of(name).is_file()

    def create(self, name: str) -> CollectionIndex:
        name = name.strip()
        if not name:
            raise SourcesError("a collection needs a name")
        index = CollectionIndex(self.path_of(name))
        if not index.get("name"):
            index.set("name", name)
        return index

    def open(self, name: str) -> CollectionIndex:
        if not self.exists(name):
            known = ", ".join(self.names()) or "none yet"
            raise SourcesError(f"no collection named {name!r} (collections: {known})")
        try:
            return CollectionIndex(self.path_of(name))
        except DatabaseError as exc:
            raise SourcesError(str(exc)) from exc

    def names(self) -> list[str]:
        return [info.name for info in self.list()]

    def list(self) -> list[CollectionInfo]:
        infos = []
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            try:
                index = CollectionIndex(path)
            except DatabaseError as exc:
                log.warning("skipping unreadable collection %s: %s", path.name, exc)
                continue
            try:
                infos.append(describe(index))
            finally:
                index.close()
        return sorted(infos, key=lambda info: info.name.lower())

    def remove(self, name: str) -> None:
        path = self.path_of(name)
        if not path.is_file():
            raise SourcesError(f"no collection named {name!r}")
        for companion in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            companion.unlink(missing_ok=True)
        log.info("removed collection %s (%s)", name, path.name)


def describe(index: CollectionIndex) -> CollectionInfo:
    counts = index.counts()
    size = sum(p.stat().st_size for p in (index.path, Path(f"{index.path}-wal")) if p.exists())
    return CollectionInfo(
        name=index.get("name", index.path.stem),
        path=index.path,
        roots=index.roots(),
        files=counts["files"],
        failed=counts["failed"],
        passages=counts["passages"],
        embedded=counts["embedded"],
        embedding_model=index.get("embedding_model"),
        size_bytes=size,
    )
