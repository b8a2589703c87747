"""Bring a collection's index up to date with its folders, in small committed steps.

Peers index a folder in one long pass that starts over after a restart and freezes
the window meanwhile. Here each file is its own transaction and each batch of vectors
too, so indexing can stop at any point (Pause, quit, a crash) and the next run picks
up where it stopped; a file is read again only when its size or mtime changed *and*
its hash did (a touched but unchanged file costs one hash). One bad file (gone
mid-run, corrupt, too large, not text) gets one line in its row and the rest of the
collection is indexed. Runs on whatever thread calls it; the UI calls it from a
worker and the CLI from the main thread.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.core.documents import DocumentError, Limits
from app.core.documents.limits import MIB
from app.core.sources.extract import SOURCE_SUFFIXES, read_source
from app.core.sources.index import CollectionIndex
from app.core.sources.passages import split_units

log = logging.getLogger(__name__)

# A source file: large enough for a textbook, small enough that one file cannot
# hold indexing for minutes (a 200 MB log file is refused with a clear line).
SOURCE_LIMITS = Limits(file_bytes=64 * MIB, text_chars=40_000_000, seconds=120.0)
EMBED_BATCH = 32
KEYWORD_ONLY = "no embedding model: keyword search only"


@dataclass
class Progress:
    phase: str  # "scanning" | "reading" | "embedding" | "done"
    done: int
    total: int
    current: str = ""


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, one line)
    notes: list[tuple[str, str]] = field(default_factory=list)
    embedded: int = 0
    embedding_note: str = ""
    stopped: bool = False
    pages: int = 0
    passages: int = 0


def scan(roots: list[str]) -> list[Path]:
    """Every readable file under `roots` (files themselves, or folders walked), sorted."""
    found: set[Path] = set()
    for root in roots:
        path = Path(root)
        if path.is_file():
            found.add(path.resolve())
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if not name.startswith(".") and Path(name).suffix.lower() in SOURCE_SUFFIXES:
                    found.add((Path(folder) / name).resolve())
    return sorted(found)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Indexer:
    """Index one collection; `embedder` (or None for keyword-only) embeds passages."""

    def __init__(self, index: CollectionIndex, embedder=None, limits: Limits = SOURCE_LIMITS):
        self.index = index
        self.embedder = embedder
        self.limits = limits

    def run(
        self,
        on_progress: Callable[[Progress], None] = lambda _p: None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> IndexReport:
        report = IndexReport()
        on_progress(Progress("scanning", 0, 0))
        paths = scan(self.index.roots())
        known = {row.path: row for row in self.index.files()}
        wanted = {str(p) for p in paths}
        for gone in sorted(set(known) - wanted):
            self.index.remove_file(gone)
            report.removed += 1
        for number, path in enumerate(paths, start=1):
            if should_stop():
                report.stopped = True
                return report
            on_progress(Progress("reading", number - 1, len(paths), path.name))
            self._index_file(path, known.get(str(path)), report)
        if not report.stopped:
            self._embed(report, on_progress, should_stop)
        on_progress(Progress("done", len(paths), len(paths)))
        return report

    def _index_file(self, path: Path, row, report: IndexReport) -> None:
        try:
            stat = path.stat()
            if (
                row
                and row.status != "pending"
                and (row.size, row.mtime) == (stat.st_size, stat.st_mtime)
            ):
                report.unchanged += 1
                return
            digest = file_hash(path)
            if row and row.status == "indexed" and row.sha256 == digest:
                self.index.touch_file(row.id, stat.st_size, stat.st_mtime)
                report.unchanged += 1
                return
            read = read_source(path, self.limits)
            passages = split_units(read.units)
        except FileNotFoundError:
            self._failed(
                path, stat_size=0, report=report, message=f"{path.name}: disappeared while indexing"
            )
            return
        except OSError as exc:
            self._failed(path, 0, report, f"{path.name}: cannot be read ({exc.strerror or exc})")
            return
        except DocumentError as exc:
            self._failed(path, stat.st_size, report, str(exc), mtime=stat.st_mtime)
            return
        note = "; ".join(read.notes)
        self.index.store_file(
            str(path), size=stat.st_size, mtime=stat.st_mtime, sha256=digest, kind=read.kind,
            passages=passages, note=note,
        )  # fmt: skip
        if note:
            report.notes.append((str(path), note))
        report.passages += len(passages)
        report.pages += len({p.page for p in passages if p.page is not None}) or 1
        if row:
            report.updated += 1
        else:
            report.added += 1

    def _failed(self, path, stat_size, report, message, mtime: float = 0.0) -> None:
        log.info("not indexed: %s", message)
        report.failed.append((str(path), message))
        self.index.store_file(
            str(path), size=stat_size, mtime=mtime, sha256="", kind="", passages=[],
            status="failed", note=message,
        )  # fmt: skip

    def _embed(self, report: IndexReport, on_progress, should_stop) -> None:
        if self.embedder is None:
            report.embedding_note = KEYWORD_ONLY
            return
        name = getattr(self.embedder, "name", "")
        if self.index.get("embedding_model") != name:
            self.index.forget_vectors()  # vectors of another model are not comparable
            self.index.set("embedding_model", name)
        total = self.index.counts()["passages"] - self.index.counts()["embedded"]
        done = 0
        while True:
            if should_stop():
                report.stopped = True
                return
            batch = self.index.unembedded(EMBED_BATCH)
            if not batch:
                return
            on_progress(Progress("embedding", done, total))
            try:
                vectors = self.embedder.embed_documents([text for _pid, text in batch])
            except Exception as exc:  # the engine's errors: one line, keyword search stays
                report.embedding_note = f"embedding stopped: {exc}; keyword search only"
                log.warning("embedding failed: %s", exc)
                return
            self.index.store_vectors(
                [(pid, vec) for (pid, _t), vec in zip(batch, vectors, strict=True)]
            )
            done += len(batch)
            report.embedded += len(batch)
